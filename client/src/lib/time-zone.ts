// Time zones for booked visits: staff book in the clinic's time, which is their browser's (they sit at
// the clinic); the patient's zone is shown beside it, since that is the time their messages give.

/** This browser's IANA time zone. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every time zone this browser knows, the given ones first when the list lacks them ("UTC"). */
export function timeZones(...first: string[]): string[] {
  const known =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ([] as string[]);
  return [...new Set([...first.filter((z) => !known.includes(z)), ...known])];
}

/** A `datetime-local` value ("2026-12-07T09:00") for a moment, in this browser's time zone. */
export function toLocalInput(d: Date): string {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A `datetime-local` value, read in this browser's time zone, as an instant; undefined if not one. */
export function fromLocalInput(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The next quarter hour at least `leadMinutes` from now. */
export function nextSlot(now: number = Date.now(), leadMinutes = 0): Date {
  return new Date(Math.ceil((now + leadMinutes * 60_000) / 900_000) * 900_000);
}

/** A moment as a person in `timeZone` reads it: "Mon, Dec 7, 9:00 AM". */
export function formatInZone(
  at: Date | string,
  timeZone: string,
  lng = "en",
  style: Intl.DateTimeFormatOptions = {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  },
): string {
  return new Intl.DateTimeFormat(lng, { ...style, timeZone }).format(new Date(at));
}

/** The clock time alone in `timeZone`: "9:00 AM". */
export const clockInZone = (at: Date | string, timeZone: string, lng = "en"): string =>
  formatInZone(at, timeZone, lng, { hour: "numeric", minute: "2-digit" });

/** The calendar day (YYYY-MM-DD) it is in `timeZone` at a moment. */
export function dayIn(timeZone: string, at: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}
