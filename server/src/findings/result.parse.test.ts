import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { resultDirection } from "./result.parse.js";

const dir = (text: string, name: string, value: string) => {
  const n = text.indexOf(name);
  const v = text.indexOf(value, n);
  return resultDirection(text, n, v, v + value.length);
};

describe("a result's direction, as said", () => {
  it.each([
    ["your a1c was slightly elevated at 6.8", "a1c", "6.8", "slightly high"],
    ["your tsh came back low at 0.2", "tsh", "0.2", "low"],
    ["your potassium was 5.9, which is high", "potassium", "5.9", "high"],
    ["your ldl was 190 which is very high", "ldl", "190", "very high"],
    ["your creatinine was 1.1 which is not elevated", "creatinine", "1.1", "not high"],
    ["your a1c was 6.8 and normal is below 5.7", "a1c", "6.8", undefined],
    ["your a1c was 7.5 and it should be under 7", "a1c", "7.5", undefined],
    ["your a1c was 7.5 but your blood pressure was high", "a1c", "7.5", undefined],
  ])("%s", (text, name, value, want) => expect(dir(text, name, value)).toBe(want));
});

describe("a reading keeps its direction", () => {
  const t = (text: string): Transcript => [{ id: "m1", speaker: "clinician", text }];
  const readings = (fs: Finding[]) => fs.filter((f) => f.kind === "measurement").map((f) => f.text);
  it("the value and the direction said, never a reference range", () => {
    expect(readings(extractFindings(t("your blood pressure today is high at 160 over 95")))).toEqual([
      "Blood pressure 160/95 (high)",
    ]);
    expect(readings(extractFindings(t("your a1c was 6.8 and normal is below 5.7")))).toEqual([
      "Hemoglobin a1c 6.8%",
    ]);
  });
});
