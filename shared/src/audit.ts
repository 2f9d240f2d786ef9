import { z } from "zod";

/** What the audit trail records (issue 12): reads of clinical text, changes, releases, access, deletion. */
export const auditActions = [
  "transcript.read",
  "findings.read",
  "findings.changed",
  "summary.released",
  "summary.read",
  "note.read",
  "questions.read",
  "note.changed",
  "note.signed",
  "link.issued",
  "link.revoked",
  "summary-link.issued",
  "summary-link.revoked",
  "export",
  "transcript.deleted",
  "retention.purged",
  // Issue 30: the clinician read the visit's chat on the review page.
  "chat.read",
  // Account, two-factor and front-desk events (issue 27), sorted: who did it is the actor, whom it
  // concerns in `detail`.
  "account.deactivated",
  "account.reactivated",
  "account.roles-changed",
  "account.setup",
  "invitation.accepted",
  "invitation.revoked",
  "invitation.sent",
  "mfa.disabled",
  "mfa.enabled",
  "mfa.recovery-code-used",
  "mfa.reset",
  "mfa.required-changed",
  "password.changed",
  "password.reset-done",
  "password.reset-requested",
  "sessions.signed-out-everywhere",
  "visit.transferred",
  "waiting.message-sent",
  // Booked visits (issue 28): who booked, moved or cancelled; messages sent are the messaging's.
  "visit.booked",
  "visit.rescheduled",
  "visit.cancelled",
  "visit.link-resent",
  // The patient's photos and documents (issue 30): sent (by the guest), opened (by the clinician).
  "attachment.sent",
  "attachment.read",
] as const;
export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditActorKinds = ["clinician", "patient", "interpreter", "system"] as const;
export type AuditActorKind = (typeof auditActorKinds)[number];

export const auditEventSchema = z.object({
  at: z.iso.datetime(),
  actor: z.object({
    kind: z.enum(auditActorKinds),
    /** The clinician's or participant's id; null for the system (retention). */
    id: z.string().nullable(),
  }),
  action: auditActionSchema,
  /** Ids, roles and counts: never clinical text. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditTrailSchema = z.object({ events: z.array(auditEventSchema) });
export type AuditTrail = z.infer<typeof auditTrailSchema>;

/** The patient's after-visit summary link: opens only the summary, never the call. */
export const summaryLinkSchema = z.object({
  url: z.string(),
  token: z.string(),
  expiresAt: z.iso.datetime(),
});
export type SummaryLink = z.infer<typeof summaryLinkSchema>;
