// The clinician's own warning signs in other wordings than the training visits' (issue 25, session
// 15): "pop back in", "come and see us", "ring the out of hours", "speak to a doctor" are advice to
// get care, so the summary gives the clinician's sign, not the generic "If you feel much worse".
import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary } from "./summary.compose.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `ww${++n}`, speaker, text }));
const help = (said: string, language?: string) => {
  const fs = extractFindings(t(["patient", "i've had this cough for a week"], ["clinician", said]));
  return { fs, help: composeSummary(fs, language ? { language } : {}).inShort.help };
};

describe("warning signs said in other words", () => {
  it("are read, and the summary says them instead of the generic line", () => {
    const cases: [string, RegExp][] = [
      [
        "if you get any blood in your urine , pop back in and we'll have a look",
        /blood in your (?:urine|pee)/i,
      ],
      ["if you start coughing up blood , come and see us that day", /coughing up blood/i],
      [
        "should you get short of breath at night , ring the out of hours service",
        /short of breath|trouble breathing/i,
      ],
      ["if you develop a high fever , speak to a doctor the same day", /fever/i],
    ];
    for (const [said, sign] of cases) {
      const r = help(said);
      expect(r.fs.filter((f) => f.kind === "warning_sign")).not.toEqual([]);
      expect(r.help).toMatch(sign);
      expect(r.help).not.toMatch(/feel much worse/);
      // Sent to the clinic or a doctor, not the emergency room.
      expect(r.help).toMatch(/^Call us if you (?:have|are)\b/);
      expect(r.help).not.toMatch(/you have (?:short|coughing)/);
      expect(help(said, "es").help).not.toMatch(/mucho peor/);
    }
  });
});
