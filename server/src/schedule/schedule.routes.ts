import { contract, type StaffPrincipal } from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";

import { routesOf } from "../http/http.routes.js";
import type { ScheduleService } from "./schedule.service.js";
import { DomainError } from "../access/access.errors.js";
import { staffOf, noteActor, type Guards } from "../access/access.guards.js";

export function registerScheduleRoutes(
  app: FastifyInstance,
  deps: { service: ScheduleService; guards: Guards; publicUrl: string | undefined },
): void {
  const { service, guards } = deps;
  const route = routesOf(app, guards);
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;
  // Booking and changing a booking: a clinician (their own visits) or the clinic's front desk.
  const booker = (request: FastifyRequest): StaffPrincipal => {
    const who = staffOf(request);
    noteActor(request, who.userId);
    return who;
  };

  route(contract.book, async (request, reply) =>
    reply.status(201).send(await service.book(booker(request), request.body, baseUrl(request))),
  );

  route(contract.reschedule, async (request) =>
    service.reschedule(booker(request), request.params.visitId, request.body, baseUrl(request)),
  );

  route(contract.cancelBooking, async (request) =>
    service.cancel(booker(request), request.params.visitId, baseUrl(request)),
  );

  route(contract.resendLink, async (request) =>
    service.resend(booker(request), request.params.visitId, baseUrl(request)),
  );

  route(contract.ready, async (request, reply) => {
    await service.ready(booker(request), request.params.visitId, baseUrl(request));
    return reply.status(202).send();
  });

  // The whole clinic's day: the front desk, and admins (who run the clinic but read no clinical text).
  route(contract.clinicSchedule, async (request) => {
    const who = staffOf(request);
    noteActor(request, who.userId);
    return service.schedule(who, {}, request.query);
  });

  // One clinician's day: their own, or any of the clinic's for the front desk and admins.
  route(contract.clinicianSchedule, async (request) => {
    const who = staffOf(request);
    noteActor(request, who.userId);
    const asked = request.params.clinicianId;
    const clinicianId = asked === "me" ? who.userId : asked;
    const staff = who.roles.includes("front_desk") || who.roles.includes("admin");
    if (clinicianId !== who.userId && !staff) {
      throw new DomainError("forbidden", "A clinician sees their own schedule.");
    }
    // Another clinic's clinician has no visits here: the query is scoped to the caller's clinic.
    return service.schedule(who, { clinicianId }, request.query);
  });
}
