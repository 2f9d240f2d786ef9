import { z } from "zod";

const perRole = z.object({ clinician: z.number(), patient: z.number(), interpreter: z.number() });

/**
 * Presence insights for the clinician's own reflection after a visit (never shown to the patient,
 * never in the after-visit summary), measured from when each person's speech was transcribed.
 */
export const presenceInsightsSchema = z.object({
  /** Speaking time per role, in ms, and as a share of all speaking time (0–1). */
  talkMs: perRole,
  talkShare: perRole,
  /** How long the patient spoke before the clinician first spoke over them (all of it if never). */
  patientSpeechBeforeFirstInterruptionMs: z.number(),
  interrupted: z.boolean(),
  interruptions: z.number().int(),
  /** Transcribed speech measured; 0 means nothing to show yet. */
  segments: z.number().int(),
});
export type PresenceInsights = z.infer<typeof presenceInsightsSchema>;
