import type { PresenceInsights } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireClinician } from "../auth/auth.routes.js";
import { HttpError, parseOr400 } from "../http/http.errors.js";
import type { TranscriptService } from "../transcripts/transcript.service.js";
import type { VisitAccess } from "../visits/visit.access.js";
import { computeInsights } from "./insights.js";

const visitParams = z.object({ visitId: z.uuid() });

/**
 * Presence insights: the clinician's alone (session cookie, own visit), after the visit has ended.
 * No patient route reads them, and the after-visit summary does not include them.
 */
export function registerScribeRoutes(
  app: FastifyInstance,
  deps: {
    access: Pick<VisitAccess, "staff" | "ownedVisit">;
    transcripts: Pick<TranscriptService, "speech">;
  },
): void {
  app.get("/api/visits/:visitId/insights", async (request): Promise<PresenceInsights> => {
    const clinicianId = await requireClinician(request, deps.access);
    const { visitId } = parseOr400(visitParams, request.params);
    const visit = await deps.access.ownedVisit(clinicianId, visitId);
    if (visit.state !== "ended") {
      throw new HttpError(409, "conflict", "Insights are shown once the visit has ended.");
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
