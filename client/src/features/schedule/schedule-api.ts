import {
  contract,
  type BookVisitRequest,
  type BookVisitResponse,
  type RescheduleVisitRequest,
  type ResendLinkResponse,
  type Schedule,
  type ScheduledVisit,
  type VisitDeliveries,
} from "@bedside/shared";
import { call } from "../../lib/api";

/** Whose day: the signed-in clinician's own visits, or the whole clinic's (front desk, admin). */
export type ScheduleScope = "mine" | "clinic";

// Issue 28's routes, called through the shared route contract: each path, method and answer schema
// comes from it, so a server that answers something else is an error here, not a broken screen.
export const scheduleApi = {
  book: async (input: BookVisitRequest): Promise<BookVisitResponse> =>
    await call(contract.book, { body: input }),

  day: async (scope: ScheduleScope, query: { day?: string; timeZone: string }): Promise<Schedule> => {
    const q = { timeZone: query.timeZone, ...(query.day ? { day: query.day } : {}) };
    return scope === "clinic"
      ? await call(contract.clinicSchedule, { query: q })
      : await call(contract.clinicianSchedule, { params: { clinicianId: "me" }, query: q });
  },

  reschedule: async (visitId: string, input: RescheduleVisitRequest): Promise<ScheduledVisit> =>
    await call(contract.reschedule, { params: { visitId }, body: input }),

  cancel: async (visitId: string): Promise<ScheduledVisit> =>
    await call(contract.cancelBooking, { params: { visitId }, body: {} }),

  resend: async (visitId: string): Promise<ResendLinkResponse> =>
    await call(contract.resendLink, { params: { visitId }, body: {} }),

  deliveries: async (visitId: string): Promise<VisitDeliveries> =>
    await call(contract.deliveries, { params: { visitId } }),

  /** "The clinician is ready for you" to a patient not connected yet (202, no body). */
  ready: async (visitId: string): Promise<void> => {
    await call(contract.ready, { params: { visitId }, body: {} });
  },
};
