import { describe, expect, it } from "vitest";
import { clientEventSchemas, queueEntrySchema, signInRequestSchema } from "./index.js";

describe("contracts", () => {
  it("accepts a well-formed sign-in and rejects what the server must never see", () => {
    expect(signInRequestSchema.safeParse({ email: "a@b.org", password: "pw" }).success).toBe(true);
    for (const bad of [
      {},
      { email: "a@b.org" },
      { email: "not-an-email", password: "pw" },
      { email: "a@b.org", password: "" },
      { email: "a@b.org", password: "x".repeat(257) },
      { email: 42, password: "pw" },
    ]) {
      expect(signInRequestSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("has a payload schema for every client event, and queue:watch takes no fields", () => {
    expect(Object.keys(clientEventSchemas)).toContain("queue:watch");
    expect(clientEventSchemas["queue:watch"].safeParse({}).success).toBe(true);
    expect(clientEventSchemas["queue:watch"].safeParse({ clinicianId: "x" }).success).toBe(false);
  });

  it("describes queue entries with ids, role and an ISO wait start", () => {
    const entry = {
      visitId: "6f1c2b1e-8d1a-4f57-9a57-1f0b8c1d2e3f",
      participantId: "0b8c1d2e-6f1c-4b1e-8d1a-9a571f0b8c1d",
      role: "patient",
      displayName: "Sam",
      waitingSince: new Date(0).toISOString(),
      connection: "reconnecting",
      scribeConsent: "granted",
      deviceCheck: { camera: "denied", microphone: "ok", speakerTested: false, connectionRttMs: null },
      interpreterNeeded: false,
    };
    expect(queueEntrySchema.parse(entry)).toEqual(entry);
    expect(queueEntrySchema.safeParse({ ...entry, connection: "offline" }).success).toBe(false);
    expect(queueEntrySchema.safeParse({ ...entry, role: "scribe" }).success).toBe(false);
  });
});
