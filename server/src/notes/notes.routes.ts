import { contract } from "@bedside/shared";
import type { FastifyInstance } from "fastify";

import { routesOf } from "../http/http.routes.js";
import type { NotesService } from "./notes.service.js";
import { clinicianIdOf, type Guards } from "../access/access.guards.js";

/** The clinical note and the FHIR export: session cookie, the visit's own clinician only (others get 404). */
export function registerNotesRoutes(
  app: FastifyInstance,
  deps: { service: NotesService; guards: Guards },
): void {
  const { service } = deps;
  const route = routesOf(app, deps.guards);

  route(contract.note, async (request) => service.get(clinicianIdOf(request), request.params.visitId));

  route(contract.saveNote, async (request) =>
    service.save(clinicianIdOf(request), request.params.visitId, request.body.note),
  );

  route(contract.redraftNote, async (request) =>
    service.redraft(clinicianIdOf(request), request.params.visitId),
  );

  route(contract.signNote, async (request) =>
    service.save(clinicianIdOf(request), request.params.visitId, request.body.note, true),
  );

  route(contract.fhir, async (request, reply) => {
    const { visitId } = request.params;
    const bundle = await service.fhir(clinicianIdOf(request), visitId);
    return reply
      .type("application/fhir+json; charset=utf-8")
      .header("content-disposition", `attachment; filename="visit-${visitId}.fhir.json"`)
      .send(JSON.stringify(bundle));
  });
}
