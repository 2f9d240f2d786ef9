import { contract } from "@bedside/shared";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { routesOf } from "../http/http.routes.js";
import type { ClinicianRepository } from "./clinician.repository.js";
import type { MfaService } from "./mfa.service.js";
import { decoyHash, hashPassword, needsRehash, verifyPassword, type PasswordCost } from "./password.js";
import type { Limits } from "../http/http.limits.js";
import { SESSION_COOKIE, sessionOf, staffOf, type Guards } from "../access/access.guards.js";
import type { SessionRepository } from "./session.repository.js";
import { DomainError } from "../access/access.errors.js";

export interface AuthDeps {
  clinicians: ClinicianRepository;
  sessions: SessionRepository;
  guards: Pick<Guards, "session" | "staff">;
  /** Told after a session is revoked: its sockets are disconnected (socket/socket.revoke.ts). */
  signedOut?: (token: string) => void;
  secureCookies: boolean;
  limits: Pick<Limits, "signInPerAddress" | "signInFailures">;
  mfa: Pick<MfaService, "enabled" | "required" | "startSignIn">;
  /** What a new password hash costs (config.passwordHashCost). */
  passwordCost: PasswordCost;
}

/** The session cookie: httpOnly, same-site lax, secure under https. */
export const setSessionCookie = (reply: FastifyReply, token: string, expires: Date, secure: boolean) =>
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });

/** The browser that opened a session, as it said (kept to name the session in the sessions list). */
export const userAgentOf = (request: FastifyRequest) => request.headers["user-agent"]?.slice(0, 512);

/**
 * Signs an account in: a new session and its HttpOnly cookie (sign-in, setup, an accepted
 * invitation, sign-in's two-factor step). The browser is kept to name it in the sessions list.
 */
export async function startSession(
  reply: FastifyReply,
  sessions: Pick<SessionRepository, "create">,
  userId: string,
  secureCookies: boolean,
  userAgent?: string,
): Promise<void> {
  const session = await sessions.create(userId, userAgent ?? userAgentOf(reply.request));
  setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { clinicians, sessions } = deps;
  const route = routesOf(app, deps.guards);
  // An address refused for its failures is refused before its body is even read.
  const signInLimits = {
    onRequest: deps.limits.signInPerAddress,
    preValidation: deps.limits.signInFailures.check,
  };
  route(
    contract.signIn,
    async (request, reply) => {
      const body = request.body;
      const account = await clinicians.findByEmail(body.email);
      const ok = await verifyPassword(
        body.password,
        account?.password_hash ?? (await decoyHash(deps.passwordCost)),
      );
      // A deactivated account is answered exactly like a wrong password: nothing to learn from it.
      if (!account || !ok || account.deactivated_at) {
        await deps.limits.signInFailures.record(request);
        throw new DomainError("unauthorized", "That email and password do not match.");
      }
      // A hash made with weaker parameters than today's is replaced now, while we hold the password.
      if (needsRehash(account.password_hash, deps.passwordCost)) {
        await clinicians.setPasswordHash(account.id, await hashPassword(body.password, deps.passwordCost));
      }
      // With two-factor on, the password earns only a pending sign-in: the code (mfa.routes.ts) makes the session.
      if (await deps.mfa.enabled(account.id)) {
        const pending = await deps.mfa.startSignIn(account.id);
        return { twoFactor: { pendingToken: pending.token, expiresAt: pending.expiresAt.toISOString() } };
      }
      await startSession(reply, sessions, account.id, deps.secureCookies, userAgentOf(request));
      // Required and not set up: this session may only set it up (the client goes straight there).
      return {
        clinician: await clinicians.findById(account.id),
        mfaSetupRequired: await deps.mfa.required(account.id),
      };
    },
    signInLimits,
  );

  route(contract.signOut, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await sessions.revoke(token);
      deps.signedOut?.(token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  // Answered for a session held until two-factor is set up too: the client then shows the setup.
  route(contract.me, async (request) => {
    const session = sessionOf(request);
    const clinician = await clinicians.findById(session.principal.userId);
    if (!clinician) throw new DomainError("unauthorized", "Please sign in.");
    return { clinician, mfaSetupRequired: session.mfaSetupRequired };
  });

  route(contract.updateMe, async (request) => {
    const id = staffOf(request).userId;
    const clinician = await clinicians.updateSettings(id, request.body);
    if (!clinician) throw new DomainError("unauthorized", "Please sign in.");
    return { clinician };
  });
}
