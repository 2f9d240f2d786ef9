import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { HOLD_OFF_CUES, holdsOff } from "./hold-off.rules.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `h${++n}`, speaker, text }));
}
const plans = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "plan").map((f) => f.text);

describe("hold-off cues (data)", () => {
  for (const rule of HOLD_OFF_CUES)
    it(`${rule.id}: its examples`, () => {
      for (const s of rule.holds) expect([s, holdsOff(s)]).toEqual([s, true]);
      for (const s of rule.doesNotHold) expect([s, holdsOff(s)]).toEqual([s, false]);
    });
});

describe("an order the patient puts off in their own turn", () => {
  const order = "okay so for your back pain i want to order an mri of the lumbar spine to look at the discs";
  it.each([
    "i'd rather wait",
    "hmm i think i'd like to hold off for now",
    "well i've had so many tests this year already and my insurance is not great so honestly i'd rather wait and see if it gets better",
    "i'd rather not",
    "i'd prefer to try the physical therapy first",
  ])("%s: declined for the clinician, no to-do for the patient", (answer) => {
    const fs = extractFindings(
      t(["clinician", order], ["patient", answer], ["clinician", "okay that's fine"]),
    );
    expect(plans(fs)).toContain("Patient declined: order mri");
    const text = summaryText(summarySections(composeSummary(fs)));
    expect(text).not.toMatch(/\bmri\b/i);
  });

  it("reads the answer past a short 'okay?' from the clinician", () => {
    const fs = extractFindings(
      t(
        ["clinician", order],
        ["clinician", "does that sound okay?"],
        ["patient", "um i'd rather wait on it"],
      ),
    );
    expect(plans(fs)).toContain("Patient declined: order mri");
  });

  it.each([
    "okay sounds good",
    "i don't want this pain to come back",
    "okay but i don't want it to get worse",
  ])("%s: the order stands", (answer) => {
    const fs = extractFindings(t(["clinician", order], ["patient", answer]));
    expect(plans(fs)).toContain("Order mri");
  });

  it("an answer to another question declines nothing", () => {
    const fs = extractFindings(
      t(["clinician", `${order} . have you had an mri before ?`], ["patient", "no not yet"]),
    );
    expect(plans(fs)).toContain("Order mri");
  });
});
