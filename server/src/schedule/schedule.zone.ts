// Days in a time zone, with the runtime's own time zone data (Intl): a schedule's "today" is the
// clinic's day, not the server's.

/** How far `tz`'s wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant `tz`'s wall clock reads midnight starting `day` (YYYY-MM-DD). */
function midnight(day: string, tz: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Twice: the offset at the guess may differ from the one at the answer across a DST change.
  let at = wall - offsetMs(new Date(wall), tz);
  at = wall - offsetMs(new Date(at), tz);
  return new Date(at);
}

/** `day` in `tz` as [start, end) instants (23 or 25 hours long on DST changes). */
export function dayRange(day: string, tz: string): { from: Date; to: Date } {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { from: midnight(day, tz), to: midnight(next.toISOString().slice(0, 10), tz) };
}

/** Today's date (YYYY-MM-DD) in `tz`. */
export function today(tz: string, now = new Date()): string {
  return new Date(now.getTime() + offsetMs(now, tz)).toISOString().slice(0, 10);
}
