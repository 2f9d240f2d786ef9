import type { Server as HttpServer } from "node:http";
import {
  clientEventSchemas,
  type Ack,
  type ClientToServerEvents,
  type Principal,
  type ServerToClientEvents,
  type SocketData,
} from "@bedside/shared";
import { parse as parseCookie } from "cookie";
import type { FastifyBaseLogger } from "fastify";
import { Server, type Socket } from "socket.io";
import type { z } from "zod";
import { SESSION_COOKIE } from "../auth/auth.routes.js";
import type { SessionRepository } from "../auth/session.repository.js";
import { describeZodError, HttpError } from "../http/http.errors.js";
import type { VisitRepository } from "../visits/visit.repository.js";
import type { VisitNotifier, VisitService } from "../visits/visit.service.js";

export type PresenceServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type PresenceSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Event = keyof ClientToServerEvents;
type Payload<E extends Event> = z.infer<(typeof clientEventSchemas)[E]>;

const rooms = {
  clinician: (id: string) => `clinician:${id}`,
  participant: (id: string) => `participant:${id}`,
  visit: (id: string) => `visit:${id}`,
};

const forbidden = new HttpError(403, "forbidden", "You are not allowed to do that.");

export function createPresenceServer(httpServer: HttpServer): PresenceServer {
  return new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // A patient whose network blips keeps their rooms and missed events.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
}

/** Which guests have at least one live connection on this instance. */
export function createOnlineRegistry() {
  const counts = new Map<string, number>();
  return {
    add: (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1),
    remove(id: string) {
      const n = (counts.get(id) ?? 1) - 1;
      if (n <= 0) counts.delete(id);
      else counts.set(id, n);
    },
    isOnline: (id: string) => counts.has(id),
  };
}
export type OnlineRegistry = ReturnType<typeof createOnlineRegistry>;

export function createNotifier(
  io: PresenceServer,
  deps: { visits: VisitRepository; online: OnlineRegistry; log: FastifyBaseLogger },
): VisitNotifier {
  return {
    queueChanged(clinicianId) {
      snapshot(deps.visits, deps.online, clinicianId).then(
        (s) => io.to(rooms.clinician(clinicianId)).emit("queue:changed", s),
        (err: unknown) => deps.log.error({ err: (err as Error).message }, "queue snapshot failed"),
      );
    },
    admitted: (participantId) => void io.to(rooms.participant(participantId)).emit("visit:admitted"),
    sentBack: (participantId) => void io.to(rooms.participant(participantId)).emit("visit:sent-back"),
    ended: (visitId) => void io.to(rooms.visit(visitId)).emit("visit:ended", { visitId, state: "ended" }),
  };
}

async function snapshot(visits: VisitRepository, online: OnlineRegistry, clinicianId: string) {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  const to = new Date(from.getTime() + 24 * 3600_000);
  const [entries, inCall, list] = await Promise.all([
    visits.guestsIn(clinicianId, "waiting", online.isOnline),
    visits.guestsIn(clinicianId, "admitted", online.isOnline),
    visits.listForDay(clinicianId, from, to),
  ]);
  return { entries, inCall, visits: list };
}

/**
 * Validates a client event before its handler runs: a malformed payload, or a
 * call without an acknowledgement callback, gets an error ack (or nothing) and changes nothing.
 */
function on<E extends Event, T>(
  log: FastifyBaseLogger,
  socket: PresenceSocket,
  event: E,
  handler: (payload: Payload<E>, principal: Principal) => Promise<T>,
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
      reply({ ok: true, data: await handler(parsed.data as Payload<E>, socket.data.principal) });
    } catch (err) {
      if (err instanceof HttpError) {
        reply({ ok: false, error: { code: err.code, message: err.message } });
        return;
      }
      log.error({ event, err: (err as Error).message }, "socket event failed");
      reply({ ok: false, error: { code: "internal", message: "Something went wrong on our side." } });
    }
  };
  socket.on(event, listener as never);
}

export interface PresenceDeps {
  log: FastifyBaseLogger;
  sessions: SessionRepository;
  visits: VisitRepository;
  service: VisitService;
  notify: VisitNotifier;
  online: OnlineRegistry;
}

const asClinician = (p: Principal) => {
  if (p.kind !== "clinician") throw forbidden;
  return p.clinicianId;
};
const asGuest = (p: Principal) => {
  if (p.kind !== "guest") throw forbidden;
  return p;
};

export function registerPresenceHandlers(io: PresenceServer, deps: PresenceDeps): void {
  const { service, log } = deps;

  // Clinicians authenticate with their session cookie, guests with the bearer secret from check-in.
  io.use(async (socket, next) => {
    const guestSecret: unknown = socket.handshake.auth?.participantToken;
    if (typeof guestSecret === "string") {
      const principal = await service.guestPrincipal(guestSecret);
      if (!principal) return next(new Error("unauthorized"));
      socket.data.principal = principal;
      return next();
    }
    const token = parseCookie(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE];
    const clinicianId = token ? await deps.sessions.clinicianIdFor(token) : undefined;
    if (!clinicianId) return next(new Error("unauthorized"));
    socket.data.principal = { kind: "clinician", clinicianId };
    next();
  });

  io.on("connection", (socket) => {
    const principal = socket.data.principal;
    if (principal.kind === "guest") {
      void socket.join([rooms.participant(principal.participantId), rooms.visit(principal.visitId)]);
      deps.online.add(principal.participantId);
      socket.on("disconnect", () => {
        deps.online.remove(principal.participantId);
        void deps.visits
          .findParticipant(principal.participantId)
          .then((p) => p && deps.notify.queueChanged(p.clinicianId));
      });
    }

    on(log, socket, "queue:watch", async (_p, who) => {
      const clinicianId = asClinician(who);
      await socket.join(rooms.clinician(clinicianId));
      return snapshot(deps.visits, deps.online, clinicianId);
    });
    on(log, socket, "visit:admit", async ({ participantId }, who) => {
      await service.admit(asClinician(who), participantId);
      return {};
    });
    on(log, socket, "visit:send-back", async ({ participantId }, who) => {
      await service.sendBack(asClinician(who), participantId);
      return {};
    });
    on(log, socket, "visit:end", async ({ visitId }, who) => {
      await service.end(asClinician(who), visitId);
      return {};
    });
    on(log, socket, "waiting:join", async (_p, who) => {
      return service.joinWaitingRoom(asGuest(who).participantId);
    });
    on(log, socket, "call:join", async ({ visitId }, who) => {
      if (who.kind === "clinician") {
        const grant = await service.clinicianCallGrant(who.clinicianId, visitId);
        await socket.join(rooms.visit(grant.room));
        return grant;
      }
      return service.guestCallGrant(who, visitId);
    });
  });
}
