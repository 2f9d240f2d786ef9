import { z } from "zod";

/** Each part is "ok" or a short error string. */
export const healthPartSchema = z.string();
export const healthResponseSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: healthPartSchema,
  livekit: healthPartSchema,
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
