// Statements a blind audit of held-out visits (session 20: MTS-Dialog validation snippets never
// audited before) found false or harmful, each pinned with an invented dialogue of the same shape.
import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { noteOf, visit } from "../../test/dialogue.js";
import { extractFindings } from "./builtin.engine.js";
import { verifyFindings } from "./verifier.js";

let n = 0;
const verified = (...turns: [Transcript[number]["speaker"], string][]): Finding[] => {
  const said: Transcript = turns.map(([speaker, text]) => ({ id: `s${++n}`, speaker, text }));
  return verifyFindings(extractFindings(said), said).findings;
};
const terms = (fs: Finding[], kind: Finding["kind"]) => fs.filter((f) => f.kind === kind).map((f) => f.term);

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

describe("audit s20: the reason for the visit and what the patient has", () => {
  it("reads a plea to stop heroin as the reason, not the pain that comes with it", () => {
    const fs = verified(
      [
        "clinician",
        "What have you been using most recently? I need to know what kind of drugs we are dealing with.",
      ],
      [
        "patient",
        "I gotta kick the heroin. It's going to kill me this time. Please help me. My whole body hurts.",
      ],
    );
    expect(fs.find((f) => f.kind === "chief_concern")?.text).toBe("Chief concern: help quitting heroin");
  });

  it("names the bunions the patient came back for, not a bare 'pain'", () => {
    const fs = verified(
      ["clinician", "Very well, and what seems to be the problem today?"],
      [
        "patient",
        "So, I had surgery on these feet, um, like thirteen years ago to remove bunions, but they're back now.",
      ],
      ["clinician", "Is the pain getting worse?"],
      ["patient", "Yes, and I'm so uncomfortable. Well, I have some pain here, and here."],
    );
    expect(fs.find((f) => f.kind === "chief_concern")?.term).toBe("bunion");
  });

  it("reads 'my high blood sugar' as high blood sugar, not diabetes the patient never named", () => {
    const fs = verified([
      "patient",
      "Good, my sponsor told me to think about snacks that can help with my high blood sugar.",
    ]);
    expect(terms(fs, "assessment")).toEqual(["hyperglycemia"]);
  });

  it("reads a trail's name as a place: 'we hiked to charlie's bunion' gives the patient no bunion", () => {
    const fs = verified(["patient", "yeah we actually hiked to charlie's bunion about a week before this."]);
    expect(terms(fs, "assessment")).toEqual([]);
  });

  it("charts what the clinician pointed at without the pointing: 'arthritis in these toes'", () => {
    const fs = verified(
      ["patient", "What does that mean?"],
      ["clinician", "It means you have some arthritis in these toes. What do you do for a living?"],
    );
    expect(fs.filter((f) => f.kind === "assessment").map((f) => f.text)).toEqual(["Arthritis in the toes"]);
  });
});
