import { contract } from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";

import type { Limits } from "../http/http.limits.js";
import { routesOf } from "../http/http.routes.js";
import type { VisitService } from "./visit.service.js";
import { clinicianIdOf, staffOf, bearerSecret, type Guards } from "../access/access.guards.js";

export function registerVisitRoutes(
  app: FastifyInstance,
  deps: {
    service: VisitService;
    guards: Guards;
    publicUrl: string | undefined;
    limits: Pick<Limits, "linkLookup" | "checkInPerAddress" | "checkInPerLink" | "afterVisitLink">;
  },
): void {
  const { service, guards } = deps;
  const route = routesOf(app, guards);
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;

  // A clinician books their own visit; the front desk books for a clinician of the clinic.
  route(contract.createVisit, async (request, reply) => {
    const who = staffOf(request);
    const clinicianId = await service.bookingFor(who, request.body.clinicianId);
    return reply
      .status(201)
      .send(await service.createVisit(clinicianId, request.body, baseUrl(request), who.userId));
  });

  // Whom a visit can be transferred to (or created for): the clinic's clinicians.
  route(contract.colleagues, async (request) => {
    const who = staffOf(request);
    return { colleagues: await service.clinicClinicians(who.clinicId) };
  });

  // Links: the visit's clinician, or the clinic's front desk (who sends them).
  route(contract.reissueLink, async (request, reply) => {
    const who = staffOf(request);
    const { visitId, role } = request.params;
    return reply.status(201).send(await service.reissueLink(who, visitId, role, baseUrl(request)));
  });

  route(contract.revokeLink, async (request, reply) => {
    const who = staffOf(request);
    const { visitId, role } = request.params;
    await service.revokeLinks(who, visitId, role);
    return reply.status(204).send();
  });

  const { limits } = deps;
  // The clinician sends the patient a (new) summary link, or revokes every one of them.
  route(contract.issueSummaryLink, async (request, reply) => {
    const clinicianId = clinicianIdOf(request);
    return reply
      .status(201)
      .send(await service.issueSummaryLink(clinicianId, request.params.visitId, baseUrl(request)));
  });
  route(contract.revokeSummaryLinks, async (request, reply) => {
    const clinicianId = clinicianIdOf(request);
    await service.revokeSummaryLinks(clinicianId, request.params.visitId);
    return reply.status(204).send();
  });
  // The patient's browser, when the visit ends: its check-in token becomes a summary link. The
  // token is read before the (empty) body is checked: without one, a 401 whatever the body.
  route(
    contract.summaryLinkForPatient,
    async (request, reply) => {
      const token = bearerSecret(request);
      return reply.status(201).send(await service.summaryLinkForPatient(token, baseUrl(request)));
    },
    {
      onRequest: limits.afterVisitLink,
      preValidation: async (request) => void bearerSecret(request),
    },
  );
  route(contract.joinInfo, async (request) => service.joinInfo(request.params.secret), {
    onRequest: limits.linkLookup,
  });

  route(
    contract.checkIn,
    async (request, reply) =>
      reply.status(201).send(await service.checkIn(request.params.secret, request.body)),
    { onRequest: [limits.checkInPerAddress, limits.checkInPerLink] },
  );
}
