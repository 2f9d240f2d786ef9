import { z } from "zod";

/**
 * Each part is "ok" or which way it failed, in one word: never an internal error text (the
 * reason goes to the server's log). "rejected": it answered but refused our credentials.
 */
export const healthPartSchema = z.enum(["ok", "unreachable", "rejected"]);
export type HealthPart = z.infer<typeof healthPartSchema>;
/** Readiness: whether this instance should be sent traffic now. */
export const healthResponseSchema = z.object({
  status: z.enum(["ok", "error", "draining"]),
  database: healthPartSchema,
  livekit: healthPartSchema,
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
