import { clinicalNoteSchema, noteSectionKeys, noteText, type Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../findings/builtin.engine.js";
import { cleanUtterance, composeNote, plannedSpeech, reportedSpeech } from "./note.compose.js";

const transcript: Transcript = [
  {
    id: "s0",
    speaker: "clinician",
    text: "so james is a 57-year-old male who presents today with back pain .",
  },
  { id: "s1", speaker: "clinician", text: "what happened ?" },
  {
    id: "s2",
    speaker: "patient",
    text: "uh , i was golfing and i hurt my back , i have had back pain for four days .",
  },
  { id: "s3", speaker: "patient", text: "i took some tylenol but it did not help me ." },
  { id: "s4", speaker: "clinician", text: "any allergies ?" },
  { id: "s5", speaker: "patient", text: "i'm allergic to penicillin ." },
  { id: "s6", speaker: "clinician", text: "i think you have a lumbar strain ." },
  {
    id: "s7",
    speaker: "clinician",
    text: "i want to prescribe meloxicam 15 milligrams once a day and refer you to physical therapy .",
  },
  { id: "s8", speaker: "clinician", text: "i want to see you again in two weeks ." },
];

describe("the built-in draft note", () => {
  const findings = extractFindings(transcript);
  const note = composeNote({ findings, transcript });
  const section = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences ?? [];

  it("has the seven sections in chart order and matches the shared schema", () => {
    expect(clinicalNoteSchema.parse(note)).toEqual(note);
    expect(note.sections.map((s) => s.key)).toEqual([...noteSectionKeys]);
  });

  it("traces every sentence to segments of the transcript", () => {
    const ids = new Set(transcript.map((s) => s.id));
    const sentences = note.sections.flatMap((s) => s.sentences);
    expect(sentences.length).toBeGreaterThan(6);
    for (const s of sentences) {
      expect(s.segmentIds.length, s.text).toBeGreaterThan(0);
      for (const id of s.segmentIds) expect(ids.has(id)).toBe(true);
    }
  });

  it("writes each section from its findings, in the third person", () => {
    expect(section("chief_complaint").map((s) => s.text)).toEqual(["Back pain."]);
    expect(section("hpi")[0]).toEqual({
      text: "James is a 57-year-old male who presents today with back pain.",
      segmentIds: ["s0"],
    });
    const hpi = section("hpi").map((s) => s.text);
    expect(hpi).toContain("The patient reports they took some tylenol but it did not help them.");
    expect(hpi.join(" ")).not.toMatch(/\b(?:I|my|me|uh)\b/);
    expect(section("medications").map((s) => s.text)).toEqual(
      expect.arrayContaining(["Started meloxicam 15 milligrams once a day."]),
    );
    expect(
      section("allergies")
        .map((s) => s.text)
        .join(" "),
    ).toMatch(/penicillin/i);
    expect(section("review_of_systems")[0]?.text).toMatch(/^Endorses .*back pain/);
    expect(section("follow_up")[0]).toMatchObject({ segmentIds: ["s8"] });
  });

  it("groups the plan under the problem the clinician named before it", () => {
    const ap = section("assessment_plan");
    expect(ap.length).toBeGreaterThan(1);
    const problem = ap[0]?.problem;
    expect(problem).toMatch(/s[pt]rain/i);
    expect(ap.every((s) => s.problem === problem)).toBe(true);
    expect(ap.map((s) => s.text).join(" ")).toMatch(/physical therapy/i);
    expect(ap.some((s) => s.segmentIds.includes("s7"))).toBe(true);
  });

  it("is deterministic", () => {
    expect(composeNote({ findings: extractFindings(transcript), transcript })).toEqual(note);
  });

  it("as plain text: capitalised titles, problems on their own line, empty sections left out", () => {
    const text = noteText(note);
    expect(text.startsWith("CHIEF COMPLAINT\nBack pain.\n\nHISTORY OF PRESENT ILLNESS\n")).toBe(true);
    expect(text).toMatch(/\n\nASSESSMENT AND PLAN\nSprain\.\nStart meloxicam/);
    expect(noteText(composeNote({ findings: [], transcript: [] }))).toBe("");
  });
});

describe("sentences from what was said", () => {
  it("drops fillers and stutters", () => {
    expect(cleanUtterance("uh , i , i think it's , um , better now")).toBe("I think it's better now.");
  });
  it("turns the patient's words into reported speech", () => {
    expect(reportedSpeech("Yeah, I'm taking my metformin and I've been fine.")).toBe(
      "The patient reports they are taking their metformin and they have been fine.",
    );
  });
  it("turns the clinician's plan into the note's voice", () => {
    expect(plannedSpeech("And I want to refer you to your cardiologist.")).toBe(
      "We will refer the patient to their cardiologist.",
    );
  });
});
