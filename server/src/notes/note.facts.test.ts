import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../findings/builtin.engine.js";
import { checkNote, COPIED_PHRASE_WORDS, copiedPhrases, TranscriptSpans } from "./note.check.js";
import { composeNote } from "./note.compose.js";
import { resultFacts, resultLine } from "./note.facts.js";

// Invented dialogues in the style of the data (issue 25, session 12: the note from facts).
const note = (t: Transcript) => composeNote({ findings: extractFindings(t), transcript: t });
const section = (t: Transcript, key: string) =>
  note(t)
    .sections.find((s) => s.key === key)
    ?.sentences.map((s) => s.text) ?? [];

describe("copiedPhrases: six words of the transcript in a row", () => {
  const t: Transcript = [
    { id: "a", speaker: "clinician", text: "i want you to start metformin 500 mg twice a day ." },
    { id: "b", speaker: "patient", text: "i took some ibuprofen but it did not really help at all ." },
  ];
  const spans = new TranscriptSpans(t, COPIED_PHRASE_WORDS);
  it("lets a name and its numbers through, but not a clause", () => {
    expect(copiedPhrases("Started metformin 500 mg twice a day.", spans)).toEqual([]);
    expect(copiedPhrases("Took ibuprofen but it did not really help at all.", spans)).toEqual([
      "ibuprofen but it did not really help at all",
    ]);
  });
});

describe("a note composed only from facts", () => {
  const t: Transcript = [
    { id: "t0", speaker: "clinician", text: "what brings you in today ?" },
    {
      id: "t1",
      speaker: "patient",
      text: "so my knee has been hurting for like two weeks and i took some ibuprofen but it did not really help at all .",
    },
    { id: "t2", speaker: "patient", text: "it gets worse when i go up and down the stairs at work ." },
    {
      id: "t3",
      speaker: "clinician",
      text: "hey dragon , show me the right knee x-ray . so your x-ray does n't show any fracture , there's some mild arthritis .",
    },
    {
      id: "t4",
      speaker: "clinician",
      text: "and your white blood cell count is not elevated , so that's reassuring .",
    },
  ];

  it("charts what a tried medicine did as a fact and pastes no six-word run", () => {
    const n = note(t);
    const hpi = n.sections.find((s) => s.key === "hpi")?.sentences.map((s) => s.text) ?? [];
    expect(hpi).toContain("Tried ibuprofen without relief.");
    expect(checkNote(n, t).copiedPhrases).toEqual([]);
    // The patient's sentence about the stairs is not charted as prose.
    expect(hpi.join(" ")).not.toMatch(/stairs/);
  });

  it("charts results as the test, where it looked and what was said of it, negations kept", () => {
    expect(section(t, "results")).toEqual([
      "Right knee x-ray: no fracture, mild arthritis.",
      "White blood cell: not elevated.",
    ]);
  });

  it("keeps a negation said before the verb, and reads no result from a worry or a value further on", () => {
    const lines = (text: string) => resultFacts([{ id: "x", speaker: "clinician", text }]).map(resultLine);
    expect(lines("So, I am looking at his x ray and it does not show any open fracture.")).toEqual([
      "X-ray: no fracture.",
    ]);
    expect(
      lines(
        "show me the creatinine . so we drew a creatinine because i was concerned about the kidney stones .",
      ),
    ).toEqual([]);
    expect(lines("your creatinine was .7 , and your bun may be a tiny bit elevated at 23 .")).toEqual([
      "Creatinine: 0.7.",
      "BUN: 23, slightly elevated.",
    ]);
  });

  it("charts no result from a test to come or a question", () => {
    const later: Transcript = [
      { id: "q0", speaker: "clinician", text: "if the mri shows a tear we will talk about surgery ." },
      { id: "q1", speaker: "clinician", text: "did your last a1c come back high ?" },
      {
        id: "q2",
        speaker: "clinician",
        text: "we're going to get an x-ray to make sure there's no fracture .",
      },
    ];
    expect(resultFacts(later).map(resultLine)).toEqual([]);
  });
});
