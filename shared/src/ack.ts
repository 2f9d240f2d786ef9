import { z } from "zod";

/** Every socket acknowledgement and every JSON error body has this shape. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /**
   * Why, more precisely than the code, for a screen that says it in the person's own language
   * (the message is English): a visit link "revoked", "expired" or whose visit "ended".
   */
  reason: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckCallback<T> = (ack: Ack<T>) => void;

export const errorCodes = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "gone",
  /** Too many requests: wait (HTTP `Retry-After` says how long) and try again. */
  "rate_limited",
  /** A part the server depends on (the database, LiveKit) is down for now: try again shortly. */
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * The body of an HTTP answer that only says it worked (sign-out, a role change, a deactivation…).
 * Routes answering 204 have no body at all; the client's caller reads that as `undefined`.
 */
export const okResponseSchema = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof okResponseSchema>;
