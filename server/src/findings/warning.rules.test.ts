import { describe, expect, it } from "vitest";
import { conditionByTerm } from "./lexicon.matcher.js";
import { maxSentenceGrade } from "./readability.js";
import { fernandezHuerta, isEasySpanish } from "./readability-es.js";
import { CONDITION_SIGNS, conditionSign } from "./warning.rules.js";

describe("warning signs that fit a condition", () => {
  it("has one per condition the lexicon names, read after 'if you have' at grade 6 or below", () => {
    for (const [term, sign] of Object.entries(CONDITION_SIGNS)) {
      expect(conditionByTerm.has(term), term).toBe(true);
      const line = `Call 911 if you have ${sign.en}.`;
      expect(maxSentenceGrade(line), line).toBeLessThanOrEqual(6);
    }
  });

  it("reads easily in Spanish after 'si tiene'", () => {
    const hard = Object.values(CONDITION_SIGNS)
      .map((s) => `Llame al 911 si tiene ${s.es}.`)
      .filter((x) => !isEasySpanish(x))
      .map((x) => `${fernandezHuerta(x)}: ${x}`);
    expect(hard).toEqual([]);
  });

  it("gives nothing for a condition without a sign of its own", () => {
    expect(conditionSign("gout", "en")).toBeUndefined();
    expect(conditionSign("cellulitis", "es")).toMatch(/rayas rojas/);
  });
});
