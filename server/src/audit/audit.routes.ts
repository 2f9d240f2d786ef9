import { contract } from "@bedside/shared";
import type { FastifyInstance } from "fastify";

import { routesOf } from "../http/http.routes.js";
import type { AuditService } from "./audit.service.js";
import { clinicianIdOf, type Guards } from "../access/access.guards.js";

export function registerAuditRoutes(
  app: FastifyInstance,
  deps: { guards: Guards; service: Pick<AuditService, "trail"> },
): void {
  // The clinician's own visits only: who read, changed, released, shared or deleted what, and when.
  routesOf(app, deps.guards)(contract.auditTrail, async (request) =>
    deps.service.trail(clinicianIdOf(request), request.params.visitId),
  );
}
