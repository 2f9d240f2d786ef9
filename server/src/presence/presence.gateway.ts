import type { Server as HttpServer } from "node:http";
import {
  clientEventSchemas,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from "@bedside/shared";
import { parse as parseCookie } from "cookie";
import type { FastifyBaseLogger } from "fastify";
import { Server, type Socket } from "socket.io";
import type { z } from "zod";
import { SESSION_COOKIE } from "../auth/auth.routes.js";
import type { SessionRepository } from "../auth/session.repository.js";
import { describeZodError } from "../http/http.errors.js";
import type { VisitRepository } from "../visits/visit.repository.js";

export type PresenceServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type PresenceSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface PresenceDeps {
  log: FastifyBaseLogger;
  sessions: SessionRepository;
  visits: VisitRepository;
}

export const clinicianRoom = (clinicianId: string) => `clinician:${clinicianId}`;

/**
 * Validates a client event before its handler runs: a malformed payload, or a
 * call without an acknowledgement callback, gets an error ack and changes nothing.
 */
function on<E extends keyof ClientToServerEvents, T>(
  log: FastifyBaseLogger,
  socket: PresenceSocket,
  event: E,
  handler: (payload: z.infer<(typeof clientEventSchemas)[E]>) => Promise<T>,
): void {
  const schema = clientEventSchemas[event];
  // Inbound arguments are untrusted whatever the event map says: type them as unknown.
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") return;
    const reply = ack as (a: Ack<T>) => void;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({ ok: false, error: { code: "bad_request", message: describeZodError(parsed.error) } });
      return;
    }
    try {
      reply({ ok: true, data: await handler(parsed.data as z.infer<(typeof clientEventSchemas)[E]>) });
    } catch (err) {
      log.error({ event, err: (err as Error).message }, "socket event failed");
      reply({ ok: false, error: { code: "internal", message: "Something went wrong on our side." } });
    }
  };
  socket.on(event, listener as never);
}

export function createPresenceServer(httpServer: HttpServer, deps: PresenceDeps): PresenceServer {
  const io: PresenceServer = new Server(httpServer, {
    serveClient: false,
    // A patient whose network blips keeps their rooms and missed events.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });

  io.use(async (socket, next) => {
    const token = parseCookie(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE];
    const clinicianId = token ? await deps.sessions.clinicianIdFor(token) : undefined;
    if (!clinicianId) return next(new Error("unauthorized"));
    socket.data.principal = { kind: "clinician", clinicianId };
    next();
  });

  io.on("connection", (socket) => {
    const { clinicianId } = socket.data.principal;
    on(deps.log, socket, "queue:watch", async () => {
      await socket.join(clinicianRoom(clinicianId));
      return { entries: await deps.visits.waitingQueue(clinicianId) };
    });
  });

  return io;
}
