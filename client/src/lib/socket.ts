import type { ClientToServerEvents, ServerToClientEvents } from "@bedside/shared";
import { io, type Socket } from "socket.io-client";

export type BedsideSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket.io connection to our own origin; the session cookie authenticates it. */
export function connectSocket(): BedsideSocket {
  return io({ withCredentials: true, transports: ["websocket", "polling"] });
}
