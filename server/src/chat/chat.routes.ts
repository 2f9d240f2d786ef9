import { contract } from "@bedside/shared";
import type { FastifyInstance } from "fastify";

import { routesOf } from "../http/http.routes.js";
import type { ChatService } from "./chat.service.js";
import { clinicianIdOf, type Guards } from "../access/access.guards.js";

export function registerChatRoutes(
  app: FastifyInstance,
  deps: { guards: Guards; service: Pick<ChatService, "review"> },
): void {
  // The clinician's own visit: its chat for the review page, each read in the audit trail.
  routesOf(app, deps.guards)(contract.chat, async (request) =>
    deps.service.review(clinicianIdOf(request), request.params.visitId),
  );
}
