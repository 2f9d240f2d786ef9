// The reason for the visit, from the opening exchange and the clinician's own framing ("here for
// follow-up of her blood pressure", "what brings you in?" / "my knee"), never from past history:
// "a 50-year-old with a past medical history significant for depression who presents for an ER
// follow-up of high blood pressure" came for the blood pressure, not the depression.
import type { Evidence, TranscriptSegment } from "@bedside/shared";
import { isPatientGuess, namedDiagnoses, someoneElseHas } from "./assessment.extract.js";
import { contextOf, isPseudoMention } from "./context.js";
import { conditionMatcher, type Mention, symptomMatcher } from "./lexicon.matcher.js";

/** The part of the engine's sentence this stage reads. */
export interface ReasonSentence {
  seg: TranscriptSegment;
  segIndex: number;
  text: string;
  isQuestion: boolean;
}

export interface Reason {
  key: string;
  text: string;
  term?: string;
  evidence: Evidence[];
}

type Quote<S extends ReasonSentence = ReasonSentence> = (
  s: S,
  at?: { start: number; end: number },
) => Evidence;

/** The clinician framing why the patient came: the reason follows the cue. */
// Speech puts fillers anywhere: "presents today , uh , for a routine follow-up".
const FILLED = (re: RegExp): RegExp =>
  new RegExp(re.source.replaceAll(String.raw`\s+`, String.raw`(?:[\s,]+(?:uh|um)\b)*[\s,]+`), re.flags);

export const REASON_FRAMING = FILLED(
  /\b(?:presents?\s+(?:today\s+|here\s+)?(?:for|with)|presenting\s+(?:today\s+)?(?:for|with)|(?:is|are|you're|she's|he's|they're)\s+here\s+(?:today\s+)?(?:for|with|because\s+of)|here\s+(?:today\s+)?(?:for|with)|here\s+(?:today\s+)?to\s+(?:follow\s+up\s+on|talk\s+about|discuss|check\s+on|look\s+at)|(?:coming|comes?|came)\s+in\s+(?:today\s+)?(?:for|with|because\s+of)|in\s+(?:today\s+)?for|chief\s+complaint(?:\s+(?:is|of))?|complain(?:s|ing)\s+of|seen\s+(?:today\s+)?for|(?:reason\s+for\s+(?:your|the|today's)\s+visit)(?:\s+is)?|referred\s+(?:here\s+)?(?:for|because\s+of))\b/i,
);

/** A real opening question: what the patient came for. */
export const STRONG_OPENER =
  /\b(?:what\s+brings\s+you|what\s+can\s+i\s+(?:do|help)|how\s+can\s+i\s+help|what(?:'s|\s+is)\s+going\s+on|what\s+seems\s+to\s+be|reason\s+for\s+(?:your|the|today's)\s+visit|what\s+happened|why\s+(?:are\s+you|did\s+you\s+come)|what\s+(?:are\s+you|you're)\s+here\s+for|what\s+(?:is|was)\s+the\s+problem|tell\s+me\s+(?:about|what)|what\s+are\s+we\s+seeing\s+you\s+for)\b/i;
/** Openers that ask why the patient came even when written without their "?". */
const UNMISTAKABLE_OPENER =
  /\b(?:what\s+brings\s+you|how\s+can\s+i\s+help|what\s+can\s+i\s+(?:do|help)|what\s+seems\s+to\s+be|what\s+are\s+we\s+seeing\s+you\s+for)\b/i;

/** The clinician telling back what they heard or read before the visit, in its first few turns. */
const OPENING_REPORT =
  /\b(?:(?:told|tells)\s+me|(?:i\s+was\s+)?notified|i\s+was\s+told|i\s+(?:see|understand|hear|heard|read)|(?:it\s+)?(?:looks|says)\s+(?:here\s+)?like|you've\s+come\s+(?:to\s+see\s+me\s+)?(?:today\s+)?because|on\s+my\s+chart\s+here)\s+(?:that\s+)?/i;
const OPENING_SEGMENTS = 4;

/** Small talk that often opens a visit; its answer is the reason only when nothing better is said. */
export const WEAK_OPENER = /\bhow\s+(?:are|have)\s+you\s+(?:doing|feeling|been)\b/i;

export const ROUTINE_VISIT =
  /\b(?:annual|yearly)\s+(?:exam|physical|check[- ]?up|visit|wellness(?:\s+(?:exam|visit))?)|\b(?:wellness|well)\s+(?:exam|visit|check)|\bcheck[- ]?up\b(?!\s+on)|\broutine\s+(?:physical|exam|visit)/i;

// Words a body part or a side give a bare "pain" ("left leg pain", not "pain").
const GENERIC = new Set(["pain", "swelling"]);
const STOP =
  /^(?:for|some|the|a|an|of|with|and|my|your|his|her|their|this|that|in|on|at|to|is|was|has|had|have|having|here|today|been|really|bad|severe|mild|is|it|some|quite|very|so|just|kind|sort|bit|little|lot|pretty|uh|um|like)$/i;

// Where a bare pain is, said after it: "pain in my jaw", "pain at the end of my right middle finger".
const BODY_PART = String.raw`(?:jaw|teeth|tooth|mouth|gums?|elbows?|knees?|hips?|shoulders?|ankles?|foot|feet|hands?|wrists?|arms?|legs?|neck|back|chest|side|flank|head|ears?|eyes?|throat|fingers?|thumbs?|toes?|heels?|groin|pelvis|ribs?|face|calf|calves|thighs?|buttocks?|bottom|tailbone|spine|breasts?|testicles?)`;
const PAIN_WHERE = new RegExp(
  String.raw`^\s+(?:in|on|at|around|behind|under)\s+(?:(?:the\s+)?(?:end|top|bottom|side|back|front|tip)\s+of\s+)?(?:my|the|your|his|her)\s+((?:(?:left|right|lower|upper|middle|index|ring|little|big)\s+){0,2}${BODY_PART})\b`,
  "i",
);

// The part named as what hurts, before the verb: "my right elbow has been hurting", "my elbow is
// extremely sore" (a few words between, no new clause).
const PART_HURTS = new RegExp(
  String.raw`\b(?:my|your|his|her|the)\s+((?:(?:left|right|lower|upper)\s+){0,2}${BODY_PART})\s+(?:(?:is|are|has|have|been|was|were|keeps?|really|extremely|very|so|still|just|kind\s+of|started|getting)\s+){1,4}$`,
  "i",
);
/** The sentence up to a mention, from its last clause break. */
const clauseUpTo = (text: string, at: number): string => {
  const head = text.slice(0, at);
  const cut = Math.max(
    ...[...head.matchAll(/[,;.]|\b(?:and|but|so|because)\b/gi)].map((x) => x.index + x[0].length),
    0,
  );
  return head.slice(cut);
};

/** "Swelling in my legs" is leg swelling. */
const singular = (part: string): string =>
  part
    .replace(/\bfeet$/, "foot")
    .replace(/\bteeth$/, "tooth")
    .replace(/\bcalves$/, "calf")
    .replace(/([a-z]{2,}[^s])s$/, "$1");

// Words that name a finding, not the diagnosis the lexicon files them under: "here for evaluation of
// high blood sugar" is not "diabetes" until the clinician says so.
const NOT_YET_A_DIAGNOSIS = /^(?:high|elevated|raised)\s+(?:blood\s+)?(?:sugars?|glucose)$/i;
const notYetADiagnosis = (text: string, m: Mention): boolean =>
  NOT_YET_A_DIAGNOSIS.test(text.slice(m.start, m.end));

function said(text: string, m: Mention): string {
  if (notYetADiagnosis(text, m)) return text.slice(m.start, m.end).toLowerCase();
  if (!GENERIC.has(m.term)) return m.term;
  const words = text.slice(0, m.start).trim().split(/\s+/).slice(-3);
  const kept: string[] = [];
  for (const w of words.reverse()) {
    const clean = w.replace(/[^a-z'-]/gi, "");
    if (!clean || STOP.test(clean)) break;
    kept.unshift(clean.toLowerCase());
  }
  if (kept.length === 0) {
    const where = PAIN_WHERE.exec(text.slice(m.end)) ?? PART_HURTS.exec(clauseUpTo(text, m.start));
    if (where?.[1]) kept.push(singular(where[1].toLowerCase().replace(/\s+/g, " ")));
  }
  return [...kept, m.term].join(" ");
}

// Problems said as a sentence rather than a name: "my blood pressure was really high".
const SAID_PROBLEMS: readonly [RegExp, string][] = [
  [
    /\b(?:blood\s+pressure|bp)\s+(?:was|is|has\s+been|got|went|had\s+been)\s+(?:up\s+)?(?:really\s+|very\s+|so\s+|super\s+|pretty\s+)?(?:high|elevated|up|through\s+the\s+roof)\b/gi,
    "hypertension",
  ],
];
function saidProblems(text: string): Mention[] {
  return SAID_PROBLEMS.flatMap(([re, term]) =>
    [...text.matchAll(re)].map((m) => ({ term, start: m.index, end: m.index + m[0].length })),
  );
}

// Problems outside the lexicon, named in a few words the reason can keep: "difficulty urinating",
// "this ulcer on your foot", "i hurt my knee", "a lump on my breast". The words are the patient's
// or the clinician's own, with "your"/"my" made neutral; nothing is diagnosed from them.
const SIDE = String.raw`(?:(?:left|right|lower|upper)\s+)?`;
const OUTSIDE_LEXICON: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /\b(?:difficulty|trouble|problems?)\s+(?:with\s+)?(urinating|peeing|swallowing|walking|hearing|seeing|breathing|sleeping|concentrating|remembering)\b/gi,
    (m) => `difficulty ${m[1]?.toLowerCase()}`,
  ],
  [
    new RegExp(
      String.raw`\b(?:an?|this|the|that|some|these)\s+(ulcers?|wounds?|lumps?|mass|bumps?|cuts?|burns?|bites?|blisters?|growths?|cysts?|moles?|spots?)\s+(?:on|in|under|near)\s+(?:(?:the\s+)?(?:upper|lower|inner|outer)?\s*(?:side|part)\s+of\s+)?(?:your|my|his|her|the)\s+(${SIDE}${BODY_PART})\b`,
      "gi",
    ),
    (m) => `${singular(m[1]?.toLowerCase() ?? "")} on the ${m[2]?.toLowerCase().replace(/\s+/g, " ")}`,
  ],
  [
    new RegExp(
      String.raw`\b(?:hurt|injured|twisted|sprained|broke|cut|burned|burnt|jammed|banged)\s+(?:your|my|his|her)\s+(${SIDE}${BODY_PART})\b`,
      "gi",
    ),
    (m) => `${singular(m[1]?.toLowerCase().replace(/\s+/g, " ") ?? "")} injury`,
  ],
];
function outsideLexicon(text: string): (Mention & { said: string })[] {
  return OUTSIDE_LEXICON.flatMap(([re, name]) =>
    [...text.matchAll(re)].map((m) => ({
      term: "",
      said: name(m),
      start: m.index,
      end: m.index + m[0].length,
    })),
  );
}

/** A problem outside the lexicon as the reason, in the words said (no term: nothing is inferred). */
function fromOutsideLexicon<S extends ReasonSentence>(s: S, quote: Quote<S>, from = 0): Reason | undefined {
  const hit = outsideLexicon(s.text).find((m) => {
    if (m.start < from) return false;
    const c = contextOf(s.text, m);
    return !c.has("negated") && !c.has("hypothetical") && !c.has("other_person") && !c.has("historical");
  });
  if (!hit) return undefined;
  return { key: hit.said, text: `Chief concern: ${hit.said}`, evidence: [quote(s, hit)] };
}

/** A past problem said to be back: "surgery … to remove bunions, but they're back now". */
const RECURRED =
  /\b(?:(?:they're|they\s+are|it's|it\s+is|they've|they\s+have|it\s+has)\s+(?:come\s+)?back|came\s+back|(?:has|have)\s+returned|recurred)\b/i;

/** Mentions that are this patient's present problem: not negated, hypothetical, historical or another's. */
function presentMentions(text: string, from = 0, to = text.length): Mention[] {
  return [...symptomMatcher.find(text), ...conditionMatcher.find(text), ...saidProblems(text)]
    .filter((m) => m.start >= from && m.end <= to)
    .filter((m) => {
      if (isPseudoMention(text, m)) return false;
      const c = contextOf(text, m);
      return (
        !c.has("negated") &&
        !c.has("hypothetical") &&
        !c.has("other_person") &&
        (!c.has("historical") || RECURRED.test(text.slice(m.end)))
      );
    })
    .sort((a, b) => a.start - b.start);
}

function fromMentions<S extends ReasonSentence>(s: S, found: Mention[], quote: Quote<S>): Reason | undefined {
  let mentions = found;
  // The patient's guess ("I wondered if it was just a cold") is no reason: the clinician decides.
  if (s.seg.speaker !== "clinician") {
    const guessed = new Set(
      conditionMatcher
        .find(s.text)
        .filter((m) => isPatientGuess(s.text, m))
        .map((m) => `${m.start}:${m.end}`),
    );
    mentions = mentions.filter((m) => !guessed.has(`${m.start}:${m.end}`) && !someoneElseHas(s.text, m));
  }
  // Nested matches ("chest pain" and "pain") keep the longer.
  const kept = mentions.filter(
    (m) =>
      !mentions.some(
        (o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start,
      ),
  );
  const first = kept[0];
  if (!first) return undefined;
  const terms = [...new Set(kept.map((m) => m.term))].slice(0, 3);
  const words = [...new Set(kept.map((m) => said(s.text, m)))].slice(0, 3);
  // The patient reads the term's plain name; a finding not yet a diagnosis keeps its own words.
  const term = notYetADiagnosis(s.text, first) ? undefined : terms[0];
  return {
    key: terms.join("+"),
    text: `Chief concern: ${words.join(", ")}`,
    ...(term ? { term } : {}),
    evidence: [quote(s, first)],
  };
}

/** The reason the clinician framed in one sentence, from the words after the cue. */
function framed<S extends ReasonSentence>(s: S, quote: Quote<S>): Reason | undefined {
  const cue = REASON_FRAMING.exec(s.text);
  if (!cue) return undefined;
  // "She's here for, what are you here for?": the clinician asks instead of saying.
  if (/^[\s,]*(?:what|why|how)\b/i.test(s.text.slice(cue.index + cue[0].length))) return undefined;
  const after = cue.index + cue[0].length;
  const routine = ROUTINE_VISIT.exec(s.text.slice(after));
  if (routine)
    return {
      key: "annual exam",
      text: "Chief concern: annual exam",
      evidence: [quote(s, { start: after + routine.index, end: after + routine.index + routine[0].length })],
    };
  const fromCue =
    fromMentions(s, presentMentions(s.text, after), quote) ?? fromOutsideLexicon(s, quote, after);
  if (fromCue) return fromCue;
  // "here for follow-up from an emergency room visit": the clinician's own words, short.
  // "…for some abdominal infection, right?": the tag is no part of the reason.
  const rest = s.text
    .slice(after)
    .replace(/[.?!;]+$/, "")
    .replace(/[\s,]+(?:right|okay|ok|correct|yeah|yes)$/i, "")
    .trim();
  const words = rest.split(/\s+/).slice(0, 8).join(" ");
  // Only a cue that always frames the visit, said as a statement, may give words without a named problem.
  if (
    s.isQuestion ||
    !/^(?:present|here|chief|complain|seen|reason|referred|(?:is|are|you're|she's|he's|they're)\s+here)/i.test(
      cue[0],
    )
  )
    return undefined;
  if (
    words.length < 3 ||
    /^(?:a\s+)?(?:visit|today|that|this|it|you|me|us)\b/i.test(words) ||
    /^(?:a\s+(?:few|couple(?:\s+of)?)|some|several|many|a\s+lot\s+of|all|the)?\s*(?:things?|stuff|everything|issues|problems)\b/i.test(
      words,
    )
  )
    return undefined;
  return {
    key: words.toLowerCase(),
    text: `Chief concern: ${words}`,
    evidence: [quote(s, { start: cue.index, end: after })],
  };
}

/**
 * The reason for the visit: (1) the clinician's framing ("here for…", "presents with…") anywhere
 * (a routine yearly visit wins over problems named beside it); (2) the patient's answer to an
 * opening question ("what brings you in?"); (3) the answer to "how are you doing?" when it names a
 * present problem. A main concern the patient confirms comes before (2). Undefined when none says
 * it; the engine then falls back to the first symptom.
 */
export function reasonForVisit<S extends ReasonSentence>(
  sentences: S[],
  quote: Quote<S>,
): Reason | undefined {
  const clinician = sentences.filter((s) => s.seg.speaker === "clinician");
  // A routine visit named by the clinician anywhere is the reason ("for your annual exam, you're due…").
  for (const s of clinician) {
    const r = framed(s, quote);
    if (!r) continue;
    // "Here for follow-up from an emergency room visit": what for is said next ("…my blood
    // pressure was 198 over 110"), in the following few sentences of either side.
    if (!r.term && /\b(?:follow[- ]?up|emergency|e\.?r\b|hospital|urgent\s+care)/i.test(r.text)) {
      const at = sentences.indexOf(s);
      for (const next of sentences.slice(at + 1, at + 7)) {
        if (next.isQuestion) continue;
        const problem = fromMentions(next, presentMentions(next.text), quote);
        if (problem?.term)
          return {
            ...problem,
            text: `${r.text} (${problem.text.replace(/^Chief concern:\s*/, "")})`,
            evidence: [...r.evidence, ...problem.evidence],
          };
      }
    }
    return r;
  }
  for (const s of clinician) {
    const routine = ROUTINE_VISIT.exec(s.text);
    // "Come back in a year for your wellness visit" plans the next visit, it is not this one.
    if (/\b(?:return|come\s+back|next|schedule\w*|due|see\s+you)\b/i.test(s.text)) continue;
    if (routine && !contextOf(s.text, { start: routine.index, end: routine.index + routine[0].length }).size)
      return {
        key: "annual exam",
        text: "Chief concern: annual exam",
        evidence: [quote(s, { start: routine.index, end: routine.index + routine[0].length })],
      };
  }
  const confirmed = confirmedMainConcern(sentences, quote);
  if (confirmed) return confirmed;
  const quitting = quittingAsked(sentences, quote);
  if (quitting) return quitting;
  const still = stillBothering(sentences, quote);
  if (still) return still;
  // What the clinician heard before coming in, said in the opening exchange ("the medical assistant
  // told me that you're having some difficulty urinating", "i see that you hurt your knee"): after
  // the answer to "what brings you in?", before the answer to "how are you?".
  const reported = (): Reason | undefined => {
    for (const s of clinician.filter((x) => x.segIndex <= OPENING_SEGMENTS)) {
      const cue = OPENING_REPORT.exec(s.text);
      if (!cue) continue;
      const after = cue.index + cue[0].length;
      const r = fromMentions(s, presentMentions(s.text, after), quote) ?? fromOutsideLexicon(s, quote, after);
      if (r) return r;
    }
    return undefined;
  };
  for (const opener of [STRONG_OPENER, WEAK_OPENER]) {
    if (opener === WEAK_OPENER) {
      const r = reported();
      if (r) return r;
    }
    // The scribe may drop the "?": "how can i help you today" still opens the visit.
    const at = sentences.findIndex(
      (s) =>
        s.seg.speaker === "clinician" &&
        opener.test(s.text) &&
        (s.isQuestion || (opener === STRONG_OPENER && UNMISTAKABLE_OPENER.test(s.text))),
    );
    if (at < 0) continue;
    // The patient's next few turns answer it.
    const asked = sentences[at];
    if (!asked) continue;
    const answers = sentences
      .slice(at + 1)
      .filter((s) => s.seg.speaker !== "clinician" && s.segIndex - asked.segIndex <= 8)
      .slice(0, 6);
    for (const s of answers) {
      if (s.isQuestion) continue;
      const routine = ROUTINE_VISIT.exec(s.text);
      if (routine)
        return {
          key: "annual exam",
          text: "Chief concern: annual exam",
          evidence: [quote(s, { start: routine.index, end: routine.index + routine[0].length })],
        };
      const r = fromMentions(s, presentMentions(s.text), quote) ?? fromOutsideLexicon(s, quote);
      if (r) return r;
    }
  }
  return firstProblem(clinician, quote);
}

/** A substance the patient asks for help to stop: "I gotta kick the heroin", "ready to quit smoking". */
const QUIT =
  /\b(?:kick|quit|quitting|stop|stopping|give up|get off|come off|get clean from|detox from)\s+(?:the\s+|my\s+|using\s+|doing\s+)?(heroin|smoking|cigarettes|vaping|drinking|alcohol|opioids|opiates|pills|meth|cocaine|drugs)\b/i;
const WANTS = /\b(?:want|wanna|need|needs|gotta|got\s+to|have\s+to|ready|trying|help)\b/i;

/**
 * A patient who opens by asking for help to stop a substance came for that, whatever else hurts
 * ("I gotta kick the heroin. … My whole body hurts." is not a visit "about pain"; blind audit s20).
 */
function quittingAsked<S extends ReasonSentence>(sentences: S[], quote: Quote<S>): Reason | undefined {
  for (const s of sentences) {
    if (s.segIndex > 8) break;
    if (s.seg.speaker !== "patient" || s.isQuestion) continue;
    const m = QUIT.exec(s.text);
    if (
      !m?.[1] ||
      !WANTS.test(s.text) ||
      contextOf(s.text, { start: m.index, end: m.index + m[0].length }).size
    )
      continue;
    const what = `help quitting ${m[1].toLowerCase().replace(/^cigarettes$/, "smoking")}`;
    return {
      key: what,
      text: `Chief concern: ${what}`,
      evidence: [quote(s, { start: m.index, end: m.index + m[0].length })],
    };
  }
  return undefined;
}

/** "Is this right knee still bothering you?": the part the visit is about, asked at its opening. */
const STILL_BOTHERING = new RegExp(
  String.raw`\b(?:is|are)\s+(?:this|that|your|the|these|those)\s+((?:(?:left|right|lower|upper)\s+){0,2}${BODY_PART})\s+(?:still\s+)?(?:bothering|hurting|giving\s+you\s+(?:trouble|problems))\b`,
  "i",
);

/** A yes to "Is this right knee still bothering you?" in the first turns: "right knee pain". */
function stillBothering<S extends ReasonSentence>(sentences: S[], quote: Quote<S>): Reason | undefined {
  const at = sentences.findIndex(
    (s) => s.seg.speaker === "clinician" && s.isQuestion && s.segIndex <= 8 && STILL_BOTHERING.test(s.text),
  );
  const asked = sentences[at];
  const m = asked && STILL_BOTHERING.exec(asked.text);
  const reply = sentences.slice(at + 1).find((s) => s.seg.speaker !== "clinician");
  if (!asked || !m?.[1] || !reply || !YES.test(reply.text)) return undefined;
  const what = `${singular(m[1].toLowerCase().replace(/\s+/g, " "))} pain`;
  return {
    key: what,
    text: `Chief concern: ${what}`,
    evidence: [quote(asked, { start: m.index, end: m.index + m[0].length }), quote(reply)],
  };
}

/** "Is that your main concern?", "so the burning is the biggest problem?" */
const MAIN_CONCERN_ASKED =
  /\b(?:is|was)\s+(?:that|this|it)\s+(?:your|the)\s+(?:main|biggest|primary|major)\s+(?:concern|problem|issue|complaint|worry)\b/i;
const YES =
  /^\W*(?:yes|yeah|yep|yup|mm-hmm|uh-huh|it\s+is|that\s+is|that's\s+(?:it|right)|right|exactly|definitely|correct)\b/i;

/**
 * The complaint the patient confirms as the main one: the clinician asks "is that your main
 * concern?" and the patient says yes; the reason is what the patient had just described (its
 * last few sentences before the question, nearest first), not a problem from the history told earlier.
 */
function confirmedMainConcern<S extends ReasonSentence>(sentences: S[], quote: Quote<S>): Reason | undefined {
  const at = sentences.findIndex(
    (s) => s.seg.speaker === "clinician" && s.isQuestion && MAIN_CONCERN_ASKED.test(s.text),
  );
  if (at < 0) return undefined;
  const reply = sentences.slice(at + 1).find((s) => s.seg.speaker !== "clinician");
  if (!reply || !YES.test(reply.text)) return undefined;
  for (const s of sentences.slice(Math.max(0, at - 4), at).reverse()) {
    if (s.seg.speaker === "clinician" || s.isQuestion) continue;
    const r = fromMentions(s, presentMentions(s.text), quote);
    if (r) return r;
  }
  return undefined;
}

/** The clinician's first problem in the assessment ("for your first problem of recurrent lung infections"). */
const FIRST_PROBLEM = /\b(?:first|primary|main)\s+(?:problem|issue|concern|diagnosis)\b/i;

/**
 * When nobody said why the patient came, the first problem the clinician's assessment takes up is
 * it: the visit was about that, in the clinician's own words.
 */
function firstProblem<S extends ReasonSentence>(clinician: S[], quote: Quote<S>): Reason | undefined {
  for (const s of clinician) {
    const cue = FIRST_PROBLEM.exec(s.text);
    if (!cue) continue;
    const after = cue.index + cue[0].length;
    const named = namedDiagnoses(s.text).find((d) => d.start >= after);
    if (named) {
      const known = conditionMatcher.find(s.text).find((m) => m.start >= named.start && m.end <= named.end);
      return {
        key: known?.term ?? named.name,
        text: `Chief concern: ${named.name}`,
        ...(known ? { term: known.term } : {}),
        evidence: [quote(s, named)],
      };
    }
    const r = fromMentions(s, presentMentions(s.text, after), quote);
    if (r) return r;
  }
  return undefined;
}
