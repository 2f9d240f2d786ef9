// What the clinician said aloud that the note charts in its own sections (issue 25): the physical
// exam ("your lungs are clear"), the results they read out ("hey dragon, show me the x-ray … it
// shows no fracture"), and what they dictated as orders ("hey dragon, order an A1c") or told the
// patient to do ("I want you to push fluids"). Dictation commands never reach the note as text:
// "show me X" names the result that follows, "order X" becomes a plan item, and "finalize the
// note" is dropped. Only the clinician's statements count; questions never do.
import type { Transcript } from "@bedside/shared";
import { telegraph, spokenSentences } from "./note.phrasing.js";

export interface SpokenLine {
  text: string;
  segmentId: string;
  /**
   * Where in its turn it was said, as a fraction of the turn (0 at the start): an order said
   * before "from a depression standpoint" in the same turn belongs to the problem before it.
   */
  offset?: number;
}

/** A spoken exam finding: a body part or sign with what was found, said as a statement. */
const EXAM_FINDING =
  /\b(?:lungs?|heart|abdomen|belly|neck|throat|ears?|eardrums?|tympanic|eyes?|pupils?|skin|rash|wound|incision|lymph nodes?|thyroid|extremit\w+|pulses?|reflex\w*|strength|sensation|gait|range of motion|tender\w*|swelling|swollen|edema|murmurs?|gallop|bruits?|wheez\w*|crackles|rales|rhonchi|erythema|redness|bruising|effusion|palpat\w*|auscultat\w*|vital signs|blood pressure|heart rate|pulse|temperature|fever|oxygen(?: saturation)?|respiratory rate|bmi|alert|oriented|distress|well[- ]developed|well[- ]nourished|conscious|gcs|g c s|appears?|mucous membranes|sclera|conjunctiva|scars?|everything (?:looks|sounds|feels))\b/i;
const EXAM_STATE =
  /\b(?:clear|normal|abnormal|soft|firm|tender|nontender|non-tender|swollen|swelling|red|warm|intact|regular|irregular|elevated|high|low|decreased|increased|full|limited|reduced|positive|negative|present|absent|equal|symmetric|good|fine|ok|okay|no|not|mild|moderate|severe|significant|tenderness|healed|healing|alert|oriented|well|moist|dry|pink|pale|\d+)\b/i;
/** Talk about the past, the plan or the patient's own account, which is not what was examined. */
const NOT_EXAM =
  /\b(?:impression|assessment|diagnosis|related to|helps? with|you (?:said|told|mentioned|feel|felt|noticed|had|were)|(?:i|we) (?:do )?want to|increase|decrease|because|history|last (?:time|year|visit|week)|at home|tell me|let's talk|i want you|we(?:'ll| will)|going to|gon na|if you|when you|should|order|prescribe|medication|x-?ray|mri|ct scan|cat scan|ultrasound|echocardiogram|labs?|results?|shows?|showed)\b/i;

const RESULT_CONTENT =
  /\b(?:normal|abnormal|elevated|high|low|negative|positive|fracture|tear|enlarged|flatten\w*|flatter|narrow\w*|mass|nodule|pneumonia|no\b|up|down|increased|decreased|stable|improved|worse|mild|moderate|severe|possible|suggests?|unremarkable|within normal limits|fine|good|great|reassuring|shows?|showed|revealed|demonstrat\w+|consistent with|evidence of|\d+(?:\.\d+)?\s*(?:%|percent|mg|milligrams)?)/i;
const PLAN_TALK =
  /\b(?:we(?:'ll| will)|i(?:'ll| will)|i want|i'd like|going to|gon na|let's|order|repeat|check (?:it|that) again|should)\b/i;
const QUESTION =
  /\?\s*$|^(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why)\b/i;

/** Talk around a result that is not the result: reasons, reassurance, plans. */
const NOT_RESULT =
  /\b(?:we|i|you|because|so that|working on|concerned|worried|wanted to|going to|gon na|let's)\b/i;

/**
 * The parts of a spoken result that say what was found: "there's no fracture or anything, but it
 * does show that you have that residual arthritis there, that we're working on" → "No fracture,
 * shows residual arthritis." Empty when no part does.
 */
export function resultClauses(sentence: string): string {
  // What the clinician reads off the screen in their own voice is the finding: "what i see is a
  // proximal humerus fracture", "it says that you might have asthma" (a hedge stays a hedge).
  const read = sentence
    .replace(/\b(?:so\s+)?what i (?:see|can see|'m seeing) (?:here )?is\b/gi, "shows")
    .replace(
      /\b(?:it )?(?:says|suggests) that you (?:might|may|could) (?:be having|have)\b/gi,
      "suggests possible",
    );
  // A result followed by the plan for it ("your lyme titer is a little elevated, so i think we'll
  // look into that") keeps the clauses before the plan; a sentence that opens with the plan
  // ("we're going to get an mri that shows …") charts nothing.
  const clauses = read
    .replace(/\b(?:or anything|or something|and that type of thing|and things like that)\b/gi, "")
    .split(/,\s*|;\s*|\s+but\s+|\s+and\s+(?=(?:it|there|you|your|the|everything)\b)/i);
  const planAt = clauses.findIndex((c) => PLAN_TALK.test(c) && !/\b(?:shows?|showed|revealed)\b/i.test(c));
  if (planAt === 0 || (planAt < 0 && PLAN_TALK.test(read) && !/\b(?:shows?|showed|revealed)\b/i.test(read)))
    return "";
  const kept = clauses
    .slice(0, planAt < 0 ? undefined : planAt)
    .map((c) =>
      c.replace(
        /\b(?:it )?(?:does )?show(s|ed)? that (?:you (?:do )?have )?/i,
        (_m: string, end?: string) => `show${end ?? "s"} `,
      ),
    )
    .map((c) => c.replace(/\byou (?:also |do |still )*have\b/i, ""))
    .filter((c) => RESULT_CONTENT.test(c) && !NOT_RESULT.test(c))
    // "8.2, which is quite low for somebody of your height" → "8.2, low": the telegraph drops the
    // copula and would leave "which low for …".
    .map((c) =>
      /^which (?:is|are|was|were) (?:\w+ )?(?:good|fine|great|encouraging|reassuring)\b/i.test(c)
        ? ""
        : c.replace(
            /^which (?:is|are|was|were) (?:quite |very |pretty |a little |slightly )?(\w+)\b.*$/i,
            "$1",
          ),
    )
    .map((c) => telegraph(c).replace(/\.$/, ""))
    // A clause that opens with a preposition was cut from its subject ("of a stone there lower down"),
    // unless it carries the value ("of heart at about 45%").
    .filter((c) => c.length > 0 && !(/^(?:of|in|at|to|for|with|from|on)\b/i.test(c) && !/\d/.test(c)))
    .map((c) => c.replace(/^(?:Looking at|Results? of|In reviewing)\b[^,]*/i, "").trim())
    .filter((c) => c.split(" ").length >= 1 && c.length > 1);
  if (kept.length === 0) return "";
  const text = kept.map((c, i) => (i === 0 ? c : c.charAt(0).toLowerCase() + c.slice(1))).join(", ");
  return `${text}.`;
}

/** "hey dragon, show me the chest x-ray" / "hey dragon, order a thyroid panel" / "… finalize the note". */
const COMMAND = /\b(?:hey\W+)+dragon\W*(?:(show me|order|please order)\s+([^.?!]*)|([^.?!]*))[.?!]?/gi;

const VITALS = /\b(?:vital signs?|vitals|blood pressure|heart rate|pulse|temperature|oxygen|weight|bmi)\b/i;
const EXAM_CUE =
  /\b(?:exam(?:ine|ination)?|patient (?:looks|appears|is alert)|take a (?:closer |quick )?look at (?:your|the)|let me (?:take a )?(?:closer )?look|take down the notes|let me (?:take a )?(?:listen|look|feel|check|press)|on (?:your |the )?(?:\w+ )?exam)\b/i;

export interface SpokenSections {
  exam: SpokenLine[];
  results: SpokenLine[];
  /** Dictated orders, as plan items ("Order hemoglobin A1c."). */
  orders: SpokenLine[];
  /** What the clinician told the patient to do ("Push fluids and strain urine."). */
  instructions: SpokenLine[];
  /** Segments that carried a dictation command (their other words are still read). */
  commandSegments: Set<string>;
}

const label = (s: string): string => {
  const t = telegraph(s).replace(/\.$/, "");
  return t.charAt(0).toUpperCase() + t.slice(1);
};

/** The exam, results, dictated orders and instructions the clinician spoke, in spoken order. */
export function spokenSections(transcript: Transcript): SpokenSections {
  const out: SpokenSections = {
    exam: [],
    results: [],
    orders: [],
    instructions: [],
    commandSegments: new Set(),
  };
  let examining = false;
  /** A result shown at the end of a turn ("hey dragon, show me the x-ray.") is read in the next. */
  let carried: string | undefined;
  for (const seg of transcript) {
    if (seg.speaker !== "clinician") {
      // The patient answering breaks a run of exam statements only when they talk at length.
      if (seg.text.split(/\s+/).length > 25) examining = false;
      continue;
    }
    // Split the turn at each dictation command; what follows "show me X" is X's result.
    let showing: string | undefined = carried;
    carried = undefined;
    const parts: { text: string; showing?: string }[] = [];
    let last = 0;
    for (const m of seg.text.matchAll(COMMAND)) {
      out.commandSegments.add(seg.id);
      parts.push({ text: seg.text.slice(last, m.index), ...(showing ? { showing } : {}) });
      last = (m.index ?? 0) + m[0].length;
      const verb = (m[1] ?? "").toLowerCase();
      const what = (m[2] ?? "").trim();
      if (verb === "show me" && what) showing = label(what);
      else {
        showing = undefined;
        if (verb && what && !/\b(?:discussed|we talked about|mentioned)\b/i.test(what)) {
          const item = telegraph(what).replace(/^(?:refill of|refill)\s+/i, "refill ");
          if (item)
            out.orders.push({
              text: `${/^refill\b/i.test(item) ? "" : "Order "}${item.charAt(0).toLowerCase()}${item.slice(1)}`.replace(
                /^refill/i,
                "Refill",
              ),
              segmentId: seg.id,
              offset: (m.index ?? 0) / (seg.text.length + 1),
            });
        }
      }
    }
    parts.push({ text: seg.text.slice(last), ...(showing ? { showing } : {}) });

    if (EXAM_CUE.test(seg.text)) examining = true;
    for (const part of parts) {
      const results: string[] = [];
      for (const sentence of spokenSentences(part.text)) {
        if (QUESTION.test(sentence)) continue;
        const isVitals = part.showing !== undefined && VITALS.test(part.showing);
        if (part.showing && !isVitals) {
          const t = resultClauses(sentence);
          if (t) results.push(t);
          continue;
        }
        if ((examining || isVitals || EXAM_CUE.test(sentence)) && EXAM_FINDING.test(sentence)) {
          if (NOT_EXAM.test(sentence) || !EXAM_STATE.test(sentence)) continue;
          const t = telegraph(sentence);
          if (t && t.split(" ").length >= 2) out.exam.push({ text: t, segmentId: seg.id });
          continue;
        }
        // Results read out without a dictation command: "your x-ray showed no fracture".
        if (
          /\b(?:x-?ray|mri|ct|cat scan|ultrasound|echo(?:cardiogram)?|ekg|ecg|labs?|blood work|bloodwork|a1c|creatinine|lipid panel|urinalysis|biopsy|culture|stress test)\b[^.?]{0,40}\b(?:shows?|showed|came back|revealed|was|were)\b/i.test(
            sentence,
          ) &&
          RESULT_CONTENT.test(sentence) &&
          !PLAN_TALK.test(sentence)
        ) {
          const t = telegraph(sentence);
          if (t) out.results.push({ text: t, segmentId: seg.id });
          continue;
        }
        const told =
          /\b(?:i want you to|i'd like you to|i would like you to|you should|you need to|make sure (?:that )?you|i need you to|be sure to|try to)\s+(.+)$/i.exec(
            sentence,
          );
        if (told?.[1] && !PLAN_TALK.test(told[1].replace(/\border\b/gi, ""))) {
          // "you know" is a filler, not the patient: drop it before the patient's "you".
          const t = telegraph(told[1].replace(/,?\s*\byou know\b,?/gi, " ").replace(/\byou\b/gi, " "));
          // spokenSentences tidied the spacing before punctuation; measure in the same text.
          const tidy = seg.text.replace(/\s+([,.?!;])/g, "$1").toLowerCase();
          const at = tidy.indexOf(told[1].slice(0, 20).toLowerCase());
          if (t && t.split(" ").length >= 2)
            out.instructions.push({
              text: t,
              segmentId: seg.id,
              offset: Math.max(0, at) / (tidy.length + 1),
            });
        }
      }
      if (
        part.showing &&
        results.length === 0 &&
        part === parts[parts.length - 1] &&
        part.text.trim().split(/\s+/).length < 4
      )
        carried = part.showing;
      if (part.showing && results.length > 0) {
        const name = part.showing.toLowerCase();
        const body = results
          .map((r) => r.replace(/\.$/, ""))
          .map((r) => (r.toLowerCase().startsWith(`${name} `) ? r.slice(name.length + 1) : r))
          .map((r) => r.charAt(0).toLowerCase() + r.slice(1))
          .join("; ");
        out.results.push({
          text: `${part.showing}: ${body.charAt(0).toLowerCase()}${body.slice(1)}.`,
          segmentId: seg.id,
        });
      }
    }
    // An exam is a run of statements; talk of the plan ends it.
    if (/\b(?:assessment|plan|so for your|for your (?:first|next|last) problem|impression)\b/i.test(seg.text))
      examining = false;
  }
  return out;
}
