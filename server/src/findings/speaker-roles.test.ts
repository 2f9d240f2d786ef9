import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { dialogueTurns, speakerOf } from "../../tools/findings/findings.evaluate.js";
import { extractFindings } from "./builtin.engine.js";
import { patientReferentOf } from "./context.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `g${++n}`, speaker, text }));
const of = (fs: Finding[], kind: Finding["kind"]): string[] =>
  fs.filter((f) => f.kind === kind).map((f) => f.text.toLowerCase());

describe("speaker labels map to a role", () => {
  it.each([
    ["doctor", "doctor"],
    ["Doctor", "doctor"],
    ["doctor_guest", "doctor"],
    ["Guest_clinician", "doctor"],
    ["Guest_clinican", "doctor"],
    ["nurse", "doctor"],
    ["patient", "patient"],
    ["Patient 2", "patient"],
    ["patient_guest", "other"],
    ["Guest_family", "other"],
    ["Gest_family", "other"],
  ] as const)("%s → %s", (label, role) => {
    expect(speakerOf(label)).toBe(role);
  });
});

describe("a guest of the patient speaks for the patient", () => {
  it("reads the relative the guest names first as the patient", () => {
    expect(patientReferentOf(["hi .", "so my daughter has had a fever"])).toBe("daughter");
    expect(patientReferentOf(["our little boy started wheezing"])).toBe("boy");
    expect(patientReferentOf(["my three-year-old son is coughing"])).toBe("son");
    expect(patientReferentOf(["he has been fine"])).toBeUndefined();
  });

  it.each([
    [
      ["other", "so my daughter has had a sore throat and a fever for about three days ."],
      ["sore throat", "fever"],
    ],
    [
      ["other", "my son has been throwing up since last night and now he has diarrhea ."],
      ["vomiting", "diarrhea"],
    ],
    [["other", "well my wife has been getting headaches every morning for two weeks ."], ["headache"]],
    [
      ["other", "our little boy started wheezing yesterday and he has a cough ."],
      ["wheezing", "cough"],
    ],
  ] as const)("%j", (turn, symptoms) => {
    const fs = extractFindings(t(["clinician", "what brings you in today ?"], [turn[0], turn[1]]));
    for (const s of symptoms) expect(of(fs, "symptom").some((x) => x.startsWith(s))).toBe(true);
    expect(of(fs, "chief_concern")).toHaveLength(1);
  });

  it("the clinician's 'your son' to the parent is the patient too; another relative is not", () => {
    const fs = extractFindings(
      t(
        ["clinician", "how long has your son had the rash ?"],
        ["other", "my son has had the rash for a week . my husband has asthma ."],
        ["clinician", "does your son have any fever ?"],
        ["other", "yes , my son has had a fever since tuesday ."],
      ),
    );
    expect(of(fs, "symptom").some((x) => x.startsWith("rash"))).toBe(true);
    expect(of(fs, "symptom").some((x) => x.startsWith("fever"))).toBe(true);
    expect(of(fs, "assessment").join(" ")).not.toMatch(/asthma/);
  });

  it("without a guest, 'my daughter' is still another person", () => {
    const fs = extractFindings(
      t(["clinician", "what brings you in ?"], ["patient", "my daughter has had a fever for three days ."]),
    );
    expect(of(fs, "symptom")).toEqual([]);
  });
});

describe("labels swapped in a transcript: the roles follow what was said (session 15)", () => {
  it("swaps when the side labelled patient says the clinician's words", () => {
    const turns = dialogueTurns(
      [
        "[patient] good morning , i see on my chart that you've been having some knee pain . what brings you in today ?",
        "[doctor] yeah my right knee has been swollen for about a week .",
        "[patient] okay , on exam there is some swelling over the kneecap . i'm going to order an x-ray .",
        "[doctor] okay .",
      ].join("\n"),
    );
    expect(turns.map((x) => x.speaker)).toEqual(["doctor", "patient", "doctor", "patient"]);
  });

  it("leaves a patient who quotes the doctor once as the patient", () => {
    const turns = dialogueTurns(
      [
        "[doctor] what brings you in today ?",
        "[patient] my other doctor said i want you to get this checked , so here i am .",
        "[doctor] okay , on exam your throat is red . i'm going to order a strep test .",
      ].join("\n"),
    );
    expect(turns.map((x) => x.speaker)).toEqual(["doctor", "patient", "doctor"]);
  });
});
