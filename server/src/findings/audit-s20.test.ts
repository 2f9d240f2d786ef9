// Statements blind audits of held-out visits (sessions 20 and 21: MTS-Dialog validation snippets
// never audited before) found false, harmful or missing, each pinned with an invented dialogue of the
// same shape.
import { describe, expect, it } from "vitest";
import { noteOf, termsOf as terms, verifiedFindings as verified, visit } from "../../test/dialogue.js";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";
import { verifyFindings } from "./verifier.js";

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

describe("audit s21: what the patient said of their safety", () => {
  it("hears thoughts of not wanting to live, and tells the patient where to get help for them", () => {
    const said = visit([
      "D: Have you had any thoughts of harming yourself or others?",
      "P: I've had thoughts of not wanting to be alive anymore but no plans of actually hurting myself.",
      "D: Are you feeling suicidal right now?",
      "P: No, not right now.",
    ]);
    const fs = verifyFindings(extractFindings(said), said).findings;
    expect(terms(fs, "symptom")).toContain("suicidal thoughts");
    const summary = summaryText(summarySections(composeSummary(fs)));
    expect(summary).toMatch(/thoughts of hurting yourself \(call or text 988\)/);
  });

  it("hears no such thoughts in a denial", () => {
    const said = visit([
      "D: Any thoughts of hurting yourself?",
      "P: No, I don't have thoughts of hurting myself.",
    ]);
    expect(terms(verifyFindings(extractFindings(said), said).findings, "symptom")).not.toContain(
      "suicidal thoughts",
    );
  });
});

describe("audit s21: the reason for the visit", () => {
  it("reads a yes to 'Is this right knee still bothering you?' as the reason", () => {
    const fs = verified(
      ["clinician", "I hear someone just had a birthday! How young are you now, ma'am?"],
      ["patient", "Hello, doctor. I just turned fifty eight."],
      ["clinician", "Is this right knee still bothering you?"],
      ["patient", "Yes, and it's been going on for years now."],
    );
    expect(fs.find((f) => f.kind === "chief_concern")?.text).toBe("Chief concern: right knee pain");
  });

  it("names missed periods as the reason", () => {
    const fs = verified(
      ["clinician", "Hello, miss. What brings you into the practice today?"],
      ["patient", "I have been missing a lot of periods and I am not sexually active. I do not bleed."],
    );
    expect(fs.find((f) => f.kind === "chief_concern")?.term).toBe("missed periods");
  });

  it("tells a cancer treated in 1961 as one the patient had", () => {
    const said = visit([
      "D: Have you ever had surgery?",
      "P: I had a partial colon resection due to colon cancer in nineteen sixty one.",
      "D: Any recurring episodes of colon cancer?",
      "P: No, thankfully.",
    ]);
    const summary = summaryText(
      summarySections(composeSummary(verifyFindings(extractFindings(said), said).findings)),
    );
    expect(summary).not.toMatch(/you have cancer/i);
  });
});
