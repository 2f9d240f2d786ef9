import { describe, expect, it } from "vitest";
import {
  bookVisitRequestSchema,
  messageLanguage,
  phoneNumberSchema,
  scheduleQuerySchema,
  timeZoneSchema,
} from "./index.js";

const booking = {
  patientDisplayName: "Ana López",
  preferredLanguage: "es",
  interpreterNeeded: false,
  startsAt: "2030-01-02T09:30:00+01:00",
  durationMinutes: 20,
  timeZone: "Europe/Madrid",
  contact: { email: "ana@example.org", phone: "+34 612 34 56 78", consent: true },
};

describe("schedule contracts", () => {
  it("accepts a booking with contact and consent", () => {
    expect(bookVisitRequestSchema.safeParse(booking).success).toBe(true);
    expect(bookVisitRequestSchema.safeParse({ ...booking, contact: { consent: false } }).success).toBe(true);
  });

  it("refuses contact details without consent, bad phones, bad zones, bad durations", () => {
    for (const bad of [
      { ...booking, contact: { email: "ana@example.org", consent: false } },
      { ...booking, contact: { phone: "612345678", consent: true } },
      { ...booking, contact: { phone: "+1 555", consent: true } },
      { ...booking, contact: { email: "not-an-email", consent: true } },
      { ...booking, timeZone: "Mars/Olympus_Mons" },
      { ...booking, timeZone: "+01:00" },
      { ...booking, durationMinutes: 0 },
      { ...booking, durationMinutes: 241 },
      { ...booking, startsAt: "tomorrow" },
      { ...booking, extra: 1 },
    ]) {
      expect(bookVisitRequestSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("validates time zones and phone numbers with real data", () => {
    for (const tz of ["UTC", "America/New_York", "Europe/Madrid", "America/Argentina/Buenos_Aires"]) {
      expect(timeZoneSchema.safeParse(tz).success).toBe(true);
    }
    expect(phoneNumberSchema.safeParse("+1 415 555 2671").success).toBe(true);
    expect(phoneNumberSchema.safeParse("+999 123").success).toBe(false);
    expect(scheduleQuerySchema.safeParse({ day: "2030-02-30" }).success).toBe(false);
  });

  it("sends Spanish to Spanish visits and English otherwise", () => {
    expect(messageLanguage("es")).toBe("es");
    expect(messageLanguage("es-MX")).toBe("es");
    expect(messageLanguage("pt-BR")).toBe("en");
  });
});
