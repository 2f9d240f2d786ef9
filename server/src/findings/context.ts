// Applies the ConText rules of `context.rules.ts` to a mention in a sentence: which categories
// (negated, hypothetical, other person, historical) hold for it, and whether it sits inside a
// pseudo-trigger and so is no mention at all. Also reads a yes/no answer's polarity.
import {
  AFFIRMATIVE_ANSWER_RULES,
  ANOTHER_PERSON_ANSWER,
  ANSWER_FILLERS,
  CLAUSE_TERMINATORS,
  CONTEXT_RULES,
  type ContextCategory,
  type ContextRule,
  NEGATIVE_ANSWER_RULES,
  PSEUDO_TRIGGERS,
  SUSPICION_AFTER,
  SUSPICION_BEFORE,
} from "./context.rules.js";

export interface Span {
  start: number;
  end: number;
}

interface CompiledRule extends ContextRule {
  re: RegExp;
}

/** The rules write "don't"; a transcript may curl the apostrophe ("don’t"). */
export const tolerantContractions = (source: string): string => source.replace(/n't/g, String.raw`n['’]t`);

const compiled: CompiledRule[] = CONTEXT_RULES.map((r) => ({
  ...r,
  re: new RegExp(tolerantContractions(r.pattern), "gi"),
}));
const TERMINATOR = new RegExp(tolerantContractions(CLAUSE_TERMINATORS), "gi");
const PSEUDO = new RegExp(tolerantContractions(PSEUDO_TRIGGERS), "gi");

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
const wordsIn = (s: string): number => s.split(/\s+/).filter(Boolean).length;

interface Analysis {
  pseudo: Span[];
  terminators: Span[];
  triggers: (Span & { rule: CompiledRule })[];
}

// Sentences are analysed once and reused for each of their mentions.
const cache = new Map<string, Analysis>();

/**
 * Whom a guest of the patient speaks for. A parent who says "my daughter has had a fever" speaks of
 * the patient, and so does the clinician's "your daughter" to that parent: while a visit with such a
 * guest is read, that relative word names the patient, not another person (every other relative
 * still does). Set by `withPatientReferent` for one synchronous extraction.
 */
let referent: string | undefined;

const PATIENT_REFERENT_NOUNS = String.raw`son|daughter|child|kid|baby|boy|girl|husband|wife|partner|mother|mom|mum|father|dad`;
const GUEST_NAMES_PATIENT = new RegExp(
  String.raw`\b(?:my|our)\s+(?:little\s+|(?:\w+[-\s])?(?:year|month|week)[-\s]old\s+)?(${PATIENT_REFERENT_NOUNS})\b`,
  "i",
);

/**
 * The relative a guest of the patient names first in their own turns ("my son", "our daughter"),
 * read as the patient they speak for; undefined when the guest names none.
 */
export function patientReferentOf(guestTurns: readonly string[]): string | undefined {
  for (const text of guestTurns) {
    const m = GUEST_NAMES_PATIENT.exec(text);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return undefined;
}

/** Runs `fn` with `noun` ("daughter") read as the patient when said "my / your / our noun". */
export function withPatientReferent<T>(noun: string | undefined, fn: () => T): T {
  const before = referent;
  referent = noun?.toLowerCase();
  try {
    return fn();
  } finally {
    referent = before;
  }
}

/** True when the other-person trigger at `start` is "my / your / our [little] <referent>". */
function namesThePatient(text: string, start: number, word: string): boolean {
  if (referent === undefined || word.toLowerCase() !== referent) return false;
  return /\b(?:my|your|our|the)\s+(?:little\s+|(?:\w+[-\s])?(?:year|month|week)[-\s]old\s+)?$/i.test(
    text.slice(Math.max(0, start - 30), start),
  );
}

function analyse(text: string): Analysis {
  const key = referent === undefined ? text : `${referent}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const spans = (re: RegExp): Span[] =>
    [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const pseudo = spans(PSEUDO);
  const terminators = spans(TERMINATOR);
  const triggers: Analysis["triggers"] = [];
  for (const rule of compiled) {
    for (const m of text.matchAll(rule.re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      // A trigger word inside a pseudo-trigger ("no change") triggers nothing.
      if (pseudo.some((p) => overlaps(p, span))) continue;
      if (rule.category === "other_person" && namesThePatient(text, m.index, m[0])) continue;
      triggers.push({ ...span, rule });
    }
  }
  const analysis = { pseudo, terminators, triggers };
  if (cache.size > 5_000) cache.clear();
  cache.set(key, analysis);
  return analysis;
}

/** True when the mention lies inside a pseudo-trigger ("strain your urine", "covid vaccine"). */
export function isPseudoMention(text: string, mention: Span): boolean {
  return analyse(text).pseudo.some((p) => overlaps(p, mention));
}

/** The context categories that hold for the mention at [start, end) of the sentence text. */
export function contextOf(text: string, mention: Span): Set<ContextCategory> {
  const { terminators, triggers } = analyse(text);
  const out = new Set<ContextCategory>();
  const terminatedBetween = (from: number, to: number): boolean =>
    terminators.some((t) => t.start >= from && t.end <= to);
  for (const t of triggers) {
    if (overlaps(t, mention)) continue;
    const { rule } = t;
    const before = t.end <= mention.start;
    if (before && rule.direction === "backward") continue;
    if (!before && rule.direction === "forward") continue;
    const [from, to] = before ? [t.end, mention.start] : [mention.end, t.start];
    if (rule.scope === "clause" && terminatedBetween(from, to)) continue;
    if (rule.maxWords !== undefined && wordsIn(text.slice(from, to)) > rule.maxWords) continue;
    out.add(rule.category);
  }
  return out;
}

const FILLERS = new RegExp(String.raw`^\s*(?:${ANSWER_FILLERS}[\s,.!-]*)*`, "i");
const NEGATIVE = new RegExp(String.raw`^(?:${NEGATIVE_ANSWER_RULES.join("|")})`, "i");
const AFFIRMATIVE = new RegExp(String.raw`^(?:${AFFIRMATIVE_ANSWER_RULES.join("|")})\b`, "i");

/** A yes/no answer's polarity from its first words; "unclear" when it says neither. */
export function answerPolarity(answer: string): "yes" | "no" | "unclear" {
  const text = answer
    .replace(FILLERS, "")
    .replace(/’/g, "'")
    .replace(/\s+n't\b/gi, "n't");
  if (NEGATIVE.test(text)) return "no";
  if (AFFIRMATIVE.test(text)) return "yes";
  return "unclear";
}

const ANOTHER_PERSON = new RegExp(ANOTHER_PERSON_ANSWER, "i");

/** True when an answer speaks of someone other than the patient ("yes, my sister has…", "family members"). */
export function namesAnotherPerson(text: string): boolean {
  const m = ANOTHER_PERSON.exec(text);
  if (!m) return false;
  // A guest's "yes, my daughter has…" speaks of the patient; another relative after it still counts.
  if (referent !== undefined && new RegExp(String.raw`\b${referent}\b`, "i").test(m[0]))
    return namesAnotherPerson(text.slice(m.index + m[0].length));
  return true;
}

const SUSPECTED_AFTER = new RegExp(SUSPICION_AFTER, "i");
const SUSPECTED_BEFORE = new RegExp(SUSPICION_BEFORE, "i");

/**
 * True when the clinician names the mention as a suspected cause or a guess ("bleeding may be the
 * cause", "I suspect some bleeding"), within its clause: a question the visit asks, not a report.
 */
export function isSuspected(text: string, mention: Span): boolean {
  const { terminators } = analyse(text);
  const before = terminators.filter((t) => t.end <= mention.start).pop();
  const after = terminators.find((t) => t.start >= mention.end);
  const clauseBefore = text.slice(before?.end ?? 0, mention.start);
  const clauseAfter = text.slice(mention.end, after?.start ?? text.length);
  return SUSPECTED_AFTER.test(clauseAfter) || SUSPECTED_BEFORE.test(clauseBefore);
}

/** True when the quote says the symptom (its term, else any) is over: the "historical" rule of a resolution. */
export function saysItIsOver(quote: string, term?: string): boolean {
  if (!term) return false;
  const lower = quote.toLowerCase();
  // The term as the lexicon writes it ("swelling") may not be the word said ("swollen"): then the
  // quote's first word stands for it.
  const found = lower.indexOf(term.toLowerCase());
  const mention = found < 0 ? { start: 0, end: 1 } : { start: found, end: found + term.length };
  return (
    contextOf(lower, mention).has("historical") &&
    /\bbut\s+(?:that|it|this|those|they|these|all\s+that)\b/.test(lower.slice(mention.end))
  );
}
