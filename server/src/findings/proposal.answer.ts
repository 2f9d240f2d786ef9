// Proposal and answer: the dialogue structure around what the clinician proposes (a test, a
// referral, a procedure, a medicine to start). Each proposal is paired with the patient's answer
// turn(s) and, when the patient first asks something ("will it hurt?"), with the clinician's reply
// and the patient's next turn. The answer is classified by its polarity and stance, clause by
// clause, not by the words of one dialogue: a negated wish or readiness aimed at the proposal
// ("i'm not really up for that", "i don't think i'm gonna do the scope") declines; putting it off
// in time or until someone else is asked ("let me talk to my wife first", "maybe after the
// holidays") defers; a hedge alone ("i guess, maybe, i don't know") is unclear; a negated aversion
// ("i don't mind", "no, that's fine") accepts. The hold-off cues of `hold-off.rules.ts` stay as
// data this reads too. Consumers: plan lines (`markDeclinedPlans`), medicines proposed to start,
// and the verifier's `answer-unclear` rule (an unclear answer makes the line "not sure, please
// check" for the clinician alone).

import type { Finding } from "@bedside/shared";
import { holdsOff } from "./hold-off.rules.js";
import { medicationText } from "./medication.details.js";

export type AnswerStance = "accept" | "decline" | "defer" | "question" | "unclear";

/** Spoken forms the ACI-Bench scribe splits ("do n't", "gon na") read as one word. */
function normalise(text: string): string {
  return ` ${text.toLowerCase()} `
    .replace(/\s+n't\b/g, "n't")
    .replace(/\b(gon|wan|got)\s+(na|ta)\b/g, "$1$2")
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, " ");
}

const NEG = String.raw`(?:\bnot|\bnever|n't|\bdont|\bcant|\bwont)`;
/** What a negation may turn into a refusal: a wish, readiness or intent toward the proposal. */
const WILL =
  String.raw`(?:want|wanna|like|ready|comfortable|interested|keen|willing|up\s+for|into|sold\s+on|a\s+fan\s+of|(?:okay|ok|fine|good|happy)\s+with|` +
  String.raw`(?:going\s+to|gonna)\s+(?:do|have|get|go|take|try)|(?:do|have|get|go\s+through|take|try|need|agree\s+to|doing)|think\s+i(?:'ll|\s+will)?\s+(?:want|need|do|have|get|go|take|try|wanna|gonna))`;
/** A negated wish about an outcome, not about the proposal: "i don't want this pain to come back". */
const OUTCOME_OBJECT =
  /^\s*(?:to\s+(?:be\s+in|have\s+(?:this|the|any|more)\s+(?:pain|symptoms?))|this\s+(?:pain|to)|it\s+to\s+|the\s+pain|to\s+(?:get|feel)\s+worse|any\s+(?:more\s+)?(?:pain|questions?)|anything\s+else|to\s+(?:come|go)\s+back|worse|to\s+hurt)/;
const NEGATED_WILL = new RegExp(String.raw`${NEG}\s+(?:[\w']+\s+){0,2}?${WILL}\b`, "g");

/** Nouns that name any proposal ("i don't want the scope", "another pill"), not one dialogue's. */
const PROPOSAL_NOUN =
  /^(?:tests?|scans?|procedures?|surgery|surgeries|operations?|shots?|injections?|needles?|medicines?|medications?|meds|pills?|drugs?|scopes?|referrals?|therapy|imaging|x-?rays?|mri|ct|labs?|blood|work|stuff|things?|one|more|either|any)$/;
const PRONOUN_END =
  /^(?:$|right|now|again|today|yet|either|anymore|done|at|for|just|though|honestly|doctor|doc)$/;

/**
 * What a negated wish is about, read from the words right after it: nothing (the proposal is
 * understood), a pronoun ("that", "it"), a proposal noun, or the proposal's own name ("a statin" for
 * atorvastatin). Any other named thing ("to go to the hospital", "this pain") is another matter.
 */
function refersToProposal(rest: string, term?: string): boolean {
  let words = rest
    .trim()
    .split(/\s+/)
    .filter((w) => w && !/^[.,;!?]+$/.test(w));
  words = words.map((w) => w.replace(/[.,;!?]+$/, ""));
  const verb =
    /^(?:to|do|have|get|take|try|start|be|go|going|doing|having|getting|taking|trying|through|on|with|really|just|any|another|a|an|the|some|more|those|these|of|for)$/;
  let i = 0;
  while (i < words.length && verb.test(words[i] ?? "") && !(words[i] === "go" && words[i + 1] === "to")) i++;
  const head = words[i];
  if (head === undefined) return true;
  if (/^(?:that|it|them|this|those)$/.test(head)) {
    const next = words[i + 1] ?? "";
    return (
      PRONOUN_END.test(next) || !/^[a-z-]+$/.test(next) || PROPOSAL_NOUN.test(next) || sameName(next, term)
    );
  }
  if (head === "go" || head === "to") return false;
  return PROPOSAL_NOUN.test(head) || sameName(head, term) || PRONOUN_END.test(head);
}

const sameName = (word: string, term?: string): boolean => {
  if (!term || word.length < 3) return false;
  const t = term.toLowerCase();
  return t.includes(word) || t.split(/\s+/).some((w) => w.length >= 3 && word.includes(w));
};

/** A negated aversion is a yes: "i don't mind", "no problem", "i don't see why not". */
const NEGATED_AVERSION =
  /\b(?:(?:don't|dont|do\s+not|wouldn't|would\s+not)\s+(?:really\s+)?mind|no\s+problem|not\s+a\s+problem|(?:don't|dont|do\s+not)\s+see\s+why\s+not|why\s+not|no\s+(?:objection|issue)s?|(?:don't|do\s+not)\s+have\s+a\s+problem\s+with)\b/;

/** Putting it off in time, or until someone else has a say or the patient has thought. */
const DEFER =
  /\b(?:later|another\s+time|next\s+(?:time|visit|year|month|week)|down\s+the\s+(?:road|line)|after\s+(?:the|my|our|this)\s+\w+|(?:(?<!^)wait|waiting|hold\s+off|put\s+(?:it|that|this|them)\s+off|postpone|revisit|hold\s+on\s+(?:that|it|this))|think\s+(?:about\s+(?:it|that|this)|it\s+over|on\s+it|(?:about|over)\s+(?:the|doing|getting|having))|sleep\s+on\s+it|mull\s+(?:it\s+)?over|(?:talk|speak|check|discuss\s+it)\s+(?:to|with)\s+(?:my|the|our)\s+\w+(?:\s+\w+)?\s*(?:$|first|about\s+(?:it|that|this))|(?:ask|consult)\s+my\s+\w+(?:\s+\w+)?\s*(?:$|first|about\s+(?:it|that|this))|let\s+you\s+know|get\s+back\s+to\s+you|some\s+time\s+to\s+(?:think|decide)|not\s+(?:right\s+)?(?:now|yet|today|for\s+now|at\s+(?:the\s+moment|this\s+(?:time|point)))|first)\b/;
/** "First" defers only as the alternative tried before ("try the pt first"), not "the first time". */
const FIRST_AS_ALTERNATIVE =
  /\b(?:try|see|do|give)\b[^.,;!?]*\bfirst\b|\b(?:talk|speak|check|ask)\b[^.,;!?]*\bfirst\b/;
/** Another thing tried before it: "i'd rather try diet and exercise before any pills", "see how the brace does before we do that". */
const ALTERNATIVE_BEFORE =
  /\b(?:(?:i'd|i\s+would|i'll|let\s+me|let's|can\s+(?:i|we)|want\s+to|wanna|rather|prefer\s+to)\s+(?:just\s+)?(?:try|see|give|stick\s+with|do))\b[^.;!?]*\bbefore\s+(?:any|the|that|this|those|it|we|i|starting|taking|doing|getting|having|going)\b/;

/** Saying no in so many words, without a negated wish: "i'll pass", "i'm gonna say no to that". */
const REFUSE =
  /\b(?:i(?:'ll|\s+will|\s+think\s+i'll|'m\s+(?:gonna|going\s+to))\s+(?:just\s+)?(?:pass|skip|decline|say\s+no|go\s+without)|no\s+thanks?|no\s+thank\s+you|no\s+way|not\s+(?:for\s+me|happening|interested)|(?:can't|cannot|can\s+not)\s+(?:afford|do|go\s+through|handle|take)\s+(?:that|it|this|another|the|one)|i(?:'m|\s+am)\s+(?:good|okay|fine)\s+(?:without|for\s+now)|i(?:'d|\s+would)\s+(?:rather|prefer)(?:\s+\w+){0,2}?\s+(?:not|skip|pass|avoid|stick|keep|stay)|i'm\s+not\s+(?:doing|having|getting|taking|going\s+to\s+(?:do|have|get|take)|gonna\s+(?:do|have|get|take))|(?:rather|prefer)\s+not)\b/;

/** A yes to the proposal. */
const ACCEPT =
  /\b(?:yes|yeah|yep|yup|mm-hmm|uh-huh|mhm|sure|okay|ok|alright|all\s+right|fine|sounds?\s+(?:good|great|fine|okay|like\s+a\s+plan|reasonable)|let's\s+(?:do|go\s+ahead|get)|go\s+ahead|i\s+(?:can|will|'ll)\s+do\s+(?:that|it|this)|i'll\s+(?:do|get|have|take|try)\s+(?:that|it|this|them|the)|that\s+works|perfect|great|absolutely|of\s+course|definitely|please|agreed|i\s+agree|makes\s+sense|(?:get|have)\s+it\s+(?:done|over\s+with)|i'm\s+(?:in|game|ready|willing|okay\s+with|fine\s+with|open\s+to)|let's\s+do\s+it)\b/;

/** A hedge with no stance of its own: what the patient wants is not clear. */
const HEDGE =
  /\b(?:i\s+guess|maybe|perhaps|possibly|i\s+suppose|i\s+don't\s+know(?!\s+(?:if|whether|what|why|how|when|where|who))|i\s+dunno|not\s+(?:really\s+)?sure(?!\s+(?:if|whether|what|why|how|when|where|who|it's|that's|i\s+(?!want|wanna|need|can)))|i'm\s+unsure|we'll\s+see|if\s+i\s+(?:have|need)\s+to|i\s+don't\s+really\s+know(?!\s+(?:if|whether|what|why|how|when|where|who))|(?<![-\w])hmm+(?!-)|not\s+really\s+sure|kind\s+of\s+nervous|i'm\s+(?:scared|nervous|worried))\b/;

const QUESTION_START =
  /^\s*(?:(?:and|so|um|uh|well|but|okay|oh)[\s,]+)*(?:what|how|when|where|why|who|which|will|would|does|do|is|are|can|could|should|am|did|has|have)\b/;
/** A tag after a stance ("…, okay?", "…, right?") asks nothing. */
const TAG = /^\s*(?:okay|ok|right|alright|yeah|you\s+know|is\s+that\s+okay|if\s+that's\s+okay)\s*\??\s*$/;

/**
 * A bare no: a refusal only when the clinician asked about the proposal ("would you like to do
 * that?" "no"); after a statement ("i don't feel the need to start anything" "no, i feel the same")
 * it agrees, and `answerToProposal` reads it so.
 */
const BARE_NO = /^(?:(?:um|uh|well|hmm)\s+)*(?:no|nope|nah|no\s+no|i\s+don't\s+think\s+so)\??$/;

/** A yes word not negated ("not sure if it's related", "not okay" are no yes). */
const isYes = (clause: string): boolean =>
  [...clause.matchAll(new RegExp(ACCEPT.source, "g"))].some(
    (m) => !/\bnot\s+(?:really\s+|quite\s+|so\s+)?$/.test(clause.slice(0, m.index)),
  );

/** The stance of one clause, or undefined when it has none. */
function clauseStance(clause: string, term?: string, askedAboutIt = true): AnswerStance | undefined {
  if (NEGATED_AVERSION.test(clause)) return "accept";
  for (const m of clause.matchAll(NEGATED_WILL)) {
    const rest = clause.slice((m.index ?? 0) + m[0].length);
    if (OUTCOME_OBJECT.test(rest) || !refersToProposal(rest, term)) continue;
    // "I don't want to wait" wants it sooner; "I'm not sure I want that" has not decided.
    if (/^\s*to\s+(?:wait|hold\s+off|put\s+it\s+off|delay)\b/.test(rest)) return "accept";
    if (/\bsure\b/.test(m[0])) return "unclear";
    return "decline";
  }
  if (REFUSE.test(clause)) return "decline";
  if (ALTERNATIVE_BEFORE.test(clause)) return "defer";
  if (BARE_NO.test(clause)) return askedAboutIt ? "decline" : undefined;
  const deferral = DEFER.exec(clause);
  if (deferral && (deferral[0] !== "first" || FIRST_AS_ALTERNATIVE.test(clause))) {
    // "We can do it next week" is a yes with a date, not a deferral of the decision.
    if (/\b(?:do|schedule|book|get)\s+(?:it|that|this|them)\s+next\b/.test(clause) && !HEDGE.test(clause))
      return "accept";
    return "defer";
  }
  if (term && new RegExp(String.raw`\bno\s+(?:\w+\s+){0,2}${escape(term)}`).test(clause)) return "decline";
  if (holdsOff(clause, term)) return "defer";
  // "I'm not sure" holds "sure": the yes is read outside the hedge ("i guess that's fine" is a yes).
  if (isYes(clause.replace(new RegExp(HEDGE.source, "g"), " "))) return "accept";
  if (HEDGE.test(clause)) return "unclear";
  if (clause.endsWith("?") || QUESTION_START.test(clause)) return TAG.test(clause) ? undefined : "question";
  return undefined;
}

/**
 * The stance of a patient's whole answer: its clauses read in order, the last one with a stance
 * deciding ("okay, but i'd rather wait" defers; "no, that's fine" accepts). A tag ("…, okay?"), a
 * reason ("because it hurt last time") or a question after a stance ("no. what else is there?")
 * changes nothing.
 */
export function classifyAnswer(answer: string, term?: string, askedAboutIt = true): AnswerStance | undefined {
  // "Yeah, no": a no, the "yeah" only taking the turn.
  const clauses = normalise(answer)
    .replace(/^\s*(?:yeah|yes|yep)[\s,.]+(?=no\b)/, " ")
    .split(/(?<=[.?!;,])\s+|\s+(?=\b(?:but|though|because|cause)\b)/)
    .map((c) => c.replace(/[\s.;,!]+$/, "").trim())
    .filter((c) => c.length > 0);
  let stance: AnswerStance | undefined;
  for (const c of clauses) {
    if (stance && (TAG.test(c) || /^(?:because|cause)\b/.test(c))) continue;
    // "Okay. And I'll talk to my primary care about my crestor": an added matter, not a second thought.
    if (stance === "accept" && /^(?:and|also|oh|plus)\b/.test(c)) continue;
    const s = clauseStance(c, term, askedAboutIt);
    if (s === undefined || (s === "question" && stance)) continue;
    stance = s;
  }
  return stance;
}

const escape = (s: string): string => s.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface Turn {
  id: string;
  speaker: string;
  text: string;
}

/** The clinician's closing words that the answer is about: the proposal, not another matter. */
const ABOUT_THE_PROPOSAL =
  /\b(?:okay|ok|alright|all\s+right|sound\s+(?:good|okay|ok|alright|like\s+a\s+plan)|how\s+(?:do|does|would)\s+(?:you\s+feel|that\s+sound)|what\s+do\s+you\s+think|(?:are|would)\s+you\s+(?:be\s+)?(?:okay|ok|alright|fine|comfortable|willing|open|interested)|is\s+that\s+(?:okay|ok|alright|fine)|would\s+you\s+like|do\s+you\s+want|(?:willing|open)\s+to|(?:are|is)\s+(?:that|this)\s+something)\b/i;
const ANOTHER_MATTER = /\b(?:questions?|anything\s+else|concerns?)\b/i;
const ASKS =
  /^(?:(?:and|so|okay|um|uh|now)[\s,]+)*(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why|who)\b/i;
/** Words after the proposal's name in the clinician's turn past which the answer is to something else. */
const NEAR_END = 40;
/** An answer with no yes or no in it this short is about the proposal; a longer one moved on. */
const UNCLEAR_WORDS = 15;
export const isShortAnswer = (text: string): boolean => text.trim().split(/\s+/).length <= UNCLEAR_WORDS;
/** A clinician turn this short between the proposal and the answer ("does that sound okay?") is no new topic. */
const SHORT_TURN = 8;
/** A clinician reply this short to the patient's question keeps the proposal open. */
const REPLY_TURN = 60;
/** The clinician's answer to the patient's own question ("what does that involve?") may explain at length. */
const EXPLANATION_TURN = 120;
/** Question and reply rounds read before the answer ("how long?" … "do i have to be asleep?" … "no"). */
const ROUNDS = 3;

/** The last sentence of a turn, where the clinician's question (if any) is. */
const lastSentence = (text: string): string =>
  text
    .trim()
    .split(/(?<=[.?!])\s+/)
    .pop() ?? "";

/** Whether a clinician turn ends asking about something other than the proposal. */
function asksAnotherMatter(text: string): boolean {
  const last = lastSentence(text);
  if (ANOTHER_MATTER.test(last)) return true;
  const isQuestion = /\?\s*$/.test(last) || ASKS.test(last);
  return isQuestion && !ABOUT_THE_PROPOSAL.test(last);
}

export interface ProposalAnswer {
  stance: AnswerStance;
  /** The patient's turn whose words decided the stance. */
  turn: Turn;
}

/**
 * The patient's answer to a proposal the clinician made in `transcript[at]`: the patient's next
 * turn(s), read past one short clinician turn ("does that sound okay?"); when that answer is a
 * question or unclear and the clinician replies briefly, the patient's next turn answers too
 * ("will it hurt?" — "a little, we numb it" — "okay, then let's do it"). Undefined when the
 * clinician moved to another matter or nobody answered.
 */
export function answerToProposal(
  transcript: readonly Turn[],
  at: number,
  term?: string,
  quotes: readonly string[] = [],
): ProposalAnswer | undefined {
  const said = transcript[at];
  if (!said || said.speaker !== "clinician") return undefined;
  // The answer is to the end of the turn: a proposal made forty words before it was talked past.
  const text = said.text.toLowerCase();
  const endOf = (x: string) => {
    const i = text.lastIndexOf(x.toLowerCase());
    return i < 0 ? -1 : i + x.length;
  };
  // Where its name was said, else where the cited words end (a test said as "labs", not "blood work").
  let end = term ? endOf(term) : -1;
  if (end < 0) end = Math.max(-1, ...quotes.map(endOf));
  if (end >= 0 && text.slice(end).split(/\s+/).filter(Boolean).length > NEAR_END) return undefined;
  let j = at + 1;
  let asked = said;
  const between = transcript[j];
  if (
    between?.speaker === "clinician" &&
    between.text.trim().split(/\s+/).length <= SHORT_TURN &&
    transcript[j + 1] &&
    transcript[j + 1]?.speaker !== "clinician"
  ) {
    asked = between;
    j++;
  }
  if (asksAnotherMatter(asked.text)) return undefined;
  const askedAboutIt =
    ABOUT_THE_PROPOSAL.test(lastSentence(asked.text)) &&
    /\?\s*$|\b(?:okay|ok|right|alright)\s*$/.test(asked.text.trim());
  let found: ProposalAnswer | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    let stance: AnswerStance | undefined;
    let turn: Turn | undefined;
    // One answer may run over several turns of the patient's side (a pause cut it, or family spoke).
    while (transcript[j] && transcript[j]?.speaker !== "clinician") {
      const t = transcript[j] as Turn;
      let s = classifyAnswer(t.text, term, round === 0 ? askedAboutIt : true);
      // A long turn with a hedge in it is about something else; an unclear answer is short.
      if (s === "unclear" && !isShortAnswer(t.text)) s = undefined;
      if (s !== undefined) {
        stance = s;
        turn = t;
      }
      j++;
    }
    if (stance && turn) found = { stance, turn };
    if (found && found.stance !== "question" && found.stance !== "unclear" && round === 0) {
      // A decline the clinician argues with may still become a yes: read one more round then.
      if (found.stance === "accept") break;
    }
    const reply = transcript[j];
    // A remark with no stance ("oh, i've heard those are awful") that the clinician answers with an
    // explanation leaves the proposal open: the patient's next turn answers it.
    const remarked = !found && j > at + 1 && transcript[j - 1]?.speaker !== "clinician";
    if (
      (!found && !remarked) ||
      !reply ||
      reply.speaker !== "clinician" ||
      reply.text.trim().split(/\s+/).length >
        (found?.stance === "question" ? EXPLANATION_TURN : REPLY_TURN) ||
      asksAnotherMatter(reply.text) ||
      !transcript[j + 1] ||
      transcript[j + 1]?.speaker === "clinician"
    )
      break;
    // The clinician's reply agrees to wait ("okay, we can hold off"): the decline stands as said.
    if (found && (found.stance === "decline" || found.stance === "defer") && !PUSHES_BACK.test(reply.text))
      break;
    j++;
  }
  return found;
}

/** The clinician arguing for the proposal after a no ("i really think you need it"). */
const PUSHES_BACK =
  /\b(?:really\s+(?:think|recommend|want|need)|strongly|i\s+(?:would\s+)?(?:recommend|encourage)|it's\s+(?:important|really\s+important)|you\s+(?:really\s+)?(?:need|should)|i'd\s+(?:really\s+)?(?:like|want)\s+you\s+to|are\s+you\s+sure)\b/i;

/** Said before a line the patient turned down (the plan's own prefix, shared so the gate reads both). */
const DECLINED = "Patient declined: ";

/**
 * A medicine the clinician proposed to start that the patient turned down or put off ("i'd rather
 * not take another pill", "let me think about the statin") is not started: it loses its status and
 * reads "Patient declined: …" for the clinician; the summary leaves it out. Only a start is a
 * proposal here: what the patient already takes is not theirs to decline in an answer.
 */
export function markDeclinedMedicines(transcript: readonly Turn[], findings: Finding[]): Finding[] {
  const at = new Map(transcript.map((s, i) => [s.id, i]));
  return findings.map((f) => {
    if (f.kind !== "medication" || f.details.status !== "started" || f.text.startsWith(DECLINED)) return f;
    const clinicianTurns = f.evidence
      .map((e) => at.get(e.segmentId) ?? -1)
      .filter((i) => transcript[i]?.speaker === "clinician");
    if (clinicianTurns.length === 0) return f;
    const at_ = Math.max(...clinicianTurns);
    const said = transcript[at_]?.id;
    const answer = answerToProposal(
      transcript,
      at_,
      f.details.saidAs ?? f.term,
      f.evidence.filter((e) => e.segmentId === said).map((e) => e.quote),
    );
    if (answer?.stance !== "decline" && answer?.stance !== "defer") return f;
    const { status: _started, ...details } = f.details;
    return {
      ...f,
      details,
      text: `${DECLINED}${medicationText(f.term ?? "", details)}`,
      evidence: f.evidence.some((e) => e.segmentId === answer.turn.id)
        ? f.evidence
        : [...f.evidence, { segmentId: answer.turn.id, quote: answer.turn.text }],
    };
  });
}
