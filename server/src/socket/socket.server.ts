import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "@bedside/shared";
import { Server, type ServerOptions, type Socket } from "socket.io";

/** Between server instances only (through the cluster adapter); clients never see these. */
export interface InterServerEvents {
  /** A clinician's queue changed: each instance refreshes it for the clinicians connected to it. */
  "queue:changed": (clinicianId: string) => void;
  /** A visit moved to another clinician: each instance updates its guests' principals. */
  "visit:moved": (visitId: string, toClinicianId: string) => void;
}

/** socket.io typed with the shared event maps, on both sides of every emit and handler. */
export type SocketServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export function createSocketServer(
  httpServer: HttpServer,
  adapter?: ServerOptions["adapter"],
  /** Whether a handshake request may open a connection (its Origin is the app's: see http/http.origin.ts). */
  allowOrigin: (req: IncomingMessage) => boolean = () => true,
  /**
   * Whether a client may connect by HTTP long-polling (SOCKET_TRANSPORTS). Its session lives in
   * one instance's memory, so behind a load balancer without sticky sessions its next request
   * lands on another instance, which knows nothing of it ("Session ID unknown", over and over).
   */
  polling = true,
): SocketServer {
  return new Server(httpServer, {
    // Refused here rather than left out of the engine's `transports`: the engine would answer a
    // bare "Transport unknown", this says why and what to do. Called for handshakes only.
    allowRequest: (req, callback) => {
      // Cross-site WebSocket hijacking: a page on another site cannot open a connection with our cookie.
      if (!allowOrigin(req)) return callback("origin not allowed", false);
      if (!polling && new URL(req.url ?? "/", "http://x").searchParams.get("transport") === "polling") {
        return callback(
          "long-polling is off on this server (SOCKET_TRANSPORTS=websocket): connect by WebSocket",
          false,
        );
      }
      callback(null, true);
    },
    ...(adapter ? { adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // No connection-state recovery: it restores a connection's rooms and replays what it missed
    // before the handshake's access check runs (even when that check then refuses it). Presence
    // lives in the database, and after every connect the client asks again for what it follows
    // (waiting:join, call:join, queue:watch, scribe:watch), each of which checks access.
  });
}
