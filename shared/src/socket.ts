import { z } from "zod";
import type { AckCallback } from "./ack.js";
import type { Attachment } from "./attachment.js";
import { chatEventSchemas, type ChatHistory, type ChatMessage } from "./chat.js";
import type { StaffPrincipal } from "./roles.js";
import { captionsEventSchemas, type CaptionsSetting } from "./captions.js";
import { scribeEventSchemas, type ScribeState } from "./scribe.js";
import {
  clinicianStatusSchema,
  type CallGrant,
  type DeskSnapshot,
  type ClinicianStatus,
  type ParticipantRole,
  type QueueSnapshot,
  type VisitState,
  type WaitEstimate,
  type WaitingMessage,
  waitingMessageTextSchema,
} from "./visit.js";

/**
 * The LiveKit participant attribute the server sets (`"1"`) while a person is on audio only
 * (`call:set-audio-only`); browsers read it to label that person, never set it.
 */
export const AUDIO_ONLY_ATTRIBUTE = "audioOnly";

const id = z.uuid();

/** Payload schemas for every client-to-server event: the server parses each before acting. */
export const clientEventSchemas = {
  "queue:watch": z.object({}).strict(),
  "desk:watch": z.object({}).strict(),
  "visit:admit": z.object({ participantId: id }).strict(),
  "visit:send-back": z.object({ participantId: id }).strict(),
  "visit:end": z.object({ visitId: id }).strict(),
  "visit:transfer": z.object({ visitId: id, toClinicianId: id }).strict(),
  "waiting:join": z.object({}).strict(),
  "waiting:send-message": z.object({ visitId: id, text: waitingMessageTextSchema }).strict(),
  "call:join": z.object({ visitId: id.optional() }).strict(),
  "call:leave": z.object({ visitId: id }).strict(),
  "call:set-audio-only": z.object({ visitId: id, audioOnly: z.boolean() }).strict(),
  "clinician:set-status": clinicianStatusSchema,
  ...scribeEventSchemas,
  ...chatEventSchemas,
  ...captionsEventSchemas,
} as const;

/**
 * How browsers retry a lost connection: quickly and at most ~3 s apart (2 s ± 50%), so that after
 * a server restart everyone is back, and shown as present, within 5 s of it listening again.
 */
export const socketReconnect = { reconnectionDelay: 500, reconnectionDelayMax: 2_000 } as const;

/**
 * How browsers connect: WebSocket, and HTTP long-polling only when WebSocket cannot open (a proxy
 * or firewall that blocks it). socket.io's client tries the second transport only with
 * `tryAllTransports`; without it a failed WebSocket is retried for ever. A server with
 * SOCKET_TRANSPORTS=websocket refuses the polling attempt with a message saying so.
 */
export const socketTransports: { transports: ("websocket" | "polling")[]; tryAllTransports: true } = {
  transports: ["websocket", "polling"],
  tryAllTransports: true,
};

type Payload<E extends keyof typeof clientEventSchemas> = z.infer<(typeof clientEventSchemas)[E]>;

export interface WaitingStatus {
  clinicianName: string;
  clinicianStatus: ClinicianStatus;
  waitingSince: string;
  state: "waiting" | "admitted" | "ended";
  /** Place in line and estimated wait while waiting; null otherwise. */
  line: WaitEstimate | null;
  /** Messages from the clinic for this visit, oldest first. */
  messages: WaitingMessage[];
}

/** Commands are `domain:verb`; notifications are `domain:verbed`. Every command is acknowledged. */
export interface ClientToServerEvents {
  /** Clinician: subscribe to the live queue and today's visits. */
  "queue:watch": (p: Payload<"queue:watch">, ack: AckCallback<QueueSnapshot>) => void;
  /** Front desk: subscribe to the clinic's whole waiting room and today's visits. */
  "desk:watch": (p: Payload<"desk:watch">, ack: AckCallback<DeskSnapshot>) => void;
  "visit:admit": (p: Payload<"visit:admit">, ack: AckCallback<Record<string, never>>) => void;
  "visit:send-back": (p: Payload<"visit:send-back">, ack: AckCallback<Record<string, never>>) => void;
  "visit:end": (p: Payload<"visit:end">, ack: AckCallback<Record<string, never>>) => void;
  /**
   * The visit's clinician (or the front desk): move a visit not yet in a call, with its waiting
   * guests, to another clinician of the clinic. The guests' links keep working.
   */
  "visit:transfer": (p: Payload<"visit:transfer">, ack: AckCallback<Record<string, never>>) => void;
  /** Patient or interpreter: take a place in the waiting room (again, after a reload). */
  "waiting:join": (p: Payload<"waiting:join">, ack: AckCallback<WaitingStatus>) => void;
  /** The visit's clinician or the front desk: a short message to the people waiting in a visit. */
  "waiting:send-message": (p: Payload<"waiting:send-message">, ack: AckCallback<WaitingMessage>) => void;
  /** Anyone admitted: a short-lived LiveKit token for this visit's room. Clinicians name the visit. */
  "call:join": (p: Payload<"call:join">, ack: AckCallback<CallGrant>) => void;
  /** Leaving the call screen: this connection stops receiving the call's updates (who is in it, the scribe). */
  "call:leave": (p: Payload<"call:leave">, ack: AckCallback<Record<string, never>>) => void;
  /**
   * Anyone in the call: they are (or no longer are) on audio only. The server sets it on their
   * LiveKit participant (attribute `audioOnly`), which browsers may not change themselves.
   */
  "call:set-audio-only": (p: Payload<"call:set-audio-only">, ack: AckCallback<Record<string, never>>) => void;
  /** Clinician: available, in a visit, away or running late; waiting guests see it live. */
  "clinician:set-status": (p: Payload<"clinician:set-status">, ack: AckCallback<ClinicianStatus>) => void;
  /** Anyone in the call: the scribe indicator's current state (and join its updates). */
  "scribe:watch": (p: Payload<"scribe:watch">, ack: AckCallback<ScribeState>) => void;
  /** Pause the scribe for one's own voice, or (clinician) for everyone. Recorded with time and actor. */
  "scribe:pause": (p: Payload<"scribe:pause">, ack: AckCallback<ScribeState>) => void;
  /** Undo one's own pause, or (clinician) the pause for everyone. */
  "scribe:resume": (p: Payload<"scribe:resume">, ack: AckCallback<ScribeState>) => void;
  /** Withdraw consent for one's own voice for the rest of the visit. */
  "scribe:withdraw": (p: Payload<"scribe:withdraw">, ack: AckCallback<ScribeState>) => void;
  /**
   * The visit's chat so far, and its new messages from now on: a waiting patient, anyone admitted
   * to the call, the visit's clinician or the clinic's front desk.
   */
  "chat:watch": (p: Payload<"chat:watch">, ack: AckCallback<ChatHistory>) => void;
  /** Write in the visit's chat (same people as `chat:watch`); everyone watching it receives it. */
  "chat:send": (p: Payload<"chat:send">, ack: AckCallback<ChatMessage>) => void;
  /** Anyone in the call: captions on or off for oneself (what the scribe hears, sent to oneself only). */
  "captions:set": (p: Payload<"captions:set">, ack: AckCallback<CaptionsSetting>) => void;
}

export interface ServerToClientEvents {
  "scribe:changed": (state: ScribeState) => void;
  "queue:changed": (snapshot: QueueSnapshot) => void;
  "desk:changed": (snapshot: DeskSnapshot) => void;
  "clinician:status-changed": (status: ClinicianStatus) => void;
  "visit:admitted": () => void;
  "visit:sent-back": () => void;
  "visit:ended": (e: { visitId: string; state: VisitState }) => void;
  /** The guest's visit moved to another clinician: whose name and status the waiting room shows now. */
  "visit:transferred": (e: { clinicianName: string; clinicianStatus: ClinicianStatus }) => void;
  /** A message from the clinic for the people waiting in this visit. */
  "waiting:message-sent": (message: WaitingMessage) => void;
  /** A waiting guest's place in line or estimated wait changed. */
  "waiting:line-changed": (line: WaitEstimate) => void;
  /** The patient sent a photo or document (issue 30): its description; the bytes are fetched over HTTP. */
  "attachment:added": (attachment: Attachment) => void;
  /** A new message in the visit's chat, for everyone watching it (the sender's other tabs too). */
  "chat:message-sent": (message: ChatMessage) => void;
}

/** Who a connection is, established by the server at handshake: never taken from the client. */
export type Principal =
  | ({ kind: "staff" } & StaffPrincipal)
  | {
      kind: "guest";
      participantId: string;
      visitId: string;
      clinicianId: string;
      role: Exclude<ParticipantRole, "clinician">;
    };

export interface SocketData {
  principal: Principal;
}
