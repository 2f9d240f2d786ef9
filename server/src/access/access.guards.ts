// Who may call a route is declared on the route, as a Fastify preHandler from here
// (`{ preHandler: guards.clinician }`), never checked by hand inside the handler. Each guard
// resolves the caller once, refuses with a DomainError (the HTTP edge makes it a status), notes
// who is asking for the request's log line, and leaves the principal on the request for the
// handler to read with `staffOf` / `clinicianIdOf` / `sessionOf` / `guestOf` / `guards.readerOf`.
import type { StaffPrincipal, StaffRole } from "@bedside/shared";
import type { FastifyRequest } from "fastify";
import { DomainError } from "./access.errors.js";
import type { GuestPrincipal, StaffSession } from "./access.principals.js";
import type { Access, VisitLookup } from "./access.resolver.js";

/** The staff session cookie's name (set by auth/, read here and by the socket handshake). */
export const SESSION_COOKIE = "bedside_session";

declare module "fastify" {
  interface FastifyRequest {
    /** Who made the request and for which visit, for its log line (ids only: never names or text). */
    actor?: { who: string; visitId?: string | undefined };
    /** What the route's guard resolved (access.guards.ts); unset on routes without one. */
    principal?:
      | { kind: "session"; session: StaffSession }
      | { kind: "staff"; staff: StaffPrincipal }
      | { kind: "guest"; guest: GuestPrincipal }
      | { kind: "reader"; reader: unknown };
  }
}

/** Records who is asking (and about which visit) on the request, for its log line. */
export function noteActor(request: FastifyRequest, who: string, visitId?: string): void {
  request.actor = { who, visitId: visitId ?? request.actor?.visitId };
}

const signIn = () => new DomainError("unauthorized", "Please sign in.");
const notAllowed = () => new DomainError("forbidden", "Your account is not allowed to do that.");

/**
 * A guest's bearer secret (participant token or summary link). It travels in a header, never the URL,
 * so it cannot end up in logs, history or a Referer.
 */
export function bearerSecret(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) {
    throw new DomainError(
      "unauthorized",
      "This page could not open your visit. Please open the link the clinic sent you again.",
    );
  }
  return match[1];
}

// A handler reading a principal its route never declared is a programming error, not a refusal.
const undeclared = (what: string) => new Error(`route declares no ${what} guard`);

/** The staff member a `staff`, `role(…)` or `clinician` guard let through. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const p = request.principal;
  if (p?.kind === "staff") return p.staff;
  throw undeclared("staff");
}

/** The clinician a `clinician` guard let through (their user id). */
export const clinicianIdOf = (request: FastifyRequest): string => staffOf(request).userId;

/** The session a `session` guard let through (possibly one that may only set up two-factor). */
export function sessionOf(request: FastifyRequest): StaffSession {
  const p = request.principal;
  if (p?.kind === "session") return p.session;
  throw undeclared("session");
}

/** The patient or interpreter a `guest` guard let through. */
export function guestOf(request: FastifyRequest): GuestPrincipal {
  const p = request.principal;
  if (p?.kind === "guest") return p.guest;
  throw undeclared("guest");
}

type GuardAccess<V extends VisitLookup> = Pick<
  Access<V>,
  "staff" | "staffSession" | "guest" | "afterVisitPatient"
>;

export function createGuards<V extends VisitLookup>(access: GuardAccess<V>) {
  type Reader = Awaited<ReturnType<Access<V>["afterVisitPatient"]>>;

  /**
   * The signed-in staff member (any role) if they hold one of `roles` (any role when none is
   * named): a 401 when not signed in, a 403 while the account must set up two-factor sign-in
   * first, a 403 without the role.
   */
  const role =
    (...roles: StaffRole[]) =>
    async (request: FastifyRequest): Promise<void> => {
      const who = await access.staff(request.cookies[SESSION_COOKIE]);
      if (!who) throw signIn();
      noteActor(request, `clinician:${who.userId}`);
      if (roles.length > 0 && !roles.some((r) => who.roles.includes(r))) throw notAllowed();
      request.principal = { kind: "staff", staff: who };
    };

  return {
    role,
    /** Any signed-in staff member. */
    staff: role(),
    /** A signed-in clinician (the account holds the clinician role). */
    clinician: role("clinician"),
    /** Booking and the visit's links and messages: a clinician (their own) or the clinic's front desk. */
    booking: role("clinician", "front_desk"),

    /**
     * The current session, even one held until two-factor is set up (only the routes that set it
     * up, sign-out and `GET /api/auth/me` take such a session), or a 401.
     */
    async session(request: FastifyRequest): Promise<void> {
      const s = await access.staffSession(request.cookies[SESSION_COOKIE]);
      if (!s) throw signIn();
      noteActor(request, `clinician:${s.principal.userId}`);
      request.principal = { kind: "session", session: s };
    },

    /**
     * A patient or interpreter in a visit they checked in to, by the participant token in the
     * Authorization header; a 401 when it opens nothing.
     */
    async guest(request: FastifyRequest): Promise<void> {
      const guest = await access.guest(bearerSecret(request));
      if (!guest) {
        throw new DomainError(
          "unauthorized",
          "This page could not open your visit. Please open the link the clinic sent you again.",
        );
      }
      noteActor(request, guest.role, guest.visitId);
      request.principal = { kind: "guest", guest };
    },

    /** The patient behind a summary link (the after-visit routes), or why not (401 / 403 / 410). */
    async reader(request: FastifyRequest): Promise<void> {
      const g = await access.afterVisitPatient(bearerSecret(request));
      noteActor(request, `patient:${g.id}`, g.visitId);
      request.principal = { kind: "reader", reader: g };
    },

    /** The summary link's patient a `reader` guard let through. */
    readerOf(request: FastifyRequest): Reader {
      const p = request.principal;
      if (p?.kind === "reader") return p.reader as Reader;
      throw undeclared("reader");
    },
  };
}
export type Guards<V extends VisitLookup = VisitLookup> = ReturnType<typeof createGuards<V>>;
