// Statements a blind audit of held-out visits (session 20: MTS-Dialog validation snippets never
// audited before) found false or harmful, each pinned with an invented dialogue of the same shape.
import { describe, expect, it } from "vitest";
import { noteOf, visit } from "../../test/dialogue.js";

describe("audit s20: the social history says what the patient said of their habits", () => {
  it("reads 'Do I look like I smoke? I've never smoked in my life.' as a denial", () => {
    const social = noteOf(
      visit([
        "D: You're not smoking with these medications, right?",
        "P: Do I look like I smoke? I've never smoked in my life.",
      ]),
    )("social_history");
    expect(social).toEqual(["Denies tobacco use."]);
  });

  it("charts no alcohol line from a drink spilled in a fight and a memory not sure", () => {
    const social = noteOf(
      visit([
        "D: How did you hurt your right hand?",
        "P: I punched that guy in the face, I don't remember exactly. Later I punched a glass. It broke the glass and spilled all the drink.",
      ]),
    )("social_history");
    expect(social).toEqual([]);
  });

  it("still charts a denial said in the patient's own words, unasked", () => {
    const social = noteOf(visit(["D: How is your sleep?", "P: Fine. I don't drink and I never smoked."]))(
      "social_history",
    );
    expect(social).toEqual(["Denies tobacco use.", "Denies alcohol use."]);
  });
});
