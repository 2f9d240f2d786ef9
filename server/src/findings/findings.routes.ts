import {
  addFindingRequestSchema,
  askQuestionRequestSchema,
  editFindingRequestSchema,
  setFindingStatusRequestSchema,
  submitFeedbackRequestSchema,
} from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { requireClinician } from "../auth/auth.routes.js";
import { bearerSecret, noteActor, parseOr400 } from "../http/http.errors.js";
import type { Limits } from "../http/http.limits.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { FindingsService } from "./findings.service.js";

const visitParams = z.object({ visitId: z.uuid() });
const findingParams = visitParams.extend({ findingId: z.uuid() });
const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerFindingsRoutes(
  app: FastifyInstance,
  deps: {
    service: FindingsService;
    access: Pick<VisitAccess, "staff" | "afterVisitPatient">;
    limits: Pick<Limits, "afterVisit">;
  },
): void {
  const { service, access } = deps;

  // Clinician: session cookie, and only the visit's own clinician (others get a 404).
  app.get("/api/visits/:visitId/review", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    return service.review(clinicianId, visitId);
  });

  app.post("/api/visits/:visitId/findings/extract", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    return service.extract(clinicianId, visitId);
  });

  app.post("/api/visits/:visitId/findings", async (request, reply) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    const body = parseOr400(addFindingRequestSchema, request.body);
    return reply.status(201).send(await service.add(clinicianId, visitId, body));
  });

  app.patch("/api/visits/:visitId/findings/:findingId", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId, findingId } = parseOr400(findingParams, request.params);
    const body = parseOr400(editFindingRequestSchema, request.body);
    return service.edit(clinicianId, visitId, findingId, body);
  });

  app.put("/api/visits/:visitId/findings/:findingId/status", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId, findingId } = parseOr400(findingParams, request.params);
    const { status } = parseOr400(setFindingStatusRequestSchema, request.body);
    return service.setStatus(clinicianId, visitId, findingId, status);
  });

  // What the patient will read if released now: the same document, composed the same way.
  app.get("/api/visits/:visitId/preview", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    return service.preview(clinicianId, visitId);
  });

  app.post("/api/visits/:visitId/release", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    return service.release(clinicianId, visitId);
  });

  app.get("/api/visits/:visitId/questions", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    return { questions: await service.questions(clinicianId, visitId) };
  });

  app.put("/api/visits/:visitId/questions/seen", async (request, reply) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    await service.questionsSeen(clinicianId, visitId);
    return reply.code(204).send();
  });

  app.get("/api/feedback/summary", async (request) => {
    const clinicianId = await requireClinician(request, access);
    return service.feedbackAggregate(clinicianId);
  });

  // Patient: bearer participant secret; the service admits the patient role only.
  const guessing = { onRequest: deps.limits.afterVisit };
  /** The summary link's patient, noted on the request so its log line says who and which visit. */
  const reader = async (request: FastifyRequest) => {
    const g = await deps.access.afterVisitPatient(bearerSecret(request));
    noteActor(request, `patient:${g.id}`, g.visitId);
    return g;
  };
  app.get("/api/after-visit", guessing, async (request) => service.summary(await reader(request)));

  app.post("/api/after-visit/questions", guessing, async (request, reply) => {
    const g = await reader(request);
    const body = parseOr400(askQuestionRequestSchema, request.body);
    return reply.status(201).send(await service.ask(g, body));
  });

  app.post("/api/after-visit/feedback", guessing, async (request, reply) => {
    const g = await reader(request);
    const body = parseOr400(submitFeedbackRequestSchema, request.body);
    return reply.status(201).send(await service.submitFeedback(g, body));
  });
}
