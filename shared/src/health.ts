import { z } from "zod";

/** Each part is "ok" or a short error string. */
export const healthPartSchema = z.string();
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
