import {
  bookVisitRequestSchema,
  rescheduleVisitRequestSchema,
  scheduleQuerySchema,
  type StaffPrincipal,
} from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { requireRole } from "../auth/auth.routes.js";
import { HttpError, noteActor, parseOr400 } from "../http/http.errors.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { ScheduleService } from "./schedule.service.js";

const visitParams = z.strictObject({ visitId: z.uuid() });
/** A clinician's id, or "me" for the signed-in clinician's own day. */
const clinicianParams = z.strictObject({ clinicianId: z.union([z.uuid(), z.literal("me")]) });
const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerScheduleRoutes(
  app: FastifyInstance,
  deps: { service: ScheduleService; access: Pick<VisitAccess, "staff">; publicUrl: string | undefined },
): void {
  const { service, access } = deps;
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;
  // Booking and changing a booking: a clinician (their own visits) or the clinic's front desk.
  const booker = async (request: FastifyRequest): Promise<StaffPrincipal> => {
    const who = await requireRole(request, access, "clinician", "front_desk");
    noteActor(request, who.userId);
    return who;
  };

  app.post("/api/schedule/visits", async (request, reply) => {
    const who = await booker(request);
    const body = parseOr400(bookVisitRequestSchema, request.body);
    return reply.status(201).send(await service.book(who, body, baseUrl(request)));
  });

  app.post("/api/schedule/visits/:visitId/reschedule", async (request) => {
    const who = await booker(request);
    const { visitId } = parseOr400(visitParams, request.params);
    const body = parseOr400(rescheduleVisitRequestSchema, request.body);
    return service.reschedule(who, visitId, body, baseUrl(request));
  });

  app.post("/api/schedule/visits/:visitId/cancel", async (request) => {
    const who = await booker(request);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    return service.cancel(who, visitId, baseUrl(request));
  });

  app.post("/api/schedule/visits/:visitId/resend", async (request) => {
    const who = await booker(request);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    return service.resend(who, visitId, baseUrl(request));
  });

  app.post("/api/schedule/visits/:visitId/ready", async (request, reply) => {
    const who = await booker(request);
    const { visitId } = parseOr400(visitParams, request.params);
    parseOr400(noBody, request.body);
    await service.ready(who, visitId, baseUrl(request));
    return reply.status(202).send();
  });

  // The whole clinic's day: the front desk, and admins (who run the clinic but read no clinical text).
  app.get("/api/schedule", async (request) => {
    const who = await requireRole(request, access, "front_desk", "admin");
    noteActor(request, who.userId);
    const query = parseOr400(scheduleQuerySchema, request.query);
    return service.schedule(who, {}, query);
  });

  // One clinician's day: their own, or any of the clinic's for the front desk and admins.
  app.get("/api/schedule/clinicians/:clinicianId", async (request) => {
    const who = await requireRole(request, access, "clinician", "front_desk", "admin");
    noteActor(request, who.userId);
    const { clinicianId: asked } = parseOr400(clinicianParams, request.params);
    const query = parseOr400(scheduleQuerySchema, request.query);
    const clinicianId = asked === "me" ? who.userId : asked;
    const staff = who.roles.includes("front_desk") || who.roles.includes("admin");
    if (clinicianId !== who.userId && !staff) {
      throw new HttpError(403, "forbidden", "A clinician sees their own schedule.");
    }
    // Another clinic's clinician has no visits here: the query is scoped to the caller's clinic.
    return service.schedule(who, { clinicianId }, query);
  });
}
