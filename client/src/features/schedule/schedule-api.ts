import {
  bookVisitResponseSchema,
  resendLinkResponseSchema,
  scheduledVisitSchema,
  scheduleSchema,
  visitDeliveriesSchema,
  type BookVisitRequest,
  type BookVisitResponse,
  type RescheduleVisitRequest,
  type ResendLinkResponse,
  type Schedule,
  type ScheduledVisit,
  type VisitDeliveries,
} from "@bedside/shared";
import { api } from "../../lib/api";

/** Whose day: the signed-in clinician's own visits, or the whole clinic's (front desk, admin). */
export type ScheduleScope = "mine" | "clinic";

// Every path of issue 28's routes the client calls, in one place. Each answer is parsed by its
// shared schema: a server that answers something else is an error here, not a broken screen.
const booked = (id: string) => `/api/schedule/visits/${encodeURIComponent(id)}`;

export const scheduleApi = {
  book: async (input: BookVisitRequest): Promise<BookVisitResponse> =>
    bookVisitResponseSchema.parse(await api("/api/schedule/visits", { body: input })),

  day: async (scope: ScheduleScope, query: { day?: string; timeZone: string }): Promise<Schedule> => {
    const qs = new URLSearchParams({ timeZone: query.timeZone, ...(query.day ? { day: query.day } : {}) });
    const path = scope === "clinic" ? "/api/schedule" : "/api/schedule/clinicians/me";
    return scheduleSchema.parse(await api(`${path}?${qs.toString()}`));
  },

  reschedule: async (visitId: string, input: RescheduleVisitRequest): Promise<ScheduledVisit> =>
    scheduledVisitSchema.parse(await api(`${booked(visitId)}/reschedule`, { body: input })),

  cancel: async (visitId: string): Promise<ScheduledVisit> =>
    scheduledVisitSchema.parse(await api(`${booked(visitId)}/cancel`, { body: {} })),

  resend: async (visitId: string): Promise<ResendLinkResponse> =>
    resendLinkResponseSchema.parse(await api(`${booked(visitId)}/resend`, { body: {} })),

  deliveries: async (visitId: string): Promise<VisitDeliveries> =>
    visitDeliveriesSchema.parse(await api(`/api/visits/${encodeURIComponent(visitId)}/messages`)),

  /** "The clinician is ready for you" to a patient not connected yet (202, no body). */
  ready: async (visitId: string): Promise<void> => {
    await api(`${booked(visitId)}/ready`, { body: {} });
  },
};
