import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../findings/builtin.engine.js";
import { checkNote } from "./note.check.js";
import { composeNote } from "./note.compose.js";

// Invented turns in the style of ACI-Bench's unpunctuated dialogues.
const results = (t: Transcript) =>
  composeNote({ findings: extractFindings(t), transcript: t })
    .sections.find((s) => s.key === "results")
    ?.sentences.map((s) => s.text) ?? [];

describe("results read out in an unpunctuated turn", () => {
  it("charts the test and what it showed, up to the talk around it", () => {
    const t: Transcript = [
      {
        id: "r0",
        speaker: "clinician",
        text: "okay so i know that we got an x-ray when you came in so i've reviewed the results of your x-ray of your left wrist and it showed a nondisplaced fracture of the distal radius with some mild soft tissue swelling around the joint so what that means is we need to put you in a splint",
      },
    ];
    // The fields said (test, where, what was found), not the clause: "of distal radius" is not
    // in the note's vocabulary of findings, so it is left to the omissions, never pasted.
    expect(results(t)).toEqual(["X-ray of left wrist: nondisplaced fracture, mild soft tissue swelling."]);
    const note = composeNote({ findings: extractFindings(t), transcript: t });
    expect(checkNote(note, t).copiedSpans).toEqual([]);
    expect(checkNote(note, t).malformed).toEqual([]);
  });

  it("charts no result from an order, a plan or where the test came back from", () => {
    const t: Transcript = [
      {
        id: "o0",
        speaker: "clinician",
        text: "we're going to get an mri that shows us where the nerve is pinched",
      },
      {
        id: "o1",
        speaker: "clinician",
        text: "if the ultrasound shows a clot we will start a blood thinner",
      },
      { id: "o2", speaker: "clinician", text: "your blood work came back from the lab this morning" },
    ];
    expect(results(t)).toEqual([]);
  });

  it("keeps a shown result when the plan for it follows in the same sentence, and reads 'what i see is'", () => {
    const t: Transcript = [
      {
        id: "s0",
        speaker: "clinician",
        text: "hey dragon , show me the thyroid panel . okay , so your tsh is a little elevated , so i think we'll need to recheck that in a few weeks , okay ?",
      },
      { id: "s1", speaker: "patient", text: "okay ." },
      {
        id: "s2",
        speaker: "clinician",
        text: "hey dragon , show me the left wrist x-ray . so what i see is a small avulsion fracture , and we'll put you in a brace .",
      },
      {
        id: "s3",
        speaker: "clinician",
        text: "hey dragon , show me the hemoglobin . so your hemoglobin is 9.1 , which is quite low for someone your age , so we'll repeat it .",
      },
    ];
    expect(results(t)).toEqual([
      "TSH: slightly elevated.",
      "Left wrist x-ray: small avulsion fracture.",
      // The degree said ("quite low") is read by the findings' own parser (result.parse.ts).
      "Hemoglobin: 9.1, very low.",
    ]);
    const note = composeNote({ findings: extractFindings(t), transcript: t });
    expect(checkNote(note, t).malformed).toEqual([]);
  });
});

// Issue 25, session 15: results stated with the direction before the analyte, and results read
// in the wrap-up, which the results reader used to leave to the plan. Wordings invented.
describe("results in other wordings and in the wrap-up", () => {
  const one = (text: string) => results([{ id: "w0", speaker: "clinician", text }]);

  it("reads a direction said before the analyte as that analyte's, never the panel's", () => {
    expect(one("so the blood work showed a low tsh , and otherwise nothing worrying .")).toEqual([
      "TSH: low.",
    ]);
    expect(one("your labs came back with an elevated creatinine this time .")).toEqual([
      "Creatinine: elevated.",
    ]);
  });

  it("charts no result from a direction that qualifies something else", () => {
    expect(one("so keep following a low sodium diet and walk every day .")).toEqual([]);
    expect(one("try to avoid a high cholesterol diet , okay ?")).toEqual([]);
  });

  it("keeps a result read in the assessment, with its direction from the words that state it", () => {
    expect(
      one(
        "so for my assessment , your mri showed a small tear of the medial meniscus , so the plan is physical therapy .",
      ),
    ).toEqual(["MRI: small tear of medial meniscus."]);
    expect(
      one(
        "my impression is that your potassium came back at 3.1 , which is low , so we will start a supplement .",
      ),
    ).toEqual(["Potassium: 3.1, low."]);
    expect(
      one(
        "for the thyroid problem , your tsh came back below the normal range , so i want to lower the dose .",
      ),
    ).toEqual(["TSH: low."]);
  });

  it("never charts a reference range or a goal as the value", () => {
    expect(one("the tsh was low , normal is 0.4 to 4 .")).toEqual(["TSH: low."]);
    expect(one("your potassium came back low , the normal range is 3.5 to 5 .")).toEqual(["Potassium: low."]);
    expect(one("your ldl was high , and we want it under 100 .")).toEqual(["LDL: high."]);
    expect(one("your hemoglobin was low , it should be between 12 and 16 .")).toEqual(["Hemoglobin: low."]);
  });

  it("gives no result from a test to come in the plan", () => {
    expect(one("for the plan , if the mri shows a tear we will refer you to surgery .")).toEqual([]);
  });
});
