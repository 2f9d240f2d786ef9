// The guide's self-care advice is the engine's leaflet, said by nobody in the visit: it is never
// shown to the patient as this visit's care, only listed for the clinician (blind audits s20, s21).
import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummaryChecked, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `w${++n}`, speaker, text }));
const run = (turns: [Transcript[number]["speaker"], string][], language?: string) => {
  const checked = composeSummaryChecked(extractFindings(t(...turns)), language ? { language } : {});
  return { text: summaryText(summarySections(checked.summary)), withheld: checked.withheld };
};

describe("a leaflet's advice", () => {
  it("is not shown for a symptom, worked up or not, and is listed for the clinician", () => {
    const cases: [string, string, RegExp][] = [
      [
        "i've been seeing blood in my stool for a couple weeks",
        "i'm going to schedule you for a colonoscopy",
        /bright red or dark/i,
      ],
      ["i've been seeing blood in my stool", "drink more water and eat more fiber", /bright red or dark/i],
      [
        "i've had this headache for a week and i keep throwing up",
        "let's see how it goes",
        /Rest, fluids and sleep/i,
      ],
    ];
    for (const [patient, clinician, leaflet] of cases) {
      const { text, withheld } = run([
        ["patient", patient],
        ["clinician", clinician],
      ]);
      expect(text).not.toMatch(leaflet);
      expect(withheld.some((w) => w.rule === "leaflet-not-said" && leaflet.test(w.text))).toBe(true);
    }
    expect(run([["patient", "i've been seeing blood in my stool"]], "es").text).not.toMatch(/Fíjese/);
  });

  it("is not shown for a condition the clinician named, while what the word means stays", () => {
    const { text, withheld } = run([
      ["patient", "my knees hurt when i walk"],
      ["clinician", "this is osteoarthritis of both knees."],
    ]);
    expect(text).toMatch(/The joints wear down over time/);
    expect(text).not.toMatch(/pain pills can keep you active/);
    expect(withheld.map((w) => w.rule)).toContain("leaflet-not-said");
  });

  it("leaves what the clinician said to do in the plan", () => {
    const { text } = run([
      ["patient", "i twisted my ankle yesterday"],
      ["clinician", "it's a sprain. i want you to ice it and keep it elevated."],
    ]);
    expect(text).toMatch(/ice/i);
  });
});
