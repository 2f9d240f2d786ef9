import { describe, expect, it } from "vitest";
import { type SpeechInterval, computeInsights } from "./insights.js";

const p = (startMs: number, endMs: number): SpeechInterval => ({ role: "patient", startMs, endMs });
const c = (startMs: number, endMs: number): SpeechInterval => ({ role: "clinician", startMs, endMs });
const i = (startMs: number, endMs: number): SpeechInterval => ({ role: "interpreter", startMs, endMs });

describe("computeInsights", () => {
  it("gives zeros and no turn when nobody spoke", () => {
    expect(computeInsights([])).toEqual({
      talkMs: { clinician: 0, patient: 0, interpreter: 0 },
      talkShare: { clinician: 0, patient: 0, interpreter: 0 },
      interruptionsAtMs: [],
      interruptions: 0,
      patientSpeechBeforeFirstInterruptionMs: 0,
      interrupted: false,
      longestPatientTurn: null,
    });
  });

  it("shares talk time over roles, counting a role's overlapping intervals once", () => {
    const r = computeInsights([p(0, 2000), p(1000, 3000), c(3000, 4000), i(4000, 8000)]);
    expect(r.talkMs).toEqual({ patient: 3000, clinician: 1000, interpreter: 4000 });
    expect(r.talkShare).toEqual({ patient: 3 / 8, clinician: 1 / 8, interpreter: 4 / 8 });
  });

  it("counts the clinician starting over a speaking patient as an interruption", () => {
    const r = computeInsights([p(0, 10_000), c(5000, 8000)]);
    expect(r.interruptionsAtMs).toEqual([5000]);
    expect(r.interrupted).toBe(true);
    expect(r.patientSpeechBeforeFirstInterruptionMs).toBe(5000);
    expect(r.talkShare.patient).toBeCloseTo(10 / 13, 12);
  });

  it("ignores backchannels and turn-exchange overlaps shorter than the thresholds", () => {
    expect(computeInsights([p(0, 10_000), c(3000, 3999)]).interruptions).toBe(0); // "mm-hm"
    expect(computeInsights([p(0, 10_000), c(3000, 4000)]).interruptions).toBe(1); // 1 s is the floor
    expect(computeInsights([p(0, 5000), c(4800, 8000)]).interruptions).toBe(0); // patient was finishing
    expect(computeInsights([p(0, 5000), c(4750, 8000)]).interruptions).toBe(1);
    expect(computeInsights([p(0, 5000), c(200, 3000)]).interruptions).toBe(0); // started together
    expect(computeInsights([c(0, 3000), p(3000, 6000)]).interruptions).toBe(0); // clean exchange
  });

  it("adds up the patient's speech across turns until the first interruption", () => {
    const r = computeInsights([
      p(0, 3000),
      c(3500, 6000),
      p(6500, 12_000),
      c(9000, 11_000),
      p(13_000, 14_000),
      c(13_500, 15_000),
    ]);
    expect(r.interruptionsAtMs).toEqual([9000, 13_500]);
    expect(r.patientSpeechBeforeFirstInterruptionMs).toBe(3000 + 2500);
  });

  it("reports all patient speech when the clinician never spoke over them", () => {
    const r = computeInsights([c(0, 2000), p(2500, 9000), c(9500, 12_000), p(12_500, 14_000)]);
    expect(r.interrupted).toBe(false);
    expect(r.patientSpeechBeforeFirstInterruptionMs).toBe(6500 + 1500);
  });

  it("merges a patient's stretches across short pauses into one turn, unless someone else takes the floor", () => {
    expect(computeInsights([p(0, 2000), p(2500, 4000), p(6000, 7000)]).longestPatientTurn).toEqual({
      startMs: 0,
      endMs: 4000,
      durationMs: 4000,
    });
    // A backchannel in the pause keeps the turn; a question ends it.
    expect(computeInsights([p(0, 2000), c(2100, 2400), p(2500, 4000)]).longestPatientTurn?.durationMs).toBe(
      4000,
    );
    expect(computeInsights([p(0, 2000), c(1900, 3100), p(2500, 4000)]).longestPatientTurn).toEqual({
      startMs: 0,
      endMs: 2000,
      durationMs: 2000,
    });
    // A pause at the limit splits.
    expect(computeInsights([p(0, 1000), p(2500, 3000)]).longestPatientTurn?.durationMs).toBe(1000);
    expect(computeInsights([p(0, 1000), p(2499, 3000)]).longestPatientTurn?.durationMs).toBe(3000);
  });

  it("honours custom thresholds", () => {
    const r = computeInsights([p(0, 10_000), c(3000, 3500)], { backchannelMaxMs: 400 });
    expect(r.interruptions).toBe(1);
  });
});
