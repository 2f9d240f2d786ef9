// The summary's last gate. Every line the patient reads carries the finding(s) it rests on and the
// kind of support behind it (summary.gate.rules.ts: the clinician's instruction or statement, the
// patient's report, the engine's guide to a word the visit affirmed, or the engine's own default).
// A line whose support is not an affirmed statement of this visit is withheld from the patient and
// listed for the clinician: plan lines whose cited clause carries a negation, hold-off, condition or
// "already done" the line lost are marked uncertain by the verifier (the review already shows those
// "not sure, please check"), and the composer withholds the engine's defaults (a "keep taking" nobody
// said, a symptom's leaflet beside a named cause, reassurance or an everyday cause beside a finding).
import type { Finding } from "@bedside/shared";
import { nextStepsOf, nextStepText } from "./next-step.extract.js";
import { isConditionalPlan, isPlanToDo } from "./plan.extract.js";
import {
  CONTINUE_CUE,
  GATE_RULES,
  DONE_CUE,
  FIRM_ORDER,
  type GateRuleId,
  HEDGE_AFTER,
  HEDGE_BEFORE,
  NEGATION_AFTER,
  NEGATION_BEFORE,
  NOT_A_HEDGE,
  ORDER_CUE,
  type Support,
  TRIED_NO_RELIEF,
} from "./summary.gate.rules.js";

export type SummarySectionKey =
  "why" | "thinks" | "todo" | "help" | "medicine" | "test" | "next" | "sign" | "talked";

/** One line the patient reads, with what it rests on. */
export interface SummaryLine {
  section: SummarySectionKey;
  text: string;
  findingIds: string[];
  support: Support;
}

/** A line kept from the patient and listed for the clinician ("not sure, please check"). */
export interface WithheldLine {
  section: SummarySectionKey;
  text: string;
  findingIds: string[];
  rule: GateRuleId | "verifier";
}

/** What one compose records: the lines shown and the lines withheld. */
export class SummaryTrace {
  readonly lines: SummaryLine[] = [];
  readonly withheld: WithheldLine[] = [];
  line(section: SummarySectionKey, text: string, findings: readonly Finding[], support: Support): void {
    if (text.trim()) this.lines.push({ section, text, findingIds: findings.map((f) => f.id), support });
  }
  withhold(
    section: SummarySectionKey,
    text: string,
    findings: readonly Finding[],
    rule: WithheldLine["rule"],
  ) {
    if (text.trim()) this.withheld.push({ section, text, findingIds: findings.map((f) => f.id), rule });
  }
}

/** The support of a line resting on one finding, by its kind and status. */
export function supportOf(f: Finding, instructed = false): Support {
  switch (f.kind) {
    case "chief_concern":
    case "symptom":
    case "allergy":
      return "patient-report";
    case "assessment":
    case "measurement":
      return /\(patient-reported\)\s*$/i.test(f.text) ? "patient-report" : "clinician-statement";
    case "plan":
    case "follow_up":
    case "warning_sign":
      return "clinician-instruction";
    case "medication":
      return f.details.status === "continued" && !instructed
        ? "patient-report"
        : f.details.status === undefined
          ? "patient-report"
          : "clinician-instruction";
  }
}

const FOLLOW_UP_ANCHOR =
  /\b(?:follow[- ]?up|follow\s+up|see\s+(?:you|her|him)|come\s+(?:back|in)|return|check\s+in|back\s+in|next\s+visit|appointment)\b/i;

/** Where the item is named in a quote (every place): a follow-up's verb, or the first word of the plan's term. */
function anchorsIn(f: Finding, quote: string): { start: number; end: number }[] {
  let re: RegExp;
  if (f.kind === "follow_up") re = new RegExp(FOLLOW_UP_ANCHOR.source, "gi");
  else {
    const word = (f.details.saidAs ?? f.term ?? "").split(/[\s(-]+/)[0]?.toLowerCase();
    if (!word || word.length < 2) return [];
    const stem = word.length > 5 ? word.slice(0, 5) : word;
    re = new RegExp(`\\b${stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "gi");
  }
  return [...quote.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The sentence of `quote` around [start, end): split at end punctuation. */
function sentenceAround(quote: string, start: number, end: number): { before: string; after: string } {
  const head = quote.slice(0, start);
  const cut = Math.max(
    head.lastIndexOf("."),
    head.lastIndexOf("?"),
    head.lastIndexOf("!"),
    head.lastIndexOf(";"),
  );
  const tail = quote.slice(end);
  const stop = tail.search(/[.?!;]/);
  return { before: head.slice(cut + 1), after: stop < 0 ? tail : tail.slice(0, stop) };
}

const lastWords = (text: string, n: number): string => text.trim().split(/\s+/).slice(-n).join(" ");

/**
 * A plan or follow-up line is said as an instruction when at least one of its cited clauses names the
 * item with no negation in the few words before it ("don't need to follow up"), none after it in its
 * clause ("…anymore"), and no condition or possibility said with it ("if we need to", "possibly") —
 * unless the line itself keeps that condition or decline. A quote that does not name the item
 * neither supports nor refutes it; with no quote naming it, the line stands (the verifier checked it).
 */
export function planHedgeKept(f: Finding, quotes: readonly string[]): boolean {
  if (f.kind !== "plan" && f.kind !== "follow_up") return true;
  if (f.kind === "plan" && (!isPlanToDo(f) || isConditionalPlan(f))) return true;
  // A next step that keeps its own negation or condition ("No follow-up visit needed unless…",
  // "Follow up if you're not better in a week"), read from these very words, lost nothing.
  if (
    f.kind === "follow_up" &&
    quotes.some((q) =>
      nextStepsOf(q).some((x) => nextStepText(x) === f.text && (x.kind === "none" || !!x.condition)),
    )
  )
    return true;
  let named = false;
  for (const q of quotes)
    for (const a of anchorsIn(f, q)) {
      named = true;
      const around = sentenceAround(q, a.start, a.end);
      const before = around.before.replace(NOT_A_HEDGE, " ");
      const after = around.after.replace(NOT_A_HEDGE, " ");
      const negated = NEGATION_BEFORE.test(lastWords(before, 6)) || NEGATION_AFTER.test(after);
      const hedged = HEDGE_BEFORE.test(lastWords(before, 12)) || HEDGE_AFTER.test(after);
      if (!negated && !hedged) return true;
    }
  return !named;
}

/**
 * A test to get is ordered in this visit's words: a cited sentence naming it has an order cue and no
 * sign it was already done, read or reviewed (or a firm order beside it: "a repeat x-ray").
 */
export function testOrderedInVisit(f: Finding, quotes: readonly string[]): boolean {
  if (f.kind !== "plan" || f.details.category !== "test" || !isPlanToDo(f) || isConditionalPlan(f))
    return true;
  return quotes.some((q) => {
    const anchors = anchorsIn(f, q);
    return (anchors.length > 0 ? anchors : [{ start: 0, end: 0 }]).some((a) => {
      const { before, after } = sentenceAround(q, a.start, a.end);
      const sentence = `${before} ${q.slice(a.start, a.end)} ${after}`;
      return ORDER_CUE.test(sentence) && (!DONE_CUE.test(sentence) || FIRM_ORDER.test(sentence));
    });
  });
}

/** "Keep taking" is the clinician's instruction: in the medicine's own quotes, or a "Continue" plan for it. */
export function continueInstructed(f: Finding, findings: readonly Finding[]): boolean {
  if (f.evidence.some((e) => CONTINUE_CUE.test(e.quote))) return true;
  return findings.some(
    (p) => p.kind === "plan" && p.term === f.term && /^continue\b/i.test(p.text) && !p.details.uncertain,
  );
}

/**
 * A medicine the patient tried without relief ("Gabapentin did not work at all"), with no word from
 * the clinician to go on with it or stop it: "ask us if you should take it" or "you take it now"
 * reads as one to take, beside its replacement as two. Its row is the clinician's to word
 * ("tried-without-relief"); the note charts it as tried.
 */
export function triedWithoutRelief(f: Finding, findings: readonly Finding[]): boolean {
  if (f.kind !== "medication") return false;
  const status = f.details.status;
  if (status !== undefined && !(status === "continued" && !continueInstructed(f, findings))) return false;
  const names = [f.details.saidAs, f.term].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  return f.evidence.some((e) => {
    const quote = e.quote.toLowerCase();
    const at = names.map((x) => ({ x, i: quote.indexOf(x) })).find((m) => m.i >= 0);
    if (!at) return TRIED_NO_RELIEF.test(e.quote);
    // What is said of this drug: up to the sentence's end or a "but" about something else ("i take
    // lisinopril … but the tylenol did not help" is no word on the lisinopril; "naproxen but it's not
    // helping" is).
    const said = quote
      .slice(at.i + at.x.length)
      .split(/[.;!?]|\bbut\s+(?!(?:it|it's|that|this|they|those)\b)|\bhowever\b/)[0];
    return TRIED_NO_RELIEF.test(said ?? "");
  });
}

/** A continue cue said by the clinician just before a medicine's name ("let's continue you on the synthroid"). */
const CONTINUE_BEFORE_NAME = new RegExp(`(?:${CONTINUE_CUE.source})(?:\\s+\\S+){0,6}?\\s+$`, "i");
const NEGATED_CONTINUE =
  /\b(?:not|don't|do\s+n't|won't|wo\s+n't|stop)\s+(?:\S+\s+){0,2}?(?:continu|keep|stay)/i;

/**
 * A medicine the patient takes often has the clinician's instruction to go on with it said later, in a
 * sentence the medicine's finding does not cite ("we'll keep you on the five hundred of metformin"):
 * that sentence is cited (verbatim, the clinician's, not a question), so "keep taking" rests on it.
 */
export function citeContinueInstructions(
  findings: Finding[],
  transcript: readonly { id: string; speaker: string; text: string }[],
): Finding[] {
  return findings.map((f) => {
    if (f.kind !== "medication" || f.details.status !== "continued") return f;
    if (f.evidence.some((e) => CONTINUE_CUE.test(e.quote))) return f;
    const names = [f.term, f.details.saidAs]
      .filter((x): x is string => !!x && x.length > 2)
      .map((x) => x.toLowerCase());
    for (const seg of transcript) {
      if (seg.speaker !== "clinician") continue;
      const lower = seg.text.toLowerCase();
      for (const name of names) {
        for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
          const head = seg.text.slice(Math.max(0, at - 80), at);
          const cue = CONTINUE_BEFORE_NAME.exec(head);
          if (!cue || NEGATED_CONTINUE.test(head.slice(Math.max(0, cue.index - 20)))) continue;
          const tail = seg.text.slice(at + name.length);
          if (/^[^.!?]{0,40}\?/.test(tail)) continue;
          const start = Math.max(0, at - 80) + cue.index;
          const quote = seg.text.slice(start, at + name.length).trim();
          return { ...f, evidence: [...f.evidence, { segmentId: seg.id, quote }] };
        }
      }
    }
    return f;
  });
}

/**
 * What the clinician is asked to check before the patient reads anything: the findings the verifier
 * could not support (the summary leaves them out) and each line the composer withheld.
 */
export function notSureForClinician(findings: readonly Finding[], trace: SummaryTrace): WithheldLine[] {
  const fromVerifier: WithheldLine[] = findings
    .filter((f) => f.details.uncertain)
    .map((f) => ({
      section: f.kind === "follow_up" ? "next" : f.kind === "plan" ? "todo" : "talked",
      text: f.text,
      findingIds: [f.id],
      rule: !planHedgeKept(
        f,
        f.evidence.map((e) => e.quote),
      )
        ? "plan-hedge-lost"
        : !testOrderedInVisit(
              f,
              f.evidence.map((e) => e.quote),
            )
          ? "test-not-ordered"
          : "verifier",
    }));
  return [...fromVerifier, ...trace.withheld];
}

/** The withheld lines as the clinician's preview lists them: each with the reason it was kept back. */
export function notSureLines(
  withheld: readonly WithheldLine[],
): { text: string; why: string; findingIds: string[] }[] {
  const whyOf = (rule: WithheldLine["rule"]) =>
    GATE_RULES.find((r) => r.id === rule)?.why ??
    "The scribe could not find every fact of this in the words it quotes.";
  return withheld.map((w) => ({ text: w.text, why: whyOf(w.rule), findingIds: [...w.findingIds] }));
}
