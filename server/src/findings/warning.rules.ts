// When to get help right away, for the conditions the clinician said the patient has (or may
// have) today, and for thoughts of not wanting to live the patient told of, when the clinician did
// not say it in their own words. Written for Bedside from
// standard patient-education red flags (MedlinePlus topics for each condition), short and plain
// (grade ≤ 6); each is a noun phrase that reads after "if you have" / "si tiene" and names what fits that condition, so an infected foot never gets only the
// generic allergy line. The clinician's own words always come first: these only fill in.
import type { SummaryLanguage } from "@bedside/shared";

export interface ConditionSign {
  en: string;
  es: string;
}

export const CONDITION_SIGNS: Readonly<Record<string, ConditionSign>> = {
  cellulitis: {
    en: "redness that spreads, red streaks, or a fever",
    es: "enrojecimiento que se extiende, rayas rojas o fiebre",
  },
  "lyme disease": {
    en: "one side of the face that droops, a stiff neck, or a fast heartbeat",
    es: "un lado de la cara caído, el cuello rígido o el corazón muy rápido",
  },
  pneumonia: {
    en: "trouble breathing, lips that turn blue, or a high fever",
    es: "dificultad para respirar, labios morados o fiebre alta",
  },
  "congestive heart failure": {
    en: "trouble breathing at rest or when you lie down",
    es: "dificultad para respirar en reposo o al acostarse",
  },
  "coronary artery disease": {
    en: "chest pain that does not go away with rest",
    es: "dolor de pecho que no se quita con reposo",
  },
  "kidney stones": {
    en: "a fever, very bad pain, or trouble peeing",
    es: "fiebre, un dolor muy fuerte o dificultad para orinar",
  },
  hypertension: {
    en: "a very bad headache, chest pain, or weakness on one side",
    es: "un dolor de cabeza muy fuerte, dolor de pecho o debilidad de un lado",
  },
  asthma: {
    en: "trouble breathing that your inhaler does not help",
    es: "dificultad para respirar que el inhalador no alivia",
  },
  copd: {
    en: "trouble breathing that your inhaler does not help",
    es: "dificultad para respirar que el inhalador no alivia",
  },
  "atrial fibrillation": {
    en: "chest pain, fainting, or weakness on one side",
    es: "dolor de pecho, desmayo o debilidad de un lado",
  },
  "deep vein thrombosis": {
    en: "sudden trouble breathing or chest pain",
    es: "falta de aire de repente o dolor de pecho",
  },
  diabetes: {
    en: "confusion, or throwing up so you cannot keep water down",
    es: "confusión, o vómitos sin poder retener el agua",
  },
  "urinary tract infection": {
    en: "a fever, back pain on one side, or throwing up",
    es: "fiebre, dolor de espalda de un lado, o vómitos",
  },
  "strep throat": {
    en: "trouble breathing or swallowing, or drooling",
    es: "dificultad para respirar o tragar, o babeo",
  },
  fracture: {
    en: "fingers or toes that turn cold, blue or numb",
    es: "dedos fríos, morados o dormidos",
  },
  concussion: {
    en: "a headache that gets worse, or you throw up a lot, or are hard to wake",
    es: "un dolor de cabeza que empeora, vómitos una y otra vez, o mucho sueño",
  },
  "suicidal thoughts": {
    en: "thoughts of hurting yourself (call or text 988)",
    es: "pensamientos de hacerse daño (llame o escriba al 988)",
  },
  depression: {
    en: "thoughts of hurting yourself (call or text 988)",
    es: "pensamientos de hacerse daño (llame o escriba al 988)",
  },
  "covid-19": {
    en: "trouble breathing, chest pain, or lips that turn blue",
    es: "dificultad para respirar, dolor de pecho o labios morados",
  },
  influenza: {
    en: "trouble breathing, chest pain, or trouble waking up",
    es: "dificultad para respirar, dolor de pecho o mucho sueño",
  },
  diverticulitis: {
    en: "a high fever or belly pain that gets worse",
    es: "fiebre alta o dolor de barriga que empeora",
  },
  stroke: {
    en: "new weakness on one side, a droopy face, or trouble talking",
    es: "debilidad nueva de un lado, la cara caída o dificultad para hablar",
  },
  "transient ischemic attack": {
    en: "weakness on one side or trouble talking, even if it stops",
    es: "debilidad de un lado o dificultad para hablar, aunque se quite",
  },
};

/** The sign for a condition in the summary's language; undefined when there is none. */
export function conditionSign(term: string | undefined, language: SummaryLanguage): string | undefined {
  const sign = term ? CONDITION_SIGNS[term] : undefined;
  return sign?.[language];
}

// ---- the clinician's own warning signs ----------------------------------------------------------
// "If you get chest pain, go to the ER" and "if it is not better in a week, give us a call" are
// different advice: only the first is an emergency. Each warning sign keeps which one was said, in
// its text's prefix, so the patient never reads "Call 911" for what the clinician sent to the office.

/** The advice that ends a warning: a place or a call, urgent or not. */
export const WARNING_ACTION =
  /\b(?:call|come\s+(?:on\s+)?(?:back|in|to)|go\s+(?:to|straight)|head\s+(?:to|in)|seek|911|999|111|emergency|e\.?r\b|a\s*(?:&|and)\s*e\b|urgent\s+care|ambulance|let\s+(?:me|us|the\s+office|your\s+(?:doctor|provider|pcp|primary\s+care\s+(?:doctor|physician|provider)))\s+know|reach\s+out|contact|get\s+in\s+touch|give\s+(?:me|us)\s+a\s+(?:call|ring)|ring\s+(?:us|me|the)|be\s+seen|see\s+(?:a|your)\s+(?:doctor|gp)|book\s+(?:an?|another)\s+appointment|come\s+and\s+see|pop\s+(?:in|back|down|along)|speak\s+(?:to|with)\s+(?:a|your|the|us|me|someone)|(?:visit|phone|ring)\s+(?:your|a|the)\s+(?:gp|doctor|surgery|practice|clinic|office)|out\s+of\s+hours|walk-?in)\b/i;

/** Where an emergency is seen: not the clinic. */
const EMERGENCY_PLACE =
  /\b(?:911|999|emergency(?!\s+contact)|e\.?r\b|a\s*(?:&|and)\s*e\b|urgent\s+care|ambulance|hospital)\b/i;
/** Advice that means now, not at the office's next opening, wherever it sends the patient. */
const NOW = /\b(?:right\s+away|immediately|straight\s+away|go\s+straight)\b/i;
/** The clinic itself, told to be reached: "come back and see me", "call us", "let me know". */
const CLINIC_ACTION =
  /\b(?:come\s+(?:on\s+)?(?:back|in)|(?:come\s+and\s+)?see\s+(?:me|us)|call\s+(?:us|me|the\s+(?:office|clinic|practice|surgery))|let\s+(?:me|us)\s+know|contact\s+(?:us|me|the\s+(?:office|clinic|practice|surgery))|give\s+(?:me|us)\s+a\s+(?:call|ring)|ring\s+(?:us|me))\b/i;

/**
 * How soon, and where: an emergency (911, the ER), the clinic right away ("come back and see me
 * straight away": never "Call 911", blind audit s18), or the clinic.
 */
export type WarningLevel = "emergency" | "clinic-now" | "clinic";

export function warningLevel(advice: string): WarningLevel {
  if (EMERGENCY_PLACE.test(advice)) return "emergency";
  if (!NOW.test(advice)) return "clinic";
  return CLINIC_ACTION.test(advice) ? "clinic-now" : "emergency";
}

export const WARNING_PREFIX: Record<WarningLevel, string> = {
  emergency: "Seek care now if:",
  "clinic-now": "Call the clinic now if:",
  clinic: "Call the clinic if:",
};

/** Any warning sign's prefix, to read what it names alone. */
export const WARNING_PREFIX_LEAD = new RegExp(
  `^(?:${Object.values(WARNING_PREFIX)
    .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|")})\\s*`,
  "i",
);

/** A warning sign's text: how soon and where, and what it names. */
export function warningText(what: string, level: WarningLevel): string {
  return `${WARNING_PREFIX[level]} ${what}`;
}

/** Reads a warning sign's text back: how soon and where (urgent: an emergency), and what it names. */
export function warningParts(text: string): { level: WarningLevel; urgent: boolean; what: string } {
  const lower = text.toLowerCase();
  const level =
    (Object.entries(WARNING_PREFIX) as [WarningLevel, string][]).find(([, prefix]) =>
      lower.startsWith(prefix.toLowerCase()),
    )?.[0] ?? "emergency";
  return { level, urgent: level === "emergency", what: text.replace(WARNING_PREFIX_LEAD, "").trim() };
}

const WORSE = /\b(?:worse|worsens?|worsening|spreads?|spreading)\b/i;
const NOT_BETTER =
  /\b(?:not\s+(?:getting\s+|get\s+)?(?:any\s+)?better|n't\s+(?:get\s+|getting\s+)?(?:any\s+)?better|not\s+improv\w*|n't\s+improv\w*|continue\w*|still|keeps?|persist\w*|does\s+not\s+go\s+away|doesn't\s+go\s+away|n't\s+go\s+away)\b/i;
/** A clause said as a sentence ("the headache is not better"), not a noun phrase ("chest pain"). */
const VERB =
  /\b(?:is|are|was|were|gets?|getting|got|goes|becomes?|does|do|did|doesn't|don't|won't|isn't|aren't|continues?|keeps?|feel|feels|starts?|started|worsens?|spreads?)\b|n't\b/i;

const WEIGHT_GAIN =
  /^(?:you\s+)?(?:gain|put\s+on)\s+((?:more\s+than\s+)?(?:\w+\s+){1,3}?(?:pounds?|lbs|kilos?|kg)(?:\s+(?:in|over|within)\s+(?:a|one|two|three|four|five|\d+)\s+(?:days?|weeks?))?)\b/i;

/** Words that name something a patient can see or feel in a sign said outside the lexicon. */
const SIGN_WORD =
  /\b(?:blood|bleed\w*|pain|swell\w*|rash|fever|temperature|urine|pee|stool|poop|breath\w*|vomit\w*|faint\w*|numb\w*|weak\w*|streaks?|redness|pus|discharge|lump|chest|headache|vision|seizures?|confus\w*)\b/i;

/**
 * "have" or "are" before a sign said as the clinician said it: "if you have a high fever", "if
 * you are short of breath at night", "if you are coughing up blood".
 */
export function haveSign(sign: string): string {
  return /^(?:short\s+of|unable|dizzy|confused|coughing|throwing|vomiting|bleeding|passing|feeling|having|getting|not\s+able)\b/i.test(
    sign,
  )
    ? `are ${sign}`
    : `have ${sign}`;
}

/** Signs counted one at a time, said with "a": "a headache that does not get better". */
const COUNTED = /(?:ache|cough|rash|fever|lump|sore)$/i;

/**
 * What a warning sign names, as a noun phrase that reads after "if you have": the clinician's
 * words when they are one ("weakness on one side"), else the terms named and how they change
 * ("the headache is not better within a few days" → "a headache that does not get better");
 * undefined when the clause names nothing a patient could watch for.
 */
export function warningWhat(clause: string, terms: readonly string[]): string | undefined {
  // "Call me if you gain three pounds in two days": the weight said, as a sign one can have.
  const gain = WEIGHT_GAIN.exec(clause);
  if (gain?.[1]) return `a weight gain of ${gain[1].toLowerCase()}`;
  const words = clause.split(/\s+/).filter(Boolean);
  const asSaid = words.length > 0 && words.length <= 24 && !VERB.test(clause);
  if (terms.length > 0 && asSaid) return clause.toLowerCase();
  // A sign the lexicon has no term for ("blood in your urine", "a red streak up your arm"): a short
  // noun phrase that names something one can see or feel.
  if (terms.length === 0 && asSaid && words.length <= 8 && SIGN_WORD.test(clause))
    return clause.toLowerCase().replace(/^any\s+/, "");
  const one = terms.length === 1 && terms[0] && COUNTED.test(terms[0]) ? `a ${terms[0]}` : undefined;
  const named = one ?? (terms.length > 0 ? terms.join(" or ") : undefined);
  if (NOT_BETTER.test(clause))
    return `${named ?? "symptoms"} that ${named && terms.length === 1 ? "does" : "do"} not get better`;
  if (WORSE.test(clause))
    return `${named ?? "symptoms"} that ${named && terms.length === 1 ? "gets" : "get"} worse`;
  return named;
}
