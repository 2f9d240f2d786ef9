import { type ClinicalNote, noteSectionKeys, type NoteOmission } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { addOmission, omissionKey, openOmissions } from "./note-omissions";

const note: ClinicalNote = {
  sections: noteSectionKeys.map((key) => ({
    key,
    sentences:
      key === "assessment_plan"
        ? [{ text: "Hypertension.", segmentIds: ["s1"], problem: "Hypertension" }]
        : [],
  })),
};
const order: NoteOmission = {
  kind: "order",
  term: "chest x-ray",
  quote: "let's get a chest x-ray",
  segmentId: "s9",
  suggestion: { section: "assessment_plan", text: "Chest x-ray." },
};
const medicine: NoteOmission = {
  kind: "medicine",
  term: "gabapentin",
  quote: "some of her gabapentin",
  segmentId: "s3",
  suggestion: { section: "medications", text: "Gabapentin discussed; status to confirm." },
};

describe("the omissions beside the note", () => {
  it("adds the suggested sentence to its section, tracing to where it was said", () => {
    const added = addOmission(note, order);
    expect(added.sections.find((s) => s.key === "assessment_plan")?.sentences).toEqual([
      { text: "Hypertension.", segmentIds: ["s1"], problem: "Hypertension" },
      { text: "Chest x-ray.", segmentIds: ["s9"], edited: true, problem: "Hypertension" },
    ]);
    const med = addOmission(note, medicine).sections.find((s) => s.key === "medications");
    expect(med?.sentences).toEqual([
      { text: "Gabapentin discussed; status to confirm.", segmentIds: ["s3"], edited: true },
    ]);
    // Nothing else changes.
    expect(addOmission(note, medicine).sections.filter((s) => s.key !== "medications")).toEqual(
      note.sections.filter((s) => s.key !== "medications"),
    );
  });

  it("keeps only the ones neither added nor dismissed", () => {
    expect(openOmissions([order, medicine], new Set([omissionKey(order)]))).toEqual([medicine]);
    expect(openOmissions([order, medicine], new Set())).toEqual([order, medicine]);
  });
});
