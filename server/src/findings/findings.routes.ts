import { contract } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import type { Limits } from "../http/http.limits.js";
import { routesOf } from "../http/http.routes.js";
import type { VisitGuards } from "../visits/visit.access.js";
import type { FindingsService } from "./findings.service.js";
import { clinicianIdOf } from "../access/access.guards.js";

export function registerFindingsRoutes(
  app: FastifyInstance,
  deps: {
    service: FindingsService;
    guards: VisitGuards;
    limits: Pick<Limits, "afterVisit">;
  },
): void {
  const { service, guards } = deps;
  const route = routesOf(app, guards);

  // Clinician: session cookie, and only the visit's own clinician (others get a 404).
  route(contract.review, async (request) => service.review(clinicianIdOf(request), request.params.visitId));

  route(contract.extractFindings, async (request) =>
    service.extract(clinicianIdOf(request), request.params.visitId),
  );

  route(contract.addFinding, async (request, reply) =>
    reply.status(201).send(await service.add(clinicianIdOf(request), request.params.visitId, request.body)),
  );

  route(contract.editFinding, async (request) => {
    const { visitId, findingId } = request.params;
    return service.edit(clinicianIdOf(request), visitId, findingId, request.body);
  });

  route(contract.setFindingStatus, async (request) => {
    const { visitId, findingId } = request.params;
    return service.setStatus(clinicianIdOf(request), visitId, findingId, request.body.status);
  });

  // What the patient will read if released now: the same document, composed the same way.
  route(contract.preview, async (request) => service.preview(clinicianIdOf(request), request.params.visitId));

  route(contract.release, async (request) => service.release(clinicianIdOf(request), request.params.visitId));

  route(contract.questions, async (request) => ({
    questions: await service.questions(clinicianIdOf(request), request.params.visitId),
  }));

  route(contract.questionsSeen, async (request, reply) => {
    await service.questionsSeen(clinicianIdOf(request), request.params.visitId);
    return reply.code(204).send();
  });

  route(contract.feedbackSummary, async (request) => service.feedbackAggregate(clinicianIdOf(request)));

  // Patient: bearer summary link; the access resolver admits the patient role only.
  const limited = { onRequest: deps.limits.afterVisit };
  const { readerOf } = guards;
  route(contract.afterVisit, async (request) => service.summary(readerOf(request)), limited);

  route(
    contract.askQuestion,
    async (request, reply) => reply.status(201).send(await service.ask(readerOf(request), request.body)),
    limited,
  );

  route(
    contract.submitFeedback,
    async (request, reply) =>
      reply.status(201).send(await service.submitFeedback(readerOf(request), request.body)),
    limited,
  );
}
