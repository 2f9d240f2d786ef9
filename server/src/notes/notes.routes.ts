import { saveNoteRequestSchema } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireClinician } from "../auth/auth.routes.js";
import { parseOr400 } from "../http/http.errors.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { NotesService } from "./notes.service.js";

const visitParams = z.object({ visitId: z.uuid() });
const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

/** The clinical note and the FHIR export: session cookie, the visit's own clinician only (others get 404). */
export function registerNotesRoutes(
  app: FastifyInstance,
  deps: { service: NotesService; access: Pick<VisitAccess, "staff"> },
): void {
  const { service, access } = deps;

  app.get("/api/visits/:visitId/note", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    return service.get(clinicianId, visitId);
  });

  app.put("/api/visits/:visitId/note", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    const { note } = parseOr400(saveNoteRequestSchema, request.body);
    return service.save(clinicianId, visitId, note);
  });

  app.post("/api/visits/:visitId/note/draft", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    return service.redraft(clinicianId, visitId);
  });

  app.post("/api/visits/:visitId/note/sign", async (request) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    const { note } = parseOr400(saveNoteRequestSchema, request.body);
    return service.save(clinicianId, visitId, note, true);
  });

  app.get("/api/visits/:visitId/fhir", async (request, reply) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    const bundle = await service.fhir(clinicianId, visitId);
    return reply
      .type("application/fhir+json; charset=utf-8")
      .header("content-disposition", `attachment; filename="visit-${visitId}.fhir.json"`)
      .send(JSON.stringify(bundle));
  });
}
