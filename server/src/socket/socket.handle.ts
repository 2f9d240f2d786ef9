// The one way a socket command is handled: validate → authorize → act → ack → broadcast.
// Domains register their handlers here (visits/visit.handlers.ts, presence/presence.handlers.ts,
// scribe/scribe.handlers.ts); none of them parses a payload or writes an ack itself.
import type { Ack, AckCallback, ClientToServerEvents, Principal, StaffRole } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { z } from "zod";
import { describeZodError } from "../http/http.errors.js";
import { principalKey } from "./socket.auth.js";
import type { ServerSocket, SocketServer } from "./socket.server.js";
import { DomainError } from "../access/access.errors.js";

export type SocketEvent = keyof ClientToServerEvents;
export type AckData<E extends SocketEvent> =
  Parameters<ClientToServerEvents[E]>[1] extends AckCallback<infer T> ? T : never;

export type StaffSocketPrincipal = Extract<Principal, { kind: "staff" }>;
export type GuestPrincipal = Extract<Principal, { kind: "guest" }>;

/**
 * Who may send a command: checked after the payload parses and before anything acts on it. A
 * role (`clinician`, `front_desk`, `admin`) admits staff holding it; `staff` any signed-in staff.
 */
export type Sender = StaffRole | "staff" | "guest" | "anyone";
type PrincipalOf<S extends Sender> = S extends "guest"
  ? GuestPrincipal
  : S extends "anyone"
    ? Principal
    : StaffSocketPrincipal;

export interface HandlerContext<S extends Sender> {
  /** Established at the handshake by `socket.auth.ts`; never an id sent by the client. */
  who: PrincipalOf<S>;
  socket: ServerSocket;
}

export interface Handler<E extends SocketEvent, S extends Sender, P> {
  as: S;
  act(payload: P, ctx: HandlerContext<S>): Promise<AckData<E>>;
  /** Runs after the sender has its ack; a failure here is logged and never reaches the sender. */
  broadcast?(result: AckData<E>, ctx: HandlerContext<S>): void | Promise<void>;
}

const forbidden = { code: "forbidden", message: "You are not allowed to do that." } as const;
const internal = { code: "internal", message: "Something went wrong on our side." } as const;

const rateLimited = {
  code: "rate_limited",
  message: "Too many requests at once. Please wait a moment and try again.",
} as const;
const signedOut = {
  code: "unauthorized",
  message: "Your sign-in or visit link is no longer valid. Please sign in or open the link again.",
} as const;
const unavailable = { code: "unavailable", message: "The service is briefly unavailable. Please try again." };

export interface BackboneOptions {
  /** Re-checks, before each command, that the connection's secret still stands (see socket.auth.ts). */
  stillValid?: (socket: ServerSocket) => Promise<boolean>;
  /**
   * Commands each person may send per second, all their connections together (a burst of up to
   * twice that is allowed).
   */
  eventsPerSecond?: number;
}

/** Marks a command already answered (refused) before it acted. */
const skipped: unique symbol = Symbol("skipped");

/**
 * The clinician behind a staff principal, for commands open to guests and clinicians alike
 * ("anyone"): staff without the clinician role are refused as any other sender would be.
 */
export function clinicianOf(who: StaffSocketPrincipal): string {
  if (!who.roles.includes("clinician")) throw new DomainError("forbidden", forbidden.message);
  return who.userId;
}

const allows = (as: Sender, who: Principal) => {
  if (as === "anyone") return true;
  if (as === "guest") return who.kind === "guest";
  if (who.kind !== "staff") return false;
  return as === "staff" || who.roles.includes(as);
};

export interface SocketBackbone {
  io: SocketServer;
  /** Registers one command for every connection, present and future. */
  handle<E extends SocketEvent, S extends Sender, P>(
    event: E,
    schema: z.ZodType<P>,
    handler: Handler<E, S, P>,
  ): void;
  /** Runs for each new connection once its principal is known (joining rooms, presence). */
  onConnection(fn: (socket: ServerSocket) => void): void;
}

export function createSocketBackbone(
  io: SocketServer,
  log: FastifyBaseLogger,
  options: BackboneOptions = {},
): SocketBackbone {
  // Per person (principal), not per connection, in memory: more sockets do not buy more commands,
  // and a flood is refused before it parses, reads or writes.
  const perSecond = options.eventsPerSecond ?? 10;
  const limiter = new RateLimiterMemory({ points: perSecond * 2, duration: 2 });
  const stillValid = options.stillValid ?? (() => Promise.resolve(true));
  // One listener function per event, shared by every socket (socket.io calls it with `this` set to
  // the socket): a connection costs an entry per event, not a closure per event.
  const listeners = new Map<SocketEvent, (this: ServerSocket, payload: unknown, ack: unknown) => void>();
  const connected: Array<(socket: ServerSocket) => void> = [];

  io.on("connection", (socket) => {
    for (const [event, listener] of listeners) socket.on(event, listener as never);
    for (const fn of connected) fn(socket);
  });

  return {
    io,
    handle(event, schema, handler) {
      type T = AckData<typeof event>;
      listeners.set(event, function (this: ServerSocket, payload: unknown, ack: unknown) {
        // Inbound arguments are untrusted whatever the event map says; a command without an ack
        // callback changes nothing.
        if (typeof ack !== "function") return;
        const reply = ack as (a: Ack<T>) => void;
        const who = this.data.principal;
        limiter.consume(who ? principalKey(who) : `socket:${this.id}`).then(
          () => run(this, payload, reply),
          (res: unknown) => {
            if (res instanceof Error) log.error({ event, err: res.message }, "socket rate limiter failed");
            reply({ ok: false, error: rateLimited });
          },
        );
      });

      function run(socket: ServerSocket, payload: unknown, reply: (a: Ack<T>) => void) {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          reply({ ok: false, error: { code: "bad_request", message: describeZodError(parsed.error) } });
          return;
        }
        const who = socket.data.principal;
        if (!who || !allows(handler.as, who)) {
          reply({ ok: false, error: forbidden });
          return;
        }
        const ctx = { who, socket } as HandlerContext<typeof handler.as>;
        // Access is re-checked on every command: a sign-out or a revoked link takes effect here even
        // if the disconnect has not reached this instance yet. Through a promise, so even a handler
        // that throws synchronously is answered, never fatal.
        const act = async (): Promise<T | typeof skipped> => {
          let valid: boolean;
          try {
            valid = await stillValid(socket);
          } catch (err) {
            log.error({ event, err: (err as Error).message }, "socket access check failed");
            reply({ ok: false, error: unavailable });
            return skipped;
          }
          if (!valid) {
            reply({ ok: false, error: signedOut });
            socket.disconnect(true);
            return skipped;
          }
          return handler.act(parsed.data, ctx);
        };
        act().then(
          (data) => {
            if (data === skipped) return;
            reply({ ok: true, data });
            if (!handler.broadcast) return;
            Promise.resolve()
              .then(() => handler.broadcast?.(data, ctx))
              .catch((err: unknown) =>
                log.error({ event, err: (err as Error).message }, "socket broadcast failed"),
              );
          },
          (err: unknown) => {
            if (err instanceof DomainError) {
              reply({ ok: false, error: { code: err.code, message: err.message } });
              return;
            }
            log.error({ event, err: (err as Error).message }, "socket event failed");
            reply({ ok: false, error: internal });
          },
        );
      }
    },
    onConnection(fn) {
      connected.push(fn);
    },
  };
}
