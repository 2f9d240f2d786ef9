import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `d${++n}`, speaker, text }));
const assessments = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "assessment").map((f) => f.text);

describe("a yes-like answer that denies the condition in its own words", () => {
  it.each([
    ["do you have any history of cancer ?", "i had a lump removed last year but it was n't cancerous ."],
    ["have you ever had asthma ?", "yeah they tested me as a kid but it wasn't asthma in the end ."],
    [
      "ever been told you have high blood pressure ?",
      "i had one high reading once , but they said i'm not hypertensive .",
    ],
  ])("%s / %s: no history charted", (question, answer) => {
    expect(assessments(extractFindings(t(["clinician", question], ["patient", answer])))).toEqual([]);
  });

  it("a plain yes still charts the history", () => {
    const fs = extractFindings(
      t(["clinician", "have you ever had asthma ?"], ["patient", "yes , since i was a kid ."]),
    );
    expect(assessments(fs)).toEqual(["History of asthma (patient-reported)"]);
  });
});

describe("strain as effort or a verb is no sprain", () => {
  it.each([
    ["patient", "well , actually , i do feel a little strain when i lift ."],
    ["clinician", "i'm going to strain your arms a bit , push against me ."],
    ["clinician", "try not to strain when you're on the toilet ."],
    ["patient", "yeah , just a little strain ."],
  ] as const)("%s: %s", (speaker, text) => {
    expect(assessments(extractFindings(t([speaker, text])))).toEqual([]);
  });

  it.each(["so i think you have a lumbar strain .", "i think you have a strain of your hamstring ."])(
    "%s: a strain the clinician names is still one",
    (text) => {
      expect(assessments(extractFindings(t(["clinician", text]))).join(" ")).toMatch(/strain|sprain/i);
    },
  );
});

describe("a hedge on the thing itself is no finding said as fact", () => {
  const symptoms = (fs: Finding[]): string[] =>
    fs.filter((f) => f.kind === "symptom" || f.kind === "assessment").map((f) => f.text);
  it.each([
    "i've had questionable chest tightness when i climb stairs .",
    "i wonder if i'm getting the flu .",
    "perhaps some swelling in the ankles at night , i'm not sure .",
    "i was wondering whether this is asthma .",
  ])("%s", (text) => {
    expect(symptoms(extractFindings(t(["patient", text])))).toEqual([]);
  });

  it("the same things said plainly are findings", () => {
    expect(
      symptoms(extractFindings(t(["patient", "i've had chest tightness when i climb stairs ."]))),
    ).not.toEqual([]);
  });
});
