import type { Finding } from "@bedside/shared";
import { findingKinds } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { CONDITIONS, EXTRA_GLOSSARY, MEDICATIONS, REFERRALS, SYMPTOMS, TESTS } from "./findings.lexicon.js";
import { explainFindings, explanationText } from "./plain-language.js";
import { gradeLevel, isPlainEnough, maxSentenceGrade, splitSentences } from "./readability.js";

describe("readability wrapper", () => {
  it("grades simple text low and dense text high", () => {
    expect(gradeLevel("We want to see you again in two weeks.")).toBeLessThanOrEqual(2);
    expect(
      gradeLevel(
        "Hydrochlorothiazide administration necessitates electrolyte surveillance, particularly potassium concentrations.",
      ),
    ).toBeGreaterThan(12);
    expect(
      maxSentenceGrade("Go home. Pharmacological interventions necessitate comprehensive documentation."),
    ).toBeGreaterThan(6);
    expect(isPlainEnough("Call 911 if you can't breathe.")).toBe(true);
    // A title's period does not end the sentence.
    expect(splitSentences("Dr. Rivera will call you. Then rest.")).toEqual([
      "Dr. Rivera will call you",
      "Then rest",
    ]);
  });
});

describe("plain-language explanations", () => {
  it("has a glossary of plain definitions, each at grade 6 or below", () => {
    const definitions = [
      ...[...SYMPTOMS, ...CONDITIONS, ...TESTS, ...REFERRALS].flatMap((e) =>
        e.definition ? [e.definition] : [],
      ),
      ...Object.values(EXTRA_GLOSSARY),
    ];
    const hard = definitions.filter((d) => !isPlainEnough(d)).map((d) => `${d} (${maxSentenceGrade(d)})`);
    expect(hard).toEqual([]);
  });

  it("words a warning sign as a sign you have, or as a condition when the clinician said one", () => {
    const ev = [{ segmentId: "s1", quote: "x" }];
    const [sign, condition] = explainFindings([
      {
        id: "w1",
        kind: "warning_sign",
        text: "Seek care now if: chest pain or trouble breathing",
        details: {},
        evidence: ev,
      },
      {
        id: "w2",
        kind: "warning_sign",
        text: "Seek care now if: your fever gets worse",
        details: {},
        evidence: ev,
      },
    ]).explanations;
    expect(sign?.help.text).toMatch(/^If you have chest pain or trouble breathing, get help now\./);
    expect(condition?.help.text).toMatch(/^If your fever gets worse, get help now\./);
  });

  it("explains every kind in four parts, every sentence at grade 6 or below, with the grade it measured", () => {
    const findings: Finding[] = [];
    const ev = [{ segmentId: "s1", quote: "x" }];
    for (const kind of findingKinds)
      findings.push({ id: `g-${kind}`, kind, text: `Generic ${kind}`, details: {}, evidence: ev });
    for (const m of MEDICATIONS) {
      for (const status of ["started", "stopped", "changed", "continued"] as const) {
        findings.push({
          id: `${m.term}-${status}`,
          kind: "medication",
          text: m.term,
          term: m.term,
          details: { status, dose: "500 mg", frequency: "twice a day" },
          evidence: ev,
        });
      }
    }
    for (const c of CONDITIONS)
      findings.push({
        id: c.term,
        kind: "assessment",
        text: c.term,
        term: c.term,
        details: {},
        evidence: ev,
      });
    for (const c of TESTS)
      findings.push({
        id: c.term,
        kind: "plan",
        text: c.term,
        term: c.term,
        details: { category: "test" },
        evidence: ev,
      });
    for (const s of SYMPTOMS)
      findings.push({
        id: s.term,
        kind: "symptom",
        text: s.term,
        term: s.term,
        details: { duration: "for about two weeks" },
        evidence: ev,
      });

    const { explanations, glossary } = explainFindings(findings);
    expect(explanations).toHaveLength(findings.length);
    // Every drug in the lexicon gets a definition, and every definition reads plainly.
    for (const m of MEDICATIONS) expect(glossary.map((g) => g.term)).toContain(m.term);
    for (const g of glossary)
      expect(maxSentenceGrade(g.definition.text), g.definition.text).toBeLessThanOrEqual(6);
    for (const e of explanations) {
      for (const part of [e.about, e.meaning, e.next, e.help]) {
        expect(part.text.length).toBeGreaterThan(0);
        expect(maxSentenceGrade(part.text), part.text).toBeLessThanOrEqual(6);
        expect(part.grade).toBe(gradeLevel(part.text));
      }
    }
  });

  it("names the drug when it reads plainly enough, and links the glossary", () => {
    const fs = extractFindings([
      {
        id: "a",
        speaker: "clinician",
        text: "I'm going to start you on lisinopril 10 mg daily for your high blood pressure.",
      },
    ]);
    const { explanations, glossary } = explainFindings(fs);
    const med = fs.find((f) => f.kind === "medication");
    const e = explanations.find((x) => x.findingId === med?.id);
    expect(e && explanationText(e)).toContain("lisinopril");
    expect(e?.meaning.text).toBe("It is a medicine to lower your blood pressure.");
    expect(e?.terms).toContain("lisinopril");
    expect(glossary.find((g) => g.term === "hypertension")?.definition.grade).toBeLessThanOrEqual(6);
  });
});
