import {
  socketReconnect,
  socketTransports,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@bedside/shared";
import { io, type Socket } from "socket.io-client";
import { ApiError } from "./api";

export type BedsideSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket.io connection to our own origin. Clinicians are authenticated by
 * their session cookie; patients and interpreters by the secret they got at check-in.
 */
export function connectSocket(participantToken?: string): BedsideSocket {
  return io({
    withCredentials: true,
    ...socketTransports,
    ...socketReconnect,
    ...(participantToken ? { auth: { participantToken } } : {}),
  });
}

type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (
  ack: Ack<infer T>,
) => void
  ? T
  : never;

/** Emits a command and resolves with its data, or rejects with an ApiError (the server's code and message). */
export async function command<E extends keyof ClientToServerEvents>(
  socket: BedsideSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<AckData<E>> {
  // socket.io's tuple types cannot follow a generic event name; the event map above still types the call sites.
  const untyped = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<Ack<AckData<E>>> };
  };
  const ack = await untyped.timeout(10_000).emitWithAck(event, payload);
  if (!ack.ok) throw new ApiError(0, ack.error.code, ack.error.message);
  return ack.data;
}
