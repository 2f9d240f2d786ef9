// What comes next, as the clinician said it (issue 25, session 15): the patient must read each
// named visit, appointment elsewhere or "no visit needed" as said, never a generic "come back"
// when the clinician was specific. `followUpOf` (plan.extract.ts) finds the next visit here and
// its interval; this stage adds what it leaves out:
// - what the visit is tied to when no interval was said ("follow up with me after the surgery",
//   "see you back once you've had the injection") or what it is for ("next week for the scope");
// - a condition on it ("come back if you're not better in a week": not a visit booked in a week);
// - a visit with someone else ("follow up with cardiology in a month", "with Doctor B for the tube");
// - no visit needed ("I don't need to see you back unless you have problems", "if the scan is
//   normal, you won't need to come back").
// Each keeps the clinician's own words (short, second person), so nothing is invented.
import type { Span } from "./context.js";
import { referralMatcher } from "./lexicon.matcher.js";
import { FOLLOW_UP_CUE, followUpOf } from "./plan.extract.js";

export interface NextStep {
  /** A visit here; a visit with someone else; no visit needed (maybe on a condition). */
  kind: "visit" | "elsewhere" | "none";
  /** The interval or the event it waits for, as said: "in three months", "after the surgery". */
  when?: string;
  /** What the visit is for, as said: "for the endoscopy". */
  purpose?: string;
  /** Whom the visit is with, as said: "cardiology", "your dermatologist", "Doctor B". */
  who?: string;
  /** "if you're not better in a week", "unless you have any problems", "if the scan is normal". */
  condition?: string;
  cue: Span;
}

/** Words that end a phrase taken as said. */
const STOP =
  /^(?:and|but|so|then|okay|ok|alright|because|which|that|who|where|if|unless|or|to|i|we|we'll|i'll|you'll|please|just|um|uh)$/i;

/** Up to `max` words from the start of `text`, stopped at punctuation or a clause word. */
function phrase(text: string, max: number): string | undefined {
  const words: string[] = [];
  for (const w of text.trim().split(/\s+/)) {
    if (/^[,.;:!?]/.test(w) || (words.length > 0 && STOP.test(w))) break;
    const bare = w.replace(/[,.;:!?]+$/, "");
    if (bare) words.push(bare);
    if (bare !== w || words.length >= max) break;
  }
  return words.length > 0 ? words.join(" ") : undefined;
}

/** The event a visit waits for: "after the surgery", "once you've had the injection", "afterwards" is none. */
const AFTER_EVENT =
  /^\s*(?:\S+\s+){0,6}?(after|once)\s+((?:(?:you(?:'ve|\s+have)?|we(?:'ve|\s+have)?)\s+(?:had|got(?:ten)?|done|finished|get|have|do)\s+)?(?:the|your|that|this)\s+\w+(?:\s+\w+)?)/i;
/** What a visit is for: "for the endoscopy", "for a recheck of your knee". */
const FOR_WHAT = /^\s*(?:\S+\s+){0,5}?for\s+((?:the|your|a|an)\s+\w+(?:\s+\w+){0,2})/i;
/** Words after "after the" that are a time, not an event ("after the holidays" is kept; "after the first" is not). */
const NOT_EVENT = /^(?:the|your|that|this)\s+(?:first|next|last|weekend|day|week|month)\b/i;

/** What "afterwards" refers to: the last procedure or test named before it in the sentence. */
const AFTERWARDS = /^\s*(?:\S+\s+){0,2}?(?:afterwards?|after\s+that)\b/i;
const EVENT_BEFORE =
  /\b(?:the|your|that|this)\s+((?:\w+\s+)?(?:shot|injection|epidural|surgery|operation|procedure|mri|ct(?:\s+scan)?|cat\s+scan|x-?ray|scan|ultrasound|echo\w*|biopsy|scope|endoscopy|colonoscopy|labs?|blood\s+work|tests?|study|therapy))\b/gi;
function afterwardsOf(text: string, cue: Span): string | undefined {
  if (!AFTERWARDS.test(text.slice(cue.end))) return undefined;
  const named = [...text.slice(0, cue.start).matchAll(EVENT_BEFORE)].pop();
  return named ? `after ${named[0].toLowerCase()}` : undefined;
}

/** A condition in the cue's sentence: "if you're not better…", "unless…". */
const CONDITION = /\b(if|unless)\s+((?:\S+\s+){0,16}\S+)/gi;
/** Words a condition on a visit is about: its outcome, how the patient feels, a result. */
const CONDITION_ABOUT =
  /\b(?:better|worse|improv\w*|still|normal|abnormal|negative|positive|clear|good|fine|okay|problems?|issues?|concerns?|symptoms?|pain|fever|results?|changes?|want|down|spread\w*|persist\w*|back|gone|heal\w*)\b/i;
/** A new clause after the condition: "…is normal you won't need…", "…gets worse we'll…". */
const CONDITION_END =
  /\s(?:(?:do|does|did|any)\s+(?:you|that|it)\b|(?:you|we|i|it|they)\s*(?:'ll|'d|will|won't|wo\s+n't|would|don't|do\s+n't|can|should|need|may|might|must)|(?<!n't\s|\bnot\s|\bto\s)(?:come|call|give|go|let|please)\b)/i;

/** A visit with someone else: "with cardiology", "with your dermatologist", "with Doctor B". */
const WITH_WHO =
  /^\s+with\s+((?:your|the|a|an|his|her|their|our)\s+)?((?:dr\.?|doctor)\s+\w+|(?!(?:me|us|you|him|her|them|doctor|clinician|provider|office|clinic)\b)[a-z][\w-]*(?:\s+(?:doctor|specialist|team|clinic|surgeon|therapist|care|physician|provider))?(?:\s+(?:dr\.?|doctor)\s+\w+)?)/i;

const SEE_YOU =
  /\bsee\s+you\s+(next\s+(?:week|month|year|time)|tomorrow|on\s+\w+day|(?=after|once))|\bcome\s+on\s+back\b(?=\s*(?:and\b|in\b|if\b|[,.]|$))/i;
/** A greeting or the reason for this visit, not a next one: "nice to see you again", "here to follow up on". */
const NOT_NEXT_BEFORE =
  /\b(?:(?:nice|good|great|glad|pleasure|lovely)\s+to|(?:here|back|in|coming)\s+(?:today\s+)?(?:to|for)(?:\s+(?:a|your|the))?)\s+$/i;
const ELSEWHERE_WHEN =
  /^\s*(?:\S+\s+){0,6}?((?:in|within|after|about|around)\s+(?:about\s+)?(?:\w+\s+){0,3}?(?:days?|weeks?|months?|years?)|next\s+(?:week|month|year)|tomorrow)\b/i;
/** Words that name someone one sees: a doctor by name, a specialist, a team or office. */
const PERSON =
  /\b(?:(?:dr\.?|doctor)\s+\w+|\w+(?:ist|ian|eon|ogy|ics)|doctor|specialist|team|clinic|office|surgeon|therapist|physician|provider|pcp|nurse|primary(?:\s+care)?)$/i;
const QUESTION = /\?\s*$|^\s*(?:did|have|has|are|were|do|does|was|is|can|could|will|would)\b/i;
const PAST_ADVICE = /\b(?:was|were|been|had)\s+(?:told|recommended|asked|advised|supposed|meant)\s+to\s*$/i;

/**
 * "I don't need to see you back", "no need to come back", "you won't have to follow up", and the
 * negation raised onto the clinician's view: "I don't think you need to follow up with them".
 */
const NO_NEED_BEFORE =
  /\b(?:no\s+need\s+(?:for\s+(?:you\s+)?)?to|(?:don't|do\s+n't|do\s+not|won't|wo\s+n't|will\s+not|doesn't|does\s+n't|shouldn't|should\s+n't)\s+(?:(?:think|believe|feel)\s+(?:that\s+)?(?:you|we|she|he|they)(?:'ll|\s+will)?\s+)?(?:really\s+|actually\s+|even\s+)?(?:need|have)\s+to)\s+(?:\w+\s+){0,2}$/i;

const LOOK_IF = /\b(?:see|check|know|find\s+out|determine|tell|whether|ask|wondering)\s+$/i;

/** A condition's own words: up to a comma, a new clause or sixteen words. */
function conditionPhrase(text: string): string | undefined {
  const words: string[] = [];
  for (const w of text.trim().split(/\s+/)) {
    if (
      /^[,.;:!?]/.test(w) ||
      (words.length > 1 && /^(?:then|so|but|okay|ok|alright|um|uh|because|i|we)$/i.test(w))
    )
      break;
    const bare = w.replace(/[,.;:!?]+$/, "");
    if (bare) words.push(bare);
    if (bare !== w || words.length >= 16) break;
  }
  return words.length > 1 ? words.join(" ") : undefined;
}

function conditionNear(text: string, cue: Span, sentenceEnd: number): string | undefined {
  for (const m of text.matchAll(CONDITION)) {
    const at = m.index;
    // The condition's own clause: from "if" to the next comma or clause break.
    const words = `${m[1]} ${m[2] ?? ""}`;
    const end0 = CONDITION_END.exec(words.slice(m[1]?.length ?? 0));
    const said = conditionPhrase(end0 ? words.slice(0, (m[1]?.length ?? 0) + end0.index) : words);
    // "see if we're getting better", "to know if it helps": what the visit will find out, no condition.
    if (LOOK_IF.test(text.slice(Math.max(0, at - 25), at))) continue;
    if (!said || !CONDITION_ABOUT.test(said)) continue;
    const end = at + said.length;
    // Beside the cue: right after it, or just before it in the same sentence.
    // In the cue's own clause: "see you in two weeks, and if you have a lot of pain, come back in"
    // puts the condition on the "come back in", not on the visit in two weeks.
    // "Come back and see me next week, if things don't get better": the "and" is the visit's own.
    const between = (at >= cue.end ? text.slice(cue.end, at) : text.slice(end, cue.start)).replace(
      /^\s*and\s+see\s+(?:me|us)\b/i,
      "",
    );
    const ownClause = !/\band\b|\bbut\b|[;.!?]/i.test(between);
    const after = ownClause && at >= cue.end && at - cue.end <= 40;
    const before = ownClause && end <= cue.start && cue.start - end <= 40;
    // The clinician's "me" is the care team the patient reads as "us".
    if ((after || before) && at < sentenceEnd)
      return said
        .toLowerCase()
        .replace(/\bme\b/g, "us")
        .replace(/\bmy\b/g, "our");
  }
  return undefined;
}

/** The next steps said in one sentence, in order. */
export function nextStepsOf(text: string): NextStep[] {
  const out: NextStep[] = [];
  const said = followUpOf(text);
  // "See you next week", "see you after the surgery", "come on back": a visit here the cue list does
  // not hold; also the time of a visit said untimed first ("follow up with me here… see you on monday").
  const extra = said?.when ? undefined : SEE_YOU.exec(text);
  const found =
    said &&
    !(extra?.[1] && extra.index > said.cue.start) &&
    !NOT_NEXT_BEFORE.test(text.slice(Math.max(0, said.cue.start - 30), said.cue.start))
      ? said
      : undefined;
  const base =
    found ?? (extra ? { when: extra[1], cue: { start: extra.index, end: extra.index + 7 } } : undefined);
  const elsewhere = (cue: Span, lead: string) => {
    const who = WITH_WHO.exec(text.slice(cue.end));
    // Not a question ("did you follow up with the cardiologist?"), a denial or advice given before.
    if (!who?.[2] || /\bnot\b|\bnever\b/i.test(lead.slice(-20))) return undefined;
    if (QUESTION.test(text) || PAST_ADVICE.test(lead)) return undefined;
    const whoText = phrase(`${who[1] ?? ""}${who[2]}`, 5);
    // A person, a team or a specialty: "with chronic medical conditions", "with that" are none.
    if (!whoText || !(PERSON.test(whoText) || referralMatcher.find(whoText).length > 0)) return undefined;
    const after = text.slice(cue.end + who[0].length);
    const when = ELSEWHERE_WHEN.exec(after)?.[1];
    return {
      kind: "elsewhere" as const,
      who: whoText.replace(/^(?:the|a|an)\s+/i, "").replace(/\s+(?:regularly|again)$/i, ""),
      ...(when ? { when: when.toLowerCase() } : {}),
      cue,
    };
  };
  // "Follow up with cardiology in a month" reads as a visit to the cue list: it is one elsewhere.
  const baseElsewhere =
    base && /^(?:follow|come|see)/i.test(text.slice(base.cue.start))
      ? elsewhere(base.cue, text.slice(Math.max(0, base.cue.start - 60), base.cue.start))
      : undefined;
  if (baseElsewhere) out.push(baseElsewhere);
  else if (base) {
    const rest = text.slice(base.cue.end);
    const event = base.when ? undefined : AFTER_EVENT.exec(rest);
    const eventText =
      event?.[2] && !NOT_EVENT.test(event[2])
        ? phrase(`${event[1]} ${event[2]}`, 7)
        : base.when
          ? undefined
          : afterwardsOf(text, base.cue);
    const purpose = FOR_WHAT.exec(rest.slice(0, 80))?.[1];
    const forWhat = purpose ? phrase(`for ${purpose}`, 5) : undefined;
    const condition = conditionNear(text, base.cue, text.length);
    // "Come back if you're not better in a week": the week belongs to the condition, not a booking.
    const when = (base.when ?? eventText)?.toLowerCase();
    const timed = when && !(condition && condition.includes(when)) ? when : undefined;
    out.push({
      kind: "visit",
      ...(timed ? { when: timed } : {}),
      // "for the first problem" or "for your blood pressure" read back: only an event or a test.
      ...(forWhat && !/\b(?:problems?|issues?|visit|follow|check|wellness|physical)\b/i.test(forWhat)
        ? { purpose: forWhat.toLowerCase() }
        : {}),
      ...(condition ? { condition } : {}),
      cue: base.cue,
    });
  }
  for (const cue of text.matchAll(FOLLOW_UP_CUE)) {
    const span = { start: cue.index, end: cue.index + cue[0].length };
    if (base && span.start === base.cue.start) continue;
    const lead = text.slice(Math.max(0, span.start - 60), span.start);
    // "No need to follow up with cardiology anymore": a visit elsewhere taken back, not this one.
    const withSomeone = WITH_WHO.exec(text.slice(span.end));
    if (NO_NEED_BEFORE.test(lead) && withSomeone?.[2]) continue;
    if (NO_NEED_BEFORE.test(lead)) {
      const condition = conditionNear(text, span, text.length);
      out.push({ kind: "none", ...(condition ? { condition } : {}), cue: span });
      continue;
    }
    // "Follow up with cardiology": only the words that make a visit with someone, not "check in".
    if (!/^(?:follow|come|see)/i.test(cue[0])) continue;
    const step = elsewhere(span, lead);
    if (step) out.push(step);
  }
  return out;
}

/** The clinician's line for a next step, as the findings list shows it. */
export function nextStepText(step: NextStep): string {
  const tail = [step.when, step.purpose, step.condition].filter(Boolean).join(" ");
  switch (step.kind) {
    case "none":
      return `No follow-up visit needed${step.condition ? ` ${step.condition}` : ""}`;
    case "elsewhere":
      return `Follow up with ${step.who ?? "another clinician"}${tail ? ` ${tail}` : ""}`;
    case "visit":
      return step.when || step.purpose || step.condition
        ? `Follow up ${tail}`
        : "Follow up (time not stated)";
  }
}

/** A follow-up finding's text names a visit here (not one elsewhere, not "no visit needed"). */
export function isVisitHere(text: string): boolean {
  return !/^(?:follow\s+up\s+with\b|no\s+follow-up)/i.test(text);
}
