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
