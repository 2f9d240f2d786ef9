// The patient guide's advice must fit where the problem is (issue 25, session 14): the auditor
// found a sprain's "wrap and raise it" given for a back strain. Each wording is invented.
import { describe, expect, it } from "vitest";
import { visit } from "../../test/dialogue.js";
import { extractFindings } from "./builtin.engine.js";
import { conditionGuideAt, CONDITION_GUIDE, SYMPTOM_GUIDE } from "./patient-guide.js";
import { composeSummary, composeSummaryChecked } from "./summary.compose.js";

const summaryOf = (lines: string[]) => {
  const findings = extractFindings(visit(lines)).map((f) => ({ ...f, status: "approved" as const }));
  return JSON.stringify(composeSummary(findings));
};

const guide = (term: string, said: string) =>
  conditionGuideAt(
    term,
    said,
    (t) => CONDITION_GUIDE[t],
    (t) => SYMPTOM_GUIDE[t],
  );

describe("a condition's guide fits the body site it was said of", () => {
  it.each([
    ["D: i think you have a low back strain . use heat and keep moving ."],
    ["D: it looks like you strained a muscle in your lower back ."],
    ["D: my impression is a lumbar strain from the lifting ."],
  ])("no limb advice for the back: %s", (line) => {
    const text = summaryOf(["D: what brings you in ?", "P: i hurt my back lifting a couch .", line]);
    expect(text).not.toMatch(/wrap|raise it/i);
  });

  it.each([
    ["low back strain", "back pain"],
    ["neck strain", "neck pain"],
    ["you sprained the muscles of your upper back", "back pain"],
  ])("the guide of pain at that place answers: %s", (said, pain) => {
    expect(guide("sprain", said)).toBe(SYMPTOM_GUIDE[pain]);
  });

  it.each([
    "right ankle sprain",
    "you sprained your wrist , come back in two weeks",
    "a knee sprain , and get back to sports slowly",
  ])("a limb keeps the limb's advice: %s", (said) => {
    expect(guide("sprain", said)).toBe(CONDITION_GUIDE.sprain);
  });

  it("lists the limb advice for an ankle sprain to the clinician, not as the patient's care", () => {
    const findings = extractFindings(
      visit([
        "D: what happened ?",
        "P: i rolled my ankle .",
        "D: you have a right ankle sprain . come back in two weeks if it is not better .",
      ]),
    );
    const checked = composeSummaryChecked(findings);
    expect(JSON.stringify(checked.summary)).not.toMatch(/wrap and raise/i);
    expect(
      checked.withheld.some((w) => w.rule === "leaflet-not-said" && /wrap and raise/i.test(w.text)),
    ).toBe(true);
  });
});
