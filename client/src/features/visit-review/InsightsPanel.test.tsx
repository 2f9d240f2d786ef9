import type { PresenceInsights } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { describeInsights } from "./InsightsPanel";

const base: PresenceInsights = {
  talkMs: { clinician: 30_000, patient: 90_000, interpreter: 0 },
  talkShare: { clinician: 0.25, patient: 0.75, interpreter: 0 },
  patientSpeechBeforeFirstInterruptionMs: 18_000,
  interrupted: true,
  interruptions: 2,
  segments: 12,
};

describe("describeInsights", () => {
  it("says the balance, the patient's time before the first interruption, and how often", () => {
    expect(describeInsights(base)).toEqual({
      balance: "Talk time: you 25%, the patient 75%.",
      floor: "The patient spoke for 18 s before you first spoke over them.",
      interruptions: "You spoke over the patient 2 times.",
    });
  });

  it("names the interpreter only when they spoke, and says so when nobody was interrupted", () => {
    const d = describeInsights({
      ...base,
      talkMs: { clinician: 30_000, patient: 60_000, interpreter: 30_000 },
      talkShare: { clinician: 0.25, patient: 0.5, interpreter: 0.25 },
      patientSpeechBeforeFirstInterruptionMs: 125_000,
      interrupted: false,
      interruptions: 0,
    });
    expect(d.balance).toBe("Talk time: you 25%, the patient 50%, the interpreter 25%.");
    expect(d.floor).toBe("You did not speak over the patient (they spoke for 2 min 05 s in all).");
    expect(d.interruptions).toBe("No interruptions.");
  });
});
