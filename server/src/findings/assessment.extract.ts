// Diagnoses only from the clinician's own framing: "I think this is a kidney stone", "for your
// first problem, your hypertension", "my impression is…". A condition named in a denial, a
// question, about someone else or in small talk ("covid has been going around") is no diagnosis;
// one from the past history ("a history significant for depression", "you had a skin cancer
// removed five months ago") is history, not what the clinician thinks today; a murmur heard on
// exam is an exam finding.
import { contextOf, isPseudoMention, type Span } from "./context.js";

export type AssessmentStrength = "history" | "exam" | "possible" | "current";

/** The clinician commits to it now (before the mention, in its clause). */
export const CURRENT_ASSESSMENT_CUE =
  /\b(?:i\s+(?:do\s+)?think|i\s+believe|(?:it|this|that)\s+(?:looks|sounds|seems)\s+like|(?:this|that)\s+(?:is|looks|sounds|seems)|consistent\s+with|diagnos\w*|impression|assessment|you\s+(?:do\s+)?have|you've\s+got|you\s+have\s+got|(?:first|second|third|fourth|next|last|other|another|final)\s+(?:problem|issue|concern|condition|diagnosis)|recurrence|exacerbation|flare|dealing\s+with|suffering\s+from|treat(?:ing)?\s+(?:you\s+)?for|(?:for|regarding|in\s+terms\s+of|with\s+regards?\s+to)\s+(?:your|the|her|his)|standpoint|likely|probably|suspect)\b/i;

/** Said while examining: a finding, not a diagnosis. */
const EXAM_CUE =
  /\b(?:on\s+(?:your\s+|the\s+|her\s+|his\s+)?(?:\w+\s+)?exam(?:ination)?|i\s+(?:do\s+)?(?:hear|appreciate|feel|see|note|notice)|there\s+is\s+(?:a|an|some)|auscultation|palpation)\b/i;

/** Cues that commit to a diagnosis even inside a question-like clause ("is it, i think it's X"). */
const COMMITTED =
  /\b(?:i\s+(?:do\s+)?think|i\s+believe|impression|diagnos\w*|consistent\s+with|(?:it|this|that)\s+(?:looks|sounds|seems)\s+like)\b/i;

export const UNCERTAIN_ASSESSMENT =
  /\b(?:rule\s+out|possible|possibly|might|may\s+be|could\s+be|concern\w*\s+(?:for|that|about)|worried|suspect|probably|likely|differential)\b/i;

// The clause before a mention: from the last break (", but", "so", ";") to the mention.
const BREAK =
  /;|\b(?:but|however|so|and\s+then|because|although)\b|,\s*(?:and\s+)?(?:i|we|it|she|he|they|that)\b/gi;
function clauseBefore(text: string, at: number): string {
  let cut = 0;
  for (const m of text.slice(0, at).matchAll(BREAK)) cut = m.index + m[0].length;
  return text.slice(cut, at);
}

/** How a condition the clinician names stands: undefined when it is not the patient's at all. */
export function clinicianAssessment(text: string, m: Span): AssessmentStrength | undefined {
  if (isPseudoMention(text, m)) return undefined;
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("other_person")) return undefined;
  const before = clauseBefore(text, m.start);
  const possible = UNCERTAIN_ASSESSMENT.test(before);
  if (c.has("hypothetical") && !possible) return undefined;
  // A question the scribe wrote without its "?" ("do you have neuropathy where you get numbness",
  // "have you had strep throat in the past") asks; it does not diagnose. "How about your
  // diabetes" asks about a condition already known: history, never today's diagnosis.
  if (c.has("asked") && !COMMITTED.test(before)) {
    return /\b(?:your|her|his|the)\s+(?:\w+\s+)?$/i.test(text.slice(0, m.start)) ? "history" : undefined;
  }
  if (c.has("historical")) return "history";
  if (possible) return "possible";
  if (
    CURRENT_ASSESSMENT_CUE.test(before) ||
    CURRENT_ASSESSMENT_CUE.test(text.slice(m.end, m.end + 40).split(/[,.;]/)[0] ?? "")
  )
    return "current";
  if (EXAM_CUE.test(before) || EXAM_CUE.test(text.slice(0, m.start))) return "exam";
  return "history";
}

/** The finding's text for each strength; the summary reads "History of" and "On exam:" as not diagnoses. */
export function assessmentLabel(term: string, strength: AssessmentStrength): string {
  switch (strength) {
    case "current":
      return term.charAt(0).toUpperCase() + term.slice(1);
    case "possible":
      return `Possible ${term}`;
    case "exam":
      return `On exam: ${term}`;
    case "history":
      return `History of ${term}`;
  }
}

/** Which of two labels for one condition says more about today: a later "I think it's X" wins. */
export function assessmentRank(label: string): number {
  if (/\(patient-reported\)\s*$/i.test(label)) return 0;
  if (/^history of\b/i.test(label)) return 1;
  if (/^on exam:/i.test(label)) return 2;
  if (/^possible\b/i.test(label)) return 3;
  return 4;
}

/** The patient guessing or fearing, not reporting a diagnosis: "I thought I was having a heart attack". */
const PATIENT_GUESS =
  /\b(?:i\s+(?:(?:do\s+)?think|thought|guess|wonder(?:ed)?|was\s+wondering|assumed?|figured|feel\s+like|felt\s+like|was\s+like)|maybe|is\s+it|could\s+(?:it|this|that)\s+be|like\s+i\s+(?:was|had))\b/i;

/**
 * Whether a condition the patient names is their own history: not negated, hypothetical, asked,
 * another person's or small talk, and not a guess or fear ("I think I have diabetes": the reason
 * they came, for the clinician to confirm or not).
 */
export function patientReportedCondition(text: string, m: Span): boolean {
  if (isPseudoMention(text, m)) return false;
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("hypothetical") || c.has("other_person") || c.has("asked")) return false;
  return !PATIENT_GUESS.test(clauseBefore(text, m.start));
}
