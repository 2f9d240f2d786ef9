import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the OS CSPRNG: unguessable, and carries no meaning. */
export const newSecret = () => randomBytes(32).toString("base64url");
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("base64url");

/** A link's secret is base64url of 32 bytes; anything else is rejected before a database lookup. */
export const looksLikeSecret = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/**
 * When a visit's links stop working: after `ttlHours` if configured, else at the
 * end of the visit's day (server-local time), never earlier than one hour from now.
 */
export function linkExpiry(scheduledAt: Date, ttlHours: number | undefined, now = new Date()): Date {
  if (ttlHours !== undefined) return new Date(now.getTime() + ttlHours * 3600_000);
  const endOfDay = new Date(scheduledAt);
  endOfDay.setHours(23, 59, 59, 999);
  return new Date(Math.max(endOfDay.getTime(), now.getTime() + 3600_000));
}
