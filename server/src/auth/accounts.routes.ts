import { contract } from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { startSession } from "./auth.routes.js";
import type { SessionRepository } from "./session.repository.js";
import { routesOf } from "../http/http.routes.js";
import type { Limits } from "../http/http.limits.js";
import type { AccountsService } from "./accounts.service.js";
import { staffOf, SESSION_COOKIE, type Guards } from "../access/access.guards.js";

export interface AccountsRouteDeps {
  service: AccountsService;
  guards: Guards;
  sessions: Pick<SessionRepository, "create">;
  publicUrl: string | undefined;
  secureCookies: boolean;
  limits: Pick<Limits, "accountLinks" | "resetRequests" | "signInPerAddress">;
}

export function registerAccountsRoutes(app: FastifyInstance, deps: AccountsRouteDeps): void {
  const { service } = deps;
  const route = routesOf(app, deps.guards);
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;
  const links = { onRequest: deps.limits.accountLinks };

  // Public, with the link's secret in the body: the first admin, an invitation, a password reset.
  route(
    contract.setupCheck,
    async (request) => ({ usable: await service.setupUsable(request.body.token) }),
    links,
  );
  route(
    contract.setup,
    async (request, reply) => {
      const { userId } = await service.completeSetup(request.body);
      await startSession(reply, deps.sessions, userId, deps.secureCookies);
      return reply.status(201).send({ ok: true });
    },
    links,
  );
  route(contract.invitation, async (request) => service.invitation(request.body.token), links);
  route(
    contract.acceptInvitation,
    async (request, reply) => {
      const { userId } = await service.acceptInvitation(request.body);
      await startSession(reply, deps.sessions, userId, deps.secureCookies);
      return reply.status(201).send({ ok: true });
    },
    links,
  );
  route(
    contract.passwordReset,
    async (request, reply) => {
      service.requestReset(request.body.email, baseUrl(request));
      return reply.status(202).send({
        ok: true,
        message:
          "If an account uses this email, a link to reset its password is on its way. It works for 30 minutes.",
      });
    },
    { onRequest: deps.limits.resetRequests },
  );
  route(
    contract.completePasswordReset,
    async (request) => {
      await service.completeReset(request.body);
      return { ok: true };
    },
    links,
  );

  // Any signed-in staff member: their own password.
  route(
    contract.changePassword,
    async (request) => {
      await service.changePassword(staffOf(request), request.body, request.cookies[SESSION_COOKIE]!);
      return { ok: true };
    },
    { onRequest: deps.limits.signInPerAddress },
  );

  // The clinic's admins: its people, never anyone else's.
  route(contract.people, async (request) => service.people(staffOf(request)));
  route(contract.invite, async (request, reply) =>
    reply.status(201).send(await service.invite(staffOf(request), request.body, baseUrl(request))),
  );
  route(contract.revokeInvitation, async (request, reply) => {
    await service.revokeInvitation(staffOf(request), request.params.invitationId);
    return reply.status(204).send();
  });
  route(contract.setRoles, async (request) => {
    await service.setRoles(staffOf(request), request.params.userId, request.body.roles);
    return { ok: true };
  });
  route(contract.deactivate, async (request) => {
    await service.deactivate(staffOf(request), request.params.userId);
    return { ok: true };
  });
  route(contract.reactivate, async (request) => {
    await service.reactivate(staffOf(request), request.params.userId);
    return { ok: true };
  });
}
