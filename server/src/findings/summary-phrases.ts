// What the after-visit summary says, per language: the names, explanations and sentences
// summary.compose.ts puts together. English reads at grade ≤ 6 (Flesch-Kincaid); Spanish is
// written for Spanish readers (usted, short sentences) and reads "fácil" or better on the
// Fernández-Huerta scale. The findings stay the same: only what the patient reads changes.
import type { SummaryLanguage } from "@bedside/shared";
import { EXTRA_GLOSSARY, MEDICATION_CLASSES } from "./findings.lexicon.js";
import {
  conditionMatcher,
  conditionByTerm,
  referralByTerm,
  symptomByTerm,
  symptomMatcher,
  testByTerm,
  treatmentByTerm,
} from "./lexicon.matcher.js";
import { CONDITION_GUIDE, MEDICINE_TIP, REFERRAL_WHO, SYMPTOM_GUIDE, TEST_NEXT } from "./patient-guide.js";
import {
  CONDITIONS_ES,
  EXTRA_GLOSSARY_ES,
  MEDICATION_CLASSES_ES,
  MEDICINE_TIP_ES,
  REFERRALS_ES,
  type SpanishEntry,
  SYMPTOMS_ES,
  TESTS_ES,
  TREATMENTS_ES,
} from "./patient-guide-es.js";
import { isPlainEnough } from "./readability.js";
import { haveSign } from "./warning.rules.js";
import { isEasySpanish } from "./readability-es.js";

/** Lower-cased first letter inside a sentence; a name after a person keeps its capital ("Lyme disease"). */
export const lower = (s: string): string =>
  /^(?:Lyme|Parkinson|Alzheimer|Crohn|Graves|Bell|Cushing|Addison|Hashimoto|Raynaud|Down)\b/.test(s)
    ? s
    : s.charAt(0).toLowerCase() + s.slice(1);

export interface Phrases {
  language: SummaryLanguage;
  /** Every sentence is easy enough for this language's readers. */
  isPlain(text: string): boolean;
  /** The name a patient uses for a lexicon term ("a headache", "dolor de cabeza"). */
  plain(term: string | undefined): string | undefined;
  /** "a migraine" → "migraine", "una hernia" → "hernia": for titles. */
  bare(s: string): string;
  symptomDefinition(term: string): string | undefined;
  conditionDefinition(term: string): string | undefined;
  testDefinition(term: string): string | undefined;
  symptomGuide(term: string): string | undefined;
  conditionGuide(term: string): string | undefined;
  testNext(term: string): string | undefined;
  referralWho(term: string | undefined): string | undefined;
  referralName(term: string): string | undefined;
  medicineTip(drugClass: string): string | undefined;
  /** "to lower your blood pressure", "para bajar la presión". */
  medicinePurpose(drugClass: string): string | undefined;
  glossary: Record<string, string>;
  /** A medicine's name as written for this reader: names stay, "and" in a combination does not. */
  drugName(name: string): string;
  /** What the patient is allergic to, for this reader: the finding's term, or the word they said. */
  allergen(term: string, saidAs: string | undefined): string;
  /**
   * A finding's detail as said in the visit (English: "every six hours", "for three days"), in
   * this language, or undefined when it cannot be said here faithfully (then it is left out).
   */
  detail(text: string | undefined): string | undefined;
  /** The clinician's words for when to get help now, in this language. */
  sign(text: string): string;
  /**
   * The condition a clinician put on a next step ("if you're not better in a week"), as this
   * reader says it, or undefined when it cannot be said faithfully (then the step is not told).
   */
  condition(text: string): string | undefined;
  /** A measurement row ("Blood pressure 150/90."). */
  measurement(term: string | undefined, text: string, value: string | undefined): string | undefined;
  and(items: string[]): string;
  or(items: string[]): string;
  yourClinician: { start: string; inside: string };
  s: Sentences;
}

/** Every generated sentence, as functions of what it names. */
interface Sentences {
  toldAbout(plain: string, how: string): string;
  hadIt(how: string): string;
  couldBe(plain: string): string;
  couldBeIt: string;
  youHave(plain: string): string;
  /** A condition the patient had once ("I just had asthma in the past, but not anymore"). */
  youHad(plain: string): string;
  getTest(plain: string): string;
  getTestWhen(plain: string, when: string): string;
  getTestDone(plain: string): string;
  getTestBelow: string;
  aTest: string;
  see(who: string): string;
  seeBelow: string;
  anExpert: string;
  start(name: string, how: string): string;
  startName(name: string): string;
  startPurpose(purpose: string): string;
  startNew: string;
  stop(name: string): string;
  stopMarked: string;
  changed(name: string): string;
  changedGeneric: string;
  keep(name: string, how: string): string;
  keepName(name: string): string;
  tryIt(plain: string): string;
  /** Exercises placed in physical therapy, with no referral line of its own. */
  therapyAsPlanned: string;
  /** Exercises the patient does and was told to go on with. */
  keepExercising: string;
  /** A surgery the clinician recommends or schedules: what happens next, never dropped. */
  surgeryNext: string;
  yearly: string;
  why(who: string, what: string): string;
  whyUs(what: string): string;
  whyVisit(who: string): string;
  whyVisitUs: string;
  thinks(who: string, what: string): string;
  weThink(what: string): string;
  mayBe(who: string, what: string): string;
  weThinkMayBe(what: string): string;
  /** After what the clinician is sure of: what they think it may also be. */
  mayAlsoHave(who: string, what: string): string;
  comeBack(when: string): string;
  comeBackUs(when: string): string;
  /** "Come back next week for the endoscopy.", "Come back if you are not better in a week." */
  comeBackAs(
    when: string | undefined,
    purpose: string | undefined,
    condition: string | undefined,
    sooner: boolean,
  ): string;
  comeBackSaid: string;
  /** A visit with someone else: "See a heart doctor in a month." */
  seeWho(who: string, when: string | undefined): string;
  seeOther(when: string | undefined): string;
  /** "Doctor" before a name. */
  doctorTitle: string;
  /** No visit needed, on the condition said. */
  noVisit(condition: string | undefined): string;
  swellingSign: string;
  /** "Call 911 if…": `dial` is the clinic's emergency number (the server's EMERGENCY_NUMBER). */
  helpEmergency(dial: string, sign: string, more: boolean): string;
  helpEmergencyList(dial: string): string;
  helpDefault(dial: string): string;
  /** The clinician's own "call us if…" (not an emergency), with the emergency number kept for one. */
  helpCall(dial: string, sign: string): string;
  /** Sent to the clinic right away ("come back and see me straight away"), not to the emergency number. */
  helpCallNow(dial: string, sign: string): string;
  /** The same, beside an emergency line already given. */
  callUs(sign: string): string;
  callUsNow(sign: string): string;
  results: string;
  youWillSee(who: string): string;
  youWillSeeExpert: string;
  officeCalls: string;
  /** A test, referral or treatment named only as a later possibility: not a to-do today. */
  mayNeedLater: (what: string) => string;
  alsoTold: string;
  numbers: string;
  allergies(list: string | undefined): string;
  tellAllergy: string;
  noAllergies: string;
  nextVisit(who: string, when: string): string;
  nextVisitUs(when: string): string;
  nextVisitPlain: string;
  actionEmergency(dial: string): string;
}

function joinWith(word: string) {
  return (items: string[]): string =>
    items.length <= 1
      ? (items[0] ?? "")
      : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1] ?? ""}`;
}

/** Glossary definitions are noun phrases ("A scan that …"); make them read as sentences. */
function asSentence(def: string | undefined): string | undefined {
  if (!def) return undefined;
  // "A doctor looks in your gut…" is already a sentence: "It is a doctor looks…" is not one.
  if (
    /^(?:a|an)\s+(?:\w+\s+){0,2}?(?:looks|checks|uses|takes|puts|tests|shows|sees|finds|measures|listens|records)\b/i.test(
      def,
    )
  )
    return def;
  return /^(?:a|an)\s/i.test(def) ? `It is ${lower(def)}` : def;
}

const english: Phrases = {
  language: "en",
  isPlain: isPlainEnough,
  plain: (term) =>
    term
      ? (symptomByTerm.get(term)?.plain ??
        conditionByTerm.get(term)?.plain ??
        testByTerm.get(term)?.plain ??
        treatmentByTerm.get(term)?.plain)
      : undefined,
  bare: (s) => s.replace(/^(?:a|an|the)\s+/i, ""),
  symptomDefinition: (term) => asSentence(symptomByTerm.get(term)?.definition),
  conditionDefinition: (term) => asSentence(conditionByTerm.get(term)?.definition),
  testDefinition: (term) => asSentence(testByTerm.get(term)?.definition),
  symptomGuide: (term) => SYMPTOM_GUIDE[term],
  conditionGuide: (term) => CONDITION_GUIDE[term],
  testNext: (term) => TEST_NEXT[term],
  referralWho: (term) => (term ? REFERRAL_WHO[term] : undefined),
  referralName: (term) => referralByTerm.get(term)?.plain,
  medicineTip: (cls) => MEDICINE_TIP[cls],
  medicinePurpose: (cls) => (MEDICATION_CLASSES[cls] ? `to ${MEDICATION_CLASSES[cls]}` : undefined),
  glossary: EXTRA_GLOSSARY,
  drugName: (name) => name,
  allergen: (term) => term,
  detail: (text) => text,
  sign: (text) => text,
  condition: englishCondition,
  measurement: (_term, text) => `${text.replace(/\ba1c\b/gi, "A1C")}.`,
  and: joinWith("and"),
  or: joinWith("or"),
  yourClinician: { start: "Your clinician", inside: "your clinician" },
  s: {
    toldAbout: (plain, how) => `You told us about ${plain}, ${how}.`,
    hadIt: (how) => `You have had it ${how}.`,
    couldBe: (plain) => `We talked about whether this could be ${plain}.`,
    couldBeIt: "We talked about whether this could be it.",
    youHave: (plain) => `You told us you have ${plain}.`,
    youHad: (plain) => `You told us you had ${plain} in the past.`,
    getTest: (plain) => `Get ${plain}.`,
    getTestWhen: (plain, when) => `Get ${plain} ${when}.`,
    getTestDone: (plain) => `Get ${plain} done.`,
    getTestBelow: "Get the test in the list below.",
    aTest: "a test",
    see: (who) => `See ${who}.`,
    seeBelow: "See the expert in the list below.",
    anExpert: "an expert",
    start: (name, how) => `Start taking ${name}${how ? ` ${how}` : ""}.`,
    startName: (name) => `Start taking ${name}.`,
    startPurpose: (purpose) => `Start the new medicine ${purpose}.`,
    startNew: "Start your new medicine.",
    stop: (name) => `Stop taking ${name}.`,
    stopMarked: "Stop the medicine marked stopped.",
    changed: (name) => `Take ${name} the new way.`,
    changedGeneric: "Take your changed medicine the new way.",
    keep: (name, how) => `Keep taking ${name}${how ? ` ${how}` : ""}.`,
    keepName: (name) => `Keep taking ${name}.`,
    tryIt: (plain) => `Try ${plain}.`,
    therapyAsPlanned: "Do the physical therapy we talked about.",
    keepExercising: "Keep doing your exercises.",
    surgeryNext: "Your next step is surgery, as we talked about.",
    yearly: "your yearly check-up",
    why: (who, what) => `You came to see ${who} about ${what}.`,
    whyUs: (what) => `You came to see us about ${what}.`,
    whyVisit: (who) => `You came to see ${who} for a visit.`,
    whyVisitUs: "You came to see us for a visit.",
    thinks: (who, what) => `${who} thinks you have ${what}.`,
    weThink: (what) => `We think you have ${what}.`,
    mayBe: (who, what) => `${who} thinks it may be ${what}.`,
    weThinkMayBe: (what) => `We think it may be ${what}.`,
    mayAlsoHave: (who, what) => `${who} thinks you may also have ${what}.`,
    comeBack: (when) => `Come back ${when}.`,
    comeBackUs: (when) => `Come back to see us ${when}.`,
    comeBackAs: (when, purpose, condition, sooner) =>
      when
        ? `Come back ${[when, purpose].filter(Boolean).join(" ")}${condition ? `${sooner ? ", or sooner" : ""} ${condition}` : ""}.`
        : `Come back${purpose ? ` ${purpose}` : ""} ${condition ?? ""}.`.replace(/\s+\./, "."),
    comeBackSaid: "Ask us when to come back.",
    seeWho: (who, when) => `See ${who}${when ? ` ${when}` : ""}.`,
    seeOther: (when) => `See the other doctor we talked about${when ? ` ${when}` : ""}.`,
    doctorTitle: "Doctor",
    noVisit: (condition) => `You do not need to come back${condition ? ` ${condition}` : ""}.`,
    swellingSign: "swelling of your lips, face or throat, or trouble breathing",
    helpEmergency: (dial, sign, more) =>
      `Call ${dial} if you ${haveSign(sign)}.${more ? " See the list below for more." : ""}`,
    helpEmergencyList: (dial) => `Call ${dial} if you have a sign in the list below.`,
    // Said when the clinician gave no warning sign: general advice, not a sign of this visit's.
    helpDefault: (dial) => `As always, call us if you feel much worse. In an emergency, call ${dial}.`,
    helpCall: (dial, sign) => `Call us if you ${haveSign(sign)}. In an emergency, call ${dial}.`,
    helpCallNow: (dial, sign) => `Call us now if you ${haveSign(sign)}. In an emergency, call ${dial}.`,
    callUs: (sign) => `Call us if you ${haveSign(sign)}.`,
    callUsNow: (sign) => `Call us now if you ${haveSign(sign)}.`,
    results: "We will share the results with you.",
    youWillSee: (who) => `You will see ${who}.`,
    youWillSeeExpert: "You will see an expert.",
    officeCalls: "Their office will call you to set up a time.",
    // The condition as said is the clinician's to tell; a stock one ("if things do not get better")
    // was false when it was another (audit: a referral being arranged now).
    mayNeedLater: (what) => `You may need ${what} later. We will tell you.`,
    alsoTold: "You also told us about",
    numbers: "Your numbers",
    allergies: (list) => (list ? `Allergies (${list})` : "Allergies"),
    tellAllergy: "Tell each doctor, nurse and drug store about it, each time.",
    noAllergies: "You told us you have no known allergies.",
    // What the clinician said, nothing more: no "call us to set it up" nobody said.
    nextVisit: (who, when) => `${who} wants to see you again ${when}.`,
    nextVisitUs: (when) => `We want to see you again ${when}.`,
    nextVisitPlain: "We want to see you again.",
    actionEmergency: (dial) => `Call ${dial} or go to the emergency room right away.`,
  },
};

// ---------------------------------------------------------------------------------------
// Spanish: the details said in English in the visit ("every six hours", "for three days") are
// put in Spanish phrase by phrase; anything the table cannot say is left out rather than
// guessed, so no English is left in a Spanish summary.
// ---------------------------------------------------------------------------------------

const NUMBERS_ES: Record<string, string> = {
  one: "uno",
  two: "dos",
  three: "tres",
  four: "cuatro",
  five: "cinco",
  six: "seis",
  seven: "siete",
  eight: "ocho",
  nine: "nueve",
  ten: "diez",
  eleven: "once",
  twelve: "doce",
  fifteen: "quince",
  twenty: "veinte",
  thirty: "treinta",
};

/** Longest first: each English phrase and how a Spanish reader says it. */
const DETAIL_ES: [RegExp, string][] = (
  [
    [/\bonce (?:a|per) day\b/, "una vez al día"],
    [/\btwice (?:a|per) day\b/, "dos veces al día"],
    [/\b(?:three|3) times (?:a|per) day\b/, "tres veces al día"],
    [/\b(?:four|4) times (?:a|per) day\b/, "cuatro veces al día"],
    [/\b(?:once|one time) (?:a|per) week\b/, "una vez a la semana"],
    [/\btwice (?:a|per) week\b/, "dos veces a la semana"],
    [/\bonce (?:a|per) month\b/, "una vez al mes"],
    [/\bevery other day\b/, "un día sí y otro no"],
    [/\bevery day\b/, "cada día"],
    [/\bevery morning\b/, "cada mañana"],
    [/\bevery (?:night|evening)\b/, "cada noche"],
    [/\bevery\b/, "cada"],
    [/\bdaily\b/, "cada día"],
    [/\bnightly\b/, "cada noche"],
    [/\bweekly\b/, "cada semana"],
    [/\bat (?:night|bedtime)\b/, "de noche"],
    [/\bin the morning\b/, "en la mañana"],
    [/\bin the evening\b/, "en la tarde"],
    [/\b(?:as|when) needed\b/, "si lo necesita"],
    [/\bfor the past\b/, "desde hace"],
    [/\bfor about\b/, "desde hace unos"],
    [/\bfor\b/, "desde hace"],
    [/\bsince yesterday\b/, "desde ayer"],
    [/\bsince last week\b/, "desde la semana pasada"],
    [/\bthis morning\b/, "esta mañana"],
    [/\byesterday\b/, "ayer"],
    [/\btoday\b/, "hoy"],
    [/\bnext week\b/, "la próxima semana"],
    [/\bnext month\b/, "el próximo mes"],
    [/\bin a week\b/, "en una semana"],
    [/\bin a month\b/, "en un mes"],
    [/\bin a year\b/, "en un año"],
    [/\ba couple of\b/, "un par de"],
    [/\ba few\b/, "unos"],
    // "one" agrees with its noun in Spanish: una semana, una hora; un día, un mes, un año.
    [/\b(?:a|one) week\b/, "una semana"],
    [/\b(?:an|one) hour\b/, "una hora"],
    [/\b(?:a|one) day\b/, "un día"],
    [/\b(?:a|one) month\b/, "un mes"],
    [/\bone year\b/, "un año"],
    [/\bin\b/, "en"],
    [/\babout\b/, "unos"],
    [/\bto\b/, "a"],
    [/\bhours?\b/, "horas"],
    [/\bdays\b/, "días"],
    [/\bday\b/, "día"],
    [/\bweeks\b/, "semanas"],
    [/\bweek\b/, "semana"],
    [/\bmonths\b/, "meses"],
    [/\bmonth\b/, "mes"],
    [/\byears\b/, "años"],
    [/\byear\b/, "año"],
    [/\bmilligrams?\b/, "mg"],
    [/\bmicrograms?\b/, "mcg"],
    [/\bunits?\b/, "unidades"],
    [/\b(?:tablets?|pills?)\b/, "pastillas"],
    [/\bpuffs?\b/, "inhalaciones"],
    [/\bdrops?\b/, "gotas"],
    [/\breally bad\b/, "muy fuerte"],
    [/\bvery bad\b/, "muy fuerte"],
    [/\bsevere\b/, "fuerte"],
    [/\bbad\b/, "fuerte"],
    [/\bmild\b/, "leve"],
    [/\bmoderate\b/, "moderado"],
    [/\bsudden(?:ly)?\b/, "de golpe"],
    [/\bgradual(?:ly)?\b/, "poco a poco"],
    ...Object.entries(NUMBERS_ES).map(([en, es]) => [new RegExp(`\\b${en}\\b`), es] as [RegExp, string]),
  ] as [RegExp, string][]
).map(([re, es]) => [new RegExp(re.source, "gi"), es]);

/** Words a translated detail may hold: anything else means English was left, so the detail is dropped. */
const SPANISH_DETAIL_WORDS = new Set(
  DETAIL_ES.flatMap(([, es]) => es.split(/\s+/)).concat(["mg", "mcg", "ml", "y", "o", "de"]),
);

function spanishDetail(text: string | undefined): string | undefined {
  if (!text) return undefined;
  let out = ` ${text.toLowerCase()} `;
  // Each phrase once, longest first; placeholders keep a Spanish word from being read again.
  const done: string[] = [];
  for (const [re, es] of DETAIL_ES)
    out = out.replace(re, () => {
      done.push(es);
      return ` \uE000${done.length - 1}\uE000 `;
    });
  out = out.replace(/\uE000(\d+)\uE000/g, (_, i: string) => done[Number(i)] ?? "");
  out = out.replace(/\s+/g, " ").trim();
  const words = out.match(/[\p{L}]+/gu) ?? [];
  return out && words.every((w) => SPANISH_DETAIL_WORDS.has(w)) ? out : undefined;
}

/**
 * A next step's condition in English, as the clinician said it to the patient ("if you're not
 * better in a week"): second person already; kept when short, else not told.
 */
function englishCondition(text: string): string | undefined {
  const words = text.trim().split(/\s+/);
  return words.length <= 12 && !/\b(?:i|i'm|i'll|we|we'll|we're|he|she|his|her)\b/i.test(text)
    ? text.trim()
    : undefined;
}

/** The conditions said most often, in Spanish; any other is not told (the step reads "ask us"). */
const CONDITION_ES: [RegExp, string][] = [
  [
    /^if\s+(?:you're|you\s+are|it's|it\s+is|things\s+are|you\s+do\s*n[o']t\s+feel|it\s+does\s*n[o']t\s+get)\s+(?:not\s+)?(?:getting\s+|any\s+)?better$/i,
    "si no mejora",
  ],
  [/^if\s+(?:it|things|that|your\s+\w+|the\s+\w+)\s+(?:gets?|is\s+getting)\s+worse$/i, "si empeora"],
  [/^if\s+(?:you\s+)?(?:feel|are\s+feeling)\s+worse$/i, "si se siente peor"],
  [/^unless\s+(?:you\s+have\s+)?(?:any\s+)?(?:problems|issues|concerns)$/i, "a menos que tenga problemas"],
  [/^unless\s+(?:it|things)\s+gets?\s+worse$/i, "a menos que empeore"],
];
function spanishCondition(text: string): string | undefined {
  const found = CONDITION_ES.find(([re]) => re.test(text.trim()));
  return found?.[1];
}

const entry = (table: Record<string, SpanishEntry>, term: string | undefined): SpanishEntry | undefined =>
  term ? table[term] : undefined;
const nonEmpty = (s: string | undefined): string | undefined => (s && s.trim().length > 0 ? s : undefined);

const MEASUREMENT_ES: Record<string, string> = {
  "blood pressure": "Presión",
  "heart rate": "Pulso",
  temperature: "Temperatura",
  "oxygen level": "Oxígeno",
  weight: "Peso",
  "hemoglobin a1c": "A1C",
};
const UNITS_ES: [RegExp, string][] = [
  [/\bpercent\b/gi, "%"],
  [/\bdegrees?\b/gi, "grados"],
  [/\bpounds?\b/gi, "libras"],
  [/\bkilograms?\b/gi, "kilos"],
  [/\bbeats per minute\b/gi, "latidos por minuto"],
  [/\bbpm\b/gi, "latidos por minuto"],
];

const spanish: Phrases = {
  language: "es",
  isPlain: isEasySpanish,
  plain: (term) =>
    nonEmpty(
      (entry(SYMPTOMS_ES, term) ??
        entry(CONDITIONS_ES, term) ??
        entry(TESTS_ES, term) ??
        entry(TREATMENTS_ES, term))?.[0],
    ),
  bare: (s) => s.replace(/^(?:un|una|unos|unas|el|la|los|las)\s+/i, ""),
  symptomDefinition: (term) => nonEmpty(SYMPTOMS_ES[term]?.[1]),
  conditionDefinition: (term) => nonEmpty(CONDITIONS_ES[term]?.[1]),
  testDefinition: (term) => nonEmpty(TESTS_ES[term]?.[1]),
  symptomGuide: (term) => nonEmpty(SYMPTOMS_ES[term]?.[2]),
  conditionGuide: (term) => nonEmpty(CONDITIONS_ES[term]?.[2]),
  testNext: (term) => nonEmpty(TESTS_ES[term]?.[2]),
  referralWho: (term) => nonEmpty(entry(REFERRALS_ES, term)?.[0]),
  referralName: (term) => nonEmpty(REFERRALS_ES[term]?.[0]),
  medicineTip: (cls) => MEDICINE_TIP_ES[cls],
  medicinePurpose: (cls) => (MEDICATION_CLASSES_ES[cls] ? `para ${MEDICATION_CLASSES_ES[cls]}` : undefined),
  glossary: EXTRA_GLOSSARY_ES,
  drugName: (name) => name.replace(/,?\s+and\s+/gi, " y "),
  // Only the Spanish reader sets saidAs on an allergy: "penicilina", "mariscos".
  allergen: (term, saidAs) => saidAs ?? term,
  detail: spanishDetail,
  condition: spanishCondition,
  // The clinician said it in English: a Spanish reader gets the symptoms and conditions it names.
  sign: (text) => {
    const named = [...symptomMatcher.find(text), ...conditionMatcher.find(text)]
      .sort((a, b) => a.start - b.start)
      .map((m) => spanish.plain(m.term))
      .filter((p): p is string => !!p);
    const unique = [...new Set(named)];
    // Read after "si tiene": a phrase one can have, never a sentence ("se siente…").
    if (unique.length > 0) return spanish.or(unique);
    if (/\bweight\s+gain\b/i.test(text)) return "un aumento de peso rápido";
    return /\bnot\s+get\s+better\b/i.test(text) ? "síntomas que no mejoran" : "síntomas que empeoran";
  },
  measurement: (term, _text, value) => {
    const name = term ? MEASUREMENT_ES[term] : undefined;
    if (!name || !value) return undefined;
    const said = UNITS_ES.reduce((v, [re, es]) => v.replace(re, es), value).replace(/\s+%/, "%");
    return /[a-z]{2,}/i.test(said.replace(/grados|libras|kilos|latidos por minuto/g, ""))
      ? undefined
      : `${name}: ${said}.`;
  },
  and: joinWith("y"),
  or: joinWith("o"),
  yourClinician: { start: "Su médico", inside: "su médico" },
  s: {
    toldAbout: (plain, how) => `Nos contó que tiene ${plain}, ${how}.`,
    hadIt: (how) => `Lo tiene ${how}.`,
    couldBe: (plain) => `Hablamos de si esto puede ser ${plain}.`,
    couldBeIt: "Hablamos de si esto puede ser eso.",
    youHave: (plain) => `Nos contó que tiene ${plain}.`,
    youHad: (plain) => `Nos contó que tuvo ${plain} en el pasado.`,
    getTest: (plain) => `Hágase ${plain}.`,
    getTestWhen: (plain, when) => `Hágase ${plain} ${when}.`,
    getTestDone: (plain) => `Hágase ${plain} pronto.`,
    getTestBelow: "Hágase la prueba de la lista de abajo.",
    aTest: "una prueba",
    see: (who) => `Vaya a ver a ${who}.`,
    seeBelow: "Vaya a ver al experto de la lista de abajo.",
    anExpert: "un experto",
    start: (name, how) => `Empiece a tomar ${name}${how ? ` ${how}` : ""}.`,
    startName: (name) => `Empiece a tomar ${name}.`,
    startPurpose: (purpose) => `Empiece la medicina nueva ${purpose}.`,
    startNew: "Empiece su medicina nueva.",
    stop: (name) => `Deje de tomar ${name}.`,
    stopMarked: "Deje la medicina que le dijimos.",
    changed: (name) => `Tome ${name} de la forma nueva.`,
    changedGeneric: "Tome su medicina de la forma nueva.",
    keep: (name, how) => `Siga tomando ${name}${how ? ` ${how}` : ""}.`,
    keepName: (name) => `Siga tomando ${name}.`,
    tryIt: (plain) => `Pruebe ${plain}.`,
    therapyAsPlanned: "Haga la terapia física de la que hablamos.",
    keepExercising: "Siga con sus ejercicios.",
    surgeryNext: "Su siguiente paso es una operación, como hablamos.",
    yearly: "su revisión de cada año",
    why: (who, what) => `Vino a la consulta de ${who} por ${what}.`,
    whyUs: (what) => `Vino a vernos por ${what}.`,
    whyVisit: (who) => `Vino a la consulta de ${who}.`,
    whyVisitUs: "Vino a vernos para una consulta.",
    thinks: (who, what) => `${who} cree que tiene ${what}.`,
    weThink: (what) => `Creemos que tiene ${what}.`,
    mayBe: (who, what) => `${who} cree que puede ser ${what}.`,
    weThinkMayBe: (what) => `Creemos que puede ser ${what}.`,
    mayAlsoHave: (who, what) => `${who} cree que también puede tener ${what}.`,
    comeBack: (when) => `Vuelva ${when}.`,
    // "Vuelva la próxima semana" reads below 70 (Fernández-Huerta): "a vernos" makes it easy.
    comeBackUs: (when) => `Vuelva a vernos ${when}.`,
    comeBackAs: (when, purpose, condition, sooner) =>
      when
        ? `Vuelva ${[when, purpose].filter(Boolean).join(" ")}${condition ? `${sooner ? ", o antes" : ""} ${condition}` : ""}.`
        : `Vuelva${purpose ? ` ${purpose}` : ""} ${condition ?? ""}.`.replace(/\s+\./, "."),
    comeBackSaid: "Nos puede preguntar cuándo volver.",
    seeWho: (who, when) => `Vaya a ver a ${who}${when ? ` ${when}` : ""}.`,
    seeOther: (when) => `Vaya a ver al otro médico del que hablamos${when ? ` ${when}` : ""}.`,
    doctorTitle: "el doctor",
    noVisit: (condition) => `No necesita otra consulta${condition ? ` ${condition}` : ""}.`,
    swellingSign: "hinchazón de labios, cara o garganta, o le falta el aire",
    helpEmergency: (dial, sign, more) =>
      `Llame al ${dial} si tiene ${sign}.${more ? " Vea la lista de abajo." : ""}`,
    helpEmergencyList: (dial) => `Llame al ${dial} si tiene una señal de la lista de abajo.`,
    helpDefault: (dial) =>
      `Como siempre, llámenos si se siente mucho peor. En una emergencia, llame al ${dial}.`,
    helpCall: (dial, sign) => `Llámenos si tiene ${sign}. En una emergencia, llame al ${dial}.`,
    helpCallNow: (dial, sign) => `Llámenos enseguida si tiene ${sign}. En una emergencia, llame al ${dial}.`,
    callUs: (sign) => `Llámenos si tiene ${sign}.`,
    callUsNow: (sign) => `Llámenos enseguida si tiene ${sign}.`,
    results: "Le daremos los resultados.",
    youWillSee: (who) => `Va a ver a ${who}.`,
    youWillSeeExpert: "Va a ver a un experto.",
    officeCalls: "Su oficina le va a llamar para darle una cita.",
    mayNeedLater: (what) => `Puede que necesite ${what} más adelante. Le diremos.`,
    alsoTold: "También nos contó de",
    numbers: "Sus números",
    allergies: (list) => (list ? `Alergias (${list})` : "Alergias"),
    tellAllergy: "Dígalo cada vez que vea a un médico o a una enfermera, y en la farmacia.",
    noAllergies: "Nos dijo que no tiene alergias conocidas.",
    nextVisit: (who, when) => `${who} quiere verle otra vez ${when}.`,
    nextVisitUs: (when) => `Queremos verle otra vez ${when}.`,
    nextVisitPlain: "Queremos verle otra vez.",
    actionEmergency: (dial) => `Llame al ${dial} o vaya a urgencias ya.`,
  },
};

export const phrasesFor: Record<SummaryLanguage, Phrases> = { en: english, es: spanish };
