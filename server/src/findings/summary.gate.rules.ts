// The summary's last gate, as data: which patient-facing lines need which support, the cues that
// read a cited clause, and examples that the rules' own tests run (summary.gate.test.ts). Every line
// the patient reads rests on finding(s) and on one kind of support; a line whose support is not an
// affirmed statement of this visit is withheld from the patient and listed for the clinician as
// "not sure, please check". The checks are in summary.gate.ts.
import type { FindingDetails, FindingKind } from "@bedside/shared";

/** What a patient-facing line rests on. */
export type Support =
  /** The clinician said it as an instruction or an order ("continue the lisinopril", "order an x-ray"). */
  | "clinician-instruction"
  /** The clinician said it as a statement about the patient (a diagnosis, a warning sign, a reading). */
  | "clinician-statement"
  /** The patient (or family) reported it ("I take metformin", "my knee hurts"). */
  | "patient-report"
  /** The engine's plain-language text about something the visit affirmed (what a word means). */
  | "guide"
  /** The engine's own default: advice, reassurance or an instruction nobody gave in this visit. */
  | "default"
  /** Words about no fact of the patient's ("If you feel much worse, call us."). */
  | "boilerplate";

export type GateRuleId =
  | "plan-hedge-lost"
  | "test-not-ordered"
  | "keep-taking-without-instruction"
  | "leaflet-not-said"
  | "cause-not-said"
  | "tried-without-relief"
  | "stopped-before-visit";

export interface GateExample {
  finding: { kind: FindingKind; text: string; term?: string; details?: FindingDetails };
  quotes: string[];
  passes: boolean;
}

export interface GateRule {
  id: GateRuleId;
  /** The line it guards, as the patient would have read it. */
  line: string;
  why: string;
  /** For rules that read a finding's own quotes: examples run by the rules' tests. */
  examples: GateExample[];
}

export const GATE_RULES: readonly GateRule[] = [
  {
    id: "plan-hedge-lost",
    line: "A to-do, test, referral or next visit from a plan or follow-up finding",
    why:
      "A plan line must rest on a clause that says it: one whose cited words around the item carry a " +
      "negation, a hold-off, a condition or a possibility the line lost is not the clinician's instruction.",
    examples: [
      {
        finding: { kind: "follow_up", text: "Follow up with surgeon" },
        quotes: ["you don't need to follow up with the surgeon anymore"],
        passes: false,
      },
      {
        finding: {
          kind: "plan",
          text: "Refer to surgery",
          term: "surgery",
          details: { category: "referral" },
        },
        quotes: [
          "and you can stop seeing the surgeon, i don't think you need to follow up with the surgeon anymore",
        ],
        passes: false,
      },
      {
        finding: {
          kind: "plan",
          text: "Refer to physical therapy",
          term: "physical therapy",
          details: { category: "referral" },
        },
        quotes: ["if it's still sore in a month we'll talk about maybe a referral to physical therapy"],
        passes: false,
      },
      {
        finding: {
          kind: "plan",
          text: "Order mri",
          term: "mri",
          details: { category: "test" },
        },
        quotes: ["let's hold off on the mri for now"],
        passes: false,
      },
      {
        finding: {
          kind: "plan",
          text: "Refer to physical therapy",
          term: "physical therapy",
          details: { category: "referral" },
        },
        quotes: ["i don't think you need surgery, but i'm going to refer you to physical therapy"],
        passes: true,
      },
      {
        finding: { kind: "follow_up", text: "Follow up in two weeks", details: { when: "in two weeks" } },
        quotes: ["i want to see you back in two weeks , okay ?"],
        passes: true,
      },
      {
        // The next step keeps its own negation and condition: nothing was lost.
        finding: { kind: "follow_up", text: "No follow-up visit needed unless you have any problems" },
        quotes: ["i really don't need to see you back unless you have any problems"],
        passes: true,
      },
      {
        finding: { kind: "follow_up", text: "Follow up if the cough is not gone" },
        quotes: ["come back if the cough is not gone by then"],
        passes: false,
      },
      {
        // The line keeps the condition: nothing was lost.
        finding: {
          kind: "plan",
          text: "If needed later: order mri",
          term: "mri",
          details: { category: "test" },
        },
        quotes: ["if you're still having pain, we'll order an mri"],
        passes: true,
      },
    ],
  },
  {
    id: "test-not-ordered",
    line: "“Get a …” for a test",
    why:
      "A test is the patient's to do only when its cited words order it in this visit; a test already " +
      "done, read or reviewed is a result, not a to-do.",
    examples: [
      {
        finding: { kind: "plan", text: "Order x-ray", term: "x-ray", details: { category: "test" } },
        quotes: ["so i looked at the x-ray of your knee and it showed no fracture"],
        passes: false,
      },
      {
        finding: { kind: "plan", text: "Order x-ray", term: "x-ray", details: { category: "test" } },
        quotes: ["we did an x-ray last week"],
        passes: false,
      },
      {
        finding: { kind: "plan", text: "Order x-ray", term: "x-ray", details: { category: "test" } },
        quotes: ["i'm going to order an x-ray of your knee"],
        passes: true,
      },
      {
        finding: { kind: "plan", text: "Order x-ray", term: "x-ray", details: { category: "test" } },
        quotes: ["your last x-ray showed some arthritis , so let's get a repeat x-ray today"],
        passes: true,
      },
    ],
  },
  {
    id: "keep-taking-without-instruction",
    line: "A medicine row's “keep taking”",
    why:
      "“Keep taking” is an instruction: a medicine the patient said they take, or that was read from the " +
      "chart, with no word from the clinician to go on with it, is shown as taken now, not as an instruction.",
    examples: [
      {
        finding: {
          kind: "medication",
          text: "Lisinopril (continued)",
          term: "lisinopril",
          details: { status: "continued" },
        },
        quotes: ["i take lisinopril every morning"],
        passes: false,
      },
      {
        finding: {
          kind: "medication",
          text: "Lisinopril (continued)",
          term: "lisinopril",
          details: { status: "continued" },
        },
        quotes: ["i take lisinopril every morning", "let's continue the lisinopril at the same dose"],
        passes: true,
      },
      {
        finding: {
          kind: "medication",
          text: "Metformin (continued)",
          term: "metformin",
          details: { status: "continued" },
        },
        quotes: ["i'll send in a refill of your metformin"],
        passes: true,
      },
    ],
  },
  {
    id: "leaflet-not-said",
    line: "A symptom's or condition's self-care advice (“Rest, fluids and sleep can help.”)",
    why:
      "The advice is the engine's leaflet, said by nobody in the visit: under “What we talked about” the " +
      "patient reads it as this visit's care, and beside what the clinician found (a first headache with " +
      "vomiting, a hernia with vomiting on warfarin) it is false reassurance (blind audits s20, s21). What " +
      "the clinician said to do is the plan; what a word means stays.",
    examples: [],
  },
  {
    id: "cause-not-said",
    line: "A definition's everyday cause (“A fever is how your body fights germs”, “often comes with a cold”)",
    why:
      "A cause the engine guessed is nobody's word in the visit; beside what the clinician found it is " +
      "false, and without it the patient reads it as the clinician's (blind audit s21: “Ear pain often " +
      "comes with a cold” for a patient who had just denied any cold).",
    examples: [],
  },
  {
    id: "stopped-before-visit",
    line: "A medicine row's “not taking now” for a medicine the patient stopped before the visit",
    why:
      "A medicine nobody stopped today is history for the clinician's note: in the patient's list of " +
      "medicines “not taking now” reads as an order to stay off it (an insulin pump used years ago, beside " +
      "blood sugars the clinician is watching).",
    examples: [],
  },
  {
    id: "tried-without-relief",
    line: "A medicine row's “ask us if you should take it” or “you take it now” for a medicine that did not help",
    why:
      "A medicine the patient tried without relief reads as one to take (beside one of its kind started " +
      "today, as two): unless the clinician said to stop or go on with it, the clinician says what happens " +
      "to it (blind audit s21: “Gabapentin: … ask us if you should take it” after “Gabapentin did not work at all”).",
    examples: [],
  },
];

/** A medicine tried without relief: "it didn't help", "not helping", "no relief", "stopped working". */
export const TRIED_NO_RELIEF =
  /\b(?:(?:did\s?n't|did\s+not|does\s?n't|does\s+not|do\s?n't|do\s+not|never|wo\s?n't|would\s?n't|was\s?n't|were\s?n't|is\s?n't|'s\s+not|is\s+not|not)\s+(?:really\s+|seem\s+to\s+|even\s+|do\s+)?(?:help(?:ing|ed)?|work(?:ing|ed)?|do\s+(?:anything|much|a\s+thing|nothing)|doing\s+(?:anything|much)|make\s+(?:a|any|much)\s+(?:difference|change))|no\s+(?:relief|help|difference|improvement)|nothing\s+(?:helped|worked|changed)|stopped\s+working)\b/i;

/** Words that order a test or referral in this visit. */
export const ORDER_CUE =
  /\b(?:order\w*|get|getting|schedul\w*|send\w*|refer\w*|set\s+(?:you\s+)?up|arrange|repeat|another|recheck|check|do|doing|want|like|need|due|draw|obtain|book|have\s+you|put\s+in|dragon|we'll|we\s+will|i'll|i\s+will|going\s+to|gon\s*na|wan\s*na|let's|let\s+us|plan)\b/i;

/** A test already done, read or reviewed: a result, not an order. */
export const DONE_CUE =
  /\b(?:showed|shows|show(?:ing|ed)?\s+(?:that|no|some|a|an|mild|signs?)|came\s+back|results?\s+(?:show\w*|were|was|came)|reviewed|looked\s+at|we\s+did|you\s+had|you've\s+had|was\s+(?:normal|negative|positive|unremarkable)|were\s+(?:normal|negative|positive)|already|last\s+(?:week|month|year|time|visit)|ago|in\s+the\s+(?:er|emergency|hospital))\b/i;

/** An order said anyway ("let's get a repeat x-ray"): it outweighs a past one named beside it. */
export const FIRM_ORDER = /\b(?:order\w*|repeat|another|re-?do|new|again|schedul\w*|refer\w*|dragon)\b/i;

/** Words before the item (within a few words) that take it back: "don't need to", "hold off on". */
export const NEGATION_BEFORE =
  /\b(?:no|not|don't|do\s+n't|do\s+not|doesn't|does\s+n't|won't|wo\s+n't|will\s+not|never|without|hold\s+off\s+on|holding\s+off\s+on|skip|no\s+need|wait\s+on|rather\s+not|instead\s+of|cancel\w*|stop\s+(?:seeing|going\s+to))\b/i;

/** Words right after the item that take it back: "…with the surgeon anymore". */
export const NEGATION_AFTER =
  /^\S*(?:\s+\S+){0,5}?\s+(?:anymore|any\s+more|no\s+longer|is\s+not\s+needed|isn't\s+needed)\b/i;

/**
 * Words that look like a negation, condition or possibility and are none: "why don't we…" (a
 * suggestion), "to see if it helps" (a purpose), "if not before" (sooner is allowed), "I want you to
 * consider…" (an instruction). Taken out of the words around the item before the cues are read.
 */
export const NOT_A_HEDGE =
  /\bwhy\s+(?:don't|do\s+n't|not)\b|\b(?:see|check|find\s+out|know|tell|make\s+sure|determine|look)\s+(?:if|whether)\b|\bif\s+not\s+(?:before|sooner)\b|\b(?:want|need|like)\s+you\s+to\s+consider\b|\bif\s+(?:you\s+have\s+)?any\s+questions\b/gi;

/** A condition or possibility before the item: "if it gets worse, …", "we'll talk about possibly …". */
export const HEDGE_BEFORE =
  /\b(?:if|unless|in\s+case|maybe|possibl[ey]|perhaps|might|may|could|consider\w*|talk\s+about|discuss\w*|eventually|down\s+the\s+road|at\s+some\s+point|in\s+the\s+future)\b/i;

/** A condition right after the item: "…physical therapy if we need to" (not "…, and if that's positive, …"). */
export const HEDGE_AFTER = /^\S*(?:\s+(?!and\b|but\b|so\b|then\b)\S+){0,3}?\s+(?:if|unless|in\s+case)\b/i;

/** The clinician's words that make "keep taking" an instruction. */
export const CONTINUE_CUE =
  /\b(?:continu\w*|keep\s+(?:taking|using|on|you\s+on|it)|stay\s+on|stick\s+with|remain\s+on|go\s+on\s+with|refill\w*|renew\w*|same\s+dose|don't\s+change|do\s+n't\s+change|no\s+changes?\s+to)\b/i;
