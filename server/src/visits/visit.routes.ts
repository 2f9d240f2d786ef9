import { checkInRequestSchema, createVisitRequestSchema, guestRoleSchema } from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { requireClinician, requireRole } from "../auth/auth.routes.js";
import { bearerSecret, parseOr400 } from "../http/http.errors.js";
import type { Limits } from "../http/http.limits.js";
import type { VisitAccess } from "./visit.access.js";
import type { VisitService } from "./visit.service.js";

const visitParams = z.object({ visitId: z.uuid() });
const linkParams = visitParams.extend({ role: guestRoleSchema });
// Shape only: a malformed secret is answered like an unknown one by the service.
const joinParams = z.object({ secret: z.string().max(128) });
const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerVisitRoutes(
  app: FastifyInstance,
  deps: {
    service: VisitService;
    access: Pick<VisitAccess, "staff">;
    publicUrl: string | undefined;
    limits: Pick<Limits, "linkLookup" | "checkInPerAddress" | "checkInPerLink" | "afterVisitLink">;
  },
): void {
  const { service, access } = deps;
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;

  // A clinician books their own visit; the front desk books for a clinician of the clinic.
  app.post("/api/visits", async (request, reply) => {
    const who = await requireRole(request, access, "clinician", "front_desk");
    const body = parseOr400(createVisitRequestSchema, request.body);
    const clinicianId = await service.bookingFor(who, body.clinicianId);
    return reply.status(201).send(await service.createVisit(clinicianId, body, baseUrl(request), who.userId));
  });

  // Whom a visit can be transferred to (or created for): the clinic's clinicians.
  app.get("/api/colleagues", async (request) => {
    const who = await requireRole(request, access, "clinician", "front_desk");
    return { colleagues: await service.clinicClinicians(who.clinicId) };
  });

  // Links: the visit's clinician, or the clinic's front desk (who sends them).
  app.post("/api/visits/:visitId/links/:role", async (request, reply) => {
    const who = await requireRole(request, access, "clinician", "front_desk");
    const { visitId, role } = parseOr400(linkParams, request.params);
    return reply.status(201).send(await service.reissueLink(who, visitId, role, baseUrl(request)));
  });

  app.delete("/api/visits/:visitId/links/:role", async (request, reply) => {
    const who = await requireRole(request, access, "clinician", "front_desk");
    const { visitId, role } = parseOr400(linkParams, request.params);
    await service.revokeLinks(who, visitId, role);
    return reply.status(204).send();
  });

  const { limits } = deps;
  // The clinician sends the patient a (new) summary link, or revokes every one of them.
  app.post("/api/visits/:visitId/summary-link", async (request, reply) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    return reply.status(201).send(await service.issueSummaryLink(clinicianId, visitId, baseUrl(request)));
  });
  app.delete("/api/visits/:visitId/summary-link", async (request, reply) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    await service.revokeSummaryLinks(clinicianId, visitId);
    return reply.status(204).send();
  });
  // The patient's browser, when the visit ends: its check-in token becomes a summary link.
  app.post("/api/after-visit/link", { onRequest: limits.afterVisitLink }, async (request, reply) => {
    const token = bearerSecret(request);
    parseOr400(noBody, request.body);
    return reply.status(201).send(await service.summaryLinkForPatient(token, baseUrl(request)));
  });
  app.get("/api/join/:secret", { onRequest: limits.linkLookup }, async (request) => {
    const { secret } = parseOr400(joinParams, request.params);
    return service.joinInfo(secret);
  });

  app.post(
    "/api/join/:secret/check-in",
    { onRequest: [limits.checkInPerAddress, limits.checkInPerLink] },
    async (request, reply) => {
      const { secret } = parseOr400(joinParams, request.params);
      const body = parseOr400(checkInRequestSchema, request.body);
      return reply.status(201).send(await service.checkIn(secret, body));
    },
  );
}
