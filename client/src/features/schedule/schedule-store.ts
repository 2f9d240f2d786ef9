import type {
  BookVisitRequest,
  BookVisitResponse,
  RescheduleVisitRequest,
  ResendLinkResponse,
  Schedule,
  VisitDeliveries,
} from "@bedside/shared";
import { create } from "zustand";
import { scheduleApi, type ScheduleScope } from "./schedule-api";
import { localTimeZone } from "../../lib/time-zone";

export type ScheduleAction = "load" | "reschedule" | "cancel" | "resend" | "ready";

interface ScheduleState {
  scope: ScheduleScope | undefined;
  /** The day shown (YYYY-MM-DD, clinic time); undefined: today. */
  day: string | undefined;
  schedule: Schedule | undefined;
  /** Each visit's messages and what became of them; absent until fetched (or if that failed). */
  deliveries: Record<string, VisitDeliveries>;
  /** The last load or action that failed, with the server's words; cleared on the next. */
  failure: { action: ScheduleAction; visitId?: string; message: string } | undefined;
  load(scope: ScheduleScope): Promise<void>;
  /** Shows another day (undefined: today) and reads it. */
  showDay(day: string | undefined): Promise<void>;
  /** Throws on refusal: the booking form shows why beside its fields. */
  book(input: BookVisitRequest): Promise<BookVisitResponse>;
  reschedule(visitId: string, input: RescheduleVisitRequest): Promise<boolean>;
  cancel(visitId: string): Promise<boolean>;
  resend(visitId: string): Promise<ResendLinkResponse | undefined>;
  /** Tells a patient who is not connected yet that the clinician is ready for them. */
  ready(visitId: string): Promise<boolean>;
  dismissFailure(): void;
}

export const useScheduleStore = create<ScheduleState>()((set, get) => {
  /** The deliveries of the day's visits that have someone to contact, fetched side by side. */
  async function loadDeliveries(schedule: Schedule) {
    const withContact = schedule.entries.filter((e) => e.contact.email ?? e.contact.phone);
    const results = await Promise.allSettled(
      withContact.map(async (e) => [e.id, await scheduleApi.deliveries(e.id)] as const),
    );
    const fresh: Record<string, VisitDeliveries> = {};
    // One visit's list that cannot be read leaves that visit without a delivery line, not the day empty.
    for (const r of results) if (r.status === "fulfilled") fresh[r.value[0]] = r.value[1];
    set({ deliveries: fresh });
  }

  async function act<T>(
    action: ScheduleAction,
    visitId: string,
    run: () => Promise<T>,
  ): Promise<T | undefined> {
    set({ failure: undefined });
    try {
      const result = await run();
      const scope = get().scope;
      if (scope) await get().load(scope);
      return result;
    } catch (err) {
      set({ failure: { action, visitId, message: (err as Error).message } });
      return undefined;
    }
  }

  return {
    scope: undefined,
    day: undefined,
    schedule: undefined,
    deliveries: {},
    failure: undefined,

    async load(scope) {
      if (get().scope !== scope) set({ scope, schedule: undefined, deliveries: {} });
      try {
        const day = get().day;
        const schedule = await scheduleApi.day(scope, { timeZone: localTimeZone(), ...(day ? { day } : {}) });
        // Another day was chosen while this one was on its way: that answer is the one to show.
        if (get().day !== day || get().scope !== scope) return;
        set((st) => ({
          schedule,
          failure: st.failure?.action === "load" ? undefined : st.failure,
        }));
        await loadDeliveries(schedule);
      } catch (err) {
        set({ failure: { action: "load", message: (err as Error).message } });
      }
    },

    async showDay(day) {
      set({ day, schedule: undefined, deliveries: {} });
      const scope = get().scope;
      if (scope) await get().load(scope);
    },

    async book(input) {
      const booked = await scheduleApi.book(input);
      const scope = get().scope;
      if (scope) void get().load(scope);
      return booked;
    },

    reschedule: async (visitId, input) =>
      (await act("reschedule", visitId, () => scheduleApi.reschedule(visitId, input))) !== undefined,
    cancel: async (visitId) =>
      (await act("cancel", visitId, () => scheduleApi.cancel(visitId))) !== undefined,
    resend: (visitId) => act("resend", visitId, () => scheduleApi.resend(visitId)),
    ready: async (visitId) =>
      (await act("ready", visitId, () => scheduleApi.ready(visitId).then(() => true))) === true,
    dismissFailure: () => set({ failure: undefined }),
  };
});
