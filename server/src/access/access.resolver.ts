// Who is asking: the one place that turns a bearer secret — a clinician's session, a visit link, a
// guest's participant token, a summary link — into a principal, for every purpose (HTTP routes,
// the socket handshake, check-in, the after-visit summary), and that says whether a clinician owns
// a visit. Every secret is hashed by the one function in access.secrets.ts before it is looked up.
// It reads through two small ports that the domains implement (visits: VisitLookup, auth:
// SessionLookup), so access imports no domain and every domain may import access.
import {
  LINK_OPENS_MINUTES_BEFORE,
  type GuestRole,
  type ParticipantRole,
  type StaffPrincipal,
} from "@bedside/shared";
import { DomainError } from "./access.errors.js";
import type { GuestPrincipal, SocketCredential, StaffSession } from "./access.principals.js";
import { hashSecret, looksLikeSecret } from "./access.secrets.js";

/** The part of the session store access needs; `auth/` provides it. */
export interface SessionLookup {
  sessionFor(token: string): Promise<StaffSession | undefined>;
}

/**
 * The visit reads access needs; `visits/` provides them (its repository). Each row names only the
 * fields access decides on: what a domain gets back is the implementation's whole row.
 */
export interface VisitLookup {
  findGuestsByHashes(
    tokenHashes: string[],
    now: Date,
  ): Promise<
    Array<{
      id: string;
      visitId: string;
      clinicianId: string;
      role: ParticipantRole;
      tokenHash: string | null;
      linkId: string | null;
      linkExpiresAt: Date;
    }>
  >;
  findLink(tokenHash: string): Promise<
    | {
        visitId: string;
        role: GuestRole;
        revokedAt: Date | null;
        expiresAt: Date;
        linkOpenedAt: Date | null;
        visitState: string;
        scheduledAt: Date;
        durationMinutes: number | null;
        timeZone: string | null;
        cancelledAt: Date | null;
        preferredLanguage: string;
      }
    | undefined
  >;
  markLinkOpened(visitId: string): Promise<void>;
  findAfterVisitGuest(tokenHash: string): Promise<
    | {
        role: ParticipantRole;
        linkExpiresAt: Date;
        linkRevokedAt: Date | null;
        summaryLinksRevokedAt: Date | null;
        endedAt: Date | null;
      }
    | undefined
  >;
  findSummaryReader(
    tokenHash: string,
  ): Promise<
    | { id: string; visitId: string; role: ParticipantRole; expiresAt: Date; revokedAt: Date | null }
    | undefined
  >;
  findForClinician(visitId: string, clinicianId: string): Promise<object | undefined>;
  findInClinic(visitId: string, clinicId: string): Promise<object | undefined>;
  findParticipant(participantId: string): Promise<{ clinicianId: string; visitState: string } | undefined>;
}

type Row<F> = F extends (...args: never[]) => Promise<infer R> ? NonNullable<R> : never;
/**
 * What the implementation of `K` finds: its whole row, not only the port's fields (the port's
 * half keeps those known while `V` is still generic).
 */
type Found<V extends VisitLookup, K extends keyof VisitLookup> = Row<V[K]> & Row<VisitLookup[K]>;

export interface AccessDeps<V extends VisitLookup> {
  visits: V;
  sessions: SessionLookup;
  /** How long after a visit ends the patient's link still opens the after-visit summary. */
  afterVisitDays: number;
  now?: () => Date;
}

const linkErrors = {
  unknown: new DomainError(
    "not_found",
    "This visit link does not work. Please check that you opened the whole link, or ask the clinic to send a new one.",
  ),
  revoked: new DomainError(
    "gone",
    "This visit link has been cancelled or replaced. Please use the newest link the clinic sent you.",
    "revoked",
  ),
  expired: new DomainError(
    "gone",
    "This visit link has expired. Please ask the clinic to send a new one.",
    "expired",
  ),
  ended: new DomainError("gone", "This visit has ended. You can close this page.", "ended"),
};

const afterVisitErrors = {
  unknown: new DomainError(
    "unauthorized",
    "This page could not open your visit. Please open the link the clinic sent you again.",
  ),
  revoked: new DomainError("gone", "This summary link was cancelled. Please ask the clinic for a new one."),
  expired: new DomainError("gone", "This summary is no longer online. Please ask the clinic for a copy."),
  notPatient: new DomainError("forbidden", "Visit summaries are only shown to the patient."),
};

/** What every route but two-factor's setup answers a session that must set it up first. */
export const setUpTwoFactorFirst = () =>
  new DomainError("forbidden", "Set up two-factor sign-in first.", "mfa_setup_required");

/** Another clinician's visit looks exactly like a missing one. */
const noSuchVisit = () => new DomainError("not_found", "No such visit.");

/**
 * A booked visit's link works from 30 minutes before its start until its end (issue 28); earlier it
 * says when to come back, and a cancelled visit's says so. A visit that has begun (someone checked
 * in) stays open past its booked end: the clinic may be running late. Visits made without a
 * booking (no duration) keep their links' own expiry alone.
 */
export function outsideWindow(
  link: {
    scheduledAt: Date;
    durationMinutes: number | null;
    timeZone: string | null;
    cancelledAt: Date | null;
    visitState: string;
    preferredLanguage: string;
  },
  at: Date,
): DomainError | undefined {
  const opensAt = new Date(link.scheduledAt.getTime() - LINK_OPENS_MINUTES_BEFORE * 60_000);
  const timeZone = link.timeZone ?? "UTC";
  const details = {
    opensAt: opensAt.toISOString(),
    startsAt: link.scheduledAt.toISOString(),
    timeZone,
    language: link.preferredLanguage,
  };
  if (link.cancelledAt) {
    return new DomainError(
      "gone",
      "This visit was cancelled. Please contact the clinic if you need a new appointment.",
      "cancelled",
      details,
    );
  }
  if (link.durationMinutes === null) return undefined;
  if (at < opensAt) {
    const when = new Intl.DateTimeFormat("en", { timeZone, dateStyle: "full", timeStyle: "short" });
    return new DomainError(
      "conflict",
      `This visit's link opens at ${when.format(opensAt)} (${timeZone}), 30 minutes before the visit. Please come back then.`,
      "too_early",
      details,
    );
  }
  const endsAt = link.scheduledAt.getTime() + link.durationMinutes * 60_000;
  if (at.getTime() >= endsAt && link.visitState === "scheduled") return linkErrors.expired;
  return undefined;
}

/**
 * Until when a patient's link opens the after-visit routes: the link's own expiry (end of
 * the visit's day) or, once the visit has ended, `days` after its end, whichever is later.
 * The link itself is not extended, so check-in and the waiting room still close as before.
 */
export function afterVisitUntil(linkExpiresAt: Date, endedAt: Date | null, days: number): Date {
  if (!endedAt) return linkExpiresAt;
  return new Date(Math.max(linkExpiresAt.getTime(), endedAt.getTime() + days * 86_400_000));
}

/**
 * Socket handshakes arrive in bursts (a clinic's waiting room reconnecting after a network blip):
 * the tokens that arrive in the same turn of the event loop are looked up in one query.
 */
function batchedGuestLookup(visits: VisitLookup, now: () => Date) {
  type Row = Awaited<ReturnType<VisitLookup["findGuestsByHashes"]>>[number];
  let pending: Map<string, Array<(row: Row | undefined, err?: unknown) => void>> | undefined;
  const flush = (batch: NonNullable<typeof pending>) => {
    visits.findGuestsByHashes([...batch.keys()], now()).then(
      (rows) => {
        const byHash = new Map(rows.map((r) => [r.tokenHash, r]));
        for (const [hash, waiters] of batch) for (const w of waiters) w(byHash.get(hash));
      },
      (err: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w(undefined, err);
      },
    );
  };
  return (tokenHash: string) =>
    new Promise<Row | undefined>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, Array<(row: Row | undefined, err?: unknown) => void>>();
        pending = batch;
        setImmediate(() => {
          pending = undefined;
          flush(batch);
        });
      }
      const waiters = pending.get(tokenHash) ?? [];
      waiters.push((row, err) => (err === undefined ? resolve(row) : reject(err as Error)));
      pending.set(tokenHash, waiters);
    });
}

export function createAccess<V extends VisitLookup>(deps: AccessDeps<V>) {
  const { visits, sessions } = deps;
  // The port's calls are typed by the port; what they return is the implementation's row.
  const found = <K extends keyof VisitLookup>(_method: K, row: unknown) => row as Found<V, K>;
  const now = deps.now ?? (() => new Date());
  const guestByHash = batchedGuestLookup(visits, now);

  async function guestRow(participantToken: string) {
    if (!looksLikeSecret(participantToken)) return undefined;
    const p = await guestByHash(hashSecret(participantToken));
    if (!p || p.role === "clinician") return undefined;
    const principal: GuestPrincipal = {
      kind: "guest",
      participantId: p.id,
      visitId: p.visitId,
      clinicianId: p.clinicianId,
      role: p.role,
    };
    return { p, principal };
  }

  return {
    /**
     * The signed-in staff member behind a session token, if it is current and their account active.
     * A session held until two-factor is set up is refused here (403), for every route at once.
     */
    async staff(sessionToken: string | undefined): Promise<StaffPrincipal | undefined> {
      const s = await this.staffSession(sessionToken);
      if (s?.mfaSetupRequired) throw setUpTwoFactorFirst();
      return s?.principal;
    },

    /** The current session behind a token, including one that may only set up two-factor. */
    async staffSession(sessionToken: string | undefined): Promise<StaffSession | undefined> {
      if (!sessionToken || !looksLikeSecret(sessionToken)) return undefined;
      return sessions.sessionFor(sessionToken);
    },

    /** A patient's or interpreter's participant token (from check-in) while their link still works. */
    async guest(participantToken: string): Promise<GuestPrincipal | undefined> {
      return (await guestRow(participantToken))?.principal;
    },

    /** A socket's secret (participant token or session token) with what revokes it and when it expires. */
    async socketCredential(
      secret: { participantToken: string } | { sessionToken: string | undefined },
    ): Promise<SocketCredential | undefined> {
      if ("participantToken" in secret) {
        const g = await guestRow(secret.participantToken);
        if (!g || !g.p.tokenHash || !g.p.linkId) return undefined;
        return {
          kind: "guest",
          principal: g.principal,
          tokenHash: g.p.tokenHash,
          linkId: g.p.linkId,
          expiresAt: g.p.linkExpiresAt,
        };
      }
      if (!secret.sessionToken || !looksLikeSecret(secret.sessionToken)) return undefined;
      const s = await sessions.sessionFor(secret.sessionToken);
      // A session held until two-factor is set up opens no socket: nothing on one is for it.
      if (!s || s.mfaSetupRequired) return undefined;
      return {
        kind: "staff",
        principal: s.principal,
        expiresAt: s.expiresAt,
        tokenHash: hashSecret(secret.sessionToken),
      };
    },

    /**
     * A visit link that can still be used to check in; otherwise why not, in words for the guest.
     * `opening`: the guest is looking at it (the join page), which the schedule shows as "opened".
     */
    async link(secret: string, opening = false) {
      const link = looksLikeSecret(secret) ? await visits.findLink(hashSecret(secret)) : undefined;
      if (!link) throw linkErrors.unknown;
      if (opening && link.role === "patient" && !link.linkOpenedAt && !link.revokedAt) {
        await visits.markLinkOpened(link.visitId);
      }
      if (link.revokedAt) throw linkErrors.revoked;
      const outside = outsideWindow(link, now());
      if (outside) throw outside;
      if (link.expiresAt <= now()) throw linkErrors.expired;
      if (link.visitState === "ended") throw linkErrors.ended;
      return found("findLink", link);
    },

    /**
     * The patient behind a participant token, once their visit has ended and while the
     * after-visit window is open: they may exchange it for a summary link (nothing else).
     * Interpreters never see findings: the patient's alone.
     */
    async summaryExchange(participantToken: string) {
      const g = looksLikeSecret(participantToken)
        ? await visits.findAfterVisitGuest(hashSecret(participantToken))
        : undefined;
      if (!g) throw afterVisitErrors.unknown;
      if (g.linkRevokedAt || g.summaryLinksRevokedAt) throw afterVisitErrors.revoked;
      if (g.role !== "patient") throw afterVisitErrors.notPatient;
      const until = afterVisitUntil(g.linkExpiresAt, g.endedAt, deps.afterVisitDays);
      if (until <= now()) throw afterVisitErrors.expired;
      if (!g.endedAt)
        throw new DomainError("conflict", "Your summary link is ready once the visit has ended.");
      return { ...found("findAfterVisitGuest", g), availableUntil: until };
    },
    /**
     * The patient behind a summary link: the only secret the after-visit routes accept. It opens
     * the summary (and its questions and feedback), never the call; the clinician can revoke it.
     */
    async afterVisitPatient(secret: string) {
      const g = looksLikeSecret(secret) ? await visits.findSummaryReader(hashSecret(secret)) : undefined;
      if (!g) throw afterVisitErrors.unknown;
      if (g.revokedAt) throw afterVisitErrors.revoked;
      if (g.role !== "patient") throw afterVisitErrors.notPatient;
      if (g.expiresAt <= now()) throw afterVisitErrors.expired;
      return { ...found("findSummaryReader", g), availableUntil: g.expiresAt };
    },
    /** The clinician's own visit, or a 404 (never a 403: other clinicians' visits do not exist). */
    async ownedVisit(clinicianId: string, visitId: string) {
      const visit = await visits.findForClinician(visitId, clinicianId);
      if (!visit) throw noSuchVisit();
      return found("findForClinician", visit);
    },

    /**
     * A visit the front desk's work may touch (transfer, messages, links): any of the clinic's
     * visits for front desk, the clinician's own for a clinician; a 404 otherwise (another
     * clinic's visits do not exist), a 403 for staff with neither role.
     */
    async deskVisit(who: StaffPrincipal, visitId: string) {
      const desk = who.roles.includes("front_desk");
      if (!desk && !who.roles.includes("clinician")) {
        throw new DomainError("forbidden", "Your account is not allowed to do that.");
      }
      const visit = desk
        ? await visits.findInClinic(visitId, who.clinicId)
        : await visits.findForClinician(visitId, who.userId);
      if (!visit) throw noSuchVisit();
      return found("findInClinic", visit);
    },

    /** The clinician's own participant in a visit that has not ended, or a 404 / 409. */
    async ownedParticipant(clinicianId: string, participantId: string) {
      const p = await visits.findParticipant(participantId);
      if (!p || p.clinicianId !== clinicianId) throw new DomainError("not_found", "No such participant.");
      if (p.visitState === "ended") throw new DomainError("conflict", "This visit has already ended.");
      return found("findParticipant", p);
    },

    /** A guest acting in a visit: only their own (an id from the client is checked, never trusted). */
    guestVisit(guest: GuestPrincipal, visitId: string | undefined): string {
      if (visitId && visitId !== guest.visitId) {
        throw new DomainError("forbidden", "This link is for a different visit.");
      }
      return guest.visitId;
    },

    linkErrors,
    afterVisitErrors,
  };
}
/** The resolver over the visits implementation `V` (visits/visit.access.ts names the real one). */
export type Access<V extends VisitLookup = VisitLookup> = ReturnType<typeof createAccess<V>>;
