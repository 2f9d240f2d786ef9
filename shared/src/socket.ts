import { z } from "zod";
import type { AckCallback } from "./ack.js";
import type { CallGrant, ParticipantRole, QueueSnapshot, VisitState } from "./visit.js";

const id = z.uuid();

/** Payload schemas for every client-to-server event: the server parses each before acting. */
export const clientEventSchemas = {
  "queue:watch": z.object({}).strict(),
  "visit:admit": z.object({ participantId: id }).strict(),
  "visit:send-back": z.object({ participantId: id }).strict(),
  "visit:end": z.object({ visitId: id }).strict(),
  "waiting:join": z.object({}).strict(),
  "call:join": z.object({ visitId: id.optional() }).strict(),
} as const;

type Payload<E extends keyof typeof clientEventSchemas> = z.infer<(typeof clientEventSchemas)[E]>;

export interface WaitingStatus {
  clinicianName: string;
  waitingSince: string;
  state: "waiting" | "admitted" | "ended";
}

/** Commands are `domain:verb`; notifications are `domain:verbed`. Every command is acknowledged. */
export interface ClientToServerEvents {
  /** Clinician: subscribe to the live queue and today's visits. */
  "queue:watch": (p: Payload<"queue:watch">, ack: AckCallback<QueueSnapshot>) => void;
  "visit:admit": (p: Payload<"visit:admit">, ack: AckCallback<Record<string, never>>) => void;
  "visit:send-back": (p: Payload<"visit:send-back">, ack: AckCallback<Record<string, never>>) => void;
  "visit:end": (p: Payload<"visit:end">, ack: AckCallback<Record<string, never>>) => void;
  /** Patient or interpreter: take a place in the waiting room (again, after a reload). */
  "waiting:join": (p: Payload<"waiting:join">, ack: AckCallback<WaitingStatus>) => void;
  /** Anyone admitted: a short-lived LiveKit token for this visit's room. Clinicians name the visit. */
  "call:join": (p: Payload<"call:join">, ack: AckCallback<CallGrant>) => void;
}

export interface ServerToClientEvents {
  "queue:changed": (snapshot: QueueSnapshot) => void;
  "visit:admitted": () => void;
  "visit:sent-back": () => void;
  "visit:ended": (e: { visitId: string; state: VisitState }) => void;
}

/** Who a connection is, established by the server at handshake: never taken from the client. */
export type Principal =
  | { kind: "clinician"; clinicianId: string }
  | { kind: "guest"; participantId: string; visitId: string; role: Exclude<ParticipantRole, "clinician"> };

export interface SocketData {
  principal: Principal;
}
