import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { verifyFindings } from "./verifier.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `o${++n}`, speaker, text }));
}
const plans = (fs: Finding[]) => fs.filter((f) => f.kind === "plan");

describe("a test ordered for later keeps its time", () => {
  it("said after the test: the plan line says when, for the clinician too", () => {
    const tr = t(["clinician", "we'll repeat your a1c in six months"]);
    const { findings } = verifyFindings(extractFindings(tr), tr);
    expect(plans(findings).map((p) => [p.text, p.details.when, p.details.uncertain])).toEqual([
      ["Order hemoglobin a1c in six months", "in six months", undefined],
    ]);
  });

  it("said before the tests: each test of the sentence takes it", () => {
    const tr = t(["clinician", "and in three months let's get another a1c and a lipid panel"]);
    const { findings } = verifyFindings(extractFindings(tr), tr);
    expect(plans(findings).map((p) => p.text)).toEqual([
      "Order hemoglobin a1c in three months",
      "Order lipid panel in three months",
    ]);
    const text = summaryText(summarySections(composeSummary(findings)));
    expect(text).toMatch(/Get a blood sugar test in three months\./);
    expect(text).not.toMatch(/cholesterol test done/);
  });

  it("a test today stays today", () => {
    const fs = extractFindings(t(["clinician", "in the meantime let's get an x-ray of your wrist today"]));
    expect(plans(fs).map((p) => [p.text, p.details.when])).toEqual([["Order x-ray", "today"]]);
  });
});

describe("an order or a visit taken back in its sentence", () => {
  it.each([
    "and you can stop seeing the surgeon, i don't think you need to follow up with the surgeon anymore",
    "no need to follow up with cardiology anymore since your heart looks good",
    "you won't need physical therapy anymore",
    "i don't think you need to repeat the x-ray",
  ])("%s: nothing to do", (text) => {
    const tr = t(["clinician", text]);
    const { findings } = verifyFindings(extractFindings(tr), tr);
    expect(plans(findings).map((p) => p.text)).toEqual([]);
    expect(summaryText(summarySections(composeSummary(findings)))).not.toMatch(/What to do/);
  });

  it("a denial of one thing does not take back the next order", () => {
    const fs = extractFindings(
      t(["clinician", "i don't think you need surgery, but i'm going to refer you to physical therapy"]),
    );
    expect(plans(fs).map((p) => p.text)).toEqual(["Refer to physical therapy"]);
  });
});
