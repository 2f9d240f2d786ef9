// The patient turning down or putting off what the clinician just proposed ("i'd rather wait",
// "let's hold off on that", "i don't want to do that right now"), as data: each cue with the
// turns it must read as a hold-off and those it must not (hold-off.rules.test.ts runs them).
// `markDeclinedPlans` (plan.extract.ts) reads the patient's turn after the clinician's proposal
// with these; the plan line is then "Patient declined: …" for the clinician and left out of the
// patient's summary (the gate's `isPlanToDo`).

export interface HoldOffCue {
  id: string;
  /** Found anywhere in the patient's turn (lower case, contractions as said or split "do n't"). */
  cue: RegExp;
  /**
   * The cue says only that the patient does not want something: it holds off the order only when
   * what it refuses is the proposal ("that", "it", "the mri", "another test"), never "i don't
   * want this pain to come back".
   */
  needsObject?: true;
  holds: string[];
  doesNotHold: string[];
}

const NT = String.raw`(?:n't|\s+n't|\s+not)`;

export const HOLD_OFF_CUES: readonly HoldOffCue[] = [
  {
    id: "rather-wait",
    cue: /\bi(?:'d|\s+would)\s+(?:(?:really|just|kind\s+of|kinda)\s+)?(?:rather|prefer|like)\s+(?:to\s+)?(?:not|wait|hold\s+off|skip|hold\s+on|put\s+(?:it|that|this)\s+off|try\s+(?:\w+\s+){0,4}first)\b/i,
    holds: [
      "i'd rather wait",
      "hmm i think i'd like to hold off for now",
      "honestly i'd rather wait and see if it gets better",
      "i'd rather not",
      "i would prefer to try physical therapy first",
    ],
    doesNotHold: ["i'd like to get it done soon", "i'd rather get it over with"],
  },
  {
    id: "hold-off",
    cue: /\b(?:(?:can|could|should)\s+(?:we|i)|let's|let\s+us|i\s+want\s+to|i\s+wan\s*na)\s+(?:just\s+)?(?:wait|hold\s+off|skip|put\s+(?:it|that|this)\s+off|hold\s+on\s+(?:that|it|this))\b/i,
    holds: ["can we hold off on the mri", "let's hold off on that", "could we wait a few weeks"],
    doesNotHold: ["can we do it next week", "let's do it"],
  },
  {
    id: "prefer-wait",
    cue: /\bi(?:'d|\s+would)?\s+prefer\s+(?:to\s+)?(?:wait|not|hold\s+off)\b|\bnot\s+(?:right\s+now|yet|today|at\s+this\s+(?:time|point))\b/i,
    holds: ["do i have to? i prefer to wait a few weeks", "not right now", "maybe later, not yet"],
    doesNotHold: ["i'm not sure", "it's not that bad right now, but okay"],
  },
  {
    id: "do-not-want",
    cue: new RegExp(
      String.raw`\bi\s+(?:really\s+)?(?:do${NT}|don't)\s+(?:really\s+)?(?:want|wan\s*na|think\s+i\s+(?:want|need|wan\s*na))\b`,
      "i",
    ),
    needsObject: true,
    holds: [
      "i don't want to do that right now",
      "i don't really want another test",
      "i do n't think i want the injection",
    ],
    doesNotHold: [
      "i don't want this pain to come back",
      "i don't want it to get worse",
      "i don't want to be in pain",
    ],
  },
  {
    id: "not-ready",
    cue: /\bi(?:'m|\s+am)\s+not\s+(?:really\s+)?(?:comfortable|ready|interested|keen|sure\s+i\s+want)\b/i,
    needsObject: true,
    holds: ["i'm not ready for that", "i'm not comfortable doing that"],
    doesNotHold: ["i'm not comfortable sleeping on my side"],
  },
  {
    id: "refuse",
    cue: /\b(?:i'll\s+pass|i\s+will\s+pass|no\s+thanks|no\s+thank\s+you|no\s+way)\b|\bi\s+(?:can't|ca\s+n't|cannot)\s+afford\s+(?:that|it|this|the)\b/i,
    holds: ["i think i'll pass", "no thank you", "i can't afford that right now"],
    doesNotHold: ["thank you"],
  },
];

/**
 * What a "don't want" refuses, right after it: the proposal ("that", "it", "another test", "the mri",
 * "to do / get / have / go through that"), not a symptom or an outcome ("this pain to come back").
 */
const PROPOSAL_OBJECT =
  /^\s*(?:(?:to\s+)?(?:do|get|have|try|take|go\s+(?:through|in|for)|start|see)\s+|(?:doing|getting|having|trying|taking|starting)\s+)?(?:(?:that|it|this|those|them|one|any\s+more|another|more|an?|the)\b(?!\s+(?:pain|to\s+(?:come|get|happen|be)|hurt\w*|worse|again))|(?:for|with)\s+(?:that|it|this)\b|(?:surgery|shots?|injections?|needles?|tests?|scans?|procedures?|referrals?|to\s+do\s+(?:that|it)\b))/i;

/** True when the patient's turn puts off or turns down the proposal it answers. */
export function holdsOff(answer: string, term?: string): boolean {
  const text = answer.toLowerCase().replace(/\s+/g, " ");
  // "if it gets worse, i'd rather come in": a condition said first is no hold-off of this order.
  return HOLD_OFF_CUES.some((rule) => {
    for (const m of text.matchAll(new RegExp(rule.cue.source, "gi"))) {
      if (!rule.needsObject) return true;
      const rest = text.slice(m.index + m[0].length);
      if (PROPOSAL_OBJECT.test(rest)) return true;
      if (term && new RegExp(String.raw`^\s*(?:to\s+\w+\s+)?(?:the\s+|an?\s+)?${escape(term)}`).test(rest))
        return true;
    }
    return false;
  });
}

const escape = (s: string): string => s.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
