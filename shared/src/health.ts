import { z } from "zod";

/**
 * Each part is "ok" or which way it failed, in one word: never an internal error text (the
 * reason goes to the server's log). "rejected": it answered but refused our credentials.
 */
export const healthPartSchema = z.enum(["ok", "unreachable", "rejected"]);
export type HealthPart = z.infer<typeof healthPartSchema>;
export const healthResponseSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: healthPartSchema,
  livekit: healthPartSchema,
  /** The scribe's speech decoding, when the scribe is on: counts only, never text. */
  scribe: z
    .object({
      engine: z.string(),
      workers: z.number().int(),
      queued: z.number().int(),
      decoding: z.number().int(),
      maxQueue: z.number().int(),
      peakQueued: z.number().int(),
      decoded: z.number().int(),
      failed: z.number().int(),
      overloaded: z.number().int(),
      dropped: z.number().int(),
    })
    .optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
