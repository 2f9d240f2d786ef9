import { describe, expect, it } from "vitest";
import { clinicalNoteSchema, noteSectionKeys, visitNoteSchema } from "./note.js";

const first = [
  "chief_complaint",
  "hpi",
  "medications",
  "allergies",
  "review_of_systems",
  "assessment_plan",
  "follow_up",
];

describe("the note's sections", () => {
  it("reads a note stored with the first seven sections with the newer ones empty, in chart order", () => {
    const old = {
      sections: first.map((key) => ({
        key,
        sentences: key === "hpi" ? [{ text: "Cough for two weeks.", segmentIds: ["s1"] }] : [],
      })),
    };
    const note = clinicalNoteSchema.parse(old);
    expect(note.sections.map((s) => s.key)).toEqual([...noteSectionKeys]);
    expect(note.sections.find((s) => s.key === "hpi")?.sentences).toEqual([
      { text: "Cough for two weeks.", segmentIds: ["s1"] },
    ]);
    expect(note.sections.find((s) => s.key === "physical_exam")?.sentences).toEqual([]);
  });

  it("still refuses a note without its sections or with them out of order", () => {
    expect(clinicalNoteSchema.safeParse({ sections: [] }).success).toBe(false);
    const shuffled = [...noteSectionKeys].reverse().map((key) => ({ key, sentences: [] }));
    expect(clinicalNoteSchema.safeParse({ sections: shuffled }).success).toBe(false);
    const six = first.slice(1).map((key) => ({ key, sentences: [] }));
    expect(clinicalNoteSchema.safeParse({ sections: six }).success).toBe(false);
  });

  it("answers omissions with the note, none when an older server sent none", () => {
    const v = visitNoteSchema.parse({
      note: { sections: noteSectionKeys.map((key) => ({ key, sentences: [] })) },
      status: "draft",
      stored: false,
      engine: "builtin",
      updatedAt: null,
      signed: null,
    });
    expect(v.omissions).toEqual([]);
  });
});
