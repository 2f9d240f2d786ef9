// What patients read in invitations and reminders, per language (English; Spanish written for
// Spanish readers: usted, short sentences). Times are given in the patient's time zone.
import type { VisitMessageKind } from "../db/schema.js";
import type { VisitMessage } from "./messaging.port.js";

export type MessageLanguage = VisitMessage["language"];

/** What a message says about its visit, already formatted for the reader. */
export interface MessageFacts {
  clinician: string;
  clinic: string;
  /** "Monday, December 7, 2026 at 10:30 AM Eastern Standard Time" */
  when: string;
  /** "Monday, December 7 at 10:30 AM EST": for texts. */
  whenShort: string;
  durationMinutes: number;
  link: string | undefined;
}

interface Words {
  subject: Record<VisitMessageKind, (f: MessageFacts) => string>;
  /** The email's opening paragraph. */
  lead: Record<VisitMessageKind, (f: MessageFacts) => string>;
  whenLabel: string;
  minutes: (n: number) => string;
  joinLabel: string;
  opensBefore: string;
  prepare: string[];
  calendarAttached: string;
  cannotCome: (clinic: string) => string;
  hello: string;
  sms: Record<VisitMessageKind, (f: MessageFacts) => string>;
  /** Added to texts that start or renew a conversation: how to stop them. */
  smsStop: string;
  /** The answer to HELP / AYUDA. */
  help: string;
}

const en: Words = {
  subject: {
    invitation: (f) => `Your video visit with ${f.clinician} on ${f.whenShort}`,
    rescheduled: (f) => `New time for your video visit: ${f.whenShort}`,
    cancelled: (f) => `Your video visit on ${f.whenShort} was cancelled`,
    "reminder-24h": (f) => `Reminder: your video visit tomorrow, ${f.whenShort}`,
    "reminder-10m": () => "Your video visit starts in 10 minutes",
    ready: (f) => `${f.clinician} is ready for you`,
  },
  lead: {
    invitation: (f) => `${f.clinic} has booked a video visit for you with ${f.clinician}.`,
    rescheduled: (f) => `Your video visit with ${f.clinician} has a new time.`,
    cancelled: (f) => `Your video visit with ${f.clinician} on ${f.when} was cancelled.`,
    "reminder-24h": (f) => `This is a reminder of your video visit with ${f.clinician} tomorrow.`,
    "reminder-10m": (f) =>
      `Your video visit with ${f.clinician} starts in 10 minutes. Please open your link now.`,
    ready: (f) => `${f.clinician} is ready for you now. Please open your link to join.`,
  },
  whenLabel: "When",
  minutes: (n) => `${n} minutes`,
  joinLabel: "Your link",
  opensBefore: "The link opens 30 minutes before the start. Please have ready:",
  prepare: [
    "a quiet, private place",
    "headphones, if you have them",
    "a phone, tablet or computer with a camera and a microphone",
  ],
  calendarAttached: "A calendar file is attached: open it to add the visit to your calendar.",
  cannotCome: (clinic) => `If you cannot come, or did not expect this message, please contact ${clinic}.`,
  hello: "Hello,",
  sms: {
    invitation: (f) =>
      `${f.clinic}: video visit with ${f.clinician}, ${f.whenShort}. Your link (opens 30 min before): ${f.link}`,
    rescheduled: (f) =>
      `${f.clinic}: your video visit with ${f.clinician} moved to ${f.whenShort}. Your link: ${f.link}`,
    cancelled: (f) => `${f.clinic}: your video visit with ${f.clinician} on ${f.whenShort} was cancelled.`,
    "reminder-24h": (f) =>
      `${f.clinic}: reminder, video visit with ${f.clinician} tomorrow, ${f.whenShort}. Your link: ${f.link}`,
    "reminder-10m": (f) => `${f.clinic}: your video visit starts in 10 minutes. Join now: ${f.link}`,
    ready: (f) => `${f.clinic}: ${f.clinician} is ready for you. Join now: ${f.link}`,
  },
  smsStop: "Reply STOP to stop these texts.",
  help: "Bedside video visit messages from your clinic. For questions about your visit, contact your clinic. Reply STOP to stop these texts, START to get them again.",
};

const es: Words = {
  subject: {
    invitation: (f) => `Su videoconsulta con ${f.clinician}: ${f.whenShort}`,
    rescheduled: (f) => `Nueva hora para su videoconsulta: ${f.whenShort}`,
    cancelled: (f) => `Se canceló su videoconsulta del ${f.whenShort}`,
    "reminder-24h": (f) => `Recordatorio: su videoconsulta es mañana, ${f.whenShort}`,
    "reminder-10m": () => "Su videoconsulta empieza en 10 minutos",
    ready: (f) => `${f.clinician} ya puede atenderle`,
  },
  lead: {
    invitation: (f) => `${f.clinic} le ha reservado una videoconsulta con ${f.clinician}.`,
    rescheduled: (f) => `Su videoconsulta con ${f.clinician} tiene una nueva hora.`,
    cancelled: (f) => `Se canceló su videoconsulta con ${f.clinician} del ${f.when}.`,
    "reminder-24h": (f) => `Le recordamos su videoconsulta de mañana con ${f.clinician}.`,
    "reminder-10m": (f) => `Su videoconsulta con ${f.clinician} empieza en 10 minutos. Abra su enlace ahora.`,
    ready: (f) => `${f.clinician} ya puede atenderle. Abra su enlace para entrar.`,
  },
  whenLabel: "Cuándo",
  minutes: (n) => `${n} minutos`,
  joinLabel: "Su enlace",
  opensBefore: "El enlace se abre 30 minutos antes de la hora. Tenga preparado:",
  prepare: [
    "un lugar tranquilo y privado",
    "auriculares, si los tiene",
    "un teléfono, una tableta o un ordenador con cámara y micrófono",
  ],
  calendarAttached: "Le enviamos un archivo de calendario: ábralo para añadir la consulta a su calendario.",
  cannotCome: (clinic) => `Si no puede asistir, o no esperaba este mensaje, comuníquese con ${clinic}.`,
  hello: "Hola:",
  sms: {
    invitation: (f) =>
      `${f.clinic}: videoconsulta con ${f.clinician}, ${f.whenShort}. Su enlace (se abre 30 min antes): ${f.link}`,
    rescheduled: (f) =>
      `${f.clinic}: su videoconsulta con ${f.clinician} cambió a ${f.whenShort}. Su enlace: ${f.link}`,
    cancelled: (f) => `${f.clinic}: se canceló su videoconsulta con ${f.clinician} del ${f.whenShort}.`,
    "reminder-24h": (f) =>
      `${f.clinic}: recordatorio, videoconsulta con ${f.clinician} mañana, ${f.whenShort}. Su enlace: ${f.link}`,
    "reminder-10m": (f) => `${f.clinic}: su videoconsulta empieza en 10 minutos. Entre ahora: ${f.link}`,
    ready: (f) => `${f.clinic}: ${f.clinician} ya puede atenderle. Entre ahora: ${f.link}`,
  },
  smsStop: "Responda STOP para no recibir más mensajes.",
  help: "Mensajes de Bedside sobre su videoconsulta. Si tiene preguntas sobre su consulta, comuníquese con su clínica. Responda STOP para no recibir más mensajes y START para volver a recibirlos.",
};

export const words: Record<MessageLanguage, Words> = { en, es };

/** The visit's time as the patient reads it, in their time zone. */
export function formatWhen(startsAt: Date, timeZone: string, language: MessageLanguage) {
  const long = new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "long",
  });
  const short = new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  return { when: long.format(startsAt), whenShort: short.format(startsAt) };
}

export function factsOf(message: VisitMessage): MessageFacts {
  return {
    clinician: message.clinicianName,
    clinic: message.clinicName,
    ...formatWhen(message.startsAt, message.timeZone, message.language),
    durationMinutes: message.durationMinutes,
    link: message.link,
  };
}

/** Kinds that come with a calendar file (the visit's time is new to the patient's calendar). */
export const withCalendar = (kind: VisitMessageKind) =>
  kind === "invitation" || kind === "rescheduled" || kind === "cancelled";

export function emailText(message: VisitMessage): { subject: string; text: string } {
  const w = words[message.language];
  const f = factsOf(message);
  const lines = [w.hello, "", w.lead[message.kind](f), ""];
  if (message.kind !== "cancelled") {
    lines.push(`${w.whenLabel}: ${f.when} (${w.minutes(f.durationMinutes)})`);
    if (f.link) lines.push(`${w.joinLabel}: ${f.link}`);
    lines.push("");
  }
  if (message.kind === "invitation" || message.kind === "rescheduled" || message.kind === "reminder-24h") {
    lines.push(w.opensBefore, ...w.prepare.map((p) => `- ${p}`), "");
  }
  if (message.kind === "invitation" || message.kind === "rescheduled") lines.push(w.calendarAttached, "");
  lines.push(w.cannotCome(f.clinic));
  return { subject: w.subject[message.kind](f), text: lines.join("\n") };
}

export function smsText(message: VisitMessage): string {
  const w = words[message.language];
  const text = w.sms[message.kind](factsOf(message));
  return message.kind === "invitation" || message.kind === "rescheduled" ? `${text} ${w.smsStop}` : text;
}
