import { isValidPhoneNumber } from "libphonenumber-js";
import { z } from "zod";
import { apiErrorSchema } from "./ack.js";
import { languageSchema, visitLinkSchema, visitStateSchema } from "./visit.js";

// Issue 28: visits booked for a time, their invitations and reminders, and a day's schedule.
// Changed after issue 28's first commit only by adding.

/** An IANA time zone name ("Europe/Madrid", "America/New_York", "UTC") that this runtime knows. */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/, "Use a time zone name such as Europe/Madrid")
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone");

/** A mobile number in international form ("+34 612 34 56 78"); the server stores it as E.164. */
export const phoneNumberSchema = z
  .string()
  .trim()
  .max(32)
  .refine(
    (v) => v.startsWith("+") && isValidPhoneNumber(v),
    "Enter the mobile number in international form, starting with + and the country code",
  );

export const VISIT_DURATION_MIN = 5;
export const VISIT_DURATION_MAX = 240;
export const visitDurationSchema = z.number().int().min(VISIT_DURATION_MIN).max(VISIT_DURATION_MAX);

/** How long before its start a booked visit's link opens. */
export const LINK_OPENS_MINUTES_BEFORE = 30;

/** How the clinic may contact the patient: only with their consent, recorded when given. */
export const patientContactRequestSchema = z
  .strictObject({
    email: z.email().max(254).optional(),
    phone: phoneNumberSchema.optional(),
    /** The patient agreed to be contacted about this visit at these addresses. */
    consent: z.boolean(),
  })
  .refine((c) => (c.email === undefined && c.phone === undefined) || c.consent, {
    message: "The patient must agree to be contacted before an email or mobile number is saved",
    path: ["consent"],
  });
export type PatientContactRequest = z.infer<typeof patientContactRequestSchema>;

export const bookVisitRequestSchema = z.strictObject({
  patientDisplayName: z.string().trim().min(1, "Please enter a name").max(80),
  /** The visit's language; invitations and reminders go in Spanish for "es…", otherwise English. */
  preferredLanguage: languageSchema,
  interpreterNeeded: z.boolean(),
  /** The front desk books for a clinician of the clinic; a clinician's own visit may leave it out. */
  clinicianId: z.uuid().optional(),
  startsAt: z.iso.datetime({ offset: true }),
  durationMinutes: visitDurationSchema,
  /** The patient's time zone: messages give the time in it. */
  timeZone: timeZoneSchema,
  contact: patientContactRequestSchema,
});
export type BookVisitRequest = z.infer<typeof bookVisitRequestSchema>;

/** Moves a booked visit; what is left out stays as it was. The patient is told the new time. */
export const rescheduleVisitRequestSchema = z.strictObject({
  startsAt: z.iso.datetime({ offset: true }),
  durationMinutes: visitDurationSchema.optional(),
  timeZone: timeZoneSchema.optional(),
});
export type RescheduleVisitRequest = z.infer<typeof rescheduleVisitRequestSchema>;

export const patientContactSchema = z.object({
  email: z.string().nullable(),
  /** E.164. */
  phone: z.string().nullable(),
  /** When the patient agreed to be contacted; null: no consent, nothing is sent. */
  consentAt: z.iso.datetime().nullable(),
});
export type PatientContact = z.infer<typeof patientContactSchema>;

export const scheduledVisitSchema = z.object({
  id: z.uuid(),
  clinicianId: z.uuid(),
  clinicianName: z.string(),
  patientDisplayName: z.string(),
  preferredLanguage: z.string(),
  interpreterNeeded: z.boolean(),
  startsAt: z.iso.datetime(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  state: visitStateSchema,
  cancelledAt: z.iso.datetime().nullable(),
  contact: patientContactSchema,
  /** Who booked it (a clinician or the front desk); null for visits made before issue 28. */
  bookedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
});
export type ScheduledVisit = z.infer<typeof scheduledVisitSchema>;

/** Booking answers the visit and its links (shown once: only their hashes are stored). */
export const bookVisitResponseSchema = z.object({
  visit: scheduledVisitSchema,
  links: z.array(visitLinkSchema),
});
export type BookVisitResponse = z.infer<typeof bookVisitResponseSchema>;

/** "Send the link again": a new patient link (older ones keep working) was sent on every consented channel. */
export const resendLinkResponseSchema = z.object({
  link: visitLinkSchema,
  /** Channels it was handed to messaging for; empty when the visit has no consented contact. */
  channels: z.array(z.enum(["email", "sms"])),
});
export type ResendLinkResponse = z.infer<typeof resendLinkResponseSchema>;

/**
 * Where a booked visit stands on the day's schedule, first match wins: cancelled; done (ended);
 * in_call; checked_in (the patient checked in and waits); late (start passed, not checked in);
 * not_opened (the patient has not opened any link yet); booked (opened, not yet time).
 */
export const scheduleStatuses = [
  "cancelled",
  "done",
  "in_call",
  "checked_in",
  "late",
  "not_opened",
  "booked",
] as const;
export const scheduleStatusSchema = z.enum(scheduleStatuses);
export type ScheduleStatus = z.infer<typeof scheduleStatusSchema>;

export const scheduleEntrySchema = scheduledVisitSchema.extend({
  status: scheduleStatusSchema,
  /** When the patient first opened a link to this visit; null: never. */
  linkOpenedAt: z.iso.datetime().nullable(),
  /** When the patient checked in; null: not (yet). */
  checkedInAt: z.iso.datetime().nullable(),
});
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

/** One day's booked visits (of a clinician or of the whole clinic), by start time. */
export const scheduleSchema = z.object({
  /** The day, YYYY-MM-DD, in `timeZone`. */
  day: z.iso.date(),
  timeZone: z.string(),
  entries: z.array(scheduleEntrySchema),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** `?day=YYYY-MM-DD&timeZone=Area/City`; the day defaults to today in the zone, the zone to UTC. */
export const scheduleQuerySchema = z.strictObject({
  day: z.iso.date().optional(),
  timeZone: timeZoneSchema.optional(),
});
export type ScheduleQuery = z.infer<typeof scheduleQuerySchema>;

/**
 * A booked visit's link outside its window (GET /api/join/:secret and check-in answer it as the
 * error body): "too_early" (409) says when to come back, "cancelled" (410) that the visit was
 * cancelled. `language` is the visit's, so the page can speak the patient's language.
 */
export const linkWindowReasons = ["too_early", "cancelled"] as const;
export const linkWindowErrorSchema = apiErrorSchema.extend({
  reason: z.enum(linkWindowReasons),
  /** The link works from here (30 minutes before the start). */
  opensAt: z.iso.datetime(),
  startsAt: z.iso.datetime(),
  timeZone: z.string(),
  language: z.string(),
});
export type LinkWindowError = z.infer<typeof linkWindowErrorSchema>;

/** The language messages about a visit go in: Spanish for a Spanish visit, English otherwise. */
export const messageLanguage = (preferredLanguage: string): "en" | "es" =>
  preferredLanguage.toLowerCase().split("-")[0] === "es" ? "es" : "en";
