import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `a${++n}`, speaker, text }));
}
const assessments = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "assessment").map((f) => f.text);

describe("diagnoses from the clinician's framing only", () => {
  it("reads the dictated past history as history, and the clinician's impression as the diagnosis", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "sam is a 61-year-old male with a past medical history significant for depression and migraines who presents with back pain .",
        ],
        [
          "clinician",
          "so for your first problem , your back pain , i think you're having a recurrence of your kidney stones .",
        ],
      ),
    );
    expect(assessments(fs)).toEqual(["History of depression", "History of migraine", "Kidney stones"]);
    expect(composeSummary(fs).inShort.thinks).toBe("Your clinician thinks you have kidney stones.");
  });

  it("reads what was removed months ago as history, not a diagnosis today", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "and from your skin cancer removal standpoint , everything seems to be healing well .",
      ]),
    );
    expect(assessments(fs)).toEqual(["History of cancer"]);
    expect(composeSummary(fs).inShort.thinks).toBeUndefined();
  });

  it("reads a murmur heard on exam as an exam finding, not what the clinician thinks", () => {
    const fs = extractFindings(
      t(["clinician", "on your heart exam , i do appreciate a three out of six systolic ejection murmur ."]),
    );
    expect(assessments(fs)).toEqual(["On exam: heart murmur"]);
    expect(composeSummary(fs).inShort.thinks).toBeUndefined();
  });

  it("upgrades a history to the diagnosis when the clinician later commits to it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i know you have this history of congestive heart failure ."],
        ["clinician", "for your congestive heart failure , i think you're retaining some fluid ."],
      ),
    );
    expect(assessments(fs)).toEqual(["Congestive heart failure"]);
  });
});
