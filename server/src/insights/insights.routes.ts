import { contract, type PresenceInsights } from "@bedside/shared";
import type { FastifyInstance } from "fastify";

import { routesOf } from "../http/http.routes.js";
import type { TranscriptService } from "../transcripts/transcript.service.js";
import type { VisitAccess } from "../visits/visit.access.js";
import { computeInsights } from "./insights.js";
import { DomainError } from "../access/access.errors.js";
import { clinicianIdOf, type Guards } from "../access/access.guards.js";

/**
 * Presence insights: the clinician's alone (session cookie, own visit), after the visit has ended.
 * No patient route reads them, and the after-visit summary does not include them.
 */
export function registerInsightsRoutes(
  app: FastifyInstance,
  deps: {
    guards: Guards;
    access: Pick<VisitAccess, "ownedVisit">;
    transcripts: Pick<TranscriptService, "speech">;
  },
): void {
  routesOf(app, deps.guards)(contract.insights, async (request): Promise<PresenceInsights> => {
    const clinicianId = clinicianIdOf(request);
    const { visitId } = request.params;
    const visit = await deps.access.ownedVisit(clinicianId, visitId);
    if (visit.state !== "ended") {
      throw new DomainError("conflict", "Insights are shown once the visit has ended.");
    }
    const speech = await deps.transcripts.speech(visitId);
    const i = computeInsights(speech);
    return {
      talkMs: i.talkMs,
      talkShare: i.talkShare,
      patientSpeechBeforeFirstInterruptionMs: i.patientSpeechBeforeFirstInterruptionMs,
      interrupted: i.interrupted,
      interruptions: i.interruptions,
      segments: speech.length,
    };
  });
}
