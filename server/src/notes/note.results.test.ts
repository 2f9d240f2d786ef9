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
      "Hemoglobin: 9.1, low.",
    ]);
    const note = composeNote({ findings: extractFindings(t), transcript: t });
    expect(checkNote(note, t).malformed).toEqual([]);
  });
});
