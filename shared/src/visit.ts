import { z } from "zod";

export const visitStates = ["scheduled", "waiting", "in_call", "ended"] as const;
export const visitStateSchema = z.enum(visitStates);
export type VisitState = z.infer<typeof visitStateSchema>;

export const participantRoles = ["clinician", "patient", "interpreter"] as const;
export const participantRoleSchema = z.enum(participantRoles);
export type ParticipantRole = z.infer<typeof participantRoleSchema>;

/** One person waiting to be admitted, as the clinician's queue shows them. */
export const queueEntrySchema = z.object({
  visitId: z.uuid(),
  participantId: z.uuid(),
  role: participantRoleSchema,
  displayName: z.string(),
  waitingSince: z.iso.datetime(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const queueSnapshotSchema = z.object({
  entries: z.array(queueEntrySchema),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;
