// Two-factor sign-in's routes (sign-in's second step, enrolment, turning it off) and the account's
// sessions (list, sign out one, sign out everywhere).
import { contract, type SessionInfo } from "@bedside/shared";
import Bowser from "bowser";
import type { FastifyInstance } from "fastify";
import type { Auditor } from "../audit/audit.service.js";
import { routesOf } from "../http/http.routes.js";
import type { Limits } from "../http/http.limits.js";
import { startSession, userAgentOf } from "./auth.routes.js";
import { hashSecret, looksLikeSecret } from "../access/access.secrets.js";
import type { ClinicianRepository } from "./clinician.repository.js";
import type { MfaService } from "./mfa.service.js";
import { verifyPassword } from "./password.js";
import type { SessionRepository } from "./session.repository.js";
import { DomainError } from "../access/access.errors.js";
import { staffOf, sessionOf, noteActor, SESSION_COOKIE, type Guards } from "../access/access.guards.js";

export interface MfaRouteDeps {
  mfa: MfaService;
  clinicians: ClinicianRepository;
  sessions: SessionRepository;
  audit: Auditor;
  guards: Pick<Guards, "session" | "staff" | "role">;
  /** Sessions were ended: their sockets are disconnected on every instance (socket/socket.revoke.ts). */
  sessionsEnded(tokenHashes: string[]): void;
  /** Every session of an account was ended: its sockets too, on every instance. */
  staffEnded(userId: string): void;
  limits: Pick<Limits, "signInPerAddress" | "signInFailures">;
  secureCookies: boolean;
}

/** "Chrome on Linux": enough to tell one's own sessions apart, nothing more. */
export function deviceOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const p = Bowser.parse(userAgent);
  const browser = p.browser.name;
  const os = p.os.name;
  if (!browser && !os) return null;
  return browser && os ? `${browser} on ${os}` : (browser ?? os ?? null);
}

const expiredSignIn = () =>
  new DomainError(
    "unauthorized",
    "This sign-in has expired. Please enter your email and password again.",
    "expired",
  );

export function registerMfaRoutes(app: FastifyInstance, deps: MfaRouteDeps): void {
  const { mfa, clinicians, sessions, limits } = deps;

  const route = routesOf(app, deps.guards);
  // The setup routes take the current session even while it must set up two-factor (guards.session);
  // the rest take only a session that may act (guards.staff: that one gets a 403).

  route(
    contract.signInCode,
    async (request, reply) => {
      const body = request.body;
      const userId = looksLikeSecret(body.pendingToken)
        ? await mfa.pendingAttempt(body.pendingToken)
        : undefined;
      const account = userId ? await clinicians.findById(userId) : undefined;
      if (!userId || !account) {
        await limits.signInFailures.record(request);
        throw expiredSignIn();
      }
      // Wrong codes count against the account's sign-in failures (from this address), like wrong passwords.
      limits.signInFailures.forAccount(request, account.email);
      await limits.signInFailures.check(request, reply);
      if (!(await mfa.checkSignIn(userId, body))) {
        await limits.signInFailures.record(request);
        throw new DomainError("unauthorized", "That code is not right. Try the newest code from your app.");
      }
      if (!(await mfa.spendPending(body.pendingToken))) throw expiredSignIn();
      noteActor(request, `clinician:${userId}`);
      await startSession(reply, sessions, userId, deps.secureCookies, userAgentOf(request));
      return { clinician: account, mfaSetupRequired: false };
    },
    { onRequest: limits.signInPerAddress },
  );

  route(contract.mfaStatus, async (request) => mfa.status(sessionOf(request).principal.userId));

  route(contract.mfaEnrol, async (request) => {
    const userId = sessionOf(request).principal.userId;
    const account = await clinicians.findById(userId);
    if (!account) throw new DomainError("unauthorized", "Please sign in.");
    return mfa.enrol(userId, account.email);
  });

  route(contract.mfaConfirm, async (request) => {
    const userId = sessionOf(request).principal.userId;
    return { recoveryCodes: await mfa.confirm(userId, request.body.code) };
  });

  route(
    contract.mfaDisable,
    async (request, reply) => {
      const userId = staffOf(request).userId;
      const body = request.body;
      const account = await clinicians.findById(userId);
      const stored = account && (await clinicians.findByEmail(account.email));
      if (!account || !stored) throw new DomainError("unauthorized", "Please sign in.");
      // Whoever holds an open session must still know the password, and guesses are limited like sign-in's.
      limits.signInFailures.forAccount(request, account.email);
      await limits.signInFailures.check(request, reply);
      if (!(await verifyPassword(body.password, stored.password_hash))) {
        await limits.signInFailures.record(request);
        // 400, not 401: the session stands; only this request's password is wrong.
        throw new DomainError("bad_request", "That password is not right.");
      }
      await mfa.disable(userId, body.code);
      return mfa.status(userId);
    },
    { onRequest: limits.signInPerAddress },
  );

  route(contract.sessions, async (request) => {
    const userId = staffOf(request).userId;
    const token = request.cookies[SESSION_COOKIE];
    const mine = token ? hashSecret(token) : undefined;
    const rows = await sessions.listFor(userId);
    const list: SessionInfo[] = rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      lastUsedAt: r.last_used_at.toISOString(),
      device: deviceOf(r.user_agent),
      current: r.token_hash === mine,
    }));
    return { sessions: list };
  });

  route(contract.endSession, async (request, reply) => {
    const userId = staffOf(request).userId;
    const { sessionId } = request.params;
    const tokenHash = await sessions.revokeById(userId, sessionId);
    if (!tokenHash) throw new DomainError("not_found", "No such session.");
    deps.sessionsEnded([tokenHash]);
    const token = request.cookies[SESSION_COOKIE];
    if (token && hashSecret(token) === tokenHash) reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  route(contract.signOutEverywhere, async (request, reply) => {
    const userId = staffOf(request).userId;
    const ended = await sessions.revokeAllOf(userId);
    deps.sessionsEnded(ended);
    await deps.audit.record({
      visitId: null,
      actor: { kind: "clinician", id: userId },
      action: "sessions.signed-out-everywhere",
      detail: { sessions: ended.length },
    });
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true, ended: ended.length };
  });

  // The clinic's admins: its setting, and a reset for someone who lost their phone.
  route(contract.clinicSecurity, async (request) => {
    const admin = staffOf(request);
    return { mfaRequired: await mfa.clinicRequires(admin.clinicId) };
  });

  route(contract.setClinicSecurity, async (request) => {
    const admin = staffOf(request);
    const { mfaRequired } = request.body;
    await mfa.setClinicRequires(admin.userId, admin.clinicId, mfaRequired);
    return { mfaRequired };
  });

  route(contract.resetPersonMfa, async (request) => {
    const admin = staffOf(request);
    const { userId } = request.params;
    // Another clinic's people do not exist here.
    if (!(await mfa.inClinic(userId, admin.clinicId))) throw new DomainError("not_found", "No such person.");
    if (userId === admin.userId) {
      throw new DomainError("forbidden", "Change your own two-factor sign-in on your Security page.");
    }
    await mfa.reset(admin.userId, userId);
    // Whoever holds the lost phone may also hold a session: every one of that person's ends.
    await sessions.revokeAllOf(userId);
    deps.staffEnded(userId);
    return { ok: true };
  });
}
