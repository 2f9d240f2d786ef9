import { describe, expect, it } from "vitest";
import { conditionByTerm, referralByTerm, symptomByTerm, testByTerm } from "./lexicon.matcher.js";
import { CONDITION_GUIDE, MEDICINE_TIP, REFERRAL_WHO, SYMPTOM_GUIDE, TEST_NEXT } from "./patient-guide.js";
import { maxSentenceGrade } from "./readability.js";
import { MEDICATION_CLASSES } from "./findings.lexicon.js";

describe("plain-language entries", () => {
  it("has one for every symptom, condition, test and referral the engine can name", () => {
    expect(Object.keys(SYMPTOM_GUIDE).sort()).toEqual([...symptomByTerm.keys()].sort());
    expect(Object.keys(CONDITION_GUIDE).sort()).toEqual([...conditionByTerm.keys()].sort());
    expect(Object.keys(TEST_NEXT).sort()).toEqual([...testByTerm.keys()].sort());
    expect(Object.keys(REFERRAL_WHO).sort()).toEqual([...referralByTerm.keys()].sort());
    for (const cls of Object.keys(MEDICINE_TIP)) expect(MEDICATION_CLASSES[cls]).toBeDefined();
  });

  it("reads at grade 6 or below, sentence by sentence", () => {
    const all = [
      ...Object.values(SYMPTOM_GUIDE),
      ...Object.values(CONDITION_GUIDE),
      ...Object.values(TEST_NEXT),
      ...Object.values(REFERRAL_WHO).map((who) => `You will see ${who}.`),
      ...Object.values(MEDICINE_TIP),
    ];
    const over = all.filter((text) => maxSentenceGrade(text) > 6);
    expect(over).toEqual([]);
  });

  it("says each thing once: no two entries share a sentence", () => {
    const entries = [...Object.values(SYMPTOM_GUIDE), ...Object.values(CONDITION_GUIDE)];
    expect(new Set(entries).size).toBe(entries.length);
  });
});
