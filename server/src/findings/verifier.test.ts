import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { checkFinding, numbersSaid, verifyFindings } from "./verifier.js";
import { VERIFIER_RULES } from "./verifier.rules.js";
import { composeSummary } from "./summary.compose.js";
import { createBuiltinEngine, verified } from "./findings.engine.js";

describe("verifier rules (data)", () => {
  for (const rule of VERIFIER_RULES)
    for (const [i, ex] of rule.examples.entries())
      it(`${rule.id} example ${i + 1} ${ex.passes ? "passes" : "fails"}`, () => {
        const f: Finding = { id: "f1", details: {}, evidence: [], ...ex.finding };
        const { failed } = checkFinding(f, ex.quotes);
        expect(failed.includes(rule.id)).toBe(!ex.passes);
      });
});

const transcript: Transcript = [
  {
    id: "s1",
    speaker: "clinician",
    text: "take one adult aspirin or four baby aspirins if the chest pain comes back",
  },
  { id: "s2", speaker: "clinician", text: "your a1c was 7.2 today" },
  { id: "s3", speaker: "patient", text: "I take lisinopril ten milligrams every morning." },
];

describe("verifier", () => {
  it("reads numbers said in words and digits", () => {
    expect([...numbersSaid("four hundred milligrams, 1,000 mg, one twenty over eighty")]).toEqual(
      expect.arrayContaining([400, 1000, 120, 80]),
    );
  });

  it("drops a finding with no verbatim quote, marks unsupported facts uncertain, keeps the rest", () => {
    const drafts: Finding[] = [
      // A model's wrong drafts: a dose nobody said, an A1c called cholesterol, a quote not in the segment.
      {
        id: "a",
        kind: "medication",
        text: "Aspirin 325 mg (started)",
        term: "aspirin",
        details: { dose: "325 mg", status: "started" },
        evidence: [{ segmentId: "s1", quote: "take one adult aspirin or four baby aspirins" }],
      },
      {
        id: "b",
        kind: "measurement",
        text: "Cholesterol 7.2",
        term: "cholesterol",
        details: { value: "7.2" },
        evidence: [{ segmentId: "s2", quote: "your a1c was 7.2 today" }],
      },
      {
        id: "c",
        kind: "medication",
        text: "Metformin (continued)",
        term: "metformin",
        details: { status: "continued" },
        evidence: [{ segmentId: "s3", quote: "I take metformin" }],
      },
      {
        id: "d",
        kind: "medication",
        text: "Lisinopril 10 milligrams every morning (continued)",
        term: "lisinopril",
        details: { dose: "10 milligrams", frequency: "every morning", status: "continued", uncertain: true },
        evidence: [{ segmentId: "s3", quote: "I take lisinopril ten milligrams every morning." }],
      },
    ];
    const { findings, counts } = verifyFindings(drafts, transcript);
    expect(findings.map((f) => [f.term, f.details.uncertain ?? false])).toEqual([
      ["aspirin", true],
      ["cholesterol", true],
      // An engine cannot mark itself sure or unsure: the verifier decides.
      ["lisinopril", false],
    ]);
    expect(counts).toMatchObject({ checked: 4, dropped: 1, uncertain: 2 });
    // The patient never reads what the verifier could not support.
    const summary = JSON.stringify(composeSummary(findings));
    expect(summary).not.toMatch(/aspirin|cholesterol/i);
    expect(summary).toMatch(/lisinopril/i);
  });

  it("checks the answer of any engine, including one that answers for another", async () => {
    const liar = verified({
      name: "openai-compatible",
      extract: () =>
        Promise.resolve({
          engine: "openai-compatible",
          findings: [
            {
              id: "x",
              kind: "medication",
              text: "Nitroglycerin (started)",
              term: "nitroglycerin",
              details: { status: "started" },
              evidence: [{ segmentId: "s2", quote: "your a1c was 7.2 today" }],
            },
          ],
          explanations: [],
          glossary: [],
        }),
    });
    const result = await liar.extract(transcript);
    expect(result.findings).toEqual([]);
    expect(result.verification).toEqual({ checked: 1, dropped: 1, uncertain: 0 });
    const builtin = await createBuiltinEngine().extract(transcript);
    expect(builtin.verification?.checked).toBeGreaterThan(0);
  });
});

describe("numbers a finding states", () => {
  it("reads 'covid-19' and 'a1c' as names, not numbers to find in the quotes", () => {
    const f: Finding = {
      id: "f1",
      kind: "assessment",
      text: "Covid-19",
      term: "covid-19",
      details: {},
      evidence: [],
    };
    expect(checkFinding(f, ["did you get your covid vaccine"]).failed).toEqual([]);
  });
});

describe("verifier context", () => {
  it("reads a bare answer by the question it answered", () => {
    const transcript: Transcript = [
      { id: "q", speaker: "clinician", text: "What medications are you currently taking?" },
      { id: "a", speaker: "patient", text: "Augmentin and lisinopril." },
    ];
    const f: Finding = {
      id: "f1",
      kind: "medication",
      text: "Lisinopril (continued)",
      term: "lisinopril",
      details: { status: "continued" },
      evidence: [{ segmentId: "a", quote: "Augmentin and lisinopril." }],
    };
    expect(verifyFindings([f], transcript).findings[0]?.details.uncertain).toBeUndefined();
    // Cited without its question, the same words do not say the medicine is taken.
    expect(verifyFindings([f], transcript.slice(1)).findings[0]?.details.uncertain).toBe(true);
  });
});
