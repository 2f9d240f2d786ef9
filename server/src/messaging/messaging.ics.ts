// The calendar file sent with an invitation, a new time or a cancellation (ical-generator). One
// event per visit (its UID), a higher SEQUENCE each time, so a calendar that imported the
// invitation moves or cancels that same event. Times are UTC: every calendar shows them in its
// own zone, and no VTIMEZONE has to be generated.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { VisitMessage } from "./messaging.port.js";
import { factsOf, words } from "./messaging.strings.js";

/** Seconds since 2026: grows with every message and fits SEQUENCE's integer for decades. */
const sequenceNow = () => Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 1000);

export function visitCalendar(message: VisitMessage): string {
  const w = words[message.language];
  const f = factsOf(message);
  const cal = ical({
    prodId: { company: "Bedside", product: "Bedside", language: message.language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
  });
  cal.createEvent({
    id: `${message.visitId}@bedside`,
    sequence: Math.max(0, sequenceNow()),
    start: message.startsAt,
    end: new Date(message.startsAt.getTime() + message.durationMinutes * 60_000),
    summary:
      message.language === "es" ? `Videoconsulta con ${f.clinician}` : `Video visit with ${f.clinician}`,
    description: [w.lead[message.kind](f), ...(f.link ? [`${w.joinLabel}: ${f.link}`] : [])].join("\n"),
    ...(f.link ? { url: f.link, location: f.link } : {}),
    status: message.kind === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
