import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { verifyFindings } from "./verifier.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `c${++n}`, speaker, text }));
}
const of = (fs: Finding[], kind: Finding["kind"]) => fs.filter((f) => f.kind === kind);
const summaryOf = (tr: Transcript) =>
  summaryText(summarySections(composeSummary(verifyFindings(extractFindings(tr), tr).findings)));

describe("a prescription's course", () => {
  it("keeps the duration said after the dose and schedule", () => {
    const tr = t([
      "clinician",
      "i'm going to prescribe ibuprofen 800 milligrams every six hours for two weeks and then we'll see how you do",
    ]);
    const fs = extractFindings(tr);
    const med = of(fs, "medication")[0];
    expect(med?.details).toMatchObject({
      dose: "800 milligrams",
      frequency: "every six hours",
      duration: "for two weeks",
      status: "started",
    });
    expect(of(fs, "plan").map((p) => p.text)).toContain(
      "Start ibuprofen, 800 milligrams, every six hours, for two weeks",
    );
    expect(summaryOf(tr)).toMatch(/Ibuprofen: 800 milligrams, every six hours for two weeks/);
  });

  it("reads no course from a reason or a vague time", () => {
    const fs = extractFindings(
      t(["clinician", "you can take tylenol 500 milligrams twice a day for the pain for a while"]),
    );
    expect(of(fs, "medication")[0]?.details.duration).toBeUndefined();
  });
});

describe("a decimal point is no sentence end", () => {
  it("reads the A1c said as 6.8, not 6", () => {
    const fs = extractFindings(t(["clinician", "so your a1c was slightly elevated at 6.8 today"]));
    expect(of(fs, "measurement").map((m) => [m.text, m.details.value])).toEqual([
      ["Hemoglobin a1c 6.8% (slightly high)", "6.8%"],
    ]);
  });
});

describe("a food is no medicine", () => {
  it("taking a child off cow's milk stops no medicine and tells the patient nothing to take", () => {
    const tr = t(
      ["clinician", "for now i want you to stop giving him cow's milk until he is a year old"],
      ["patient", "okay"],
    );
    const fs = extractFindings(tr);
    expect(of(fs, "medication")).toEqual([]);
    expect(summaryOf(tr)).not.toMatch(/milk/i);
  });
});
