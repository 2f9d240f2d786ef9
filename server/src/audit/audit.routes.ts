import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireClinician } from "../auth/auth.routes.js";
import { parseOr400 } from "../http/http.errors.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { AuditService } from "./audit.service.js";

const visitParams = z.object({ visitId: z.uuid() });

export function registerAuditRoutes(
  app: FastifyInstance,
  deps: { access: Pick<VisitAccess, "staff">; service: Pick<AuditService, "trail"> },
): void {
  // The clinician's own visits only: who read, changed, released, shared or deleted what, and when.
  app.get("/api/visits/:visitId/audit", async (request) => {
    const clinicianId = await requireClinician(request, deps.access);
    const { visitId } = parseOr400(visitParams, request.params);
    return deps.service.trail(clinicianId, visitId);
  });
}
