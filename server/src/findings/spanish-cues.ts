// Findings from what was said in Spanish: medicines, allergies, warning signs and symptoms, from
// a small lexicon of Spanish cue phrases ("tomo", "soy alérgico a", "si tiene dolor de pecho,
// llame al 911", "me duele el pecho"). The scribe transcribes each voice in its own language,
// so a Spanish-speaking patient's segments are Spanish; an interpreter's English rendering of
// them goes through the English engine as before, and the same finding from both merges (same
// kind and key). Evidence quotes stay verbatim in the language spoken. Medicine names are mostly
// shared: a Spanish spelling (ibuprofeno, metformina, omeprazol) is read as the drug.
//
// Who says what: Spanish from the patient (or family) is the patient's side (what they take, are
// allergic to, feel); Spanish from the interpreter or the clinician is the clinician's words
// rendered for the patient (warning signs, medicines to start), never the patient's symptoms.
import type { Evidence, FindingDetails, FindingKind, Transcript, TranscriptSegment } from "@bedside/shared";
import { drugMatcher } from "./drug.matcher.js";
import { LexiconMatcher, type Mention } from "./lexicon.matcher.js";

export interface SpanishProposal {
  kind: Extract<FindingKind, "medication" | "symptom" | "allergy" | "warning_sign">;
  key: string;
  term: string;
  evidence: Evidence[];
  details: FindingDetails;
  /** For warning signs: what the clinician said to watch for, in English (the clinician's reading). */
  what?: string;
}

/** Spanish ways of saying the engine's symptoms: the same terms, so English and Spanish merge. */
export const SPANISH_SYMPTOMS = new LexiconMatcher([
  {
    term: "chest pain",
    forms: [
      "dolor de pecho",
      "dolor en el pecho",
      "me duele el pecho",
      "presión en el pecho",
      "opresión en el pecho",
    ],
  },
  {
    term: "shortness of breath",
    forms: [
      "falta de aire",
      "me falta el aire",
      "le falta el aire",
      "falta el aire",
      "no puedo respirar",
      "me cuesta respirar",
      "dificultad para respirar",
      "ahogo",
    ],
  },
  { term: "cough", forms: ["tos", "toso"] },
  { term: "coughing up blood", forms: ["tos con sangre", "toso sangre"] },
  { term: "vomiting blood", forms: ["vomito sangre", "vómito con sangre", "vomitar sangre"] },
  { term: "fever", forms: ["fiebre", "calentura"] },
  { term: "chills", forms: ["escalofríos", "escalofrío"] },
  { term: "headache", forms: ["dolor de cabeza", "me duele la cabeza", "jaqueca"] },
  { term: "dizziness", forms: ["mareo", "mareos", "mareado", "mareada"] },
  { term: "fatigue", forms: ["cansancio", "cansado", "cansada", "agotado", "agotada"] },
  { term: "nausea", forms: ["náusea", "náuseas", "nausea", "nauseas", "ganas de vomitar"] },
  { term: "vomiting", forms: ["vómito", "vómitos", "vomitando", "vomito"] },
  { term: "diarrhea", forms: ["diarrea"] },
  {
    term: "abdominal pain",
    forms: [
      "dolor de barriga",
      "dolor de estómago",
      "dolor de panza",
      "me duele la barriga",
      "me duele el estómago",
    ],
  },
  { term: "back pain", forms: ["dolor de espalda", "me duele la espalda"] },
  { term: "sore throat", forms: ["dolor de garganta", "me duele la garganta"] },
  { term: "palpitations", forms: ["palpitaciones", "el corazón acelerado"] },
  { term: "fainting", forms: ["desmayo", "me desmayé", "desmayos"] },
  { term: "weakness", forms: ["debilidad", "débil"] },
  { term: "numbness", forms: ["adormecimiento", "entumecimiento", "hormigueo"] },
  { term: "swelling", forms: ["hinchazón", "hinchado", "hinchada"] },
  { term: "rash", forms: ["sarpullido", "ronchas", "erupción"] },
  { term: "itching", forms: ["picazón", "comezón"] },
  { term: "painful urination", forms: ["ardor al orinar", "me arde al orinar", "dolor al orinar"] },
  { term: "blood in urine", forms: ["sangre en la orina"] },
  { term: "blurry vision", forms: ["vista borrosa", "veo borroso"] },
  { term: "insomnia", forms: ["no puedo dormir", "insomnio"] },
]);

/** Things a patient is allergic to, in Spanish (drugs are read by name). */
const SPANISH_ALLERGENS = new LexiconMatcher([
  { term: "sulfa drugs", forms: ["sulfa", "sulfas", "sulfamidas"] },
  { term: "latex", forms: ["látex", "latex"] },
  { term: "peanuts", forms: ["maní", "cacahuate", "cacahuates", "cacahuete", "cacahuetes"] },
  { term: "tree nuts", forms: ["nueces", "almendras"] },
  { term: "shellfish", forms: ["mariscos", "camarones", "camarón"] },
  { term: "eggs", forms: ["huevo", "huevos"] },
  { term: "milk", forms: ["leche", "lácteos"] },
  { term: "bee stings", forms: ["abejas", "picaduras de abeja", "avispas"] },
  { term: "iodine", forms: ["yodo", "contraste"] },
  { term: "pollen", forms: ["polen"] },
  { term: "dust", forms: ["polvo"] },
  { term: "cats", forms: ["gatos"] },
  { term: "dogs", forms: ["perros"] },
  { term: "nsaids", forms: ["antiinflamatorios"] },
  { term: "antibiotics", forms: ["antibióticos"] },
]);

// ---- cue phrases ------------------------------------------------------------------------

// "alérgica" as speech recognition may spell it too: "alerjica" (the same sound).
// "Soy alérgica" as speech recognition also writes it ("alerjicada,", "Alerquica", "Aleer Hicada,"):
// after "soy", a word beginning "aler" (never "alerta"), split or not, is the same allergy.
const ALLERGY_CUE =
  /\b(?:soy\s+al[eé]+r(?!t)\p{L}*(?:\s+\p{L}*ic\p{L}*)?,?|tengo\s+alergia|me\s+dan?\s+alergia|alergia|al[eé]r[gj]ic[oa])\s+(?:a\s+la\s+|a\s+los\s+|a\s+las\s+|al\s+|a\s+|la\s+)?/iu;
const NO_ALLERGIES =
  /\b(?:no\s+(?:soy\s+al[eé]r[gj]ic[oa]|tengo\s+(?:ninguna\s+)?alergias?)|ninguna\s+alergia)\b/i;
const MED_STOPPED = /\b(?:dej[eé]\s+de\s+tomar|ya\s+no\s+tomo|tomaba|usaba|dej[eé]\s+(?:el|la|las|los))\b/i;
const MED_STARTED_BY_CLINICIAN =
  /\b(?:empiece\s+a\s+(?:tomar|usar)|va\s+a\s+(?:tomar|empezar)|le\s+(?:voy\s+a\s+recetar|receto|recet[oó])|vamos\s+a\s+(?:empezar|recetar))(?=[\s,.;]|$)/i;
const MED_STARTED_BY_PATIENT = /\b(?:empec[eé]\s+a\s+tomar|me\s+acaban\s+de\s+recetar)\b/i;
const MED_CONTINUED =
  /\b(?:tomo|me\s+tomo|estoy\s+tomando|sigo\s+tomando|uso|estoy\s+usando|me\s+recetaron|me\s+dieron|mis\s+pastillas\s+(?:de|para))\b/i;
/** "si tiene…", "si siente…": the condition of a warning. */
const WARNING_IF =
  /\bsi\s+(?:usted\s+)?(?:tiene|siente|le\s+(?:da|duele|falta|sale|viene)|nota|empieza|ve|se\s+(?:siente|desmaya))\b/i;
/** "llame al 911", "vaya a urgencias": what to do then. */
const WARNING_GO =
  /\b(?:llame\s+(?:al\s+)?(?:911|nueve\s+uno\s+uno)|vaya\s+(?:a\s+(?:urgencias|emergencias|la\s+sala\s+de\s+emergencias|el\s+hospital)|al\s+hospital)|venga\s+(?:a\s+urgencias|enseguida|de\s+inmediato)|busque\s+ayuda)\b/i;
/** "no tengo", "sin", "nada de": the symptom is not there. */
const NEGATION = /\b(?:no|sin|nada\s+de|ningún|ninguna|nunca)\b[^,.;]*$/i;
/** The patient speaking of themselves: a symptom said without it is a question or about someone else. */
const FIRST_PERSON =
  /\b(?:tengo|tenía|he\s+tenido|me\s+(?:duele|duelen|dio|da|dan|falta|siento|sentí|arde|pica)|siento|estoy|ando|sufro\s+de|me\s+he\s+sentido)\b/i;

// ---- numbers, doses and how often, read into the engine's English details ---------------

const NUMBER_WORDS: Record<string, string> = {
  un: "one",
  una: "one",
  uno: "one",
  dos: "two",
  tres: "three",
  cuatro: "four",
  cinco: "five",
  seis: "six",
  siete: "seven",
  ocho: "eight",
  nueve: "nine",
  diez: "ten",
  doce: "twelve",
  veinticuatro: "twenty-four",
};
const AMOUNT = String.raw`(?:\d+(?:[.,]\d+)?|${Object.keys(NUMBER_WORDS).join("|")})`;
const NUMBER_VALUES: Record<string, string> = {
  ...Object.fromEntries(
    Object.keys(NUMBER_WORDS).map((w, i) => [w, String([1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 24][i])]),
  ),
  cien: "100",
  doscientos: "200",
  trescientos: "300",
  cuatrocientos: "400",
  quinientos: "500",
  mil: "1000",
};
const DOSE = new RegExp(
  String.raw`\b(\d+(?:[.,]\d+)?|${Object.keys(NUMBER_VALUES).join("|")})\s*(mg|miligramos?|mcg|microgramos?|unidades|ml|mililitros?)\b`,
  "i",
);
const UNIT_EN: Record<string, string> = {
  mg: "mg",
  miligramo: "mg",
  miligramos: "mg",
  mcg: "mcg",
  microgramo: "mcg",
  microgramos: "mcg",
  unidades: "units",
  ml: "ml",
  mililitro: "ml",
  mililitros: "ml",
};
const FREQUENCIES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/\buna\s+vez\s+al\s+d[ií]a\b/i, () => "once a day"],
  [/\bdos\s+veces\s+al\s+d[ií]a\b/i, () => "twice a day"],
  [/\btres\s+veces\s+al\s+d[ií]a\b/i, () => "three times a day"],
  [/\buna\s+vez\s+(?:a\s+la|por)\s+semana\b/i, () => "once a week"],
  [
    new RegExp(String.raw`\bcada\s+(${AMOUNT})\s+horas\b`, "i"),
    (m) => `every ${englishNumber(m[1] ?? "")} hours`,
  ],
  [/\b(?:todos\s+los\s+d[ií]as|cada\s+d[ií]a|diario|diariamente)\b/i, () => "daily"],
  [/\b(?:en|por)\s+la\s+ma[ñn]ana\b|\bcada\s+ma[ñn]ana\b/i, () => "in the morning"],
  [/\b(?:en|por)\s+la\s+noche\b|\bde\s+noche\b|\bantes\s+de\s+dormir\b/i, () => "at night"],
  [/\bcuando\s+(?:lo|la)\s+necesito\b|\bsi\s+lo\s+necesita\b/i, () => "as needed"],
];
function englishNumber(said: string): string {
  return NUMBER_WORDS[said.toLowerCase()] ?? said;
}

function medicineDetails(clause: string): FindingDetails {
  const d: FindingDetails = {};
  const dose = DOSE.exec(clause);
  if (dose?.[1] && dose[2])
    d.dose = `${NUMBER_VALUES[dose[1].toLowerCase()] ?? dose[1]} ${UNIT_EN[dose[2].toLowerCase()] ?? dose[2]}`;
  for (const [re, en] of FREQUENCIES) {
    const m = re.exec(clause);
    if (m) {
      d.frequency = en(m);
      break;
    }
  }
  return d;
}

// ---- medicine names said the Spanish way --------------------------------------------------

const SPANISH_DRUG_NAMES: Record<string, string> = {
  paracetamol: "acetaminophen",
  acetaminofén: "acetaminophen",
  acetaminofen: "acetaminophen",
  aspirina: "aspirin",
  insulina: "insulin",
  penicilina: "penicillin",
};

/** A Spanish word as the English drug vocabulary spells it: accents off, Spanish endings English. */
function anglicized(word: string): string {
  const lower = word.toLowerCase();
  const known = SPANISH_DRUG_NAMES[lower];
  if (known) return known;
  const bare = lower.normalize("NFD").replace(/\p{M}/gu, "");
  return bare
    .replace(/ina$/, "in")
    .replace(/eno$/, "en")
    .replace(/ona$/, "one")
    .replace(/ato$/, "ate")
    .replace(/ol$/, "ole")
    .replace(/ico$/, "ic");
}

/** Drugs named in a stretch of Spanish text, with their place in it. */
function drugsIn(text: string): Mention[] {
  const words = [...text.matchAll(/[\p{L}\d]+(?:-[\p{L}\d]+)*/gu)];
  let english = "";
  const spans: { from: number; to: number; start: number; end: number }[] = [];
  for (const w of words) {
    const a = anglicized(w[0]);
    if (english) english += " ";
    spans.push({
      from: english.length,
      to: english.length + a.length,
      start: w.index,
      end: w.index + w[0].length,
    });
    english += a;
  }
  const out: Mention[] = [];
  for (const m of drugMatcher.find(english)) {
    const first = spans.find((s) => s.to > m.start);
    const last = [...spans].reverse().find((s) => s.from < m.end);
    if (first && last) out.push({ term: m.term, start: first.start, end: last.end });
  }
  return out;
}

// ---- sentences and clauses -----------------------------------------------------------------

interface Piece {
  seg: TranscriptSegment;
  start: number;
  text: string;
}

function sentencesOf(seg: TranscriptSegment): Piece[] {
  const out: Piece[] = [];
  for (const m of seg.text.matchAll(/[^.?!;\n]+[.?!;]*/g)) {
    const lead = m[0].length - m[0].trimStart().length;
    const text = m[0].trim();
    if (text) out.push({ seg, start: m.index + lead, text });
  }
  return out;
}

const quote = (p: Piece): Evidence => ({
  segmentId: p.seg.id,
  quote: p.seg.text.slice(p.start, p.start + p.text.length).trim(),
});

/** Where one clause ends and the next, with its own verb, begins. */
const CLAUSE_BREAK =
  /[,;]|\b(?:pero|aunque)\b|\by(?=\s+(?:tomo|uso|me|soy|tengo|dej[eé]|ya|tambi[eé]n|estoy|sigo|tomaba)(?=[\s,.;]|$))/i;

/** The clause around a place in a sentence: from the last comma, "y", "pero" before it to the next after. */
function clauseAt(text: string, at: number, end: number): string {
  const before = text.slice(0, at);
  const breaks = [...before.matchAll(new RegExp(CLAUSE_BREAK.source, "gi"))];
  const last = breaks[breaks.length - 1];
  const from = last ? last.index + last[0].length : 0;
  const after = text.slice(end).search(CLAUSE_BREAK);
  return text.slice(from, after < 0 ? text.length : end + after);
}

const isQuestion = (p: Piece): boolean => /^¿|\?$/.test(p.text);
const patientSide = (s: TranscriptSegment["speaker"]): boolean => s === "patient" || s === "other";

/** Everything the Spanish cues find in a transcript, in the order said. */
export function spanishFindings(transcript: Transcript): SpanishProposal[] {
  const out: SpanishProposal[] = [];
  for (const seg of transcript) {
    const pieces = sentencesOf(seg);
    const spanishTurn = isSpanishText(seg.text);
    pieces.forEach((p, i) => {
      // English is the English engine's, with its negation and context rules: the lexicon's English
      // terms would otherwise read "my cough is all better" here as a cough.
      if (!spanishTurn && !isSpanishText(p.text)) return;
      if (!patientSide(seg.speaker)) {
        warning(out, p, pieces[i + 1]);
        startedByClinician(out, p);
        return;
      }
      if (isQuestion(p)) return;
      allergies(out, p);
      medicines(out, p);
      symptoms(out, p, pieces.length);
    });
  }
  return out;
}

function warning(out: SpanishProposal[], p: Piece, next: Piece | undefined): void {
  const lead = WARNING_IF.exec(p.text);
  if (!lead) return;
  // "Si tiene dolor de pecho, llame al 911" or, cut at a pause, "…falta de aire." / "Vaya a urgencias."
  const sameSentence = WARNING_GO.test(p.text);
  const advice = sameSentence ? undefined : next && WARNING_GO.test(next.text) ? next : undefined;
  if (!sameSentence && !advice) return;
  const clause = p.text.slice(lead.index + lead[0].length);
  const terms = [...new Set(SPANISH_SYMPTOMS.find(clause).map((m) => m.term))];
  const evidence = [quote(p), ...(advice ? [quote(advice)] : [])];
  out.push({
    kind: "warning_sign",
    key: terms.length > 0 ? terms.join("+") : p.text.toLowerCase().slice(0, 60),
    term: terms[0] ?? "",
    evidence,
    details: {},
    what: terms.length > 0 ? terms.join(", ") : "symptoms get worse",
  });
}

/** The name as said ("metformina") when it is not the generic's own spelling. */
function saidAs(text: string, m: Mention): FindingDetails {
  const said = text.slice(m.start, m.end);
  return said.toLowerCase() === m.term.toLowerCase() ? {} : { saidAs: said.toLowerCase() };
}

function startedByClinician(out: SpanishProposal[], p: Piece): void {
  const cue = MED_STARTED_BY_CLINICIAN.exec(p.text);
  if (!cue) return;
  for (const m of drugsIn(p.text)) {
    if (m.start < cue.index) continue;
    out.push({
      kind: "medication",
      key: m.term,
      term: m.term,
      evidence: [quote(p)],
      details: {
        ...medicineDetails(clauseAt(p.text, m.start, m.end)),
        ...saidAs(p.text, m),
        status: "started",
      },
    });
  }
}

function allergies(out: SpanishProposal[], p: Piece): void {
  if (NO_ALLERGIES.test(p.text)) {
    out.push({ kind: "allergy", key: "none", term: "no known allergies", evidence: [quote(p)], details: {} });
    return;
  }
  const cue = ALLERGY_CUE.exec(p.text);
  if (!cue) return;
  const after = p.text.slice(cue.index + cue[0].length);
  const clauseEnd = after.search(
    /[.;]|\b(?:pero|aunque|y\s+(?:tomo|uso|me|tengo|dej[eé]|ya|estoy|sigo))(?=[\s,.;]|$)/i,
  );
  const named = after.slice(0, clauseEnd < 0 ? after.length : clauseEnd);
  const seen = new Set<string>();
  for (const m of [...drugsIn(named), ...SPANISH_ALLERGENS.find(named)]) {
    if (seen.has(m.term)) continue;
    seen.add(m.term);
    // The allergen as the patient said it ("penicilina"): the Spanish summary names it so.
    out.push({ kind: "allergy", key: m.term, term: m.term, evidence: [quote(p)], details: saidAs(named, m) });
  }
}

function medicines(out: SpanishProposal[], p: Piece): void {
  // A medicine in "alérgico a …" is an allergy, not a medicine taken.
  const allergy = ALLERGY_CUE.exec(p.text);
  for (const m of drugsIn(p.text)) {
    if (allergy && m.start >= allergy.index) continue;
    const clause = clauseAt(p.text, m.start, m.end);
    const status = MED_STOPPED.test(clause)
      ? "stopped"
      : MED_STARTED_BY_PATIENT.test(clause)
        ? "started"
        : MED_CONTINUED.test(clause)
          ? "continued"
          : undefined;
    // "Metformina, quinientos miligramos, dos veces al día.": a drug said first, with its dose or
    // how often and no verb, is what the patient takes (the answer to "¿qué medicinas toma?").
    const bare = status ? undefined : bareAnswer(p.text, m);
    if (!status && !bare) continue;
    out.push({
      kind: "medication",
      key: m.term,
      term: m.term,
      evidence: [quote(p)],
      details: { ...(bare ?? medicineDetails(clause)), ...saidAs(p.text, m), status: status ?? "continued" },
    });
  }
}

/** A verbless answer led by the drug, with a dose or a frequency: its details, else undefined. */
function bareAnswer(text: string, m: Mention): FindingDetails | undefined {
  if (!/^(?:(?:sí|si|solo|sólo|nada\s+más|pues|bueno|la|el|las|los)[\s,]+)*$/i.test(text.slice(0, m.start)))
    return undefined;
  if (/\b(?:no|nunca|ya\s+no|dej[eé])\b/i.test(text)) return undefined;
  const details = medicineDetails(text);
  return details.dose || details.frequency ? details : undefined;
}

function symptoms(out: SpanishProposal[], p: Piece, piecesInTurn: number): void {
  // A short answer ("sí, dolor de pecho") or the patient speaking of themselves.
  const speaksOfSelf = FIRST_PERSON.test(p.text) || (piecesInTurn === 1 && p.text.split(/\s+/).length <= 6);
  if (!speaksOfSelf || WARNING_IF.test(p.text)) return;
  for (const m of SPANISH_SYMPTOMS.find(p.text)) {
    if (NEGATION.test(p.text.slice(0, m.start))) continue;
    out.push({ kind: "symptom", key: m.term, term: m.term, evidence: [quote(p)], details: {} });
  }
}

// Words nearly every Spanish sentence has and English ones do not, and the other way round.
const SPANISH_WORDS =
  /^(?:de|la|el|que|y|en|los|las|por|con|para|una|un|me|mi|tengo|es|está|no|se|lo|le|al|del|muy|pero|sí|yo|usted|su|tomo|hace|desde|tiene|cuando|también|dolor|estoy|voy|vamos|cada|horas|veces|día|días|llame|vaya|si|soy|ya|tomar|más|qué|cómo)$/i;
const ENGLISH_WORDS =
  /^(?:the|and|to|of|i|you|is|it|in|my|have|has|that|for|with|on|but|this|an|are|was|she|he|what|do|take|any|if|or|be|so|your)$/i;

/** True when a segment is Spanish (more Spanish function words than English ones): the English engine leaves it to the cues. */
export function isSpanishText(text: string): boolean {
  const words = text.match(/[\p{L}]+/gu) ?? [];
  let es = 0;
  let en = 0;
  for (const w of words) {
    if (SPANISH_WORDS.test(w)) es++;
    else if (ENGLISH_WORDS.test(w)) en++;
  }
  // "No." alone is either language: two Spanish words at least, or one with Spanish spelling.
  return es > en && (es >= 2 || /[ñáéíóú¿¡]/i.test(text));
}
