import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireClinician } from "../auth/auth.routes.js";
import { parseOr400 } from "../http/http.errors.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { ChatService } from "./chat.service.js";

const visitParams = z.object({ visitId: z.uuid() });

export function registerChatRoutes(
  app: FastifyInstance,
  deps: { access: Pick<VisitAccess, "staff">; service: Pick<ChatService, "review"> },
): void {
  // The clinician's own visit: its chat for the review page, each read in the audit trail.
  app.get("/api/visits/:visitId/chat", async (request) => {
    const clinicianId = await requireClinician(request, deps.access);
    const { visitId } = parseOr400(visitParams, request.params);
    return deps.service.review(clinicianId, visitId);
  });
}
