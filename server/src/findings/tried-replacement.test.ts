import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummaryChecked, summarySections, summaryText } from "./summary.compose.js";
import { verifyFindings } from "./verifier.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `r${++n}`, speaker, text }));
}
const checked = (tr: Transcript) => {
  const { findings } = verifyFindings(extractFindings(tr), tr);
  const out = composeSummaryChecked(findings);
  return { text: summaryText(summarySections(out.summary)), withheld: out.withheld };
};

describe("a medicine tried without relief", () => {
  it("is not in the patient's medicines with no replacement either, and the clinician is asked", () => {
    const { text, withheld } = checked(
      t(
        ["clinician", "Have you used anything for your pain?"],
        ["patient", "Yeah, only oxycodone helped a little. Gabapentin did not work at all."],
      ),
    );
    expect(text).not.toMatch(/Gabapentin/);
    expect(withheld.map((w) => w.rule)).toContain("tried-without-relief");
  });

  it.each([
    "i took some naproxen and it didn't do anything",
    "i've been taking naproxen but it's not helping",
    "the naproxen did not work",
  ])("%s: the patient reads only the new one; the clinician is asked", (tried) => {
    const { text, withheld } = checked(
      t(
        ["clinician", "what have you tried for the pain"],
        ["patient", tried],
        ["clinician", "okay so instead let's try meloxicam 15 milligrams once a day"],
        ["patient", "okay"],
      ),
    );
    expect(text).toMatch(/Meloxicam: 15 milligrams, once a day/);
    expect(text).not.toMatch(/naproxen/i);
    expect(withheld.map((w) => [w.rule, w.text])).toContainEqual([
      "tried-without-relief",
      expect.stringMatching(/^Naproxen: /),
    ]);
  });

  it("keeps the row when the clinician says what happens to it", () => {
    const { text } = checked(
      t(
        ["patient", "i took some naproxen and it didn't do anything"],
        ["clinician", "okay so stop the naproxen and let's try meloxicam 15 milligrams once a day"],
      ),
    );
    expect(text).toMatch(/Naproxen: .*stopped/i);
  });

  it("keeps a medicine of another kind that did not help", () => {
    const { text } = checked(
      t(
        ["patient", "i take lisinopril and my blood pressure is fine but the tylenol did not help my knee"],
        ["clinician", "okay let's start meloxicam 15 milligrams once a day for the knee"],
      ),
    );
    expect(text).toMatch(/Lisinopril/);
  });
});
