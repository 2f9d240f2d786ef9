import { z } from "zod";
import type { AckCallback } from "./ack.js";
import type { QueueSnapshot } from "./visit.js";

/** Commands are `domain:verb`; notifications are `domain:verbed`. */
export interface ClientToServerEvents {
  "queue:watch": (payload: Record<string, never>, ack: AckCallback<QueueSnapshot>) => void;
}

export interface ServerToClientEvents {
  "queue:changed": (snapshot: QueueSnapshot) => void;
}

/** What the server knows about a connection after authenticating it. */
export interface SocketData {
  principal: { kind: "clinician"; clinicianId: string };
}

/** Payload schemas for every client-to-server event, keyed by event name. */
export const clientEventSchemas = {
  "queue:watch": z.object({}).strict(),
} satisfies Record<keyof ClientToServerEvents, z.ZodType>;
