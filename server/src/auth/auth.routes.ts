import {
  clinicianSettingsSchema,
  signInRequestSchema,
  type StaffPrincipal,
  type StaffRole,
} from "@bedside/shared";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError, noteActor, parseOr400 } from "../http/http.errors.js";
import type { ClinicianRepository } from "./clinician.repository.js";
import type { MfaService } from "./mfa.service.js";
import { decoyHash, hashPassword, needsRehash, verifyPassword, type PasswordCost } from "./password.js";
import type { Limits } from "../http/http.limits.js";
import type { StaffSession, VisitAccess } from "../visits/visit.access.js";
import type { SessionRepository } from "./session.repository.js";

export const SESSION_COOKIE = "bedside_session";

export interface AuthDeps {
  clinicians: ClinicianRepository;
  sessions: SessionRepository;
  access: Pick<VisitAccess, "staff" | "staffSession">;
  /** Told after a session is revoked: its sockets are disconnected (socket/socket.revoke.ts). */
  signedOut?: (token: string) => void;
  secureCookies: boolean;
  limits: Pick<Limits, "signInPerAddress" | "signInFailures">;
  mfa: Pick<MfaService, "enabled" | "required" | "startSignIn">;
  /** What a new password hash costs (config.passwordHashCost). */
  passwordCost: PasswordCost;
}

type StaffAccess = Pick<VisitAccess, "staff">;

/**
 * The current session, even one held until two-factor is set up (only the routes that set it up,
 * sign-out and `GET /api/auth/me` take such a session), or a 401.
 */
export async function requireSession(
  request: FastifyRequest,
  access: Pick<VisitAccess, "staffSession">,
): Promise<StaffSession> {
  const s = await access.staffSession(request.cookies[SESSION_COOKIE]);
  if (!s) throw new HttpError(401, "unauthorized", "Please sign in.");
  noteActor(request, `clinician:${s.principal.userId}`);
  return s;
}

/**
 * The signed-in staff member (any role) with their clinic and roles, or a 401; a 403 while the
 * account must set up two-factor sign-in first.
 */
export async function requireStaff(request: FastifyRequest, access: StaffAccess): Promise<StaffPrincipal> {
  const who = await access.staff(request.cookies[SESSION_COOKIE]);
  if (!who) throw new HttpError(401, "unauthorized", "Please sign in.");
  noteActor(request, `clinician:${who.userId}`);
  return who;
}

/**
 * The signed-in staff member if they hold at least one of `roles`, else a 401 (not signed in) or
 * a 403 (signed in without the role). Every staff route declares its roles through this.
 */
export async function requireRole(
  request: FastifyRequest,
  access: StaffAccess,
  ...roles: [StaffRole, ...StaffRole[]]
): Promise<StaffPrincipal> {
  const who = await requireStaff(request, access);
  if (!roles.some((r) => who.roles.includes(r))) {
    throw new HttpError(403, "forbidden", "Your account is not allowed to do that.");
  }
  return who;
}

/** The signed-in clinician's id (the account must hold the clinician role), or a 401 / 403. */
export async function requireClinician(request: FastifyRequest, access: StaffAccess): Promise<string> {
  return (await requireRole(request, access, "clinician")).userId;
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
  const signInLimits = {
    onRequest: deps.limits.signInPerAddress,
    preHandler: deps.limits.signInFailures.check,
  };
  app.post("/api/auth/sign-in", signInLimits, async (request, reply) => {
    const body = parseOr400(signInRequestSchema, request.body);
    const account = await clinicians.findByEmail(body.email);
    const ok = await verifyPassword(
      body.password,
      account?.password_hash ?? (await decoyHash(deps.passwordCost)),
    );
    // A deactivated account is answered exactly like a wrong password: nothing to learn from it.
    if (!account || !ok || account.deactivated_at) {
      await deps.limits.signInFailures.record(request);
      throw new HttpError(401, "unauthorized", "That email and password do not match.");
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
  });

  app.post("/api/auth/sign-out", async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await sessions.revoke(token);
      deps.signedOut?.(token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.get("/api/auth/me", async (request) => {
    // Answered for a session held until two-factor is set up too: the client then shows the setup.
    const session = await requireSession(request, deps.access);
    const clinician = await clinicians.findById(session.principal.userId);
    if (!clinician) throw new HttpError(401, "unauthorized", "Please sign in.");
    return { clinician, mfaSetupRequired: session.mfaSetupRequired };
  });

  app.patch("/api/auth/me", async (request) => {
    const id = (await requireStaff(request, deps.access)).userId;
    const settings = parseOr400(clinicianSettingsSchema, request.body);
    const clinician = await clinicians.updateSettings(id, settings);
    if (!clinician) throw new HttpError(401, "unauthorized", "Please sign in.");
    return { clinician };
  });
}
