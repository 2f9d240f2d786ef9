// The history taken by question and answer, charted from both (note.history.ts).
import { describe, expect, it } from "vitest";
import { noteOf, visit } from "../../test/dialogue.js";

describe("family history", () => {
  it("charts 'not that I know of' and 'a pretty healthy family' as no known family history", () => {
    for (const answer of ["P: Not that I know of.", "P: No, we're a pretty healthy family."])
      expect(
        noteOf(visit(["D: Any health issues on your mom or dad's side?", answer]))("family_history"),
      ).toEqual(["No known family history of illness."]);
  });

  it("reads the answer to a question the patient asked to have clarified", () => {
    const family = noteOf(
      visit([
        "D: Do you know any familiar diseases in your family?",
        "P: Do you mean like B P, high sugar?",
        "D: Yes.",
        "P: No, no one in my family has anything like that.",
      ]),
    )("family_history");
    expect(family).toEqual(["No known family history of illness."]);
  });

  it("charts a family history not known, and why when the patient was adopted", () => {
    expect(
      noteOf(
        visit([
          "D: What is your family medical history?",
          "P: I was adopted. I don't know my family medical history.",
        ]),
      )("family_history"),
    ).toEqual(["Adopted; family history unknown."]);
  });

  it("says nothing of the family's health from an answer about something else", () => {
    expect(noteOf(visit(["D: Is your father still working?", "P: No."]))("family_history")).toEqual([]);
    expect(
      noteOf(visit(["D: Did you have any family living with you at the time?", "P: Nope. I live alone."]))(
        "family_history",
      ),
    ).toEqual([]);
  });

  it("denies only the illness asked about, not a cause of death", () => {
    const family = noteOf(
      visit([
        "D: Did your dad pass from colon cancer?",
        "P: No. They caught it early. He passed away from old age. My mom passed away from a stroke.",
      ]),
    )("family_history");
    expect(family.join(" ")).not.toMatch(/No family history/);
  });
});

describe("answers filed by what was asked", () => {
  it("files 'Are you allergic to any meds?' 'No.' under allergies, not medications", () => {
    const section = noteOf(visit(["D: Are you allergic to any meds?", "P: No, I am not."]));
    expect(section("medications")).toEqual([]);
    expect(section("allergies")).toEqual(["No known allergies."]);
  });
});
