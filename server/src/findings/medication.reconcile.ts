// Medicine reconciliation: what happens to each medicine, decided from who said what, and when,
// across the whole visit rather than from the clause that happened to name it last.
//   - the patient already takes it (said so, or the clinician read it from the chart and nobody
//     said no) → continued, unless the clinician changes or stops it; an order or refill of a
//     medicine already taken is not a new one ("Metformin … new" would double a dose);
//   - the clinician starts it and nobody said it was taken before → started;
//   - "increase / decrease / switch to X mg" → changed, with the NEW dose and schedule;
//   - "stop" → stopped;
//   - given in the ER, at the visit, one shot or one dose → once (not "keep taking");
//   - named only in a question nobody answered yes, a denial, or small talk ("a nitro cold
//     brew") → not a medicine taken: the finding is dropped.
// The cues are data (RECONCILE_CUES below); the decision is `decide`.
import { dictatedResults } from "./result.extract.js";
import type { Evidence, Finding, FindingDetails, MedicationStatus, Transcript } from "@bedside/shared";
import { drugMatcher } from "./drug.matcher.js";
import type { DrugMention } from "./drug.matcher.js";
import {
  AMOUNT,
  DOSE_UNIT,
  doseAmount,
  doseText,
  FREQUENCY,
  medicationText,
  NUMBER_WORD,
  spokenNumber,
} from "./medication.details.js";
import { isSpanishText } from "./spanish-cues.js";
import { isConditionalOrder, isTestOrdered } from "./plan.extract.js";
import { numbersSaid } from "./verifier.js";

type Cue = "stop" | "change" | "start" | "continue" | "takes" | "once" | "tried";

/** The verbs that say what happens to a medicine, checked in this order within its clause. */
export const RECONCILE_CUES: { cue: Cue; who: "clinician" | "patient" | "any"; re: RegExp }[] = [
  {
    cue: "once",
    who: "any",
    // "Give her Dilaudid of 4 M G I M": a dose given in the visit, not a medicine to start (blind
    // audit s19; a nurse told to give one, `TOLD_TO_NURSE`). "Give him Tylenol every six hours"
    // tells a parent what to give at home.
    re: /\b(?:(?:gave|given|got|received|had|administered)\b[^.?!]{0,60}?\b(?:in|at)\s+the\s+(?:er|e\.r\.?|emergency\s+(?:room|department)|hospital|urgent\s+care|ambulance)|(?:a|one|single)\s+(?:shot|dose|injection)\s+of|one[- ]time\s+dose|(?:in|at)\s+the\s+(?:er|emergency\s+(?:room|department))\b[^.?!]{0,40}?\b(?:gave|given|got)|give\s+(?:him|her|them)\s+(?:\w+\W+){0,6}?(?:i\s?v|i\s?m|intravenous\w*|intramuscular\w*|shot|injection|push)\b)\b/i,
  },
  {
    cue: "stop",
    who: "any",
    // "…but i ran out last week", "vitamin c in the winter, not right now": not taken now.
    re: /\b(?:stop(?:ped|ping)?|discontinu\w*|quit|no\s+longer|come\s+off|get\s+off|hold(?:ing)?\s+(?:off|the|your)|d\/c|ran\s+out|run\s+out|not\s+(?:taking\s+(?:it|that|them|any)\s+)?(?:right\s+now|at\s+the\s+moment|currently|anymore|any\s+more))\b/i,
  },
  {
    cue: "change",
    who: "clinician",
    re: /\b(?:increas\w*|decreas\w*|reduc\w*|lower\w*|rais\w*|bump\w*(?:\s+(?:it|you|that))?\s+up|up\s+(?:the|your)\s+dose|go(?:ing)?\s+up\s+on|doubl\w*|cut\s+(?:back|down|it\s+in\s+half)|switch\w*|chang\w*|adjust\w*|titrat\w*)\b/i,
  },
  {
    cue: "start",
    who: "clinician",
    re: /\b(?:start\w*|(?<!(?:was|were|been|got|get)\s)prescrib\w*|order\w*|g[ai]ve\s+(?:it\s+)?(?:to\s+)?you|write\s+(?:you\s+)?(?:for|up)|put\s+(?:you|her|him)\s+on|(?:write|send|call)\s+(?:you\s+)?(?:in\s+)?(?:a\s+)?(?:prescription|script|rx)|prescription\s+for|initiat\w*|add\w*|try\s+(?:you\s+on|some)?|trial\s+of|begin)\b/i,
  },
  {
    cue: "continue",
    who: "clinician",
    re: /\b(?:continu\w*|keep\s+(?:you\s+on|taking|using|on)|(?:want|like|need)\s+you\s+(?:to\s+)?(?:tak\w*|us\w*|stay\s+on)|i\s+see(?!\s+(?:if|whether|how|what|why))|i\s+have\s+(?:here\s+)?(?:that\s+)?you|you\s+can\s+(?:also\s+)?(?:take|use|keep)|i\s+would\s+(?:take|use)|i'd\s+(?:take|use)|stay\s+on|stick\s+with|refill\w*|same\s+dose|(?:you(?:'re|\s+are)|you've\s+been)\s+(?:currently\s+|still\s+|already\s+|also\s+)?(?:on|taking|using)|(?:have|had|got)\s+you\s+on|you\s+(?:currently\s+|also\s+)?(?:take|use)|i\s+see\s+(?:that\s+)?you|your\s+(?:list|chart|medications?|meds)|(?:was|were)\s+prescribed)\b/i,
  },
  // Said of the patient by a caregiver or in a dictation: "he takes metoprolol", "she is on Coumadin".
  {
    cue: "takes",
    who: "any",
    re: /\b(?:(?:he|she|they)\s+(?:takes|uses|is\s+(?:on|taking|using)|are\s+(?:on|taking|using)|has\s+been\s+(?:on|taking))|you\s+do\s+(?:take|use))\b/i,
  },
  {
    cue: "takes",
    who: "patient",
    re: /\b(?:i\s+(?:also\s+|just\s+|still\s+)?(?:take|use|took)|i've\s+(?:also\s+)?(?:had|used)|put\s+me\s+on|i(?:'m|\s+am)\s+(?:on|taking|using)|i've\s+been\s+(?:on|taking|using)|been\s+(?:on|taking|using)|i\s+still\s+(?:take|use)|(?<!(?:stop(?:ped)?|quit|no\s+longer)\s)(?:taking|using)|(?:my|the)\s+\w*\s*(?:pills?|medicine|medication|inhaler)|for\s+my|helps?|works?)\b/i,
  },
];

/**
 * Tried before the visit, not a medicine taken now: "I took some ibuprofen but it didn't help",
 * "gabapentin did not work at all". Such a drug gets no status (the summary says "ask us"), never
 * "keep taking", unless the clinician says to continue or stop it.
 */
export const TRIED_CUES = {
  /** An outcome of not helping, said after the name with no other drug between. */
  noHelp:
    /\b(?:(?:did\s?n't|did\s+not|does\s?n't|does\s+not|do\s?n't|do\s+not|never|wo\s?n't|would\s?n't|would\s+not|was\s?n't|were\s?n't|is\s?n't)\s+(?:really\s+|seem\s+to\s+|even\s+|do\s+)?(?:help(?:ing)?|work(?:ing)?|do\s+(?:anything|much|a\s+thing|nothing)|make\s+(?:a|any|much)\s+(?:difference|change))|no\s+(?:relief|help|difference|improvement)|nothing\s+(?:helped|worked|changed))\b/i,
  /** A single past dose or trial, right before the name: "i took some", "i tried a couple of". */
  // Only "some" / "a couple of" / "a dose of": "took an antibiotic called Bactrim" or "took two
  // Keflex this morning" may be the medicine taken now.
  pastTrial:
    /\b(?:took|tried|(?:have|'ve)\s+(?:taken|tried))\s+(?:(?:some|a\s+(?:little|couple|few)(?:\s+of)?|a\s+dose\s+of)\s+(?:(?!called\b|named\b)\w+\s+)?|(?<=tried\s)(?:the\s+|that\s+)?)$/i,
  /** What the clinician says to go on with it (a recap such as "you've been taking" is not). */
  continueOrder:
    /\b(?:continu\w*|keep\s+(?:you\s+on|taking|using|on)|(?:want|like|need)\s+you\s+(?:to\s+)?(?:tak\w*|us\w*|stay\s+on)|stay\s+on|stick\s+with|refill\w*|same\s+dose)\b/i,
};

/**
 * A start the clinician tells of, not one made today: "I know we started you on the Imitrex a couple
 * of months ago", "Dr. Brown put you on BuSpar". The patient takes it: "new" would double a dose.
 */
const PAST_START =
  /\b(?:started|(?:we|they|he|she|who|have|had|did|we've|they've|i've|(?:dr|doctor)\.?\s+[a-z]+|(?!(?:to|na|will|can|could|would|should|might|may|let's|gon|wan|i'm|we're|me|us|just|and|then|now|also)\b)[a-z]+(?<=[a-z]{4}))\s+put\s+(?:you|her|him|them)\s+on)\b/i;
/** Started before this visit by another doctor: "my pcp just started me on". */
export const STARTED_BEFORE =
  /\b(?:(?:my|the)\s+(?:pcp|gp|doctor|primary(?:\s+care)?(?:\s+(?:doctor|physician|provider))?|physician|provider|\w+ologist|nurse\s+practitioner)|he|she|they|(?:dr|doctor)\.?\s+[a-z]+)\s+(?:just\s+|recently\s+|already\s+)?(?:started|put)\s+me\b/i;
const FUTURE_START =
  /\b(?:will|'ll|going\s+to|gon\s?na|want\s+to|wan\s?na|like\s+to|let's|let\s+(?:us|me)|need\s+to|can|could|should|may|might|get\s+(?:you\s+|her\s+|him\s+)?started|today|if|why\s+(?:do\s?n't|not)|how\s+about|maybe|plan\s+to)\b/i;
/**
 * The clinician telling the patient to take a medicine ("I want you to use clobetasol twice daily",
 * "you can take Tylenol", the British "I would take ibuprofen regularly"): new unless someone said it is already taken; words that say it is
 * already taken ("continue", "keep", "your", "still") make it go on with it instead.
 */
const INSTRUCTION =
  /\b(?:(?:want|like|need)\s+you\s+(?:to\s+)?(?:tak\w*|us\w*)|you\s+can\s+(?:also\s+)?(?:take|use)|i\s+would\s+(?:take|use)|i'd\s+(?:take|use))\b/i;
// Not "regular": "you can take regular paracetamol" is "regularly", new advice (blind audit s18).
const PRIOR_USE =
  /\b(?:continu\w*|keep|still|stay\s+on|refill\w*|same\s+dose|already|currently|your|usual)\b/i;

/**
 * The instruction to take it, with no word of use between it and the name; one said after the name
 * also needs none before the name ("you can continue to alternate that with some tylenol i'm going
 * to give you a strainer that you can use").
 */
function isInstruction(clause: string, start: number, end: number): boolean {
  for (const hit of clause.matchAll(new RegExp(INSTRUCTION.source, "gi"))) {
    const span = clause.slice(hit.index < start ? hit.index : 0, Math.max(hit.index + hit[0].length, end));
    if (!PRIOR_USE.test(span)) return true;
  }
  return false;
}

/** Words right after a drug name that make it something else ("a nitro cold brew"). */
const NOT_A_MEDICINE_AFTER =
  /^\s*(?:cold\s+brew|coffee|latte|brew|drink|beer|soda|shake|bar|bars|commercial|ad|car|truck|engine|boost)\b/i;
/**
 * Vitamins a clinician also measures: "a vitamin D level", "labs, a B12 and folate" order a blood
 * test, not a prescription. The name given to the test is the one a lab order uses.
 */
export const MEASURED_AS_LAB: ReadonlyMap<string, string> = new Map([
  ["vitamin d", "vitamin D level"],
  ["vitamin b12", "vitamin B12 level"],
  ["folic acid", "folate level"],
  ["calcium", "calcium level"],
]);
const LAB_AFTER = /^\s*(?:\w+\s+)?(?:levels?|tests?|panel)\b/i;
const LAB_CONTEXT =
  /\b(?:labs?|lab\s+work|blood\s*work|blood\s+tests?|levels?|draw\w*|check\s+(?:your|a|her|his|the))\b/i;
/** Words that make the name a medicine to take after all: a dose, a start, a supplement. */
const TAKE_CONTEXT =
  /\b(?:start\w*|tak(?:e|ing)|prescri\w*|supplements?|units?|iu|mg|milligrams?|micrograms?|mcg|pills?|tablets?|daily|a\s+day|once|twice)\b/i;

/**
 * A name as the object of a test verb ("check", "draw", "send off", "run", "test", "measure"), past
 * determiners and the names listed before it ("send off a calcium and a phosphorus"): what is
 * measured, whatever the name, unless the clause also takes or starts it. A stray "to" after the verb
 * is speech as heard ("then recheck to the cbc, iron, b12").
 */
const LAB_VERB_OBJECT =
  /\b(?:check(?:ing)?|monitor(?:ing)?|follow(?:ing)?|trend(?:ing)?|recheck(?:ing)?|watch(?:ing)?|keep\s+(?:an\s+eye|tabs)\s+on|draw(?:ing)?|send(?:ing)?\s+off|run(?:ning)?|test(?:ing)?|measur(?:e|ing)|labs?\s+(?:for|including|like)|(?:blood\s*work|labs?)\s*,?\s*including)(?:\s+(?:a|an|the|your|his|her|their|some|another|repeat|fasting|serum|blood|also|off|to|and|[\w-]+\s*(?:,|\band\b)))*\s+$/i;
/** Where the clause of the name starts: the last stop or clause word before it. */
const CLAUSE_START =
  /(?:[.;?!]|\b(?:but|so|then|because)\b)(?![\s\S]*(?:[.;?!]|\b(?:but|so|then|because)\b))/i;

/** True when the clinician names the medicine as what a blood test measures, not one to take. */
export function isNamedAsLab(text: string, m: { start: number; end: number; term: string }): boolean {
  // The subject of a dictated result ("your folate was low at 2.1", "your thyroid stimulating
  // hormone was on the low side", "your b12 and folate came back normal") is what a test measured.
  if (dictatedResults(text).some((r) => !r.shows && r.start <= m.start && m.end <= r.end)) return true;
  if (
    LAB_AFTER.test(text.slice(m.end)) &&
    (MEASURED_AS_LAB.has(m.term) || !TAKE_BEFORE.test(text.slice(0, m.start)))
  )
    return true;
  const head = text.slice(0, m.start);
  const cut = CLAUSE_START.exec(head);
  const before = cut ? head.slice(cut.index + cut[0].length) : head;
  const tail = text.slice(m.end).split(/[.;?!]|\b(?:but|so|then|because)\b/i)[0] ?? "";
  if (TAKE_CONTEXT.test(`${before} ${tail}`)) return false;
  // "Check the metformin dose", "check your lisinopril prescription": the medicine itself.
  if (/^\s*(?:dose|dosage|doses|prescriptions?|refills?|bottles?|interactions?|pharmacy|list)\b/i.test(tail))
    return false;
  if (LAB_VERB_OBJECT.test(before)) return true;
  return MEASURED_AS_LAB.has(m.term) && LAB_CONTEXT.test(text) && !TAKE_CONTEXT.test(text);
}
/** "Take your lithium at the same time before your level": the name is the medicine. */
const TAKE_BEFORE = /\b(?:tak(?:e|ing)|start\w*|prescri\w*|continue|on)\s+(?:\w+\s+)?$/i;

/** A clause that denies taking it ("I don't take aspirin", "never been on insulin"). */
// "do n't": the ACI-Bench scribe splits contractions.
const DENIAL =
  /\b(?:not|never|do\s?n't|do\s+not|does\s?n't|did\s?n't|have\s?n't|has\s?n't|no)\b(?:\s+\w+){0,3}\s*$/i;
const AFFIRMATIVE_ANSWER =
  /^\s*(?:(?:uh|um|oh|well|so|hmm|mm)\s*[,.]?\s+)*(?:yes|yeah|yep|yup|uh[- ]huh|mm[- ]hmm|mhm|i\s+do|i\s+am|i'm|i\s+have|i\s+take|correct|right|that's\s+(?:right|it)|it\s+is|exactly|still|every\s+day|yes\s+ma'am|yes\s+sir|sure)\b/i;
const NEGATIVE_ANSWER =
  /^\s*(?:no|nope|nah|not\s+really|never|i\s+do\s?n't|i\s+have\s?n't|i\s+stopped|not\s+anymore)\b/i;
const PAST_CHANGE =
  /\b(?:increased|decreased|changed|switched|reduced|lowered|raised|bumped|adjusted)\b.*\b(?:last\s+(?:visit|time|appointment|year|month)|ago|previously|in\s+the\s+hospital)\b/i;
const STOPPED_AFTER_BUT =
  /^[^.?!]{0,40}?\bbut\s+(?:then\s+)?(?:i\s+)?(?:ran\s+out|stopped|quit|(?:don't|do\s+not|do\s+n't)\s+(?:take|use)\s+(?:it|them|that)\s+(?:anymore|any\s+more|now))\b/i;
/** A sentence without a verb of its own that carries on the one before ("and your lisinopril 10 mg"). */
const CARRIES_ON = /^\s*(?:and|also|as\s+well|plus|along\s+with|together\s+with)\b/i;
const CHANGE_IF_NEEDED = /\b(?:see|know|decide|determine|check)\s+(?:if|whether)\b/i;
/** The speaker's own last sentence before this turn, past one short interjection ("okay") of the other. */
function ownListBefore(sentences: Sentence[], s: Sentence): Sentence | undefined {
  const i = sentences.indexOf(s);
  const before = sentences.slice(Math.max(0, i - 3), i).reverse();
  const between = before.filter((x) => x.segIndex === s.segIndex - 1);
  if (between.length !== 1 || between[0]?.speaker === s.speaker || between[0]!.text.split(/\s+/).length > 3)
    return undefined;
  return before.find((x) => x.segIndex === s.segIndex - 2 && x.speaker === s.speaker);
}
const TAG_QUESTION =
  /[\s,]+(?:okay|ok|right|alright|all\s+right|yeah|sound\s+good|does\s+that\s+sound\s+\w+(?:\s+\w+)?|is\s+that\s+(?:okay|ok|alright)|how\s+does\s+that\s+sound)\s*\?$/i;
const CHANGE_TO = new RegExp(String.raw`\b(?:to|up\s+to|down\s+to)\s+(${AMOUNT}\s*${DOSE_UNIT})\b`, "i");
const DOSE_NEAR = new RegExp(String.raw`\b${AMOUNT}\s*${DOSE_UNIT}\b`, "i");

const MAX_EVIDENCE = 3;
const MAX_QUOTE = 280;

/** A word-aligned window of at most MAX_QUOTE characters of `text` around [start, end). */
function windowOf(text: string, start: number, end: number): string {
  if (text.length <= MAX_QUOTE) return text.trim();
  const half = Math.max(0, Math.floor((MAX_QUOTE - (end - start)) / 2));
  let from = Math.max(0, start - half);
  let to = Math.min(text.length, end + half);
  while (from > 0 && from < start && /\S/.test(text[from - 1] ?? "")) from++;
  while (to < text.length && to > end && /\S/.test(text[to] ?? "")) to--;
  return text.slice(from, to).trim();
}

interface Sentence {
  segIndex: number;
  segId: string;
  speaker: Transcript[number]["speaker"];
  text: string;
  isQuestion: boolean;
  /** The sentence before it in the same segment, for verbless continuations. */
  previous?: string;
}

interface Event {
  at: number;
  /** The words that say it, verbatim from their segment: what the finding then cites. */
  cites?: Evidence[];
  cue: Cue | "asked" | "denied" | "not-a-medicine" | "lab" | "none";
  by: "clinician" | "patient";
  dose?: string;
  frequency?: string;
  /** The clinician says to go on with it, not only reads it back ("continue your ibuprofen"). */
  order?: boolean;
  /** The clinician only says to take it ("I want you to take…"), nothing of its use before. */
  instruction?: boolean;
  /** An earlier change told with its new dose ("we increased your metformin to 500 twice a day last visit"). */
  regimen?: boolean;
  /** Named as a blood test the clinician orders now ("let's check a vitamin D level"). */
  labOrdered?: boolean;
  /** The clinician's clause says to go on as before ("continue", "keep", "refill", "same dose"). */
  keeps?: boolean;
  /** The patient's use said as occasional or bought over the counter ("here and there", "when it acts up"). */
  casual?: boolean;
  /** The dose or schedule told in the sentences after the name (toldAfter), with what says it. */
  told?: Told;
}

/**
 * Medicines sold over the counter, which patients take at a dose of their own choosing: a dose and
 * schedule the clinician now gives for one ("ibuprofen 600 milligrams every six hours for a week")
 * is a change to what they take, not "keep taking" it as before.
 */
const OVER_THE_COUNTER = new Set([
  "ibuprofen",
  "naproxen",
  "acetaminophen",
  "aspirin",
  "loratadine",
  "cetirizine",
  "fexofenadine",
  "diphenhydramine",
  "famotidine",
  "omeprazole",
  "calcium carbonate",
  "guaifenesin",
  "dextromethorphan",
  "pseudoephedrine",
  "melatonin",
  "docusate",
  "polyethylene glycol",
  "loperamide",
]);
const KEEPS =
  /\b(?:continu\w*|keep\w*|stay\s+on|refill\w*|same\s+dose|as\s+(?:you\s+have\s+been|before|usual)|you(?:'re|\s+are)\s+(?:still\s+)?on|i\s+see|your\s+(?:list|chart)|(?<!(?:have|had|make|let|get)\s)you\s+(?:take|use)|you've\s+been|still|usual)\b/i;
const CASUAL_USE =
  /\b(?:over\s+the\s+counter|otc|here\s+and\s+there|now\s+and\s+then|every\s+(?:now|once)|once\s+in\s+a\s+while|as\s+needed|when(?:ever)?\s+(?:i|it|my|the)|if\s+(?:i|it|my)|sometimes|occasionally|some|a\s+couple|a\s+few|one\s+or\s+two|two\s+(?:advil|tylenol|motrin|aleve))\b/i;

// A sentence of a segment. "you're on two . five of norvasc", "your a1c was 6.8": a decimal point,
// even one the scribe writes as a full stop, ends no sentence.
const DIGIT = String.raw`(?:zero|one|two|three|four|five|six|seven|eight|nine|\d)`;
export const SENTENCE = new RegExp(
  String.raw`(?:[^.?!;\n]|(?<=(?:\b${NUMBER_WORD}|\d)\s?)\.(?=\s?${DIGIT}\b))+(?:[.?!;]+|\n|$)`,
  "gi",
);

function sentencesOf(transcript: Transcript): Sentence[] {
  const out: Sentence[] = [];
  transcript.forEach((seg, segIndex) => {
    if (isSpanishText(seg.text)) return;
    let previous: string | undefined;
    for (const m of seg.text.matchAll(SENTENCE)) {
      const text = m[0].trim();
      if (!/[a-z0-9]/i.test(text)) continue;
      out.push({
        segIndex,
        segId: seg.id,
        speaker: seg.speaker,
        text,
        // The scribe often drops the "?" of a short question ("and are you taking your metformin").
        isQuestion:
          (text.endsWith("?") && !TAG_QUESTION.test(text)) ||
          (seg.speaker === "clinician" && text.split(/\s+/).length <= 12 && UNMARKED_QUESTION.test(text)),
        ...(previous ? { previous } : {}),
      });
      previous = text;
    }
  });
  return out;
}

/** The clause holding a mention: from the last clause break before it to the first after. */
function clauseOf(text: string, m: DrugMention): { before: string; after: string } {
  // "…and you are on some insulin": the break is the "and"; its subject stays with the clause.
  const breaks = /[,;]|\b(?:but|and(?=\s+(?:then|i|you|we)\b)|so|because|then)\b/gi;
  let from = 0;
  let to = text.length;
  for (const b of text.matchAll(breaks)) {
    if (b.index + b[0].length <= m.start) from = b.index + b[0].length;
    // A comma soon after the name may still carry its dose ("lisinopril, 20 mg, daily"); a new
    // clause ("…, and i'm going to order labs") ends it wherever it starts.
    else if (b.index >= m.end && (b[0] !== "," || b.index >= m.end + 20)) {
      to = b.index;
      break;
    }
  }
  return { before: text.slice(from, m.start), after: text.slice(m.end, to) };
}

/** The cue nearest before `at` in the text, else the first after it. */
function cueOf(text: string, by: "clinician" | "patient", at = text.length): Cue | undefined {
  let before: { cue: Cue; at: number } | undefined;
  let after: { cue: Cue; at: number } | undefined;
  for (const { cue, who, re } of RECONCILE_CUES) {
    if (who !== "any" && who !== by) continue;
    for (const m of text.matchAll(new RegExp(re.source, "gi"))) {
      if (m.index < at) {
        if (!before || m.index > before.at) before = { cue, at: m.index };
      } else if (!after || m.index < after.at) after = { cue, at: m.index };
    }
  }
  return (before ?? after)?.cue;
}

function answerOf(sentences: Sentence[], q: Sentence): "yes" | "no" | undefined {
  const next = sentences.find((s) => s.segIndex > q.segIndex);
  if (!next || next.speaker === q.speaker || next.segIndex > q.segIndex + 1) return undefined;
  if (AFFIRMATIVE_ANSWER.test(next.text)) return "yes";
  if (NEGATIVE_ANSWER.test(next.text)) return "no";
  return undefined;
}

const MEDICINE_QUESTION =
  /\b(?:medications?|medicines?|meds|pills?|prescri\w*|tak(?:e|es|ing|en)|took|tried|try|using|use|on\s+anything)\b/i;

/** A question the scribe wrote without its "?" ("okay have you taken anything for the pain"). */
const UNMARKED_QUESTION =
  /^(?:(?:okay|ok|so|and|alright|all\s+right|um|uh|now)\s*,?\s+)*(?:have|has|do|does|did|are|were|what|which|anything)\b/i;

/** True when the clinician's turn just before the patient's sentence ends asking what they take. */
function answersMedicineQuestion(sentences: Sentence[], s: Sentence): boolean {
  const i = sentences.indexOf(s);
  const before = sentences.slice(0, i).reverse();
  // Only the answer's first sentence answers the question, after a false start or a filler at most
  // ("um , ep- ... just an epipen .").
  const lead = before.filter((x) => x.segIndex === s.segIndex);
  if (lead.some((x) => x.text.split(/\s+/).length > 4 || drugMatcher.find(x.text).length > 0)) return false;
  const q = before.find((x) => x.segIndex === s.segIndex - 1);
  return (
    !!q &&
    q.speaker === "clinician" &&
    (q.isQuestion || UNMARKED_QUESTION.test(q.text)) &&
    MEDICINE_QUESTION.test(q.text)
  );
}

/**
 * What may stand between the verb and a name in a list: other names, their doses, "and", and an
 * item the drug list does not know ("you are on Pacerone, Zaroxolyn, Lasix").
 */
const LIST_FILLER =
  /(?:[\s,;:\u00a4]|\b(?:and|or|your|the|my|his|her|also|plus|as\s+well\s+as|current(?:ly)?|medications?|meds|some)\b|\b[a-z]+(?=\s*,))*$/i;

/**
 * The cue of a list the mention closes or continues, with where the cited words start: the verb
 * must come right before the first name, with only names, doses and "and" between it and this one.
 */
function listCue(
  text: string,
  m: DrugMention,
  by: "clinician" | "patient",
): { cue: Cue; from: number } | undefined {
  const earlier = drugMatcher.find(text).filter((x) => x.end <= m.start);
  if (earlier.length === 0) return undefined;
  let prefix = text.slice(0, m.start);
  const blank = (a: number, b: number) => {
    // A mark, not a space: "on Pacerone," must not read as the unknown item "on,".
    prefix = prefix.slice(0, a) + "\u00a4".repeat(b - a) + prefix.slice(b);
  };
  for (const x of earlier) blank(x.start, x.end);
  for (const re of [new RegExp(DOSE_NEAR.source, "gi"), new RegExp(FREQUENCY.source, "gi")])
    for (const d of prefix.matchAll(re)) blank(d.index, d.index + d[0].length);
  const tail = LIST_FILLER.exec(prefix);
  const head = tail ? prefix.slice(0, tail.index) : prefix;
  // The list reaches back past at least one other name to its verb.
  const first = earlier.find((x) => x.start >= head.length);
  if (!first) return undefined;
  const lead = head.slice(Math.max(0, head.length - 40));
  const cue = cueOf(lead, by);
  if (!cue) return undefined;
  return { cue, from: Math.max(0, head.length - 40) };
}

/** "Yes, twenty daily": a yes, then what it says. */
const YES_THEN = /^\s*(?:yes|yeah|yep|yup|correct|right|uh[- ]huh|mm[- ]hmm)\b[\s,.]*(.*)$/i;
/** "It is ten M G tablet", "your prescription is two hundred M G twice a day, correct?" */
const IT_IS =
  /^\s*(?:(?:and|so)\s+)?(?:is\s+(?:that|it)|(?:it|that|this)(?:'s|\s+is|\s+was)|(?:your|my)\s+(?:prescription|dose|script)\s+(?:is|was|says))\s+(.*)$/i;
/** "How much?", "What dose?": its answer is the dose or schedule, whatever its first word. */
const AMOUNT_QUESTION = /\b(?:how\s+(?:much|many|often)|what\s+(?:dose|dosage|strength)|which\s+dose)\b/i;
/**
 * An order told on without the name: "…you can take that every eight hours", "…we'll get you some
 * motrin. uh, we'll give you 600 milligrams every six hours".
 */
export const TAKE_IT = String.raw`\b(?:(?:take|use)\s+(?:it|that|this|them|one|one\s+(?:tablet|pill|capsule)|a\s+(?:tablet|pill|capsule))|(?:we'll|we\s+will|i'll|i\s+will)\s+give\s+you)\b`;
const ORDER_GOES_ON = new RegExp(String.raw`^[^?]*?${TAKE_IT}`, "i");
/** A pause cuts "every six | hours" in two: the halves are read together. */
const CUT_FREQUENCY = new RegExp(String.raw`\bevery\s+${AMOUNT}\s*$`, "i");
const BARE_AMOUNT = new RegExp(String.raw`^\s*(?:about\s+)?(${AMOUNT})\s+(?=${FREQUENCY.source})`, "i");

/**
 * The dose and schedule told of the medicine just named, in the sentences right after it and before
 * any other is named: "Are you taking Benicar?" "Yes, twenty daily."; "Yes, I take it once a day.
 * It is ten M G tablet."; "How much?" "Five hundred milligrams twice a day."; "…every six" "hours
 * with food". A question ("Is that twenty M G once a day?") tells only with its yes.
 */
interface Told {
  dose?: string;
  frequency?: string;
  cites: Evidence[];
}

function toldAfter(sentences: Sentence[], s: Sentence): Told {
  const told: Told = { cites: [] };
  let prev = s;
  for (const t of sentences.slice(sentences.indexOf(s) + 1)) {
    if (t.segIndex > s.segIndex + 2 || drugMatcher.find(t.text).length > 0) break;
    const answers = t.speaker !== prev.speaker && prev.isQuestion;
    const cut = CUT_FREQUENCY.exec(prev.text);
    let said: string | undefined;
    if (cut && t.segIndex === prev.segIndex + 1 && /^\s*(?:hours?|days?)\b/i.test(t.text))
      said = `${cut[0]} ${t.text}`;
    else if (answers && AMOUNT_QUESTION.test(prev.text)) said = t.text;
    else if (t.speaker === s.speaker && t.segIndex === s.segIndex && ORDER_GOES_ON.test(t.text))
      said = t.text;
    else said = (answers ? YES_THEN.exec(t.text)?.[1] : undefined) ?? IT_IS.exec(t.text)?.[1];
    if (said === undefined && t.isQuestion && AMOUNT_QUESTION.test(t.text)) {
      prev = t;
      continue;
    }
    if (said === undefined || (t.isQuestion && answerOf(sentences, t) !== "yes")) break;
    const dose = DOSE_NEAR.exec(said);
    const amount = BARE_AMOUNT.exec(said)?.[1];
    const freq = FREQUENCY.exec(said);
    if (!told.dose && (dose || amount))
      told.dose = dose ? doseText(dose[0]) : String(spokenNumber(amount ?? "") ?? amount);
    if (!told.frequency && freq) told.frequency = freq[0].trim();
    if (dose || amount || freq) told.cites.push({ segmentId: t.segId, quote: windowOf(t.text, 0, 0) });
    prev = t;
  }
  return told;
}

/** The event of one mention, with the dose or schedule told right after it when its own words say none. */
function eventOf(sentences: Sentence[], s: Sentence, m: DrugMention): Event {
  const ev = mentionEvent(sentences, s, m);
  if ((ev.dose && ev.frequency) || ["asked", "denied", "not-a-medicine", "lab"].includes(ev.cue)) return ev;
  const told = toldAfter(sentences, s);
  if (told.cites.length === 0) return ev;
  return {
    ...ev,
    ...(told.dose && !ev.dose ? { dose: told.dose } : {}),
    ...(told.frequency && !ev.frequency ? { frequency: told.frequency } : {}),
    cites: [...(ev.cites ?? []), ...told.cites],
    told,
  };
}

/** "Nurse, please give him Norflex sixty M G, Zofran…": each dose given in the visit (blind audit s19). */
const TOLD_TO_NURSE = /\bnurse\W+(?:\w+\W+){0,2}?give\b/i;

/**
 * "Which medications do you take? Metformin, OK.": the clinician saying back the patient's answer
 * to their own question, a few words with the medicine (blind audit s19).
 */
export const saysBackMedicines = (question: string, sentence: string): boolean =>
  /\?\s*$/.test(question) &&
  /\b(?:medications?|medicines?|meds|pills|prescri)/i.test(question) &&
  sentence.split(/\s+/).length <= 5;

function mentionEvent(sentences: Sentence[], s: Sentence, m: DrugMention): Event {
  const by = s.speaker === "clinician" ? "clinician" : "patient";
  const base = { at: s.segIndex, by } as const;
  const rest = s.text.slice(m.end);
  if (NOT_A_MEDICINE_AFTER.test(rest)) return { ...base, cue: "not-a-medicine" };
  if (by === "clinician" && isNamedAsLab(s.text, m))
    return {
      ...base,
      cue: "lab",
      // "Check", "draw" or "send off" in the present orders the test as surely as "order".
      labOrdered:
        (isTestOrdered(s.text, m) || LAB_VERB_OBJECT.test(s.text.slice(0, m.start))) &&
        !isConditionalOrder(s.text, m),
      cites: [{ segmentId: s.segId, quote: windowOf(s.text, m.start, m.end) }],
    };
  const { before, after } = clauseOf(s.text, m);
  const clause = `${before} ${s.text.slice(m.start, m.end)} ${after}`;
  let cue = cueOf(clause, by, before.length);
  if (s.isQuestion) {
    // "Are you still taking the metformin?" — yes: taken; anything else: only asked.
    const answer = answerOf(sentences, s);
    if (answer === "yes") return { ...base, cue: "takes", by: "patient" };
    // The patient's own "should I keep taking the Tylenol?" says it is taken now.
    if (
      by === "patient" &&
      /\b(?:continue|keep|still)\s+(?:to\s+)?(?:tak|us)\w*\s+(?:the\s+|my\s+)?$/i.test(before)
    )
      return { ...base, cue: "takes" };
    // "What is the strength of your omeprazole?" — "Forty mg once a day": asked as taken, not denied.
    if (answer !== "no" && /\byour\s+(?:\w+\s+)?$/i.test(before) && by === "clinician")
      return { ...base, cue: "takes", by: "patient" };
    return { ...base, cue: "asked" };
  }
  if (DENIAL.test(before) && cue !== "stop") return { ...base, cue: "denied" };
  if (by === "clinician" && TOLD_TO_NURSE.test(s.text)) cue = "once";
  if (!cue && by === "clinician") {
    const prev = sentences[sentences.indexOf(s) - 1];
    if (prev?.segIndex === s.segIndex && saysBackMedicines(prev.text, s.text))
      return { ...base, cue: "takes", by: "patient" };
  }
  // "If you have either of these symptoms, then we'll need to put a stop to aspirin": a change that
  // would follow, not one made (blind audit s19).
  if (by === "clinician" && (cue === "stop" || cue === "change") && isConditionalOrder(s.text, m))
    return { ...base, cue: "asked" };
  const cites: Evidence[] = [];
  // "I see morphine, Darvocet, Flomax and ibuprofen": each name of a list read out takes its verb.
  let from = m.start - before.length;
  if (!cue) {
    const listed = listCue(s.text, m, by);
    if (listed) ({ cue, from } = listed);
  }
  // "we have you on the , on the prozac": a pause the scribe wrote as a comma right after the verb.
  if (!cue && before.trim().split(/\s+/).length <= 3) {
    const lead = s.text.slice(0, from).replace(/\s*,\s*$/, "");
    if (lead.length < from) {
      const words = lead.split(/\s+/).slice(-4).join(" ");
      const paused = cueOf(words, by);
      if (paused) {
        cue = paused;
        from = Math.max(0, lead.length - words.length);
      }
    }
  }
  if (cue === "start" && by === "clinician" && PAST_START.test(clause) && !FUTURE_START.test(clause))
    cue = "takes";
  // "my pcp just started me on metformin": started before this visit, taken now.
  if ((!cue || cue === "start") && by === "patient" && STARTED_BEFORE.test(clause)) cue = "takes";
  if (triedBefore(sentences, s, m, cue, clause)) cue = "tried";
  // "I was taking vitamin c but i ran out last week": taken once, not now (past the "but" that ends the clause).
  if ((!cue || cue === "takes") && by === "patient" && STOPPED_AFTER_BUT.test(s.text.slice(m.end)))
    cue = "stop";
  // "we increased your metformin to 500 twice a day last visit": the regimen now, not a change today.
  if (cue === "change" && PAST_CHANGE.test(clause)) cue = "continue";
  // "an a1c to see if we need to make any adjustments to your metformin": a change that may come.
  if (cue === "change" && CHANGE_IF_NEEDED.test(before)) cue = undefined;
  // "and your lisinopril 10 mg" goes on with the sentence before it; so does the patient's "and
  // lisinopril and the hydrochlorothiazide" after the clinician's "okay" cut their list in two.
  const carried =
    !cue && CARRIES_ON.test(s.text)
      ? s.previous
        ? { segId: s.segId, text: s.previous }
        : ownListBefore(sentences, s)
      : undefined;
  if (carried) {
    cue = cueOf(carried.text, by);
    if (cue)
      cites.push({
        segmentId: carried.segId,
        quote: windowOf(carried.text, carried.text.length, carried.text.length),
      });
  }
  cites.push({
    segmentId: s.segId,
    quote: windowOf(s.text.slice(from, m.end + after.length), m.start - from, m.end - from),
  });
  // "What do you take for it?" — "Pepcid.": a bare name given as the answer says it is taken.
  if (!cue && by === "patient" && answersMedicineQuestion(sentences, s)) cue = "takes";
  const ev: Event = { ...base, cue: cue ?? "none", cites };
  if (by === "clinician" && KEEPS.test(clause)) ev.keeps = true;
  if (by === "patient" && CASUAL_USE.test(clause)) ev.casual = true;
  if (cue === "continue" && by === "clinician" && TRIED_CUES.continueOrder.test(clause)) ev.order = true;
  if (
    cue === "continue" &&
    by === "clinician" &&
    isInstruction(clause, before.length + 1, before.length + 1 + m.end - m.start)
  )
    ev.instruction = true;
  const change = cue === "change" || PAST_CHANGE.test(clause) ? CHANGE_TO.exec(rest) : null;
  const dose = change?.[1] ?? DOSE_NEAR.exec(rest.slice(0, 60))?.[0];
  if (dose) ev.dose = doseText(dose);
  const freq = FREQUENCY.exec(rest.slice(0, 90));
  if (freq) ev.frequency = freq[0].trim();
  if (change && cue === "continue") ev.regimen = true;
  return ev;
}

/** True when the sentence says the drug was tried before the visit and did not help. */
function triedBefore(
  sentences: Sentence[],
  s: Sentence,
  m: DrugMention,
  cue: Cue | undefined,
  clause: string,
) {
  if (cue && cue !== "takes" && cue !== "continue") return false;
  if (cue === "continue" && (s.speaker !== "clinician" || TRIED_CUES.continueOrder.test(clause)))
    return false;
  const before = s.text.slice(0, m.start);
  if (s.speaker !== "clinician" && TRIED_CUES.pastTrial.test(before)) return true;
  // The outcome said in the same sentence after the name, or in the speaker's next sentence.
  const i = sentences.indexOf(s);
  const next = sentences[i + 1];
  const texts = [s.text.slice(m.end)];
  if (next && next.segIndex === s.segIndex) texts.push(next.text);
  for (const text of texts) {
    const hit = TRIED_CUES.noHelp.exec(text);
    if (!hit) continue;
    // "…and if it doesn't help, give us a call": what to do next, not what happened.
    if (/\b(?:if|unless|case|when)\b(?:\s+\S+){0,3}\s*$/i.test(text.slice(0, hit.index))) continue;
    // "ibuprofen is fine but the tramadol didn't help": the outcome belongs to the nearer name.
    return drugMatcher.find(text.slice(0, hit.index)).length === 0;
  }
  return false;
}

interface Decision {
  /** The event that decided it. */
  source?: Event;
  status?: MedicationStatus;
  drop: boolean;
  dose?: string;
  frequency?: string;
  /** The dose and schedule are the regimen now, over any said before (a correction, a past change). */
  regimen?: boolean;
}

/** What happens to one medicine, from its events in the order they were said. */
export function decide(events: Event[], term?: string): Decision {
  const said = events.filter(
    (e) => e.cue !== "asked" && e.cue !== "denied" && e.cue !== "not-a-medicine" && e.cue !== "lab",
  );
  if (events.length > 0 && said.length === 0) return { drop: true };
  const last = (f: (e: Event) => boolean) => [...said].reverse().find(f);
  const first = (f: (e: Event) => boolean) => said.find(f);
  const byClinician = (cue: Cue) => (e: Event) => e.cue === cue && e.by === "clinician";
  const stop = last(byClinician("stop"));
  const change = last(byClinician("change"));
  const start = first(byClinician("start"));
  const once = last((e) => e.cue === "once");
  // Tried before and did not help: only the clinician's word makes it a medicine to keep taking.
  const tried = said.some((e) => e.cue === "tried");
  const usedOrKept = (e: Event) =>
    tried ? e.cue === "continue" && !!e.order : e.cue === "takes" || e.cue === "continue";
  // "I want you to take it" says nothing of its use before the visit: with an order beside it, or
  // alone for a drug nobody said is taken, it is a new medicine.
  const taken = first((e) => usedOrKept(e) && !e.instruction);
  const instructed = first((e) => usedOrKept(e) && !!e.instruction);
  const patientStop = last((e) => e.cue === "stop" && e.by === "patient");
  const latest = [stop, change].filter((e): e is Event => !!e).sort((a, b) => b.at - a.at)[0];
  if (latest?.cue === "stop" && (!start || latest.at >= start.at))
    return { status: "stopped", drop: false, source: latest };
  if (change) return { status: "changed", drop: false, source: change, ...doseOf(change) };
  // Taken over the counter (or now and then) at no dose said, and the clinician now gives its dose
  // and schedule without "continue" or "keep": the new regimen wins, as a change, with its schedule.
  if (taken && !tried) {
    const otc = (term !== undefined && OVER_THE_COUNTER.has(term)) || said.some((e) => e.casual);
    const ownDose = said.find((e) => e.by === "patient" && e.dose)?.dose;
    const regimen = last(
      (e) =>
        e.by === "clinician" &&
        e.at > taken.at &&
        !e.keeps &&
        (e.cue === "start" || e.cue === "continue" || e.cue === "none") &&
        !!e.dose &&
        !!e.frequency,
    );
    if (otc && regimen && (!ownDose || doseAmount(ownDose) !== doseAmount(regimen.dose)))
      return { status: "changed", drop: false, source: regimen, ...doseOf(regimen) };
  }
  // Tried before with little help, now told at a dose and schedule of the clinician's own ("i've
  // tried ibuprofen, it helps a little" … "i want you to take ibuprofen 600 milligrams every six
  // hours with food for a full week"): a new way to take it, not "keep taking" (blind audit s17).
  if (tried && !start) {
    const triedAt = first((e) => e.cue === "tried")?.at ?? 0;
    const regimen = last(
      (e) =>
        e.by === "clinician" &&
        e.at >= triedAt &&
        !e.keeps &&
        e.cue === "continue" &&
        !!e.instruction &&
        !!e.dose &&
        !!e.frequency,
    );
    if (regimen) return { status: "changed", drop: false, source: regimen, ...doseOf(regimen) };
  }
  if (start) {
    // An order or refill of what the patient already takes is not a new medicine.
    // With a dose said at the order that is not the one taken, it is a change to that dose.
    if (taken && taken.at <= start.at) {
      const known = said.find((e) => e.at < start.at && e.dose)?.dose;
      if (start.dose && known && doseAmount(start.dose) !== doseAmount(known))
        return { status: "changed", drop: false, source: start, ...doseOf(start) };
      return { status: "continued", drop: false, source: taken, ...doseOf(start) };
    }
    // Taken at one dose and found not to help, now ordered at another: a change to that dose.
    const triedDose = tried ? said.find((e) => e.at < start.at && e.dose)?.dose : undefined;
    if (start.dose && triedDose && doseAmount(start.dose) !== doseAmount(triedDose))
      return { status: "changed", drop: false, source: start, ...doseOf(start) };
    return { status: "started", drop: false, source: start };
  }
  if (once && !taken) return { status: "once", drop: false, source: once };
  if (taken) {
    // "Are you still taking 500 once a day? No, actually we increased it to 500 twice a day last
    // visit": the regimen told last is the one taken now.
    const regimen = last((e) => !!e.regimen && !!e.dose);
    if (regimen)
      return { status: "continued", drop: false, source: regimen, regimen: true, ...doseOf(regimen) };
    return { status: "continued", drop: false, source: taken };
  }
  if (instructed) return { status: tried ? "continued" : "started", drop: false, source: instructed };
  if (patientStop) return { status: "stopped", drop: false, source: patientStop };
  return { drop: false };
}

const doseOf = (e: Event): Pick<Decision, "dose" | "frequency"> => ({
  ...(e.dose ? { dose: e.dose } : {}),
  ...(e.frequency ? { frequency: e.frequency } : {}),
});

/** Reconciles every medicine finding with the whole visit; returns the findings to keep. */
export function reconcileMedications(transcript: Transcript, findings: Finding[]): Finding[] {
  const sentences = sentencesOf(transcript);
  const mentions = sentences.map((s) => drugMatcher.find(s.text));
  const out: Finding[] = [];
  const statusOf = new Map<string, MedicationStatus | undefined>();
  const regimenOf = new Map<string, FindingDetails>();
  // A vitamin named only as a blood test: no medicine, no plan to start it, an order for the test.
  const dropped = new Set<string>();
  const labs: Finding[] = [];
  const labOrder = (name: string, cites: Finding["evidence"] | undefined): Finding => ({
    // Ids run f1, f2, …: the next free one, so a citation still names one finding.
    id: `f${findings.length + labs.length + 1}`,
    kind: "plan",
    text: `Order ${name}`,
    term: name,
    details: { category: "test" },
    evidence: (cites ?? []).slice(0, MAX_EVIDENCE),
  });
  for (const f of findings) {
    if (f.kind !== "medication" || !f.term) {
      out.push(f);
      continue;
    }
    const events: Event[] = [];
    sentences.forEach((s, i) => {
      for (const m of mentions[i] ?? []) if (m.term === f.term) events.push(eventOf(sentences, s, m));
    });
    // Nothing in English to read (a Spanish visit): the engine's reading stands.
    if (events.length === 0) {
      out.push(f);
      continue;
    }
    const d = decide(events, f.term);
    if (d.drop) {
      dropped.add(f.term);
      const lab = events.find((e) => e.cue === "lab" && e.labOrdered);
      const name = MEASURED_AS_LAB.get(f.term) ?? `${f.term} level`;
      if (lab && name) labs.push(labOrder(name, lab.cites));
      continue;
    }
    const details: FindingDetails = { ...f.details };
    if (d.status) details.status = d.status;
    // "Continued" only because the engine defaults a named medicine to it: nobody said it is taken
    // or to go on with it, so no "keep taking" to the patient (charted "Discussed").
    else if (details.status === "continued") delete details.status;
    if (d.status === "changed") {
      if (d.dose) details.dose = d.dose;
      if (d.frequency) details.frequency = d.frequency;
    } else if (d.regimen && d.dose) {
      // The old schedule beside the new dose would be a regimen nobody said.
      details.dose = d.dose;
      if (d.frequency) details.frequency = d.frequency;
      else delete details.frequency;
    } else if (d.dose && !details.dose) {
      details.dose = d.dose;
      if (d.frequency && !details.frequency) details.frequency = d.frequency;
    }
    // Its dose or schedule told right after it was named ("Are you taking Benicar?" "Yes, twenty daily").
    const told: Evidence[] = [];
    for (const e of details.status === "changed" ? [] : events) {
      if (!e.told || (details.dose && details.frequency)) continue;
      if (!details.dose && e.told.dose) details.dose = e.told.dose;
      if (!details.frequency && e.told.frequency) details.frequency = e.told.frequency;
      told.push(...e.told.cites);
    }
    statusOf.set(f.term, details.status);
    regimenOf.set(f.term, details);
    // The finding cites what decided it, so the verifier (and the clinician) can see it said.
    // Also when the engine read the same status from words that do not say it ("and lisinopril and
    // the hydrochlorothiazide", carried from "i'm taking…" before the clinician's "okay").
    const decisive =
      d.status !== f.details.status ||
      details.dose !== f.details.dose ||
      details.frequency !== f.details.frequency ||
      d.source?.cites?.some((c) => c.segmentId !== d.source?.cites?.at(-1)?.segmentId)
        ? (d.source?.cites ?? [])
        : [];
    // The words that say the dose are cited too: cut from the first three quotes, a dose said
    // right ("order a refill of lisinopril 20 milligrams") would look unsupported to the verifier.
    const amount = doseAmount(details.dose);
    const kept = [...decisive, ...f.evidence].slice(0, MAX_EVIDENCE);
    const doseSaid =
      amount === undefined || kept.some((e) => numbersSaid(e.quote).has(amount))
        ? []
        : (events.find((e) => doseAmount(e.dose) === amount && e.cites?.length)?.cites ?? []).slice(-1);
    const evidence = [...decisive, ...doseSaid, ...told, ...f.evidence].filter(
      (e, i, all) => all.findIndex((x) => x.segmentId === e.segmentId && x.quote === e.quote) === i,
    );
    out.push({
      ...f,
      details,
      text: medicationText(f.term, details),
      evidence: evidence.slice(0, MAX_EVIDENCE),
    });
  }
  // A vitamin the clinician orders as a blood test ("we'll check a cbc, a b12 and a folate", "then
  // recheck the cbc, b12 and folate"): its order, whether or not the patient also takes it. Where
  // each name is only a test, and where it is also a medicine, by segment.
  const asLab = new Set<string>();
  const asMedicine = new Set<string>();
  sentences.forEach((s, i) => {
    for (const m of mentions[i] ?? []) {
      const e = eventOf(sentences, s, m);
      (e.cue === "lab" ? asLab : asMedicine).add(`${s.segId} ${m.term}`);
      if (s.speaker !== "clinician" || s.isQuestion || !MEASURED_AS_LAB.has(m.term)) continue;
      if (e.cue !== "lab" || !e.labOrdered) continue;
      const name = MEASURED_AS_LAB.get(m.term) ?? `${m.term} level`;
      if (labs.some((l) => l.term === name)) continue;
      labs.push(labOrder(name, e.cites));
    }
  });
  // A plan to start or continue a medicine that cites only where it was named as a test is no plan.
  const onlyAsLab = (f: Finding) =>
    f.evidence.length > 0 &&
    f.evidence.every(
      (e) => asLab.has(`${e.segmentId} ${f.term}`) && !asMedicine.has(`${e.segmentId} ${f.term}`),
    );
  const kept = out.filter(
    (f) =>
      !(
        f.kind === "plan" &&
        f.details.category === "treatment" &&
        f.term &&
        (dropped.has(f.term) || onlyAsLab(f))
      ),
  );
  for (const lab of labs) if (!kept.some((f) => f.kind === "plan" && f.term === lab.term)) kept.push(lab);
  // A plan to "Start" what the patient already takes is a plan to continue it. A plan to "Stop" a
  // medicine the whole visit reads as going on ("i'm gon na keep you on that twenty of lisinopril …
  // hopefully we can eventually get you off that lisinopril") is no order: it would stop a drug.
  const stopsNothing = (f: Finding) =>
    f.kind === "plan" &&
    f.details.category === "treatment" &&
    !!f.term &&
    /^Stop\b/.test(f.text) &&
    statusOf.has(f.term) &&
    statusOf.get(f.term) !== "stopped";
  return kept
    .filter((f) => !stopsNothing(f))
    .map((f) => {
      if (f.kind !== "plan" || f.details.category !== "treatment" || !f.term || !statusOf.has(f.term))
        return f;
      const status = statusOf.get(f.term);
      if (status === "continued" && /^Start\b/.test(f.text))
        return { ...f, text: f.text.replace(/^Start\b/, "Continue") };
      // The plan line was written when the drug was first named with the dose taken then; a change
      // made later in the visit ("increase the lisinopril to 20 mg") is the order: "Change
      // lisinopril, 10 mg" would tell the clinician to keep the old dose.
      const now = regimenOf.get(f.term);
      if (status === "changed" && now) return { ...f, text: changedPlanText(f.text, now) };
      return f;
    });
}

/** "Change lisinopril, 10 mg, once a day, 3 refills" rewritten with the dose and schedule now. */
export function changedPlanText(text: string, now: FindingDetails): string {
  const m = /^(\w+)\s+([^,]+?)(?:,\s*(.*))?$/.exec(text);
  if (!m || m[1] === "Stop") return text;
  const refills = /\b\d+\s+refills?\b/i.exec(m[3] ?? "")?.[0];
  const how = [now.dose, now.frequency, refills].filter(Boolean).join(", ");
  return how ? `Change ${m[2]}, ${how}` : `Change ${m[2]}`;
}
