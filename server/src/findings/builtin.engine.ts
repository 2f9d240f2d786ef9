// The built-in findings engine: deterministic, offline, lexicon + patterns. It reads
// the transcript sentence by sentence and decides, for each lexicon mention, whether it
// is asserted about this patient: not negated ("no chest pain"), not hypothetical ("if
// you get chest pain"), not about a relative ("my mom has diabetes"), and — when the
// clinician only asked ("any chest pain?") — confirmed by the patient's answer.
import type {
  Evidence,
  Finding,
  FindingDetails,
  FindingKind,
  MedicationStatus,
  Transcript,
  TranscriptSegment,
} from "@bedside/shared";
import { findingKinds } from "@bedside/shared";
import {
  AMOUNT,
  COURSE,
  DOSE,
  DOSE_UNIT,
  doseText,
  FREQUENCY,
  medicationText,
  spokenNumber,
} from "./medication.details.js";
import {
  reconcileMedications,
  saysBackMedicines,
  SENTENCE,
  STARTED_BEFORE,
  TAKE_IT,
} from "./medication.reconcile.js";
import { MEASURE_NAMES } from "./verifier.rules.js";
import {
  allergenByTerm,
  allergenMatcher,
  conditionMatcher,
  referralMatcher,
  symptomMatcher,
  testMatcher,
  treatmentMatcher,
  type Mention,
} from "./lexicon.matcher.js";
import { type DrugMention, drugMatcher } from "./drug.matcher.js";
import { isSpanishText, spanishFindings } from "./spanish-cues.js";
import {
  answerPolarity,
  contextOf,
  isPseudoMention,
  isSuspected,
  namesAnotherPerson,
  patientReferentOf,
  saysItIsOver,
  withPatientReferent,
  type Span,
} from "./context.js";
import { reasonForVisit } from "./reason.extract.js";
import { resultDirection } from "./result.parse.js";
import { WARNING_ACTION, warningLevel, warningText, warningWhat } from "./warning.rules.js";
import {
  assessmentLabel,
  assessmentRank,
  clinicianAssessment,
  namedDiagnoses,
  patientReportedCondition,
} from "./assessment.extract.js";
import {
  homeInstructionsOf,
  isReferralOrdered,
  isTestOrdered,
  isConditionalPlan,
  isTreatmentPlanned,
  markDeclinedPlans,
  markHeldPlans,
  orderWhenOf,
  planLabel,
} from "./plan.extract.js";
import { markDeclinedMedicines } from "./proposal.answer.js";
import { isVisitHere, nextStepsOf, nextStepText } from "./next-step.extract.js";
import { dictatedResults, resultText } from "./result.extract.js";

/** One sentence of one segment; start/end index the segment's original text. */
interface Sentence {
  seg: TranscriptSegment;
  segIndex: number;
  start: number;
  end: number;
  text: string;
  isQuestion: boolean;
}

const MAX_QUOTE = 280;
const MAX_EVIDENCE = 3;

// ---- patterns -------------------------------------------------------------------

const NUM = String.raw`(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|a couple(?: of)?|several)`;
const UNIT = String.raw`(?:minutes?|hours?|days?|weeks?|months?|years?)`;
// "For about three days": how long the symptom has lasted. Not "around three hours of relief" (how
// long a medicine helps) nor "about three days after i went to the er" (a point in time).
const DURATION = new RegExp(
  String.raw`\b(?:for|over|about|around|past|last)\s+(?:the\s+)?(?:(?:past|last)\s+)?(?:about\s+)?${NUM}[\s-]+${UNIT}\b(?!\s+(?:of\s+(?:relief|help|benefit|sleep|rest)|after|before|later|into|prior))`,
  "i",
);
const ONSET = new RegExp(
  String.raw`\b(?:(?:started|began|start|since)\b[^,.;?!]{0,40}?\b(?:${NUM}\s+${UNIT}\s+ago|yesterday|today|last\s+(?:night|week|month|year)|this\s+(?:morning|week)|on\s+\w+day|(?:a\s+)?(?:few|couple(?:\s+of)?)\s+${UNIT}\s+ago)|${NUM}\s+${UNIT}\s+ago|(?:since|starting)\s+(?:yesterday|last\s+(?:night|week|month|year)|this\s+(?:morning|week)))\b`,
  "i",
);
const SEVERITY = new RegExp(
  String.raw`\b(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:out\s+of|over)\s+(?:10|ten)|mild|moderate|severe|excruciating|unbearable|terrible|the worst|really bad|pretty bad|a little|slight|sharp|dull|throbbing|stabbing|burning|constant|intermittent)\b`,
  "i",
);
// Speech-to-text writes numbers as words ("four hundred milligrams"), dictation as digits: the
// dose and frequency patterns and the dose's wording are the ones reconciliation and the verifier
// use (medication.details.ts), so "twice daily" is never read as "daily" here and right there.

const CLINICIAN_REPORT_CUE =
  /\b(?:you(?:'ve|\s+have)?\s+(?:been\s+)?(?:having|had|feeling|experiencing|noticed|noticing|complaining|reporting)|you\s+(?:have|had|are having|were having|get|got)|you're\s+(?:having|feeling|experiencing)|presents?|presented|presenting|complain(?:s|ed|ing)?\s+of|reports?|reported|endorses?|endorsed|history\s+of|here\s+(?:today\s+)?(?:for|with)|in\s+(?:today\s+)?for|comes?\s+in|with\s+(?:a|an|some)|she\s+(?:has|had|is|was)|he\s+(?:has|had|is|was)|the\s+patient|your)\b/i;
const ASSESSMENT_CUE =
  /\b(?:i\s+think|i\s+believe|it\s+(?:looks|sounds|seems)\s+like|(?:this|that)\s+(?:is|looks|sounds|seems)|you\s+(?:have|had|have\s+got|'ve\s+got|'ve\s+had)|you've\s+(?:got|had)|consistent\s+with|diagnos\w*|likely|probably|suspect|impression|your|history\s+of|known|presents?|problem|in\s+terms\s+of|regards?\s+to|regarding|for\s+(?:your|the|her|his)|concern\w*|rule\s+out|worried|she\s+has|he\s+has|the\s+patient\s+has|dealing\s+with|it's|it\s+is|called|known\s+as|showed|shows|revealed|reveals|confirmed|confirms|found|demonstrat\w*)\b/i;
/** A "question" this long is a statement that ends in one. */
const LONG_TURN_WORDS = 30;
// The ACI-Bench scribe writes "gon na" and "wan na" as two words.
const PLAN_CUE =
  /\b(?:i(?:'m|\s+am)?\s+(?:going\s+to|gon\s*na)|i'll|i\s+will|we'll|we\s+will|we(?:'re|\s+are)\s+(?:going\s+to|gon\s*na)|let's|let\s+us|i\s+(?:want\s+(?:you\s+)?to|wan\s*na)|i'd\s+like|i\s+would\s+like|recommend\w*|we\s+(?:can|should|need\s+to)|you\s+(?:should|need\s+to|will\s+need|'ll\s+need|can)|you'll\s+need|you(?:'ll|\s+will)\s+(?:(?:also|then)\s+){0,2}(?:start|begin|do|go\s+to)|plan|order\w*|prescrib\w*|refer\w*|schedul\w*|send\s+you|get\s+you|set\s+you\s+up|start\s+you|put\s+you|continue|keep\s+(?:taking|using|doing)|make\s+sure|try)\b/i;
const REFERRAL_CUE =
  /\b(?:refer\w*|see|send\s+you|consult\w*|appointment|set\s+you\s+up|follow\s+up\s+with|get\s+you\s+in(?:to)?|evaluat\w*)\b/i;
/**
 * "Get you set up with physical therapy", "after the surgery you'll need to do formal physical
 * therapy": the referral is the object of these verbs, within a few words after them.
 */
const REFERRAL_OBJECT_CUE =
  /\b(?:set\s+up\s+with|(?:you'll|you\s+will|you'd|you\s+would|i\s+want\s+you\s+to|you\s+need\s+to|you're\s+going\s+to|you\s+can)\s+(?:(?:also|then|just)\s+){0,2}(?:need\s+to\s+|have\s+to\s+)?(?:do|start|go\s+to|attend|begin|work\s+with))\s+((?:[\w-]+\s+){0,4})$/i;
const WARNING_CONDITION =
  /\b(?:if|should\s+you|in\s+case|any\s+(?:signs?|symptoms?)\s+of|watch\s+(?:out\s+)?for|worse|worsen\w*)\b/i;

const MED_STOPPED =
  /\b(?:stop(?:ped|ping)?|discontinu\w*|quit|no\s+longer|ran\s+out|off\s+(?:of\s+)?(?:the|my|your|her|his)?|not\s+taking|come\s+off|hold(?:ing)?)\b/i;
const MED_CHANGED =
  /\b(?:increas\w*|decreas\w*|reduc\w*|lower\w*\s+(?:the|your)\s+dose|bump\w*\s+(?:it\s+)?up|chang\w*|switch\w*|doubl\w*|adjust\w*|titrat\w*|higher\s+dose|up\s+the\s+dose|go\s+up\s+on|cut\s+(?:back|it\s+in\s+half))\b/i;
const MED_STARTED =
  /\b(?:start(?:ed|ing)?\s+(?:you\s+|her\s+|him\s+)?(?:on)?|prescrib\w*|begin|initiat\w*|put\s+(?:you|her|him)\s+on|g[ai]ve\s+you|(?:write|wrote|send|sent)\s+(?:you\s+)?(?:a\s+)?(?:prescription|script|rx)(?:\s+for)?|prescription\s+for|add\w*|new\s+(?:medication|prescription)|try\s+(?:you\s+on)?|send\s+(?:in\s+)?(?:a\s+)?prescription|call\s+in|trial\s+of)\b/i;
const TAKE_INSTRUCTION =
  /^\s*(?:(?:so|and|okay|ok|then|now|please|just|i\s+want\s+you\s+to|you\s+(?:can|should|may|need\s+to))\s+)*take\b/i;
const MED_CONTINUED =
  /\b(?:continu\w*|keep\s+(?:taking|using)|still\s+tak\w*|tak(?:e|es|ing)|on\s+(?:the|my|your)?|using|use|been\s+on|refill\w*|same\s+dose)\b/i;

const ALLERGY_WORD = /\b(?:allerg\w*|reactions?\s+to|sensitiv\w+\s+to|intoleran\w+)\b/i;
const NO_ALLERGIES =
  /\b(?:no\s+(?:known\s+)?(?:drug\s+|medication\s+|food\s+)?allergies|not\s+allergic|nkda|don't\s+have\s+any\s+(?:known\s+)?(?:drug\s+|medication\s+)?allergies|no\s+allergy)\b/i;

interface MeasurementPattern {
  name: string;
  re: RegExp;
  format: (m: RegExpExecArray) => string;
}
const MEASUREMENTS: MeasurementPattern[] = [
  {
    name: "blood pressure",
    re: /\b(?:blood\s+pressure|bp)\b[^.?!;]{0,60}?\b(\d{2,3})\s*(?:over|\/)\s*(\d{2,3})\b/i,
    format: (m) => `${m[1]}/${m[2]}`,
  },
  {
    name: "heart rate",
    re: /\b(?:heart\s+rate|pulse)\b[^.?!;]{0,40}?\b(\d{2,3})\b(?!\s*(?:over|\/|years?|days?|weeks?|months?|percent|%))/i,
    format: (m) => `${m[1]}`,
  },
  {
    name: "temperature",
    re: /\b(?:temperature|temp|fever)\b[^.?!;]{0,40}?\b(9\d(?:\.\d)?|10\d(?:\.\d)?|3\d\.\d)\b/i,
    format: (m) => `${m[1]}`,
  },
  {
    name: "oxygen level",
    re: /\b(?:oxygen|o2|sat(?:uration)?s?|pulse\s+ox)\b[^.?!;]{0,40}?\b(\d{2,3})\s*(?:%|percent)/i,
    format: (m) => `${m[1]}%`,
  },
  {
    name: "weight",
    re: /\b(?:weigh|weighs|weight|weighed)\b[^.?!;]{0,40}?\b(\d{2,3}(?:\.\d)?)\s*(pounds|lbs?|kilograms|kilos|kg)\b/i,
    format: (m) => `${m[1]} ${m[2] ?? ""}`.trim(),
  },
  {
    name: "hemoglobin a1c",
    re: /\b(?:a1c|hemoglobin\s+a1c|hba1c)\b[^.?!;]{0,40}?\b(\d{1,2}(?:\.\d)?)\b/i,
    format: (m) => `${m[1]}%`,
  },
  {
    name: "blood sugar",
    re: /\b(?:blood\s+sugars?|glucose|sugars?)\b[^.?!;]{0,40}?\b(\d{2,3})\b/i,
    format: (m) => `${m[1]}`,
  },
  {
    name: "cholesterol",
    re: /\b(?:ldl|cholesterol)\b[^.?!;]{0,40}?\b(\d{2,3})\b/i,
    format: (m) => `${m[1]}`,
  },
  {
    name: "ejection fraction",
    re: /\b(?:ejection\s+fraction|ef)\b[^.?!;]{0,40}?\b(\d{2})\s*(?:%|percent)?/i,
    format: (m) => `${m[1]}%`,
  },
  {
    name: "respiratory rate",
    re: /\b(?:respiratory\s+rate|respirations|breathing\s+rate)\b[^.?!;]{0,30}?\b(\d{1,2})\b/i,
    format: (m) => `${m[1]}`,
  },
];

// ---- sentence handling ----------------------------------------------------------

const TAG_QUESTION =
  /\S(?:\s+\S+){5,}?[\s,]+(?:okay|ok|right|alright|all\s+right|yeah|sound\s+good|does\s+that\s+sound\s+(?:good|okay|ok|alright|all\s+right|like\s+a\s+plan)|is\s+that\s+(?:okay|ok|alright|all\s+right)|how\s+does\s+that\s+sound|you\s+know)\s*\?$/i;

function splitSegment(seg: TranscriptSegment, segIndex: number): Sentence[] {
  const out: Sentence[] = [];
  for (const m of seg.text.matchAll(SENTENCE)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (!/[a-z0-9]/i.test(text)) continue;
    const start = m.index + lead;
    // "…continue the Synthroid, okay?" is a statement with a tag, not a question to answer.
    out.push({
      seg,
      segIndex,
      start,
      end: start + text.length,
      text,
      isQuestion: text.endsWith("?") && !TAG_QUESTION.test(text),
    });
  }
  return out;
}

// Negation, hypothetical and other-person context: data rules in `context.rules.ts`.
function isNegated(text: string, mention: Mention): boolean {
  return isPseudoMention(text, mention) || contextOf(text, mention).has("negated");
}
function isHypothetical(text: string, mention: Mention): boolean {
  return contextOf(text, mention).has("hypothetical");
}
/** Named in a question (with or without its "?"): the clinician's list, not the patient's answer. */
function isAsked(text: string, mention: Mention): boolean {
  return contextOf(text, mention).has("asked");
}
function isAboutOthers(text: string, mention: Mention): boolean {
  return contextOf(text, mention).has("other_person");
}

/** A verbatim quote: the sentence, or a word-aligned window of it around the mention. */
function quoteOf(s: Sentence, at?: { start: number; end: number }): Evidence {
  if (s.text.length <= MAX_QUOTE || !at) {
    return {
      segmentId: s.seg.id,
      quote: s.seg.text.slice(s.start, s.start + Math.min(s.text.length, MAX_QUOTE)).trim(),
    };
  }
  const half = Math.floor((MAX_QUOTE - (at.end - at.start)) / 2);
  let from = Math.max(0, at.start - half);
  let to = Math.min(s.text.length, at.end + half);
  while (from > 0 && /\S/.test(s.text[from - 1] ?? "")) from++;
  while (to < s.text.length && /\S/.test(s.text[to] ?? "")) to--;
  if (to <= from) ({ start: from, end: to } = at);
  const quote = s.seg.text.slice(s.start + from, s.start + to).trim();
  return { segmentId: s.seg.id, quote };
}

const firstWords = (text: string, n = 6): string => text.split(/\s+/).slice(0, n).join(" ");

function firstMatch(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  return m ? m[0].trim() : undefined;
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- the collector --------------------------------------------------------------

interface Draft {
  kind: FindingKind;
  key: string;
  text: string;
  term?: string;
  details: FindingDetails;
  evidence: Evidence[];
  order: number;
}

class Collector {
  private readonly drafts = new Map<string, Draft>();
  private order = 0;
  /** Medicines only ever named bare by the patient, with no verb ("…penicillin."): see the end. */
  readonly bare = new Set<string>();

  add(
    kind: FindingKind,
    key: string,
    text: string,
    evidence: Evidence[],
    details: FindingDetails = {},
    term?: string,
  ): void {
    const id = `${kind}:${key}`;
    if (kind === "medication") this.bare.delete(key);
    const existing = this.drafts.get(id);
    if (!existing) {
      this.drafts.set(id, {
        kind,
        key,
        text,
        term,
        details: { ...details },
        evidence: capEvidence(evidence),
        order: this.order++,
      });
      return;
    }
    existing.evidence = capEvidence([...existing.evidence, ...evidence]);
    // "History of X" then "I think this is X": the clinician's word today wins.
    if (kind === "assessment" && assessmentRank(text) > assessmentRank(existing.text)) existing.text = text;
    for (const [k, v] of Object.entries(details) as [
      keyof FindingDetails,
      FindingDetails[keyof FindingDetails],
    ][]) {
      if (v === undefined) continue;
      // A later change/start/stop is more informative than "continued"; other details keep the first value said.
      if (
        k === "status" &&
        existing.details.status &&
        existing.details.status !== "continued" &&
        v === "continued"
      )
        continue;
      if (k !== "status" && existing.details[k] !== undefined) continue;
      (existing.details as Record<string, unknown>)[k] = v;
    }
    // Re-render with whatever details are now known.
    if (kind === "medication") existing.text = medicationText(existing.term ?? key, existing.details);
    if (kind === "symptom") existing.text = symptomText(existing.term ?? key, existing.details);
    // "If it is not better we'll get an MRI… so let's order the MRI": the firm order wins.
    if (kind === "plan" && isConditionalPlan(existing) && !isConditionalPlan({ text })) existing.text = text;
    // "…treat you with amoxicillin, 500 milligrams, three times a day" then "order amoxicillin, 500
    // milligrams, three times a day for 10 days": the order said in full wins.
    if (kind === "plan" && text.length > existing.text.length && text.startsWith(existing.text))
      existing.text = text;
  }

  details(kind: FindingKind, key: string): FindingDetails | undefined {
    return this.drafts.get(`${kind}:${key}`)?.details;
  }

  has(kind: FindingKind, key: string): boolean {
    return this.drafts.has(`${kind}:${key}`);
  }

  remove(kind: FindingKind, key: string): void {
    this.drafts.delete(`${kind}:${key}`);
  }

  last(kind: FindingKind): Draft | undefined {
    let found: Draft | undefined;
    for (const d of this.drafts.values()) if (d.kind === kind && (!found || d.order > found.order)) found = d;
    return found;
  }

  findings(): Finding[] {
    const rank = new Map(findingKinds.map((k, i) => [k, i]));
    return [...this.drafts.values()]
      .sort((a, b) => (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) || a.order - b.order)
      .map((d, i) => ({
        id: `f${i + 1}`,
        kind: d.kind,
        text: d.text,
        ...(d.term ? { term: d.term } : {}),
        details: d.details,
        evidence: d.evidence,
      }));
  }
}

/**
 * At most MAX_EVIDENCE quotes, in the order found, keeping the first in each language said: an
 * interpreter's English rendering said three times must not crowd out the patient's own Spanish.
 */
function capEvidence(evidence: Evidence[]): Evidence[] {
  const all = dedupe(evidence);
  if (all.length <= MAX_EVIDENCE) return all;
  const firstOfEach = new Map<boolean, Evidence>();
  for (const e of all) {
    const spanish = isSpanishText(e.quote);
    if (!firstOfEach.has(spanish)) firstOfEach.set(spanish, e);
  }
  const kept = new Set(firstOfEach.values());
  for (const e of all) if (kept.size < MAX_EVIDENCE) kept.add(e);
  return all.filter((e) => kept.has(e));
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const k = `${e.segmentId}\u0000${e.quote}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { medicationText, spokenNumber };

function symptomText(term: string, d: FindingDetails): string {
  const extra = [d.severity, d.duration ?? d.onset].filter(Boolean).join(", ");
  return extra ? `${sentenceCase(term)} (${extra})` : sentenceCase(term);
}

function medicationStatus(text: string, speaker: TranscriptSegment["speaker"]): MedicationStatus | undefined {
  if (MED_STOPPED.test(text)) return "stopped";
  if (MED_CHANGED.test(text)) return "changed";
  if (MED_STARTED.test(text) && speaker === "clinician") return "started";
  if (MED_CONTINUED.test(text)) return "continued";
  return undefined;
}

// What happens to one medicine is said by the verbs of its own clause: "I take Synthroid for my
// thyroid and I used to take aspirin" — Synthroid is taken, aspirin was. A clause ends at a
// new subject ("…, and I …"), not at a list's comma or "and" ("Amoxil and Aldex that I started").
const MED_CLAUSE_BREAK =
  /;|\b(?:but|however|although|though|because|whereas|except)\b|(?:,|\band\b|\bso\b|\bthen\b)\s*(?=(?:i|i'm|i've|i'd|i'll|you|you're|you've|she|he|we|we'll|they|it|it's|that's)\b)/gi;
const MED_VERBS: [MedicationStatus | "none", RegExp][] = [
  // Past use: "used to take", "tried", "stopped", "came off", "was on".
  [
    "stopped",
    /\b(?:used\s+to(?:\s+(?:take|be\s+on|use))?|use\s+to\s+take|(?:have|had|'ve|'d)?\s*tried(?:\s+(?:taking|using))?|try(?:ing)?\s+to\s+get\s+off|stop(?:ped|ping)?(?:\s+(?:taking|using))?|quit(?:\s+(?:taking|using))?|no\s+longer(?:\s+(?:take|taking|on|using))?|c[ao]me\s+off|went\s+off|got\s+off|off\s+of|discontinu\w*|ran\s+out\s+of|(?:was|were|had\s+been)\s+on|not\s+(?:taking|on)\s+(?:the|my|any)?|hold(?:ing)?\s+(?:off\s+on|the|your)?)\b/i,
  ],
  [
    "changed",
    /\b(?:increas\w*|decreas\w*|reduc\w*|lower(?:ed|ing)?\s+(?:the|your)\s+dose|bump\w*(?:\s+(?:it|you))?\s+up|chang\w*|switch\w*|doubl\w*|adjust\w*|titrat\w*|higher\s+dose|up\s+(?:the|your)\s+dose|go(?:ing)?\s+up\s+on|cut\s+(?:back|it\s+in\s+half|down))\b/i,
  ],
  [
    "started",
    /\b(?:start(?:ed|ing)?(?:\s+(?:you|her|him|taking|using))?(?:\s+on)?|began|prescrib\w*|order(?:ed|ing)?(?:\s+you)?|initiat\w*|put\s+(?:you|her|him)\s+on|g[ai]ve\s+(?:it\s+)?(?:to\s+)?you|(?:write|wrote|send|sent)\s+(?:you\s+)?(?:a\s+)?(?:prescription|script|rx)(?:\s+for)?|prescription\s+for|add(?:ed|ing)?|new\s+(?:medication|prescription)|try\s+(?:you\s+on)?|send\s+(?:in\s+)?(?:a\s+)?prescription|call(?:ed)?\s+in|trial\s+of|just\s+got|got\s+(?:a\s+)?(?:prescription|prescribed)|gave\s+me)\b/i,
  ],
  [
    "continued",
    // "You were prescribed X" reads the chart: it is taken, not new.
    /\b(?:(?:was|were|been|got)\s+prescribed|continu\w*|keep\s+(?:taking|using|on)|still\s+(?:tak\w*|on|using)|tak(?:e|es|ing)|took|(?:i'm|i\s+am|you're|you\s+are|she's|he's|she\s+is|he\s+is|been)\s+on|on\s+(?:the|my|your|her|his)|using|use|refill\w*|same\s+dose|for\s+my|i\s+(?:can\s+)?see|can\s+see|see\s+(?:that\s+)?you(?:'re|\s+are)?\s+(?:on|taking)|i\s+have\s+(?:that\s+)?you|(?:your|the)\s+(?:list|chart|record|medications?|meds)|listed|it\s+says|shows?)\b/i,
  ],
];
const MED_VERB = new RegExp(MED_VERBS.map(([, re], i) => `(?<v${i}>${re.source})`).join("|"), "gi");

/** The clause of text holding [start, end): from the last break before it to the first after it. */
function clauseAround(text: string, start: number, end: number): { from: number; to: number } {
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(MED_CLAUSE_BREAK)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  return { from, to };
}

/**
 * A medicine's status from the verbs of its own clause: the verb nearest before the mention, else
 * the first after it ("Amoxil and Aldex that I started on Monday"). Undefined when none is said.
 */
function medicationStatusAt(
  text: string,
  m: Mention,
  speaker: TranscriptSegment["speaker"],
): MedicationStatus | undefined {
  const { from, to } = clauseAround(text, m.start, m.end);
  let before: MedicationStatus | undefined;
  let after: MedicationStatus | undefined;
  for (const hit of text.slice(from, to).matchAll(MED_VERB)) {
    const at = from + hit.index;
    const i = Object.entries(hit.groups ?? {}).find(([, v]) => v !== undefined)?.[0];
    const verb = MED_VERBS[Number(i?.slice(1))];
    if (!verb) continue;
    let status = verb[0] === "none" ? undefined : verb[0];
    // The patient "trying" a new prescription is not past use; what a doctor started before this
    // visit ("my pcp just started me on metformin") is taken now, no start to tell them of.
    if (
      status === "started" &&
      speaker !== "clinician" &&
      (!/^(?:start|began|just|got|gave)/i.test(hit[0]) || STARTED_BEFORE.test(text.slice(from, to)))
    )
      status = "continued";
    if (at < m.start) before = status;
    else if (at >= m.end && !after) after = status;
  }
  return before ?? after;
}

// ---- the engine -----------------------------------------------------------------

const DETAIL_QUESTION = /\b(?:how\s+long|when\s+did|how\s+bad|scale|how\s+severe|since\s+when)\b/i;
const HABIT_QUESTION =
  /\b(?:smok\w*|cigarettes?|tobacco|vap(?:e|es|ing)|alcohol|drink\w*|beers?|wine|drugs?|work\w*|jobs?|liv(?:e|ed|ing)|married)\b/i;

interface PendingQuestion {
  sentence: Sentence;
  symptoms: Mention[];
  conditions: Mention[];
  medications: DrugMention[];
  asksAllergies: boolean;
  /** Asks about the family's illnesses: what answers it is not the patient's. */
  asksFamily: boolean;
  /** Asks what the patient fears: an illness named in answer is a fear, not theirs. */
  asksFear: boolean;
  asksMedications: boolean;
  asksDetail: boolean;
}

/** Extracts findings from a transcript. Pure: same transcript, same findings. */
export function extractFindings(transcript: Transcript): Finding[] {
  // A guest of the patient (speaker "other": a parent for a child) names the patient as a relative.
  const guestTurns = transcript.filter((seg) => seg.speaker === "other").map((seg) => seg.text);
  return withPatientReferent(patientReferentOf(guestTurns), () => extractAll(transcript));
}

function extractAll(transcript: Transcript): Finding[] {
  const c = new Collector();
  const sentencesBySeg = transcript.map((seg, i) => splitSegment(seg, i));
  let pending: PendingQuestion[] = [];
  let warned = new Set<string>();
  let warningLead: { sentence: Sentence; othersSince: number } | undefined;

  for (let i = 0; i < transcript.length; i++) {
    const seg = transcript[i];
    const sentences = sentencesBySeg[i];
    if (!seg || !sentences) continue;
    // Spanish is read by the Spanish cues below; the English patterns would misread it.
    if (isSpanishText(seg.text)) continue;

    if (seg.speaker === "clinician") {
      const questions: PendingQuestion[] = [];
      for (const s of sentences) {
        if (s.isQuestion) {
          // A dictated assessment the scribe left unpunctuated ends in "…does that sound good": its
          // diagnoses still stand (a name inside the question itself is left out by its context).
          if (s.text.split(/\s+/).length >= LONG_TURN_WORDS) namedAssessments(c, s);
          const conditions = conditionMatcher.find(s.text).filter((m) => !isAboutOthers(s.text, m));
          // "What's the nature of that allergy to aspirin?" asks about an allergen, not a medicine.
          const medications = drugMatcher.find(s.text).filter((m) => !namedAsAllergen(s.text, m));
          questions.push({
            sentence: s,
            symptoms: symptomMatcher.find(s.text).filter((m) => !isAboutOthers(s.text, m)),
            conditions,
            medications,
            asksAllergies: ALLERGY_WORD.test(s.text),
            asksFamily: FAMILY_QUESTION.test(s.text),
            asksFear: FEAR_QUESTION.test(s.text),
            asksMedications: /\bmedication|medicine|meds|pills|prescri/i.test(s.text),
            // "How long have you been smoking for?" asks about the habit, not the last symptom.
            asksDetail:
              DETAIL_QUESTION.test(s.text) &&
              !HABIT_QUESTION.test(s.text) &&
              conditions.length === 0 &&
              medications.length === 0,
          });
        } else {
          // "If you get weakness on one side…" and, after a pause the scribe cut at, "…go to the ER".
          const advice =
            warningLead && !WARNING_CONDITION.test(s.text) && WARNING_ACTION.test(firstWords(s.text));
          if (
            warningLead &&
            advice &&
            warningSign(c, warningLead.sentence, [quoteOf(warningLead.sentence), quoteOf(s)])
          ) {
            warningLead = undefined;
            continue;
          }
          warningLead =
            WARNING_CONDITION.test(s.text) && !WARNING_ACTION.test(s.text)
              ? { sentence: s, othersSince: 0 }
              : undefined;
          const asked = questions.at(-1)?.sentence.text;
          if (asked && saysBackMedicines(asked, s.text)) {
            const drugs = drugMatcher.find(s.text);
            for (const m of drugs) if (!isNegated(s.text, m)) addMedication(c, s, m, "continued", drugs);
          }
          clinicianStatement(c, s);
        }
      }
      // Only the clinician's last questions before the patient speaks are "the question".
      pending = questions.length > 0 ? questions.slice(-3) : [];
      warned = warnsOf(seg.text);
      continue;
    }

    // Patient side (patient, interpreter relaying, family member). A word from them ("okay")
    // may fall between the halves of the clinician's advice; a longer exchange ends it.
    if (warningLead && ++warningLead.othersSince > 1) warningLead = undefined;
    const answered = pending;
    pending = [];
    const echoed = warned;
    warned = new Set();
    const first = sentences[0];
    if (first && answered.length > 0) answerTo(c, answered, sentences);
    for (const s of sentences) {
      if (s.isQuestion) continue;
      patientStatement(
        c,
        s,
        answered.some((q) => q.asksAllergies),
        answered.some((q) => q.asksFamily),
        answered.some((q) => q.asksFear),
        echoed,
      );
    }
  }

  // What was said in Spanish (the patient's own voice; the interpreter's or clinician's words to them).
  for (const p of spanishFindings(transcript)) {
    switch (p.kind) {
      case "medication":
        c.add("medication", p.key, medicationText(p.term, p.details), p.evidence, p.details, p.term);
        break;
      case "symptom":
        addSymptom(c, p.term, p.evidence, p.details);
        break;
      case "allergy":
        c.add(
          "allergy",
          p.key,
          p.key === "none" ? "No known allergies" : `Allergy: ${p.term}`,
          p.evidence,
          p.details,
          p.term,
        );
        break;
      case "warning_sign":
        c.add(
          "warning_sign",
          p.key,
          warningText(p.what ?? "", "emergency"),
          p.evidence,
          {},
          p.term || undefined,
        );
        break;
    }
  }

  // A drug the patient is allergic to, otherwise only named bare, is the allergy misheard ("I am
  // alert to penicillin"), not a medicine taken; one with a verb, or prescribed, stays.
  for (const key of c.bare) if (c.has("allergy", key)) c.remove("medication", key);

  // A next visit said with its interval makes "follow up (time not stated)" redundant.
  if (
    c.has("follow_up", "unspecified") &&
    c.findings().some((f) => f.kind === "follow_up" && f.details.when && isVisitHere(f.text))
  )
    c.remove("follow_up", "unspecified");

  // Why the patient came: the clinician's framing or the answer to the opening question; without
  // either, the first symptom the patient affirmed.
  const reason = reasonForVisit(
    sentencesBySeg.flat().filter((s) => !isSpanishText(s.seg.text)),
    quoteOf,
  );
  if (reason) c.add("chief_concern", reason.key, reason.text, reason.evidence, {}, reason.term);
  else {
    // A symptom the patient said is over ("…but that's been gone for years") is no reason to come.
    const first = c
      .findings()
      .find((f) => f.kind === "symptom" && !f.evidence.every((e) => saysItIsOver(e.quote, f.term)));
    if (first?.term)
      c.add("chief_concern", first.term, `Chief concern: ${first.term}`, first.evidence, {}, first.term);
  }
  // An order or a start the patient turned down is the clinician's to see, not the patient's to do.
  const findings = withoutDeniedSymptoms(transcript, c.findings());
  return markDeclinedMedicines(
    transcript,
    reconcileMedications(transcript, markHeldPlans(transcript, markDeclinedPlans(transcript, findings))),
  );
}

/**
 * A symptom the patient denied in their own words ("i haven't noticed any shortness of breath", "i
 * haven't had any nausea") and never said they have is not theirs because the clinician names it
 * later ("that's what's causing the cough and some of the shortness of breath", "you've been able
 * to tolerate the nausea").
 */
function withoutDeniedSymptoms(transcript: Transcript, findings: Finding[]): Finding[] {
  const denied = new Set<string>();
  const said = new Set<string>();
  transcript.forEach((seg, i) => {
    if (seg.speaker !== "patient" || isSpanishText(seg.text)) return;
    for (const s of splitSegment(seg, i))
      for (const m of symptomMatcher.find(s.text)) (isNegated(s.text, m) ? denied : said).add(m.term);
  });
  return findings.filter((f) => f.kind !== "symptom" || !f.term || !denied.has(f.term) || said.has(f.term));
}

function symptomDetails(text: string): FindingDetails {
  const d: FindingDetails = {};
  const duration = firstMatch(DURATION, text);
  const onset = firstMatch(ONSET, text);
  const severity = firstMatch(SEVERITY, text);
  if (duration) d.duration = duration;
  if (onset) d.onset = onset;
  if (severity) d.severity = severity;
  return d;
}

const DETAIL_PATTERNS = [
  ["duration", new RegExp(DURATION.source, "gi")],
  ["onset", new RegExp(ONSET.source, "gi")],
  ["severity", new RegExp(SEVERITY.source, "gi")],
] as const;

/**
 * A new event between a detail and the symptom: "I was gardening for about an hour and then my
 * back started hurting" — the hour is the gardening's, not the pain's.
 */
const DETAIL_BREAK_BEFORE =
  /[.;!?]|\b(?:then|after(?:wards)?|before|when|while|because|until|once|whereas|but|however)\b/i;
// After the symptom, "and then it went down my leg … for about four days" still tells of the
// symptom; only a new point in time ("two weeks after the pain started") is another event's.
// "…the shortness of breath … i'm gon na give you forty milligrams daily for five days": a dose
// between them makes the length a medicine's course, not the symptom's.
const DETAIL_BREAK_AFTER =
  /[.;!?]|\b(?:after(?:wards)?|before|when|while|until|once|prescrib\w*|milligrams?|mg|mcg|tablets?|pills?)\b/i;

/**
 * The details said about one of several symptoms in a sentence: each phrase belongs to the
 * mention nearest to it ("a bad headache for three days, and I feel sick" — the three days are
 * the headache's). Speech-to-text gives no punctuation, so one "sentence" often names many.
 */
function symptomDetailsOf(text: string, mentions: Mention[], m: Mention): FindingDetails {
  const gap = (x: Mention, start: number, end: number) =>
    x.end <= start ? start - x.end : x.start >= end ? x.start - end : 0;
  const d: FindingDetails = {};
  for (const [key, re] of DETAIL_PATTERNS) {
    for (const hit of text.matchAll(re)) {
      const start = hit.index;
      const end = start + hit[0].length;
      // On a tie, the symptom the phrase follows.
      const nearest = mentions.reduce((best, x) => (gap(x, start, end) < gap(best, start, end) ? x : best));
      const after = m.end <= start;
      const between = after ? text.slice(m.end, start) : text.slice(end, m.start);
      if (nearest === m && !(after ? DETAIL_BREAK_AFTER : DETAIL_BREAK_BEFORE).test(between)) {
        d[key] = hit[0].trim();
        break;
      }
    }
  }
  return d;
}

function addSymptom(c: Collector, term: string, evidence: Evidence[], details: FindingDetails): void {
  c.add("symptom", term, symptomText(term, details), evidence, details, term);
}

const REFILLS = new RegExp(String.raw`\b(${AMOUNT})\s+refills?\b`, "i");
// Dose and frequency follow the medicine's name closely ("Fosamax once a week"); further on
// they belong to something else ("melatonin to meditation to stretching every morning").
const DOSE_REACH = 40;
const FREQUENCY_REACH = 50;
const DOSE_BEFORE = new RegExp(
  String.raw`\b(${AMOUNT}\s*${DOSE_UNIT})\s+of\s+(?:the\s+|your\s+|that\s+)?$`,
  "i",
);
/**
 * "We'll keep you on the five hundred of metformin", "you're on that two . five norvasc": a strength
 * said before the name with its unit unsaid (charted as said). Only a decimal or a number of 10 and
 * more: "you take the two metformin" counts tablets.
 */
const STRENGTH_BEFORE = new RegExp(
  String.raw`\b(?:on|keep|continue|take|taking)\s+(?:the|that|your|this)\s+(${AMOUNT})\s+(?:of\s+(?:the\s+|your\s+)?)?$`,
  "i",
);
function strengthBefore(before: string): number | undefined {
  const said = STRENGTH_BEFORE.exec(before)?.[1];
  const n = said === undefined ? NaN : Number(doseText(said));
  return Number.isFinite(n) && (n >= 10 || !Number.isInteger(n)) ? n : undefined;
}
/** "He'll continue twice a day gabapentin": the schedule said right before the name. */
const FREQUENCY_BEFORE =
  /\b((?:once|twice|three\s+times|four\s+times)\s+(?:a|per)\s+day|once\s+daily|twice\s+daily|(?:once|twice)\s+(?:a|per)\s+week)\s+(?:dosing\s+of\s+|dose\s+of\s+)?(?:the\s+|his\s+|her\s+|your\s+|their\s+)?$/i;
const PRN = /^(?:as\s+needed|when\s+needed|prn)$/i;
const LIST_LINK =
  /\b(?:to|and|or|from|like|with)\s+(?!(?:\d|take|taking|be\s+taken|it|them|a\s+day|bed))[a-z]/i;

/** Dose, frequency and refills said right after a medicine, before the next one is named. */
function medicationDetailsAfter(text: string, m: Mention, nextStart: number): FindingDetails {
  const d: FindingDetails = {};
  const rest = text.slice(m.end, Math.min(nextStart, text.length));
  const dose = DOSE.exec(rest);
  if (dose && dose.index <= DOSE_REACH && !LIST_LINK.test(rest.slice(0, dose.index)))
    d.dose = doseText(dose[0].trim());
  else {
    // "I've prescribed eight hundred milligrams of ibuprofen": the dose said right before the name.
    const before = DOSE_BEFORE.exec(text.slice(0, m.start));
    if (before?.[1]) d.dose = doseText(before[1]);
    // "Your metformin, five hundred twice a day": a number right before the schedule is the dose,
    // its unit unsaid (charted as said, never guessed).
    const bare = BARE_DOSE.exec(rest);
    if (!before?.[1] && bare?.[1]) d.dose = String(spokenNumber(bare[1]) ?? bare[1]);
    if (!d.dose) {
      const strength = strengthBefore(text.slice(0, m.start));
      if (strength !== undefined) d.dose = String(strength);
    }
  }
  const freq = FREQUENCY.exec(rest);
  if (
    freq &&
    freq.index <= FREQUENCY_REACH &&
    !LIST_LINK.test(rest.slice(0, freq.index).replace(dose?.[0] ?? "\u0000", ""))
  ) {
    d.frequency = freq[0].trim();
    let after = rest.slice(freq.index + freq[0].length);
    let more = FREQUENCY.exec(after);
    // "800 milligrams a day, you can take that twice a day as needed": the schedule said in full.
    if (/^(?:a|per|each)\s/i.test(d.frequency) && more && more.index <= 40) {
      d.frequency = more[0].trim();
      after = after.slice(more.index + more[0].length);
      more = FREQUENCY.exec(after);
    }
    // "50 milligrams as needed every six hours": the interval and the "as needed" are one schedule.
    if (more && more.index <= 20 && !LIST_LINK.test(after.slice(0, more.index))) {
      const both = [d.frequency, more[0].trim()];
      const prn = both.findIndex((x) => PRN.test(x));
      if (prn >= 0 && !PRN.test(both[1 - prn] ?? "")) d.frequency = `${both[1 - prn]} ${both[prn]}`;
    }
  }
  if (!d.frequency) {
    const before = FREQUENCY_BEFORE.exec(text.slice(Math.max(0, m.start - 40), m.start));
    if (before?.[1]) d.frequency = before[1].trim();
  }
  // "800 milligrams every six hours for two weeks": the course's length, right after what it follows.
  const course = courseAfter(rest, [dose, freq]);
  if (course) d.duration = course;
  const refills = REFILLS.exec(rest);
  if (refills?.[1]) d.refills = String(spokenNumber(refills[1]) ?? refills[1]);
  return d;
}

const BARE_DOSE = new RegExp(String.raw`^[\s,]*(?:at\s+)?(${AMOUNT})\s+(?=${FREQUENCY.source})`, "i");

/**
 * The course said right after the dose or the schedule read in `rest`: after whichever ends last,
 * else after the other ("twice daily for two weeks, 500 mg": the course sits before the dose).
 */
function courseAfter(rest: string, said: (RegExpExecArray | null)[]): string | undefined {
  const ends = said
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => m.index + m[0].length)
    .sort((a, b) => b - a);
  // Neither said, or no course after them: right after the name ("the Cipro for two more days").
  for (const end of [...ends, 0]) {
    const course = COURSE.exec(rest.slice(end))?.[1]?.toLowerCase();
    if (course) return course;
  }
  return undefined;
}

/**
 * Where the next other medicine is named: a dose belongs to the drug it follows up to there. The
 * same drug named again in between ("atorvastatin, you might call it lipitor, eighty milligrams")
 * does not end its words.
 */
const nextOtherDrug = (mentions: DrugMention[], m: DrugMention): number | undefined =>
  mentions.find((x) => x.start >= m.end && x.term !== m.term)?.start;

/**
 * "I take crestor and olmesartan daily": a schedule said once after a list of names, with nothing
 * but "and" or commas between them, is each one's.
 */
function listSchedule(text: string, m: DrugMention, mentions: DrugMention[]): string | undefined {
  let last = m;
  for (const x of mentions.filter((x) => x.start >= m.end)) {
    if (!/^\s*(?:,|and|,\s*and|or)\s*$/i.test(text.slice(last.end, x.start))) break;
    last = x;
  }
  if (last === m) return undefined;
  const said = new RegExp(String.raw`^\s*(${FREQUENCY.source})(?=\s*(?:[,.;]|and\b|$))`, "i").exec(
    text.slice(last.end),
  );
  return said?.[1]?.trim();
}

function addMedication(
  c: Collector,
  s: Sentence,
  m: DrugMention,
  status: MedicationStatus | undefined,
  mentions: DrugMention[],
  evidence?: Evidence[],
): void {
  const next = nextOtherDrug(mentions, m) ?? s.text.length;
  const d: FindingDetails = medicationDetailsAfter(s.text, m, next);
  if (!d.dose && !d.frequency) {
    const shared = listSchedule(s.text, m, mentions);
    if (shared) d.frequency = shared;
  }
  if (nameKeyOf(m.said) !== nameKeyOf(m.term)) d.saidAs = m.said;
  if (status) d.status = status;
  const cites = evidence ?? [quoteOf(s, m)];
  const told = d.frequency ? undefined : TAKE_IT_SCHEDULE.exec(s.text.slice(m.end, next))?.[1]?.trim();
  if (told) {
    d.frequency = told;
    if (!cites.some((e) => e.quote.includes(told))) cites.push(quoteOf(s));
  }
  c.add("medication", m.term, medicationText(m.term, d), cites, d, m.term);
}

/**
 * A prescription whose schedule is told in the rest of its sentence past "and" ("naproxen 500
 * milligrams and you'll take it twice a day"), before another medicine is named. Told in the next
 * sentence, it is read with the whole visit (medication.reconcile.ts `toldAfter`).
 */
const TAKE_IT_SCHEDULE = new RegExp(
  String.raw`^[^?]*?${TAKE_IT}\s+(?:[\w-]+\s+){0,3}?(${FREQUENCY.source})`,
  "i",
);

const nameKeyOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * A reading is the number said of that measure: not a number glued to a name ("a chem-12", "b12"),
 * not a time ("recheck your a1c in 3 months"), not a target ("should be over 50"), not one said past
 * another measure's name ("your a1c and your ldl was 95") or an order ("order an a1c and a …").
 */
function isReading(p: MeasurementPattern, m: RegExpExecArray, text: string): boolean {
  const value = m[1] ?? "";
  const at = m.index + m[0].lastIndexOf(value);
  if (/[\p{L}\d-]$/u.test(text.slice(0, at)) || /^[-\p{L}]/u.test(text.slice(at + value.length)))
    return false;
  if (/^\s*(?:minutes?|hours?|days?|weeks?|months?|years?|times?)\b/i.test(text.slice(at + value.length)))
    return false;
  // "Vitamin D 2000 units": a dose, not a reading.
  if (
    /^\s*(?:units?|iu|mg|milligrams?|micrograms?|mcg|tablets?|pills?)\b/i.test(text.slice(at + value.length))
  )
    return false;
  const span = m[0];
  if (/\b(?:order\w*|recheck|repeat|draw|in\s+(?:a|about|another))\b/i.test(span)) return false;
  // "The good cholesterol should be over 50": a target, not the patient's reading.
  if (/\b(?:should\s+be|goal|target|ideally|less\s+than|under|below|above)\b/i.test(span)) return false;
  return Object.entries(MEASURE_NAMES).every(([name, re]) => name === p.name || !re.test(span));
}

function measurements(c: Collector, s: Sentence): void {
  for (const p of MEASUREMENTS) {
    const m = [...s.text.matchAll(new RegExp(p.re.source, "gi"))].find((x) => isReading(p, x, s.text));
    if (!m) continue;
    const value = p.format(m);
    // "Slightly elevated at 6.8", "5.9, which is high": the direction said is part of the reading.
    const raw = m[1] ?? "";
    const valueStart = m.index + m[0].lastIndexOf(raw);
    const direction = resultDirection(s.text, m.index, valueStart, valueStart + raw.length);
    c.add(
      "measurement",
      `${p.name}:${value}`,
      `${sentenceCase(p.name)} ${value}${direction ? ` (${direction})` : ""}`,
      [quoteOf(s, { start: m.index, end: m.index + m[0].length })],
      { value },
      p.name,
    );
  }
}

/** Diagnoses the clinician names in their own framing, inside or outside the lexicon. */
function namedAssessments(c: Collector, s: Sentence): void {
  for (const d of namedDiagnoses(s.text)) {
    // A name the lexicon knows keeps its term (one finding, its plain words); the clinician's fuller words stand.
    const known = conditionMatcher.find(s.text).find((m) => m.start >= d.start && m.end <= d.end);
    const term = known?.term ?? d.name;
    const whole = known && known.start === d.start && known.end === d.end;
    c.add("assessment", term, assessmentLabel(whole ? term : d.name, d.strength), [quoteOf(s, d)], {}, term);
  }
}

/**
 * "Or, I can prescribe you something stronger, like naproxen", "we can also add in other painkillers
 * like paracetamol, or codeine": a drug offered as the other option, or as one example of a kind
 * among others, not a decision (blind audit s18c). "Take something like Tylenol" tells what to take;
 * "something like fexofenadine, which I can give to you today" gives the one named.
 */
function offeredAsOption(text: string, m: Mention): boolean {
  if (TAKE_INSTRUCTION.test(text) || !/\b(?:can|could|might|may|options?|alternatively)\b/i.test(text))
    return false;
  const { from, to } = clauseAround(text, m.start, m.end);
  return (
    /^\W*(?:(?:so|and|um|uh|well)\W+)*or\b/i.test(text) ||
    (/\b(?:like|such\s+as|for\s+example)\W+(?:\w+\W+){0,3}$/i.test(text.slice(from, m.start)) &&
      /\bor\b/i.test(text.slice(from, to)))
  );
}

function clinicianStatement(c: Collector, s: Sentence): void {
  const text = s.text;
  measurements(c, s);
  for (const r of dictatedResults(text))
    c.add(
      "measurement",
      `${r.name}:${r.value ?? r.direction ?? r.shows}`,
      resultText(r),
      [quoteOf(s, r)],
      r.value ? { value: r.value } : {},
      r.name,
    );

  // Warning signs: "if you get X, call / go to the ER". Symptoms named here are not the patient's.
  // The next visit may be said beside it: "I'll see you in two weeks; if the pain is bad, come back in".
  // A long dictated turn goes on to the rest of the plan; a short warning is only that.
  if (WARNING_ACTION.test(text) && WARNING_CONDITION.test(text) && warningSign(c, s, [quoteOf(s)])) {
    if (text.split(/\s+/).length <= 40) {
      followUpIn(c, s);
      return;
    }
  }

  const hasPlanCue = PLAN_CUE.test(text);

  // Symptoms the clinician reports back or dictates ("you've had a cough for a week").
  if (CLINICIAN_REPORT_CUE.test(text)) {
    const mentions = symptomMatcher.find(text);
    for (const m of mentions) {
      if (isNegated(text, m) || isHypothetical(text, m) || isAboutOthers(text, m) || isAsked(text, m))
        continue;
      if (isSuspected(text, m)) continue; // "bleeding may be the cause": the clinician's guess
      // "Before you went into the hospital you had a fever": what was, not what is now.
      if (contextOf(text, m).has("historical")) continue;
      if (m.term === "pain" || m.term === "swelling") continue; // too generic without the patient's own words
      addSymptom(c, m.term, [quoteOf(s, m)], symptomDetailsOf(text, mentions, m));
    }
  }

  // Problems the clinician names as the patient's.
  if (ASSESSMENT_CUE.test(text)) {
    namedAssessments(c, s);
    for (const m of conditionMatcher.find(text)) {
      const strength = clinicianAssessment(text, m);
      if (strength)
        c.add("assessment", m.term, assessmentLabel(m.term, strength), [quoteOf(s, m)], {}, m.term);
    }
  }

  // Medications: a clinician mention counts when it says what happens to the drug, or reads it
  // from the chart ("I see morphine, Flomax and ibuprofen"), which the clause's verb carries.
  const drugs = drugMatcher.find(text);
  for (const m of drugs) {
    if (isAboutOthers(text, m) || offeredAsOption(text, m)) continue;
    if (isHypothetical(text, m) && !TAKE_INSTRUCTION.test(text) && !/\bif\s+(?:you\s+)?need/i.test(text))
      continue;
    const negated = isNegated(text, m);
    let status = medicationStatusAt(text, m, "clinician") ?? medicationStatus(text, "clinician");
    // "Take ibuprofen…" for a drug nobody said the patient takes is a new instruction, not "continued".
    if (status === "continued" && TAKE_INSTRUCTION.test(text) && !c.has("medication", m.term))
      status = "started";
    // "So, tramadol, 50 milligrams every six hours as needed": a dose said with it is an order.
    if (!status && !negated) {
      const next = nextOtherDrug(drugs, m) ?? text.length;
      const d = medicationDetailsAfter(text, m, next);
      if (d.dose || d.frequency) status = c.has("medication", m.term) ? "continued" : "started";
    }
    if (!status || (negated && status !== "stopped")) continue;
    addMedication(c, s, m, status, drugs);
    if (hasPlanCue) {
      const verb =
        status === "started"
          ? "Start"
          : status === "stopped"
            ? "Stop"
            : status === "changed"
              ? "Change"
              : "Continue";
      // "Continue" is a plan only when said as one ("let's continue the Fosamax once a week").
      if (
        verb === "Continue" &&
        !/\b(?:continu\w*|keep\s+(?:you\s+)?(?:taking|using|on)|refill\w*|stay\s+on)\b/i.test(text)
      )
        continue;
      const d = c.details("medication", m.term) ?? {};
      const how = [d.dose, d.frequency, d.duration, d.refills ? `${d.refills} refills` : undefined]
        .filter(Boolean)
        .join(", ");
      const name = d.saidAs ? `${m.term} (${d.saidAs})` : m.term;
      c.add(
        "plan",
        `treatment:${m.term}`,
        how ? `${verb} ${name}, ${how}` : `${verb} ${name}`,
        [quoteOf(s, m)],
        { category: "treatment", ...(d.refills ? { refills: d.refills } : {}) },
        m.term,
      );
    }
  }

  if (hasPlanCue) {
    const tests = testMatcher.find(text);
    for (const m of tests) {
      if (isNegated(text, m) || !isTestOrdered(text, m)) continue;
      const when = orderWhenOf(text, m, tests.find((x) => x.start >= m.end)?.start);
      // The time is part of the order ("Order hemoglobin a1c in six months", not a test today), and
      // the quote reaches it so the verifier finds its number.
      const at = when ? text.toLowerCase().indexOf(when) : -1;
      const span = at >= 0 ? { start: Math.min(m.start, at), end: Math.max(m.end, at + when!.length) } : m;
      c.add(
        "plan",
        `test:${m.term}`,
        planLabel(text, m, when && when !== "today" ? `Order ${m.term} ${when}` : `Order ${m.term}`),
        [quoteOf(s, span)],
        { category: "test", ...(when ? { when } : {}) },
        m.term,
      );
    }
    const cued = REFERRAL_CUE.test(text);
    for (const m of referralMatcher.find(text)) {
      const lead = text.slice(Math.max(0, m.start - 80), m.start);
      if (!cued && !REFERRAL_OBJECT_CUE.test(lead)) continue;
      // "Surgery" names the operation far more often than a surgeon's clinic ("the best course of
      // action is surgery … get you into physical therapy"): a referral only as "(refer you) to surgery".
      if (/^surger/i.test(text.slice(m.start, m.end)) && !/\bto\s+(?:general\s+)?$/i.test(lead)) continue;
      if (isNegated(text, m) || !isReferralOrdered(text, m)) continue;
      c.add(
        "plan",
        `referral:${m.term}`,
        planLabel(text, m, `Refer to ${m.term}`),
        [quoteOf(s, m)],
        { category: "referral" },
        m.term,
      );
    }
    for (const m of treatmentMatcher.find(text)) {
      if (isNegated(text, m) || isPseudoMention(text, m) || !isTreatmentPlanned(text, m)) continue;
      c.add(
        "plan",
        `treatment:${m.term}`,
        planLabel(text, m, sentenceCase(m.term)),
        [quoteOf(s, m)],
        { category: "treatment" },
        m.term,
      );
    }
  }

  // Advice worded from what was said ("avoid citrus and spicy foods") keeps each saying apart.
  for (const { item, at, plan } of homeInstructionsOf(text, s.isQuestion))
    c.add(
      "plan",
      item.planOf ? `treatment:${item.key}:${plan}` : `treatment:${item.key}`,
      plan,
      [quoteOf(s, at)],
      { category: "treatment" },
      item.key,
    );

  followUpIn(c, s);
}

function followUpIn(c: Collector, s: Sentence): void {
  // Each next step as said: a visit (with its interval, the event it waits for, a condition), a
  // visit with someone else, or no visit needed (next-step.extract.ts).
  for (const step of nextStepsOf(s.text)) {
    const key =
      step.kind === "elsewhere"
        ? `with:${step.who ?? ""}`
        : step.kind === "none"
          ? `none:${step.condition ?? ""}`
          : // One visit per interval: "in three months" said twice, once with "sooner if worse", is one.
            (step.when ?? step.purpose ?? step.condition ?? "unspecified");
    // A long dictated turn is quoted around the step, so the quote holds its words.
    const at = { start: Math.max(0, step.cue.start - 80), end: Math.min(s.text.length, step.cue.end + 90) };
    c.add("follow_up", key, nextStepText(step), [quoteOf(s, at)], step.when ? { when: step.when } : {});
  }
}

/** The words after "if you get", up to the advice ("…, go to the ER") or the end of the sentence. */
const WARNING_LEAD =
  /\b(?:if|should|when)\s+(?:you\s+)?(?:ever\s+)?(?:(?:get|have|notice|develop|feel|see|experience|are\s+having|start\s+(?:having|getting|to\s+\w+))\s+)?(?:any\s+)?/i;
const WARNING_LEADS = new RegExp(WARNING_LEAD.source, "gi");
const WARNING_AGAIN = new RegExp(
  String.raw`\bif\s+${WARNING_LEAD.source.replace(/^\\b\(\?:if\|should\|when\)\\s\+/, "")}`,
  "gi",
);
const WARNING_ADVICE_END = new RegExp(
  String.raw`[;.!?]|\b(?:then|please|but|okay|and\s+(?:i|we)(?:'m|'ll|\s+am|\s+will)?|you\s+(?:should|need|must))\b|${WARNING_ACTION.source}`,
  "i",
);
const WARNING_CLAUSE_END = new RegExp(
  String.raw`[,;.!?]|\b(?:then|please|but|okay|and\s+(?:i|we)(?:'m|'ll|\s+am|\s+will)?|you\s+(?:should|need|must))\b|${WARNING_ACTION.source}`,
  "i",
);

/**
 * Records "seek care now if …" in the clinician's own words ("weakness on one side or the worst
 * headache of your life"), not just the lexicon terms in them ("weakness, headache"), which would
 * tell a patient with a migraine to call 911 for any headache. `condition` holds the "if" clause;
 * the advice may have been said in the same sentence or the next.
 */
function warningSign(c: Collector, condition: Sentence, evidence: Evidence[]): boolean {
  const text = condition.text;
  const leads = [...text.matchAll(WARNING_LEADS)];
  if (leads.length === 0) return warningAt(c, text, undefined, evidence) >= 0;
  // A long dictated turn may hold several "if"s ("if you have any questions… come back or give us
  // a call if the headaches become more severe…"): each is read; one inside a clause already read
  // ("chest pain or if you have trouble breathing") adds nothing.
  let found = false;
  let readTo = -1;
  for (const lead of leads) {
    // "See if that helps", "make sure if…": a test, not a condition for care.
    if (lead.index < readTo || NOT_A_CONDITION.test(text.slice(Math.max(0, lead.index - 20), lead.index)))
      continue;
    const to = warningAt(c, text, lead, evidence);
    if (to >= 0) {
      found = true;
      readTo = to;
    }
  }
  return found;
}

const NOT_A_CONDITION =
  /\b(?:see|seeing|check|checking|ask|asked|asking|wonder|wondering|sure|know\s+whether)\s+$/i;

const termsIn = (t: string) => [
  ...new Set([...symptomMatcher.find(t), ...conditionMatcher.find(t)].map((m) => m.term)),
];

/** One warning sign from the "if" at `lead` (or a sentence without one); the end of its clause, or -1. */
function warningAt(
  c: Collector,
  text: string,
  lead: RegExpExecArray | undefined,
  evidence: Evidence[],
): number {
  const rest = lead ? text.slice(lead.index + lead[0].length) : "";
  // A list of signs runs to the advice ("a fever over 101, chills, or vomiting, please call");
  // past a few words, the first comma ends it.
  const upToAdvice = WARNING_ADVICE_END.exec(rest);
  const listed = (upToAdvice ? rest.slice(0, upToAdvice.index) : rest).replace(/[\s,]+$/, "");
  const end = listed.split(/\s+/).length <= 24 ? upToAdvice : WARNING_CLAUSE_END.exec(rest);
  let clause = (end ? rest.slice(0, end.index) : rest).replace(/[\s,]+$/, "").trim();
  // In one long dictated turn the advice must be said beside the "if", not a minute later
  // ("…another refill if you need to… i'd like to have you come back in a couple days").
  const around = lead
    ? text.slice(
        Math.max(0, lead.index - 60),
        lead.index + lead[0].length + (end?.index ?? rest.length) + 100,
      )
    : text;
  const advice = [around, ...evidence.slice(1).map((e) => e.quote)].join(" ");
  if (!WARNING_ACTION.test(advice)) return -1;
  // The advice may be in the next sentence: "…if it's not better in a week" / "give us a call".
  const level = warningLevel(advice);
  // Speech restarts: "if it's not, if the headache is not better" reads from the last "if".
  const again = [...clause.matchAll(WARNING_AGAIN)].pop();
  if (again && termsIn(clause.slice(0, again.index)).length === 0)
    clause = clause.slice(again.index + again[0].length).trim();
  // "If it's okay with you…", "if you have any questions…", "if you need a refill" set no
  // condition for care.
  if (
    lead &&
    /^(?:it'?s\s+okay|that'?s\s+okay|you\s+(?:don'?t|do\s+not)\s+mind|(?:you\s+have\s+)?(?:any\s+)?questions|(?:i|we)\b|(?:you\s+)?(?:need|want|would\s+like|'d\s+like|like|prefer|can|are\s+interested|interested)\b)/i.test(
      clause,
    )
  )
    return -1;
  // Only what the "if" clause itself names: a long dictated turn names many findings that are
  // not warning signs ("…on exam, swelling, a murmur… let me know if…").
  const words = clause.split(/\s+/).filter(Boolean);
  const near = termsIn(words.slice(0, 16).join(" "));
  let what: string | undefined;
  let terms: string[];
  if (lead) {
    terms = near;
    // "If your symptoms worsen, give me a call": a short clause without a named sign still says when.
    what = terms.length > 0 || words.length <= 12 ? warningWhat(clause, terms) : undefined;
  } else {
    // No "if": "watch for signs of a stroke and call 911" — a short sentence only.
    terms = text.split(/\s+/).length <= 25 ? termsIn(text) : [];
    what = terms.length > 0 ? terms.join(", ") : undefined;
  }
  if (!what) {
    if (level === "clinic" || text.split(/\s+/).length > 25) return -1;
    what = "symptoms that get worse";
  }
  // "Let me know if you have any pain" asks for news, it names no emergency: a bare "pain" or
  // "swelling" without 911 or the ER is not a sign to call for.
  if (
    level === "clinic" &&
    lead &&
    words.length <= 3 &&
    terms.length > 0 &&
    terms.every((t) => t === "pain" || t === "swelling")
  )
    return -1;
  const key = terms.length > 0 ? terms.join("+") : text.toLowerCase().slice(0, 60);
  c.add("warning_sign", key, warningText(what, level), evidence, {}, terms[0]);
  return lead ? lead.index + lead[0].length + clause.length : text.length;
}

const CHECKED_OR_VACCINATED =
  /\b(?:check(?:ed|ing)?|test(?:ed|ing)?|screen(?:ed|ing)?|vaccin\w*|immuni[sz]\w*|jabs?|shots?|boosters?|up\s+to\s+date)\b/i;

/**
 * "Are there any illnesses in your family?" "Hmm, the main one would be, um, heart attack." and "Is
 * that all you're worried about?" "Cancer.": named in answer to these, an illness is the family's or
 * a fear, not the patient's (blind audit s18), unless the patient speaks of themselves. A symptom
 * named in answer to what worries them is still theirs.
 */
const FAMILY_QUESTION =
  /\b(?:family|mother|mom|mum|father|dad|parents?|siblings?|brothers?|sisters?|relatives?|grand(?:mother|father|parents?|ma|pa))\b/i;
const FEAR_QUESTION = /\b(?:worr\w*|afraid|scared|fear\w*|concern\w*)\b/i;
const SPEAKS_OF_SELF = /\b(?:i|i've|i'm|i'd|me|myself|my\s+own)\b/i;

const WATCH_FOR =
  /\b(?:bear\s+in\s+mind|watch\s+(?:out\s+)?for|look\s+out\s+for|keep\s+an\s+eye\s+(?:out\s+)?(?:on|for))\b/i;
const FIRST_PERSON = /\b(?:i|i'm|i've|i'd|i'll|my|me|mine|myself)\b/i;

/**
 * The symptoms a clinician's turn tells the patient to watch for ("do bear in mind the fever, the
 * back pain and vomiting; if you have any of those give me a call"): the patient repeating them
 * back ("Either back pain, vomiting, great OK") reports none (blind audit s18c).
 */
function warnsOf(turn: string): Set<string> {
  if (!WATCH_FOR.test(turn) && !(WARNING_CONDITION.test(turn) && WARNING_ACTION.test(turn))) return new Set();
  return new Set(symptomMatcher.find(turn).map((m) => m.term));
}

function patientStatement(
  c: Collector,
  s: Sentence,
  answeringAllergyQuestion: boolean,
  answeringFamily: boolean,
  answeringFear: boolean,
  echoed: Set<string>,
): void {
  const text = s.text;
  const ofSelf = SPEAKS_OF_SELF.test(text);
  if (answeringFamily && !ofSelf) return;
  measurements(c, s);
  const isAllergyTalk = answeringAllergyQuestion || ALLERGY_WORD.test(text);

  const allergens = isAllergyTalk ? allergies(c, s, answeringAllergyQuestion) : new Set<string>();

  const mentions = symptomMatcher.find(text);
  for (const m of mentions) {
    if (isNegated(text, m) || isHypothetical(text, m) || isAboutOthers(text, m)) continue;
    if (isAllergyTalk && /\breaction|rash|hives|swell|itch/i.test(m.term)) continue; // the allergy's reaction, not today's symptom
    if (echoed.has(m.term) && !FIRST_PERSON.test(text)) continue;
    addSymptom(c, m.term, [quoteOf(s, m)], symptomDetailsOf(text, mentions, m));
  }

  for (const m of answeringFear && !ofSelf ? [] : conditionMatcher.find(text)) {
    if (!patientReportedCondition(text, m, s.seg.speaker)) continue;
    c.add("assessment", m.term, `History of ${m.term} (patient-reported)`, [quoteOf(s, m)], {}, m.term);
  }

  {
    const drugs = drugMatcher.find(text);
    for (const m of drugs) {
      // The allergy's drug is not a medicine taken ("I'm allergic to penicillin"); "Allegra for
      // my allergies" is.
      if (isAboutOthers(text, m) || allergens.has(m.term) || allergens.has(m.said.toLowerCase())) continue;
      if (isAllergyTalk && namedAsAllergen(text, m)) continue;
      // "Should I take ibuprofen?" or "if it gets bad I could take Tylenol" is not a medicine taken.
      if (s.isQuestion || isHypothetical(text, m)) continue;
      const said = medicationStatusAt(text, m, "patient");
      const status = said ?? "continued";
      if (isNegated(text, m) && status !== "stopped") continue;
      const bare = !said && (!c.has("medication", m.term) || c.bare.has(m.term));
      addMedication(c, s, m, status, drugs);
      if (bare) c.bare.add(m.term);
    }
  }
}

/** What an allergy is told by without the word: a reaction ("it gives me hives") or "I can't take". */
const REACTION =
  /\b(?:reactions?|rash|hives|swell\w*|itch\w*|broke\s+out|anaphyla\w*|(?:made|makes|gives?|gave)\s+me|can(?:no|')?t\s+(?:take|have|use|tolerate))\b/i;

const ALLERGIC_TO =
  /\b(?:allergic|allergy|allergies|reactions?|sensitiv\w+|intoleran\w+)\s+(?:to|with|from)\b[^.?!]*$/i;

/** The mention is the allergen of "allergic to …" in its own clause. */
const namedAsAllergen = (text: string, m: Span): boolean =>
  ALLERGIC_TO.test(text.slice(clauseAround(text, m.start, m.end).from, m.start));

/** Records the allergies said in a sentence; returns the allergens named (terms and words). */
function allergies(c: Collector, s: Sentence, answering: boolean): Set<string> {
  const text = s.text;
  const named = new Set<string>();
  if (NO_ALLERGIES.test(text)) {
    c.add("allergy", "none", "No known allergies", [quoteOf(s)], {}, "no known allergies");
    return named;
  }
  const word = ALLERGY_WORD.exec(text);
  // "allergic to X" names X after the word; an answer ("penicillin, it gives me hives") anywhere.
  const from = answering || !word ? 0 : word.index;
  for (const m of allergenMatcher.find(text)) {
    if (m.start < from && !answering) continue;
    // "allergic to penicillin, and I take Allegra": a new clause is not the allergy any more.
    if (word && !answering && clauseAround(text, m.start, m.end).from > word.index) continue;
    if (isNegated(text, m)) continue;
    // An answer to "any allergies?" can name a medicine taken ("just that I take metformin"):
    // with neither the allergy word nor a reaction, a taking verb makes it a medicine.
    if (answering && !word && !REACTION.test(text) && medicationStatusAt(text, m, "patient")) continue;
    const name = allergenByTerm.get(m.term)?.term ?? m.term;
    c.add("allergy", name, `Allergy: ${name}`, [quoteOf(s, m)], {}, name);
    named.add(name);
    named.add(text.slice(m.start, m.end).toLowerCase());
    const drug = drugMatcher.lookup(text.slice(m.start, m.end));
    if (drug) named.add(drug);
  }
  return named;
}

const ON_MEDICINE_QUESTION =
  /\b(?:how\s+(?:are\s+you|have\s+you\s+been|is\s+it|'s\s+it|is\s+everything)\s+(?:doing|going|tolerating)?\s*(?:with|on)|how(?:'s|\s+is)\s+the|still\s+(?:taking|on|using)|you(?:'re|\s+are)\s+(?:on|taking|still)|tolerating|any\s+(?:side\s+effects|problems)\s+(?:with|from|on))\b/i;

const OPEN_QUESTION =
  /^\W*(?:(?:so|and|okay|ok|um|uh|well)\W+)*(?:what|why|how|when|where|which|who)\b(?!\s+about)/i;

/** Resolves the clinician's yes/no questions with the patient's answer. */
/** An answer that affirms a symptom and says it is over: "yes, but that went away", "i did, not anymore". */
const RESOLVED_ANSWER =
  /\b(?:went\s+away|(?:is|are|'s|was|were)\s+(?:all\s+|completely\s+)?gone|gone\s+now|resolved|cleared\s+up|not\s+any\s?more|no\s+longer|(?:it|that|they|those)\s+(?:stopped|went\s+away))\b/i;

/**
 * The answer denies the condition in a word of its own stem ("wasn't cancerous", "not diabetic",
 * "never been hypertensive"), though it opened with a yes-like "I had…".
 */
function deniesInOwnWords(answer: string, term: string): boolean {
  const stem = (term.split(/\s+/).pop() ?? "").toLowerCase().slice(0, 5);
  if (stem.length < 5) return false;
  const said = new RegExp(String.raw`(?:\bnot|\bnever|\bno|n't)\s+(?:\w+\s+){0,2}?${stem}\w*`, "i");
  return said.test(answer.replace(/\s+n't\b/g, "n't"));
}

function answerTo(c: Collector, questions: PendingQuestion[], answer: Sentence[]): void {
  const first = answer[0];
  if (!first) return;
  const polarity = answerPolarity(first.text);
  const affirmative = polarity === "yes";
  const negative = polarity === "no";
  const answerText = answer.map((s) => s.text).join(" ");

  const confirmedSymptoms = affirmative ? confirmedBy(answerText, questions, (q) => q.symptoms) : [];
  // "Yes, my sister has ovarian cancer" answers a family question: not the patient's condition.
  // "Any history of cancer?" "I had a polyp and it wasn't cancerous": the answer's own denial wins.
  const confirmedConditions =
    affirmative && !namesAnotherPerson(answerText)
      ? confirmedBy(answerText, questions, (q) => q.conditions, false).filter(
          (m) => !deniesInOwnWords(answerText, m.term),
        )
      : [];

  for (const q of questions) {
    const evidence = [quoteOf(q.sentence), quoteOf(first)];
    if (q.asksAllergies && negative) {
      c.add("allergy", "none", "No known allergies", evidence, {}, "no known allergies");
      continue;
    }
    if (q.asksDetail) {
      const last = c.last("symptom");
      if (last) {
        const details = symptomDetails(answerText);
        if (Object.keys(details).length > 0) addSymptom(c, last.term ?? last.key, [quoteOf(first)], details);
      }
    }
    // "How are you doing with the Synthroid?" says the patient takes it; only a "no" undoes that.
    if (!affirmative && !negative && ON_MEDICINE_QUESTION.test(q.sentence.text)) {
      for (const m of q.medications) {
        if (isNegated(q.sentence.text, m) || isHypothetical(q.sentence.text, m)) continue;
        addMedication(c, q.sentence, m, "continued", q.medications, evidence);
      }
    }
    if (!affirmative) continue;
    for (const m of confirmedSymptoms.filter((x) => x.q === q)) {
      if (m.term === "pain" && q.symptoms.length > 1) continue;
      // "Before you went into the hospital you had a fever?" "Yes, but that went away": past, not now.
      if (contextOf(q.sentence.text, m).has("historical") || RESOLVED_ANSWER.test(answerText)) continue;
      addSymptom(c, m.term, evidence, symptomDetails(answerText));
    }
    // "What makes you feel like you have diabetes?" asks why, not whether: its answer confirms nothing.
    // "Did they check for diabetes as well?" "Yeah." and "You're up to date with the vaccinations,
    // hepatitis B?" "Yes." (blind audit s18): a yes to a test or a vaccine, not to having it.
    for (const m of confirmedConditions.filter(
      (x) =>
        x.q === q && !OPEN_QUESTION.test(q.sentence.text) && !CHECKED_OR_VACCINATED.test(q.sentence.text),
    )) {
      c.add("assessment", m.term, `History of ${m.term} (patient-reported)`, evidence, {}, m.term);
    }
    // A "yes" to "do you take Diovan, estradiol, Norvasc?" is a yes to the list read out.
    for (const m of q.medications) {
      const status = medicationStatus(answerText, "patient") ?? "continued";
      addMedication(c, q.sentence, m, status, q.medications, evidence);
    }
  }
}

/**
 * Things named in one question and not offered as choices ("nausea and vomiting", "does the
 * dizziness make you nauseous"): a "yes" is to all of them. "Nausea, vomiting?" or "… or …" is a list.
 */
function askedTogether(all: (Mention & { q: PendingQuestion })[]): boolean {
  const q = all[0]?.q;
  if (!q || all.some((m) => m.q !== q)) return false;
  const from = Math.min(...all.map((m) => m.start));
  const to = Math.max(...all.map((m) => m.end));
  const between = q.sentence.text.slice(from, to);
  return !/\bor\b|,|\bany\s+other\b/i.test(between) && !/^[^.?!]*\bor\b/i.test(q.sentence.text.slice(to));
}

/** "Yes to both", "all of those": a yes to every item asked. */
const YES_TO_ALL = /\b(?:both|all\s+(?:of\s+)?(?:them|those|these|three|that)|all\s+the\s+above)\b/i;

/**
 * What a "yes" confirms of the things asked about in the clinician's last questions. When the
 * answer names some of them ("yeah, chills but no fever"), only those it names and does not deny.
 * When it names none, a bare "yes" confirms the one thing asked, never a list: after "any chest
 * pain? nausea? vomiting?" a "yes" does not say which, so none is recorded as the patient's.
 */
function confirmedBy(
  answerText: string,
  questions: PendingQuestion[],
  asked: (q: PendingQuestion) => Mention[],
  // "Any history of diabetes?" asks about the patient's own past: not a hypothetical there.
  hypotheticalCounts = true,
): (Mention & { q: PendingQuestion })[] {
  const all = questions.flatMap((q) =>
    asked(q)
      .filter(
        (m) => !isNegated(q.sentence.text, m) && !(hypotheticalCounts && isHypothetical(q.sentence.text, m)),
      )
      .map((m) => ({ ...m, q })),
  );
  const named = [
    ...symptomMatcher.find(answerText),
    ...conditionMatcher.find(answerText),
    ...drugMatcher.find(answerText),
  ];
  const denied = new Set(named.filter((m) => isNegated(answerText, m)).map((m) => m.term));
  const said = new Set(named.filter((m) => !denied.has(m.term)).map((m) => m.term));
  const terms = new Set(all.map((m) => m.term));
  if ([...terms].some((t) => said.has(t))) return all.filter((m) => said.has(m.term));
  // "Are you still having nausea and vomiting?" — "Yes": one question about both, both confirmed.
  // "Any chest pain, nausea or vomiting?" — "Yes": which one is not said.
  if (terms.size > 1 && !askedTogether(all) && !YES_TO_ALL.test(answerText)) return [];
  return all.filter((m) => !denied.has(m.term) && !offersAChoice(m, questions));
}

/**
 * "Does it cause you heartburn? Or is it like an allergic reaction?": the question offers a choice
 * after the thing asked, and a bare "yes" does not say which (blind audit s18c).
 */
function offersAChoice(m: Mention & { q: PendingQuestion }, questions: PendingQuestion[]): boolean {
  const after = m.q.sentence.text.slice(m.end);
  const later = questions.slice(questions.indexOf(m.q) + 1);
  return (
    /\bor\s+(?:is|was|are|were|do|does|did)\s+(?:it|that|this|they|you)\b/i.test(after) ||
    later.some((q) => /^\W*or\b/i.test(q.sentence.text))
  );
}
