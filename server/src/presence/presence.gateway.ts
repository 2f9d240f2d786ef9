import type { Server as HttpServer } from "node:http";
import {
  clientEventSchemas,
  type Ack,
  type ClientToServerEvents,
  type Principal,
  type QueueSnapshot,
  type ServerToClientEvents,
  type SocketData,
} from "@bedside/shared";
import { parse as parseCookie } from "cookie";
import type { FastifyBaseLogger } from "fastify";
import { Server, type ServerOptions, type Socket } from "socket.io";
import type { z } from "zod";
import { SESSION_COOKIE } from "../auth/auth.routes.js";
import type { SessionRepository } from "../auth/session.repository.js";
import { describeZodError, HttpError } from "../http/http.errors.js";
import type { FindingsRepository } from "../findings/findings.repository.js";
import type { VisitRepository } from "../visits/visit.repository.js";
import type { PresenceRepository } from "./presence.repository.js";
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
  /** Every guest of one clinician, waiting or in a call: they see the clinician's status. */
  guestsOf: (clinicianId: string) => `guests-of:${clinicianId}`,
  participant: (id: string) => `participant:${id}`,
  visit: (id: string) => `visit:${id}`,
};

const forbidden = new HttpError(403, "forbidden", "You are not allowed to do that.");

export function createPresenceServer(
  httpServer: HttpServer,
  adapter?: ServerOptions["adapter"],
): PresenceServer {
  return new Server(httpServer, {
    ...(adapter ? { adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // A patient whose network blips keeps their rooms and missed events.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
}

/** Queue changes arriving within this window are sent as one snapshot: a burst of arrivals costs one query. */
const QUEUE_COALESCE_MS = 25;

type SnapshotDeps = {
  visits: VisitRepository;
  presence: PresenceRepository;
  questions: Pick<FindingsRepository, "questionsWaiting">;
};

export function createNotifier(
  io: PresenceServer,
  deps: SnapshotDeps & { log: FastifyBaseLogger },
): VisitNotifier & { close(): Promise<void> } {
  const timers = new Map<string, NodeJS.Timeout>();
  const reading = new Set<Promise<void>>();
  let closed = false;
  // Snapshots are read concurrently: one that finishes after a newer one must not be sent last.
  const latest = new Map<string, number>();
  let reads = 0;
  const flush = (clinicianId: string) => {
    timers.delete(clinicianId);
    const read = ++reads;
    latest.set(clinicianId, read);
    const done = snapshot(deps, clinicianId).then(
      (s) => {
        if (latest.get(clinicianId) !== read) return;
        latest.delete(clinicianId);
        io.to(rooms.clinician(clinicianId)).emit("queue:changed", s);
      },
      (err: unknown) => deps.log.error({ err: (err as Error).message }, "queue snapshot failed"),
    );
    reading.add(done);
    void done.finally(() => reading.delete(done));
  };
  return {
    queueChanged(clinicianId) {
      if (closed || timers.has(clinicianId)) return;
      timers.set(
        clinicianId,
        setTimeout(() => flush(clinicianId), QUEUE_COALESCE_MS),
      );
    },
    admitted: (participantId) => void io.to(rooms.participant(participantId)).emit("visit:admitted"),
    sentBack: (participantId) => void io.to(rooms.participant(participantId)).emit("visit:sent-back"),
    ended: (visitId) => void io.to(rooms.visit(visitId)).emit("visit:ended", { visitId, state: "ended" }),
    /** Stops sending, and waits for snapshots being read, so the database can close under none. */
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled(reading);
    },
  };
}

async function snapshot(
  { visits, presence, questions }: SnapshotDeps,
  clinicianId: string,
): Promise<QueueSnapshot> {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  const to = new Date(from.getTime() + 24 * 3600_000);
  const [status, entries, inCall, list, waiting] = await Promise.all([
    presence.status(clinicianId),
    visits.guestsIn(clinicianId, "waiting"),
    visits.guestsIn(clinicianId, "admitted"),
    visits.listForDay(clinicianId, from, to),
    questions.questionsWaiting(clinicianId),
  ]);
  return { status, entries, inCall, visits: list, questions: waiting };
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

export interface PresenceDeps extends SnapshotDeps {
  log: FastifyBaseLogger;
  sessions: SessionRepository;
  service: VisitService;
  notify: VisitNotifier;
  /** How long a dropped guest keeps their place before they count as having left. */
  graceMs: number;
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

  const graceTimers = new Map<string, NodeJS.Timeout>();
  /** Whether any instance still holds a connection for this guest (the adapter asks the whole cluster). */
  const stillConnected = async (participantId: string) =>
    (await io.in(rooms.participant(participantId)).fetchSockets()).length > 0;

  async function guestConnected(guest: Extract<Principal, { kind: "guest" }>) {
    clearTimeout(graceTimers.get(guest.participantId));
    graceTimers.delete(guest.participantId);
    await deps.presence.setConnection(guest.participantId, "online");
    deps.notify.queueChanged(guest.clinicianId);
  }

  // A dropped guest is "reconnecting" and keeps their place for the grace period, then has "left".
  async function guestDisconnected(guest: Extract<Principal, { kind: "guest" }>) {
    if (await stillConnected(guest.participantId)) return;
    await deps.presence.setConnection(guest.participantId, "reconnecting");
    deps.notify.queueChanged(guest.clinicianId);
    clearTimeout(graceTimers.get(guest.participantId));
    const timer = setTimeout(() => {
      graceTimers.delete(guest.participantId);
      void (async () => {
        if (await stillConnected(guest.participantId)) return;
        await deps.presence.setConnection(guest.participantId, "left");
        deps.notify.queueChanged(guest.clinicianId);
      })().catch((err: Error) => log.error({ err: err.message }, "grace expiry failed"));
    }, deps.graceMs);
    timer.unref();
    graceTimers.set(guest.participantId, timer);
  }

  io.on("connection", (socket) => {
    const principal = socket.data.principal;
    if (principal.kind === "guest") {
      void socket.join([
        rooms.participant(principal.participantId),
        rooms.visit(principal.visitId),
        rooms.guestsOf(principal.clinicianId),
      ]);
      void guestConnected(principal).catch((err: Error) =>
        log.error({ err: err.message }, "presence update failed"),
      );
      socket.on("disconnect", () => {
        void guestDisconnected(principal).catch((err: Error) =>
          log.error({ err: err.message }, "presence update failed"),
        );
      });
    }

    on(log, socket, "queue:watch", async (_p, who) => {
      const clinicianId = asClinician(who);
      await socket.join(rooms.clinician(clinicianId));
      return snapshot(deps, clinicianId);
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
      const guest = asGuest(who);
      const [status, clinicianStatus] = await Promise.all([
        service.joinWaitingRoom(guest.participantId),
        deps.presence.status(guest.clinicianId),
      ]);
      return { ...status, clinicianStatus };
    });
    on(log, socket, "clinician:set-status", async (status, who) => {
      const clinicianId = asClinician(who);
      await deps.presence.setStatus(clinicianId, status);
      io.to([rooms.guestsOf(clinicianId), rooms.clinician(clinicianId)]).emit(
        "clinician:status-changed",
        status,
      );
      return status;
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
