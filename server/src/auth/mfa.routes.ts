// Two-factor sign-in's routes (sign-in's second step, enrolment, turning it off) and the account's
// sessions (list, sign out one, sign out everywhere).
import {
  clinicSecuritySchema,
  mfaConfirmRequestSchema,
  mfaDisableRequestSchema,
  signInCodeRequestSchema,
  type SessionInfo,
} from "@bedside/shared";
import Bowser from "bowser";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Auditor } from "../audit/audit.service.js";
import { HttpError, noteActor, parseOr400 } from "../http/http.errors.js";
import type { Limits } from "../http/http.limits.js";
import type { VisitAccess } from "../visits/visit.access.js";
import {
  requireRole,
  requireSession,
  requireStaff,
  SESSION_COOKIE,
  startSession,
  userAgentOf,
} from "./auth.routes.js";
import { hashSecret, looksLikeSecret } from "./auth.secrets.js";
import type { ClinicianRepository } from "./clinician.repository.js";
import type { MfaService } from "./mfa.service.js";
import { verifyPassword } from "./password.js";
import type { SessionRepository } from "./session.repository.js";

export interface MfaRouteDeps {
  mfa: MfaService;
  clinicians: ClinicianRepository;
  sessions: SessionRepository;
  audit: Auditor;
  access: Pick<VisitAccess, "staff" | "staffSession">;
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

const sessionParams = z.object({ sessionId: z.uuid() });
const personParams = z.object({ userId: z.uuid() });
const expiredSignIn = () =>
  new HttpError(
    401,
    "unauthorized",
    "This sign-in has expired. Please enter your email and password again.",
    "expired",
  );

export function registerMfaRoutes(app: FastifyInstance, deps: MfaRouteDeps): void {
  const { mfa, clinicians, sessions, limits } = deps;

  /** The current session, even one held until two-factor is set up: the setup routes take it. */
  const anySession = async (request: FastifyRequest) => ({
    userId: (await requireSession(request, deps.access)).principal.userId,
  });
  /** A session that may act: not one that must set up two-factor first (that one gets a 403). */
  const fullSession = async (request: FastifyRequest) => ({
    userId: (await requireStaff(request, deps.access)).userId,
  });

  app.post("/api/auth/sign-in/code", { onRequest: limits.signInPerAddress }, async (request, reply) => {
    const body = parseOr400(signInCodeRequestSchema, request.body);
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
      throw new HttpError(401, "unauthorized", "That code is not right. Try the newest code from your app.");
    }
    if (!(await mfa.spendPending(body.pendingToken))) throw expiredSignIn();
    noteActor(request, `clinician:${userId}`);
    await startSession(reply, sessions, userId, deps.secureCookies, userAgentOf(request));
    return { clinician: account, mfaSetupRequired: false };
  });

  app.get("/api/auth/mfa", async (request) => mfa.status((await anySession(request)).userId));

  app.post("/api/auth/mfa/enrol", async (request) => {
    const { userId } = await anySession(request);
    const account = await clinicians.findById(userId);
    if (!account) throw new HttpError(401, "unauthorized", "Please sign in.");
    return mfa.enrol(userId, account.email);
  });

  app.post("/api/auth/mfa/confirm", async (request) => {
    const { userId } = await anySession(request);
    const { code } = parseOr400(mfaConfirmRequestSchema, request.body);
    return { recoveryCodes: await mfa.confirm(userId, code) };
  });

  app.post("/api/auth/mfa/disable", { onRequest: limits.signInPerAddress }, async (request, reply) => {
    const { userId } = await fullSession(request);
    const body = parseOr400(mfaDisableRequestSchema, request.body);
    const account = await clinicians.findById(userId);
    const stored = account && (await clinicians.findByEmail(account.email));
    if (!account || !stored) throw new HttpError(401, "unauthorized", "Please sign in.");
    // Whoever holds an open session must still know the password, and guesses are limited like sign-in's.
    limits.signInFailures.forAccount(request, account.email);
    await limits.signInFailures.check(request, reply);
    if (!(await verifyPassword(body.password, stored.password_hash))) {
      await limits.signInFailures.record(request);
      // 400, not 401: the session stands; only this request's password is wrong.
      throw new HttpError(400, "bad_request", "That password is not right.");
    }
    await mfa.disable(userId, body.code);
    return mfa.status(userId);
  });

  app.get("/api/auth/sessions", async (request) => {
    const { userId } = await fullSession(request);
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

  app.delete("/api/auth/sessions/:sessionId", async (request, reply) => {
    const { userId } = await fullSession(request);
    const { sessionId } = parseOr400(sessionParams, request.params);
    const tokenHash = await sessions.revokeById(userId, sessionId);
    if (!tokenHash) throw new HttpError(404, "not_found", "No such session.");
    deps.sessionsEnded([tokenHash]);
    const token = request.cookies[SESSION_COOKIE];
    if (token && hashSecret(token) === tokenHash) reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.post("/api/auth/sessions/sign-out-everywhere", async (request, reply) => {
    const { userId } = await fullSession(request);
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
  app.get("/api/admin/clinic/security", async (request) => {
    const admin = await requireRole(request, deps.access, "admin");
    return { mfaRequired: await mfa.clinicRequires(admin.clinicId) };
  });

  app.put("/api/admin/clinic/security", async (request) => {
    const admin = await requireRole(request, deps.access, "admin");
    const { mfaRequired } = parseOr400(clinicSecuritySchema, request.body);
    await mfa.setClinicRequires(admin.userId, admin.clinicId, mfaRequired);
    return { mfaRequired };
  });

  app.post("/api/admin/people/:userId/mfa/reset", async (request) => {
    const admin = await requireRole(request, deps.access, "admin");
    const { userId } = parseOr400(personParams, request.params);
    // Another clinic's people do not exist here.
    if (!(await mfa.inClinic(userId, admin.clinicId)))
      throw new HttpError(404, "not_found", "No such person.");
    if (userId === admin.userId) {
      throw new HttpError(403, "forbidden", "Change your own two-factor sign-in on your Security page.");
    }
    await mfa.reset(admin.userId, userId);
    // Whoever holds the lost phone may also hold a session: every one of that person's ends.
    await sessions.revokeAllOf(userId);
    deps.staffEnded(userId);
    return { ok: true };
  });
}
