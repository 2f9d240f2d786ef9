import {
  acceptInvitationSchema,
  changePasswordSchema,
  inviteRequestSchema,
  resetCompleteSchema,
  resetRequestSchema,
  setRolesRequestSchema,
  setupRequestSchema,
  tokenRequestSchema,
} from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { requireRole, requireStaff, SESSION_COOKIE, startSession } from "./auth.routes.js";
import type { SessionRepository } from "./session.repository.js";
import { parseOr400 } from "../http/http.errors.js";
import type { Limits } from "../http/http.limits.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { AccountsService } from "./accounts.service.js";

const personParams = z.object({ userId: z.uuid() });
const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);
const invitationParams = z.object({ invitationId: z.uuid() });

export interface AccountsRouteDeps {
  service: AccountsService;
  access: Pick<VisitAccess, "staff">;
  sessions: Pick<SessionRepository, "create">;
  publicUrl: string | undefined;
  secureCookies: boolean;
  limits: Pick<Limits, "accountLinks" | "resetRequests" | "signInPerAddress">;
}

export function registerAccountsRoutes(app: FastifyInstance, deps: AccountsRouteDeps): void {
  const { service, access } = deps;
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;
  const links = { onRequest: deps.limits.accountLinks };

  // Public, with the link's secret in the body: the first admin, an invitation, a password reset.
  app.post("/api/accounts/setup/check", links, async (request) => {
    const { token } = parseOr400(tokenRequestSchema, request.body);
    return { usable: await service.setupUsable(token) };
  });
  app.post("/api/accounts/setup", links, async (request, reply) => {
    const body = parseOr400(setupRequestSchema, request.body);
    const { userId } = await service.completeSetup(body);
    await startSession(reply, deps.sessions, userId, deps.secureCookies);
    return reply.status(201).send({ ok: true });
  });
  app.post("/api/accounts/invitation", links, async (request) => {
    const { token } = parseOr400(tokenRequestSchema, request.body);
    return service.invitation(token);
  });
  app.post("/api/accounts/invitation/accept", links, async (request, reply) => {
    const body = parseOr400(acceptInvitationSchema, request.body);
    const { userId } = await service.acceptInvitation(body);
    await startSession(reply, deps.sessions, userId, deps.secureCookies);
    return reply.status(201).send({ ok: true });
  });
  app.post("/api/auth/password-reset", { onRequest: deps.limits.resetRequests }, async (request, reply) => {
    const { email } = parseOr400(resetRequestSchema, request.body);
    service.requestReset(email, baseUrl(request));
    return reply.status(202).send({
      ok: true,
      message:
        "If an account uses this email, a link to reset its password is on its way. It works for 30 minutes.",
    });
  });
  app.post("/api/auth/password-reset/complete", links, async (request) => {
    await service.completeReset(parseOr400(resetCompleteSchema, request.body));
    return { ok: true };
  });

  // Any signed-in staff member: their own password.
  app.post("/api/auth/password", { onRequest: deps.limits.signInPerAddress }, async (request) => {
    const who = await requireStaff(request, access);
    const body = parseOr400(changePasswordSchema, request.body);
    await service.changePassword(who, body, request.cookies[SESSION_COOKIE]!);
    return { ok: true };
  });

  // The clinic's admins: its people, never anyone else's.
  app.get("/api/admin/people", async (request) => {
    const admin = await requireRole(request, access, "admin");
    return service.people(admin);
  });
  app.post("/api/admin/invitations", async (request, reply) => {
    const admin = await requireRole(request, access, "admin");
    const body = parseOr400(inviteRequestSchema, request.body);
    return reply.status(201).send(await service.invite(admin, body, baseUrl(request)));
  });
  app.delete("/api/admin/invitations/:invitationId", async (request, reply) => {
    const admin = await requireRole(request, access, "admin");
    const { invitationId } = parseOr400(invitationParams, request.params);
    await service.revokeInvitation(admin, invitationId);
    return reply.status(204).send();
  });
  app.put("/api/admin/people/:userId/roles", async (request) => {
    const admin = await requireRole(request, access, "admin");
    const { userId } = parseOr400(personParams, request.params);
    const { roles } = parseOr400(setRolesRequestSchema, request.body);
    await service.setRoles(admin, userId, roles);
    return { ok: true };
  });
  app.post("/api/admin/people/:userId/deactivate", async (request) => {
    const admin = await requireRole(request, access, "admin");
    const { userId } = parseOr400(personParams, request.params);
    parseOr400(noBody, request.body);
    await service.deactivate(admin, userId);
    return { ok: true };
  });
  app.post("/api/admin/people/:userId/reactivate", async (request) => {
    const admin = await requireRole(request, access, "admin");
    const { userId } = parseOr400(personParams, request.params);
    parseOr400(noBody, request.body);
    await service.reactivate(admin, userId);
    return { ok: true };
  });
}
