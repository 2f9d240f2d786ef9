import { z } from "zod";

export const visitStates = ["scheduled", "waiting", "in_call", "ended"] as const;
export const visitStateSchema = z.enum(visitStates);
export type VisitState = z.infer<typeof visitStateSchema>;

export const participantRoles = ["clinician", "patient", "interpreter"] as const;
export const participantRoleSchema = z.enum(participantRoles);
export type ParticipantRole = z.infer<typeof participantRoleSchema>;

/** Roles that join from a link rather than an account. */
export const guestRoles = ["patient", "interpreter"] as const;
export const guestRoleSchema = z.enum(guestRoles);
export type GuestRole = z.infer<typeof guestRoleSchema>;

export const participantStates = ["checked_in", "waiting", "admitted", "left"] as const;
export type ParticipantState = (typeof participantStates)[number];

const displayName = z
  .string()
  .trim()
  .min(1, "Please enter a name")
  .max(80, "Please use at most 80 characters");

/** BCP 47-ish language tag such as "en", "es", "pt-BR". */
export const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language code such as en, es or pt-BR");

export const createVisitRequestSchema = z.object({
  patientDisplayName: displayName,
  preferredLanguage: languageSchema,
  interpreterNeeded: z.boolean(),
  scheduledAt: z.iso.datetime({ offset: true }),
  /** The front desk books for a clinician of the clinic; a clinician's own visit leaves it out. */
  clinicianId: z.uuid().optional(),
});
export type CreateVisitRequest = z.infer<typeof createVisitRequestSchema>;

export const visitSummarySchema = z.object({
  id: z.uuid(),
  patientDisplayName: z.string(),
  preferredLanguage: z.string(),
  interpreterNeeded: z.boolean(),
  scheduledAt: z.iso.datetime({ offset: true }),
  state: visitStateSchema,
});
export type VisitSummary = z.infer<typeof visitSummarySchema>;

export const visitLinkSchema = z.object({
  role: guestRoleSchema,
  url: z.url(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type VisitLink = z.infer<typeof visitLinkSchema>;

/** Links are shown once, when issued: only their hashes are stored. */
export const visitWithLinksSchema = z.object({
  visit: visitSummarySchema,
  links: z.array(visitLinkSchema),
});
export type VisitWithLinks = z.infer<typeof visitWithLinksSchema>;

export const deviceCheckSchema = z.object({
  camera: z.enum(["ok", "denied", "missing"]),
  microphone: z.enum(["ok", "denied", "missing"]),
  speakerTested: z.boolean(),
  /** Round-trip time to our server in ms, measured in the browser. */
  connectionRttMs: z.number().int().min(0).max(60_000).nullable(),
});
export type DeviceCheck = z.infer<typeof deviceCheckSchema>;

export const scribeConsentSchema = z.enum(["granted", "refused"]);
export type ScribeConsent = z.infer<typeof scribeConsentSchema>;

export const checkInRequestSchema = z.object({
  displayName,
  scribeConsent: scribeConsentSchema,
  deviceCheck: deviceCheckSchema,
});
export type CheckInRequest = z.infer<typeof checkInRequestSchema>;

/** What a link shows before check-in: enough to greet the person, nothing clinical. */
export const joinInfoSchema = z.object({
  role: guestRoleSchema,
  clinicianName: z.string(),
  scheduledAt: z.iso.datetime({ offset: true }),
  visitState: visitStateSchema,
  suggestedName: z.string(),
  /** The visit's preferred language: the guest's screens open in it when the app has it. */
  preferredLanguage: languageSchema,
});
export type JoinInfo = z.infer<typeof joinInfoSchema>;

export const checkInResponseSchema = z.object({
  participantId: z.uuid(),
  /** Bearer secret for this participant's socket; kept in the tab's sessionStorage. */
  participantToken: z.string(),
});
export type CheckInResponse = z.infer<typeof checkInResponseSchema>;

/** One person waiting to be admitted, as the clinician's queue shows them. */
export const queueEntrySchema = z.object({
  visitId: z.uuid(),
  participantId: z.uuid(),
  role: participantRoleSchema,
  displayName: z.string(),
  waitingSince: z.iso.datetime(),
  /** online; reconnecting within the 2-minute grace (place kept); left after it. */
  connection: z.enum(["online", "reconnecting", "left"]),
  scribeConsent: scribeConsentSchema,
  deviceCheck: deviceCheckSchema,
  interpreterNeeded: z.boolean(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const clinicianStatuses = ["available", "in_visit", "away", "running_late"] as const;
export const clinicianStatusSchema = z
  .object({
    status: z.enum(clinicianStatuses),
    /** Only with running_late. */
    lateMinutes: z.number().int().min(1).max(240).nullable(),
    message: z.string().trim().max(140).nullable(),
  })
  .strict()
  .refine((s) => (s.status === "running_late") === (s.lateMinutes !== null), {
    message: "lateMinutes is required when running late, and only then",
    path: ["lateMinutes"],
  });
export type ClinicianStatus = z.infer<typeof clinicianStatusSchema>;

/** A visit whose patient asked questions about their summary that the clinician has not opened. */
export const questionsWaitingSchema = z.object({
  visitId: z.uuid(),
  patientDisplayName: z.string(),
  count: z.number().int().min(1),
  lastAskedAt: z.iso.datetime(),
});
export type QuestionsWaiting = z.infer<typeof questionsWaitingSchema>;

export const queueSnapshotSchema = z.object({
  /** The clinician's own status, so every open tab shows the same. */
  status: clinicianStatusSchema,
  /** Waiting to be admitted. */
  entries: z.array(queueEntrySchema),
  /** Admitted and in a call (the clinician can send them back). */
  inCall: z.array(queueEntrySchema),
  visits: z.array(visitSummarySchema),
  /** New patient questions, from visits on any day. */
  questions: z.array(questionsWaitingSchema),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/** The longest message the clinic can send a waiting patient: a sentence or two. */
export const WAITING_MESSAGE_MAX = 280;
export const waitingMessageTextSchema = z.string().trim().min(1).max(WAITING_MESSAGE_MAX);

/** A message from the clinic, shown in the waiting room exactly as written. */
export const waitingMessageSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  sentAt: z.iso.datetime(),
});
export type WaitingMessage = z.infer<typeof waitingMessageSchema>;

/** A colleague a visit can be transferred to. */
export const staffMemberSchema = z.object({ id: z.uuid(), displayName: z.string() });
export type StaffMember = z.infer<typeof staffMemberSchema>;

/**
 * A waiting patient's place in their clinician's line and a rough wait: an estimate, never a
 * promise (the server says how it is computed in its README). `aboutMinutes` is rounded to 5;
 * 0 means "in a few minutes".
 */
export const waitEstimateSchema = z.object({
  place: z.number().int().min(1),
  aboutMinutes: z.number().int().min(0),
});
export type WaitEstimate = z.infer<typeof waitEstimateSchema>;

/** One person waiting anywhere in the clinic, as the front desk sees them (no clinical text). */
export const deskEntrySchema = queueEntrySchema.omit({ scribeConsent: true }).extend({
  clinicianId: z.uuid(),
  clinicianName: z.string(),
  preferredLanguage: z.string(),
});
export type DeskEntry = z.infer<typeof deskEntrySchema>;

/** The front desk's live view of the clinic: who waits for whom, today's visits, the clinicians. */
export const deskSnapshotSchema = z.object({
  waiting: z.array(deskEntrySchema),
  visits: z.array(visitSummarySchema.extend({ clinicianId: z.uuid(), clinicianName: z.string() })),
  clinicians: z.array(staffMemberSchema.extend({ status: clinicianStatusSchema })),
});
export type DeskSnapshot = z.infer<typeof deskSnapshotSchema>;

export const callGrantSchema = z.object({
  url: z.string(),
  token: z.string(),
  room: z.string(),
  identity: z.string(),
});
export type CallGrant = z.infer<typeof callGrantSchema>;
