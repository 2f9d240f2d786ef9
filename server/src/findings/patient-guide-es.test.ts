import { describe, expect, it } from "vitest";
import {
  CONDITIONS,
  MEDICATION_CLASSES,
  REFERRALS,
  SYMPTOMS,
  TESTS,
  TREATMENTS,
} from "./findings.lexicon.js";
import { MEDICINE_TIP } from "./patient-guide.js";
import {
  CONDITIONS_ES,
  EXTRA_GLOSSARY_ES,
  MEDICATION_CLASSES_ES,
  MEDICINE_TIP_ES,
  REFERRALS_ES,
  SYMPTOMS_ES,
  TESTS_ES,
  TREATMENTS_ES,
} from "./patient-guide-es.js";
import { fernandezHuerta, isEasySpanish } from "./readability-es.js";
import { phrasesFor } from "./summary-phrases.js";

// Words every English sentence needs and no Spanish one has.
const ENGLISH = /\b(?:the|you|your|with|and|is|are|it|of|to|for|when|can|get)\b/i;

describe("the Spanish patient guide", () => {
  it("has a Spanish name for every term the engine can name, and a use for every kind of medicine", () => {
    const missing = [
      ...SYMPTOMS.filter((e) => !SYMPTOMS_ES[e.term]?.[0]).map((e) => `symptom ${e.term}`),
      ...CONDITIONS.filter((e) => !CONDITIONS_ES[e.term]?.[0]).map((e) => `condition ${e.term}`),
      ...TESTS.filter((e) => !TESTS_ES[e.term]?.[0]).map((e) => `test ${e.term}`),
      ...REFERRALS.filter((e) => !REFERRALS_ES[e.term]?.[0]).map((e) => `referral ${e.term}`),
      ...TREATMENTS.filter((e) => !TREATMENTS_ES[e.term]?.[0]).map((e) => `treatment ${e.term}`),
      ...Object.keys(MEDICATION_CLASSES)
        .filter((c) => !MEDICATION_CLASSES_ES[c])
        .map((c) => `class ${c}`),
      ...Object.keys(MEDICINE_TIP)
        .filter((c) => !MEDICINE_TIP_ES[c])
        .map((c) => `tip ${c}`),
    ];
    expect(missing).toEqual([]);
  });

  it("explains what each condition, test and symptom with an English definition is, and what to do", () => {
    for (const e of [...CONDITIONS, ...TESTS]) {
      const es = { ...CONDITIONS_ES, ...TESTS_ES }[e.term];
      expect(es?.[1], e.term).toBeTruthy();
      expect(es?.[2], e.term).toBeTruthy();
    }
    for (const e of SYMPTOMS.filter((s) => s.definition))
      expect(SYMPTOMS_ES[e.term]?.[1], e.term).toBeTruthy();
  });

  it("reads easily in Spanish: each piece at least 'bastante fácil', with no English left", () => {
    const texts = [
      ...[SYMPTOMS_ES, CONDITIONS_ES, TESTS_ES, REFERRALS_ES, TREATMENTS_ES].flatMap((t) =>
        Object.values(t).flatMap(([, definition, guide]) => [definition, guide]),
      ),
      ...Object.values(MEDICINE_TIP_ES),
      ...Object.values(EXTRA_GLOSSARY_ES),
    ].filter((t) => t.length > 0);
    const hard = texts.filter((t) => !isEasySpanish(t)).map((t) => `${fernandezHuerta(t)}: ${t}`);
    expect(hard).toEqual([]);
    expect(texts.filter((t) => ENGLISH.test(t))).toEqual([]);
  });

  it("gives the allergy entry a text that reads at least 'bastante fácil' (a paragraph of its own on the page)", () => {
    // The patient's after-visit page holds each paragraph of five words or more to this (the
    // e2e's Spanish journey); the allergy entry's text stands alone under its title.
    const { tellAllergy, noAllergies } = phrasesFor.es.s;
    expect(
      [tellAllergy, noAllergies].filter((t) => !isEasySpanish(t)).map((t) => `${fernandezHuerta(t)}: ${t}`),
    ).toEqual([]);
  });
});
