// The verifier: every finding from every engine (the built-in one, the OpenAI-compatible one, and
// the built-in one answering for it) is checked against the segments it cites before anyone reads
// it. A finding whose source cannot be traced is dropped; one with a fact its quotes do not
// support (a number, a side, a status, a measurement's name, an unanswered question) is kept for
// the clinician alone, marked `details.uncertain` ("not sure, please check"), and never reaches
// the patient's summary. Rules and their examples are data in verifier.rules.ts.
import type { Evidence, Finding, Transcript } from "@bedside/shared";
import { drugMatcher } from "./drug.matcher.js";
import { SPOKEN_NUMBER, spokenNumber } from "./medication.details.js";
import { isSpanishText } from "./spanish-cues.js";
import { citeContinueInstructions, planHedgeKept, testOrderedInVisit } from "./summary.gate.js";
import { classifyAnswer, isShortAnswer } from "./proposal.answer.js";
import {
  AFFIRMED_ANSWER,
  MEASURE_NAMES,
  SIDE,
  STATUS_CUES,
  TAG_QUESTION,
  VERIFIER_RULES,
  type VerifierCheck,
} from "./verifier.rules.js";

export interface VerificationCounts {
  checked: number;
  dropped: number;
  uncertain: number;
  /** Failures per rule (a finding may fail several). */
  failures: Partial<Record<VerifierCheck, number>>;
}

/** The numbers said in a text, in digits or words ("four hundred", "one twenty" → 400, 120, 1, 20). */
export function numbersSaid(said: string): Set<number> {
  const out = new Set<number>();
  // "2 . 5": the scribe's full stop for a spoken decimal point (in words, "two . five", it is one
  // SPOKEN_NUMBER, which spokenNumber reads as 2.5).
  const text = said.replace(/(\d)\s+\.\s+(?=\d)/g, "$1.");
  for (const m of text.replace(/(\d),(\d{3})/g, "$1$2").matchAll(/\d+(?:\.\d+)?/g)) out.add(Number(m[0]));
  for (const m of text.matchAll(new RegExp(SPOKEN_NUMBER, "gi"))) {
    const words = m[0]
      .toLowerCase()
      .split(/[\s-]+/)
      .filter((w) => w !== "a" && w !== "and");
    for (let i = 0; i < words.length; i++)
      for (let j = words.length; j > i; j--) {
        const n = spokenNumber(words.slice(i, j).join(" "));
        if (n !== undefined) out.add(n);
      }
    // "low at point one": a decimal said without its leading zero.
    const lead = text.slice(Math.max(0, (m.index ?? 0) - 6), m.index ?? 0);
    if (/\bpoint\s+$/i.test(lead)) {
      const n = spokenNumber(`zero point ${words.join(" ")}`);
      if (n !== undefined) out.add(n);
    }
    // "one twenty" over "eighty": a reading said digit group by digit group.
    const parts = words.map((w) => spokenNumber(w));
    if (parts.length > 1 && parts.every((p) => p !== undefined && p < 100))
      out.add(Number(parts.map(String).join("")));
  }
  return out;
}

/** The numbers a finding states as its own: standalone digits ("a1c", "B12" are names). */
function numbersStated(f: Finding): number[] {
  const d = f.details;
  const text = [f.text, d.dose, d.value, d.refills].filter(Boolean).join(" ");
  return [
    ...text.replace(/(\d),(\d{3})/g, "$1$2").matchAll(/(?<![\p{L}\d.]|\p{L}-)\d+(?:\.\d+)?(?![\p{L}\d])/gu),
  ].map((m) => Number(m[0]));
}

/**
 * `quotes` are the words cited; `asked` the clinician's questions each cited answer was given to
 * ("What medications are you taking?" — "Augmentin and lisinopril."), which say what a bare answer means.
 */
type Check = (f: Finding, quotes: string[], asked: string[], answers: string[]) => boolean;

const CHECKS: Record<Exclude<VerifierCheck, "quotes-verbatim">, Check> = {
  "drug-in-quotes": (f, quotes) => {
    if (quotes.some(isSpanishText)) return true;
    const joined = quotes.join(" \n ");
    const names = [f.term, f.details.saidAs].filter((x): x is string => !!x).map((x) => x.toLowerCase());
    if (names.some((n) => joined.toLowerCase().includes(n))) return true;
    return drugMatcher.find(joined).some((m) => m.term === f.term);
  },
  "numbers-in-quotes": (f, quotes) => {
    const said = numbersSaid(quotes.join(" \n "));
    return numbersStated(f).every((n) => said.has(n));
  },
  "side-in-quotes": (f, quotes) => {
    const joined = quotes.join(" ").toLowerCase();
    return [...f.text.matchAll(SIDE)].every((m) => joined.includes((m[1] ?? "").toLowerCase()));
  },
  "status-cue": (f, quotes, asked) => {
    const status = f.details.status;
    if (!status || quotes.some(isSpanishText)) return true;
    return [...quotes, ...asked].some((q) => STATUS_CUES[status].test(q));
  },
  affirmed: (_f, quotes) =>
    quotes.some((q) => !q.trim().endsWith("?") || TAG_QUESTION.test(q.trim())) ||
    quotes.some((q) => AFFIRMED_ANSWER.test(q)),
  "measure-in-quotes": (f, quotes) => {
    const name = MEASURE_NAMES[(f.term ?? "").toLowerCase()];
    return !name || quotes.some((q) => name.test(q));
  },
  "plan-hedge-lost": (f, quotes) => planHedgeKept(f, quotes),
  "test-not-ordered": (f, quotes) => testOrderedInVisit(f, quotes),
  // The patient's answer cited beside the order must not leave the decision open.
  "answer-unclear": (_f, _quotes, _asked, answers) =>
    !answers.some((q) => isShortAnswer(q) && classifyAnswer(q) === "unclear"),
};

const applies = (kinds: (typeof VERIFIER_RULES)[number]["kinds"], f: Finding) =>
  kinds === "all" || kinds.includes(f.kind);

/** Checks one finding against its quotes: the rules it fails, and whether it is dropped. */
export function checkFinding(
  f: Finding,
  quotes: string[],
  asked: string[] = [],
  /** What the patient's side said among the quotes; without speakers, every quote after the first. */
  answers: string[] = quotes.slice(1),
): { failed: VerifierCheck[]; drop: boolean } {
  const failed: VerifierCheck[] = [];
  let drop = quotes.length === 0;
  if (drop) return { failed: ["quotes-verbatim"], drop };
  for (const rule of VERIFIER_RULES) {
    if (rule.id === "quotes-verbatim" || !applies(rule.kinds, f)) continue;
    if (CHECKS[rule.id](f, quotes, asked, answers)) continue;
    failed.push(rule.id);
    if (rule.onFail === "drop") drop = true;
  }
  return { failed, drop };
}

/** Verifies every finding against the transcript it was drawn from. */
export function verifyFindings(
  findings: Finding[],
  transcript: Transcript,
): { findings: Finding[]; counts: VerificationCounts } {
  const textById = new Map(transcript.map((s) => [s.id, s.text]));
  const fromClinician = new Set(transcript.filter((s) => s.speaker === "clinician").map((s) => s.id));
  // The question a patient's words answered: the clinician's segment just before, if it asks.
  const askedBefore = new Map<string, string>();
  transcript.forEach((s, i) => {
    const prev = transcript[i - 1];
    if (s.speaker !== "clinician" && prev?.speaker === "clinician" && prev.text.includes("?"))
      askedBefore.set(s.id, prev.text);
  });
  const counts: VerificationCounts = { checked: findings.length, dropped: 0, uncertain: 0, failures: {} };
  const out: Finding[] = [];
  for (const f of citeContinueInstructions(findings, transcript)) {
    const evidence: Evidence[] = f.evidence.filter(
      (e) => textById.get(e.segmentId)?.includes(e.quote) ?? false,
    );
    if (evidence.length < f.evidence.length)
      counts.failures["quotes-verbatim"] = (counts.failures["quotes-verbatim"] ?? 0) + 1;
    const asked = [...new Set(evidence.flatMap((e) => askedBefore.get(e.segmentId) ?? []))];
    const answers = evidence.filter((e) => !fromClinician.has(e.segmentId)).map((e) => e.quote);
    const { failed, drop } = checkFinding(
      f,
      evidence.map((e) => e.quote),
      asked,
      answers,
    );
    for (const id of failed) counts.failures[id] = (counts.failures[id] ?? 0) + 1;
    if (drop || evidence.length === 0) {
      counts.dropped++;
      continue;
    }
    const uncertain = failed.length > 0;
    if (uncertain) counts.uncertain++;
    out.push({
      ...f,
      evidence,
      details: uncertain ? { ...f.details, uncertain: true } : withoutUncertain(f.details),
    });
  }
  return { findings: out.map((f, i) => ({ ...f, id: `f${i + 1}` })), counts };
}

// An engine (a model) cannot vouch for itself: only the verifier sets the flag.
function withoutUncertain(d: Finding["details"]): Finding["details"] {
  const { uncertain: _ignored, ...rest } = d;
  return rest;
}
