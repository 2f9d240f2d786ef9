import { describe, expect, it } from "vitest";
import { foldConsent } from "./scribe.consent.js";
import type { ScribeRoster } from "./scribe.repository.js";

const roster = (preferredLanguage: string, clinicianLanguage = "en"): ScribeRoster => ({
  visitId: "v",
  clinicianId: "c",
  clinicianName: "Dr. Rivera",
  clinicianLanguage,
  state: "in_call",
  startedAt: null,
  preferredLanguage,
  guests: [
    { id: "p", role: "patient", displayName: "Ana", scribeConsent: "granted" },
    { id: "i", role: "interpreter", displayName: "Luis", scribeConsent: "granted" },
  ],
});

describe("foldConsent: the languages each voice is transcribed in", () => {
  it("the clinician in their own setting, the patient in the visit's language, the interpreter in both", () => {
    const { speakers } = foldConsent(roster("es-MX", "en-GB"), []);
    expect(speakers.get("clinician-c")?.languages).toEqual(["en-GB"]);
    expect(speakers.get("p")?.languages).toEqual(["es-MX"]);
    expect(speakers.get("i")?.languages).toEqual(["es-MX", "en"]);
  });

  it("an interpreter in an English visit has only English", () => {
    const { speakers } = foldConsent(roster("en-US", "es"), []);
    expect(speakers.get("i")?.languages).toEqual(["en-US"]);
    expect(speakers.get("clinician-c")?.languages).toEqual(["es"]);
  });
});
