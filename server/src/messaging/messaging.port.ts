import type { VisitMessageKind } from "../db/schema.js";

/** What the scheduling side asks the messaging side to send (issue 28). */

export interface VisitMessage {
  visitId: string;
  kind: VisitMessageKind;
  language: "en" | "es";
  to: { email?: string; phone?: string };
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  clinicianName: string;
  clinicName: string;
  /** The patient's join link; absent for "cancelled". */
  link?: string;
}

export interface VisitMessenger {
  /** Sends on every channel the visit has consent for; records each delivery; never throws for a provider failure. */
  send(message: VisitMessage): Promise<void>;
}
