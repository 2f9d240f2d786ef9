// Results the clinician dictates, for any test name: "your potassium came back at 3.1, which is a
// little low", "her folate came back low", "your b12 level was on the low side", "the chest x-ray did
// not show any pneumonia". The frame is syntactic, not a list of tests: a possessed or definite noun
// phrase (the test), a result verb ("was", "came back", "showed"), then a value, a direction, or
// what an image showed. The value and the direction come from the sentence that states them; a
// direction not said is left out (never "normal"). Known readings (blood pressure, A1c…) stay with
// the engine's own patterns; this adds what those do not name.

import { SPOKEN_NUMBER, spokenNumber } from "./medication.details.js";
import { RESULT_DIRECTIONS, resultDirection } from "./result.parse.js";

export interface DictatedResult {
  /** The test as said ("potassium", "b12 level", "chest x-ray"). */
  name: string;
  value?: string;
  direction?: string;
  /** What an image or study showed ("no pneumonia", "a small tear in the meniscus"). */
  shows?: string;
  start: number;
  end: number;
}

/** Whose the result is: "your", "her", "the"… — a bare noun ("potassium is found in bananas") is no result. */
const DET = String.raw`\b(?:your|her|his|their|the|my|our)\s+`;
/** The test's name: one to four words, none of them a verb or a function word. */
const NAME = String.raw`((?:(?!(?:was|is|were|are|came|come|has|have|had|did|does|do|showed|shows|show|looked|looks|and|but|that|which|it|this|so|of|at|on|in|for|to|with|be|been|not|the|a|an|your|her|his|my|their|our|no|there)\b)[a-z][a-z0-9-]*\s+){0,3}(?!(?:was|is|were|are|came|come|has|have|did|does|showed|shows|looked|looks|and|but|that|which|it|this|so|of|at|on|in|for|to|with|be|been|not)\b)[a-z][a-z0-9-]*)`;
// ", which was", "that came back": the result said in a relative clause ("…except your tsh, which was suppressed").
const VERB = String.raw`(?:\s*,?\s+(?:which|that))?\s+((?:came|come)\s+back|returned|measured|was|is|were|are|has\s+been|looked|looks)\b`;
/** What is said between the verb and the value: "at", "about", "only", "slightly low at". */
const LEAD = String.raw`((?:\s+(?:at|as|of|about|around|only|just|like|up\s+to|down\s+to|now|still|back|quite|very|really|slightly|a\s+little(?:\s+bit)?|mildly|a\s+bit|somewhat|elevated|high|low|raised|decreased|borderline))*)`;
// A value in digits or in words ("low at zero point two", "elevated at fourteen"); a lone "one" is
// a pronoun more often than a value ("was one of the…").
const NUMBER = String.raw`\s+(\d+(?:\.\d+)?|(?!one\b|a\s)(?:point\s+)?${SPOKEN_NUMBER})(?:\s*(%|percent|mg|milligrams|units|nanograms|micrograms|grams|mmol|thousand|million))?(?![\d.]*\s*(?:years?|days?|weeks?|months?|hours?|minutes?|times|pounds|o'clock|out\s+of|over|\/))`;

const VALUE_RESULT = new RegExp(DET + NAME + VERB + LEAD + NUMBER, "gi");
const DIRECTION_RESULT = new RegExp(
  DET +
    NAME +
    VERB +
    String.raw`\s+((?:(?:a\s+little(?:\s+bit)?|slightly|mildly|very|really|quite|a\s+bit|somewhat|significantly|markedly|extremely)\s+)?(?:elevated|high|low|raised|decreased|suppressed|deficient|borderline(?:\s+(?:high|low))?|abnormal|normal|on\s+the\s+(?:low|high)(?:er)?\s+side|within\s+normal\s+limits|unremarkable|fine|okay|ok|good))\b`,
  "gi",
);
/** Everyday words for a normal result, read only of a blood test by name ("your folate was fine"). */
const PLAIN_NORMAL = /^(?:fine|okay|ok|good)$/i;

const DIRECTION_WORDS = String.raw`((?:(?:a\s+little(?:\s+bit)?|slightly|mildly|very|really|quite|a\s+bit|somewhat|significantly|markedly|extremely)\s+)?(?:elevated|high|low|raised|decreased|suppressed|deficient|borderline(?:\s+(?:high|low))?|abnormal|normal|on\s+the\s+(?:low|high)(?:er)?\s+side|within\s+normal\s+limits|unremarkable))\b`;
const LIST_RESULT = new RegExp(
  DET +
    NAME +
    String.raw`\s+and\s+(?:(?:your|her|his|their|the|my|our)\s+)?` +
    NAME +
    String.raw`\s+((?:came|come)\s+back|were|are|have\s+been|both\s+came\s+back|were\s+both|are\s+both)\s+(?:both\s+)?` +
    DIRECTION_WORDS,
  "gi",
);

const LABS_SHOWED = new RegExp(
  String.raw`\b(?:labs?|lab\s+work|blood\s*work|blood\s+tests?|results?)\s+(?:showed|show|shows|revealed|reveals|demonstrated|came\s+back\s+with|were\s+significant\s+for)\s+(?:an?\s+|the\s+)?((?:(?:slightly|mildly|very|quite)\s+)?(?:low|high|elevated|decreased|suppressed|normal)\s+)?([a-z][a-z0-9-]*(?:\s+[a-z][a-z0-9-]*){0,3}?)(?:\s+(?:of|at|level\s+of)\s+(\d+(?:\.\d+)?|(?:point\s+)?${SPOKEN_NUMBER}))?(?=\s*(?:[,.;]|$|\s+(?:which|and|but|so)\b))`,
  "gi",
);

/** Words that make the phrase no test: a symptom, a feeling, a person, time, a vital the engine reads. */
const NOT_A_TEST =
  /\b(?:pain|mood|energy|appetite|sleep|stress|anxiety|weight|pressure|pulse|heart\s+rate|temperature|temp|sugar|sugars|glucose|a1c|hba1c|cholesterol|ldl|ejection|ef|bp|o2|respirations|fraction|oxygen|sat|saturation|respiratory|breathing|exam|examination|visit|appointment|son|daughter|wife|husband|mom|mother|dad|father|family|doctor|name|age|birthday|day|week|month|year|time|job|work|insurance|diet|dose|medicine|medication|pill|pills|risk|chance|score|rate|number|numbers|first|last|next|other|one|same|plan|question|problem|issue|symptoms?|swelling|rash|cough|leg|arm|knee|back|foot|hand|side|skin|head|chest|belly|stomach|lungs?|heart|voice|vision|hearing|memory|house|car|dog|cat|bad|good|today|now|yesterday|currently|still|also|overall|everything|anything|all)$/i;
/** A name that says it is a lab: "level", "count", "panel", "test". */
const LAB_WORD = /\b(?:levels?|count|panel|test|titer|ratio|studies|study|lab|labs|results?)$/i;

/** Imaging and studies, and what they showed. */
const STUDY =
  /\b((?:(?:chest|knee|hip|ankle|foot|hand|wrist|shoulder|spine|lumbar|cervical|neck|back|head|brain|abdominal|pelvic|renal|kidney|right|left)\s+)?(?:x-?rays?|mri|ct(?:\s+scan)?|cat\s+scan|ultrasound|echo(?:cardiogram)?|ekg|ecg|emg|nerve\s+conduction\s+study|mammogram|colonoscopy|endoscopy|biopsy|scan|imaging|dexa|stress\s+test)(?:\s+of\s+(?:the\s+|your\s+|her\s+|his\s+)?(?:right\s+|left\s+)?(?:[a-z-]+\s+){0,1}(?:chest|knee|hip|ankle|foot|hand|wrist|shoulder|spine|neck|back|head|brain|abdomen|pelvis|kidneys?|heart|elbow|leg|arm|thyroid|liver|gallbladder|lungs?|breast|colon|stomach))?)\s+((?:did\s+not|didn't|did\s+n't|does\s+not|doesn't|does\s+n't)\s+show|showed|shows|show|revealed|reveals|demonstrated|demonstrates|was\s+(?:negative|positive)\s+for|came\s+back\s+(?:negative|positive)\s+for)\s+([^.;?!,]{2,80})/gi;
const FINDING_STOP =
  /\s+(?:and\s+(?:i|we|so|that|your|the)|but|so|which|that\s+(?:means|is)|because|okay|alright|right(?=\s*(?:[,?.]|$)))\b/i;

/** The direction said of a result with no number, as the chart writes it. */
function directionOf(words: string): string | undefined {
  const side = /on\s+the\s+(low|high)/i.exec(words);
  const degree =
    /^(?:(a\s+little|slightly|mildly|a\s+bit|somewhat)|(very|really|quite|significantly|markedly|extremely))\s+/i.exec(
      words,
    );
  const base = side ? side[1]?.toLowerCase() : RESULT_DIRECTIONS.find((r) => r.re.test(words))?.direction;
  if (!base) return undefined;
  if (side) return `slightly ${base}`;
  return degree ? `${degree[1] ? "slightly" : "very"} ${base}` : base;
}

const clean = (name: string): string => name.trim().replace(/\s+/g, " ").toLowerCase();

function isTestName(name: string, cameBack: boolean, withValue: boolean, direction = ""): boolean {
  const words = name.split(" ");
  // "Your levels are high" names no test.
  if (words.some((w) => NOT_A_TEST.test(w)) || (words.length === 1 && LAB_WORD.test(name))) return false;
  // A value or "came back" says it is a result; a bare direction needs a lab word ("b12 level") or a
  // word said only of results ("elevated", "deficient", "on the low side"): "your throat is normal" is an exam.
  return (
    withValue || cameBack || LAB_WORD.test(name) || KNOWN_LAB.test(name) || LAB_DIRECTION.test(direction)
  );
}

/** A value in digits as said, or words read as a number ("zero point two" → "0.2"). */
function valueOf(raw: string): string | undefined {
  if (/^\d/.test(raw)) return raw;
  const n = spokenNumber(raw.replace(/^point\s+/i, "zero point ").replace(/^a\s+/i, ""));
  return n === undefined ? undefined : String(n);
}
const LAB_DIRECTION =
  /\b(?:elevated|raised|decreased|suppressed|deficient|borderline|on\s+the\s+(?:low|high))\b/i;
/**
 * Blood tests known by name: "your tsh was low" is a result as plainly as "your tsh level was low"
 * (a bare "your throat is normal" is an exam, and is not here).
 */
const KNOWN_LAB_NAMES = String.raw`(?:tsh|t3|t4|cbc|bmp|cmp|potassium|sodium|calcium|magnesium|phosphorus|chloride|bicarb|bicarbonate|creatinine|bun|gfr|egfr|hemoglobin|hematocrit|platelets?|white\s+(?:blood\s+)?(?:cell\s+)?count|white\s+cells?|wbc|b12|folate|ferritin|iron|psa|lipase|amylase|troponin|d-dimer|inr|crp|esr|sed\s+rate|bilirubin|alt|ast|enzymes|albumin|vitamin\s+d|uric\s+acid|urinalysis|lactate|cortisol|testosterone|prolactin|bnp|triglycerides|hdl|thyroid\s+stimulating\s+hormone|liver\s+function|kidney\s+function|metabolic\s+panel)`;
const KNOWN_LAB = new RegExp(String.raw`(?:^|\s)${KNOWN_LAB_NAMES}$`, "i");
/**
 * A dictated wrap-up names a known blood test with no "your" or "the": "tsh was 0.2", "labs: tsh of
 * 0.2, low", "with a tsh of zero point two". Only at a clause's start or after "a", "with", "and".
 */
const BARE_LAB_VALUE = new RegExp(
  String.raw`(?:^|[.,;:]\s*|\b(?:with|and|a|an)\s+)(${KNOWN_LAB_NAMES})(\s+(?:was|is|came\s+back|of|at|level\s+(?:was|of)))?` +
    LEAD +
    NUMBER,
  "gi",
);

/** The results a clinician's sentence dictates, for tests the engine's readings do not name. */
export function dictatedResults(text: string): DictatedResult[] {
  const out: DictatedResult[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  for (const m of text.matchAll(VALUE_RESULT)) {
    const name = clean(m[1] ?? "");
    const verb = (m[2] ?? "").toLowerCase();
    if (!isTestName(name, /back/.test(verb), true)) continue;
    const raw = m[4] ?? "";
    const number = valueOf(raw.trim());
    if (number === undefined) continue;
    const unit = (m[5] ?? "").toLowerCase();
    const valueStart = (m.index ?? 0) + m[0].lastIndexOf(raw);
    const nameStart = (m.index ?? 0) + m[0].toLowerCase().indexOf(name.split(" ")[0] ?? "");
    const direction = resultDirection(text, nameStart, valueStart, valueStart + raw.length);
    const value = unit === "%" || unit === "percent" ? `${number}%` : unit ? `${number} ${unit}` : number;
    out.push({ name, value, direction, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    taken.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  for (const m of text.matchAll(BARE_LAB_VALUE)) {
    const name = clean(m[1] ?? "");
    // A verb, or a direction said before the value ("tsh low at 0.2"): "tsh 3 times" is no result.
    if (!m[2] && !(m[3] ?? "").trim()) continue;
    const raw = m[4] ?? "";
    const number = valueOf(raw.trim());
    const start = (m.index ?? 0) + m[0].toLowerCase().indexOf(name.split(" ")[0] ?? "");
    const end = (m.index ?? 0) + m[0].length;
    if (number === undefined || !free(start, end)) continue;
    if (
      /\b(?:if|whether|when|unless|check|see|make\s+sure|goal|target|under|below|above)\s+(?:\w+\s+)?$/i.test(
        text.slice(Math.max(0, start - 30), start),
      )
    )
      continue;
    const unit = (m[5] ?? "").toLowerCase();
    const valueStart = (m.index ?? 0) + m[0].lastIndexOf(raw);
    const direction = resultDirection(text, start, Math.max(start, valueStart), end);
    const value = unit === "%" || unit === "percent" ? `${number}%` : unit ? `${number} ${unit}` : number;
    out.push({ name, value, direction, start, end });
    taken.push([start, end]);
  }
  for (const m of text.matchAll(DIRECTION_RESULT)) {
    const name = clean(m[1] ?? "");
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (/^look/i.test(m[2] ?? "")) continue;
    if (!free(start, end) || !isTestName(name, /back/i.test(m[2] ?? ""), false, m[3] ?? "")) continue;
    const before = text.slice(Math.max(0, start - 30), start);
    // "If your potassium is low…", "to see if your b12 is low": a condition or a question, not a result.
    if (/\b(?:if|whether|when|unless|check|see|make\s+sure)\s+$/i.test(before)) continue;
    const plain = PLAIN_NORMAL.test(m[3] ?? "");
    if (plain && !(KNOWN_LAB.test(name) || (LAB_WORD.test(name) && name.includes(" ")))) continue;
    const direction = plain ? "normal" : directionOf(m[3] ?? "");
    if (!direction) continue;
    // "Not low": the negation right before the direction word.
    const negated = /\bnot\s+$/i.test(text.slice(start, end).slice(0, -(m[3] ?? "").length));
    out.push({ name, direction: negated ? `not ${direction}` : direction, start, end });
    taken.push([start, end]);
  }
  // "Your b12 and folate came back normal": one verb, one direction, each test its own result.
  for (const m of text.matchAll(LIST_RESULT)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    if (
      /\b(?:if|whether|when|unless|check|see|make\s+sure)\s+$/i.test(
        text.slice(Math.max(0, start - 30), start),
      )
    )
      continue;
    const names = [clean(m[1] ?? ""), clean(m[2] ?? "")];
    const cameBack = /back/i.test(m[3] ?? "");
    if (
      !names.every(
        (n) =>
          isTestName(n, cameBack, false, m[4] ?? "") && (cameBack || KNOWN_LAB.test(n) || LAB_WORD.test(n)),
      )
    )
      continue;
    const direction = directionOf(m[4] ?? "");
    if (!direction) continue;
    for (const name of names) out.push({ name, direction, start, end });
    taken.push([start, end]);
  }
  // "Her labs showed a tsh of 0.2", "lab work revealed a low tsh at zero point two": a blood test by
  // name, what the labs showed.
  for (const m of text.matchAll(LABS_SHOWED)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const name = clean(m[2] ?? "");
    if (!free(start, end) || !KNOWN_LAB.test(name)) continue;
    const raw = (m[3] ?? "").trim();
    const number = raw ? valueOf(raw) : undefined;
    const lead = m[1] ?? "";
    const direction =
      (lead ? directionOf(lead.trim()) : undefined) ??
      (number !== undefined ? resultDirection(text, end, end, end) : undefined);
    if (number === undefined && !direction) continue;
    out.push({ name, ...(number !== undefined ? { value: number } : {}), direction, start, end });
    taken.push([start, end]);
  }
  for (const m of text.matchAll(STUDY)) {
    const start = m.index ?? 0;
    const before = text.slice(Math.max(0, start - 40), start);
    // An order or a plan ("we'll get an x-ray to see if it shows…") is no result.
    if (
      /\b(?:if|order|get|do|schedule|see\s+if|whether|hope|hopefully|might|may|will|would)\s+(?:\w+\s+){0,3}$/i.test(
        before,
      )
    )
      continue;
    const verb = (m[2] ?? "").toLowerCase();
    let finding = (m[3] ?? "").trim();
    const stop = FINDING_STOP.exec(finding);
    if (stop) finding = finding.slice(0, stop.index).trim();
    finding = finding.split(/\s+/).slice(0, 10).join(" ");
    // "The echo showed an ejection fraction of 40 percent" is a reading the engine's patterns take.
    // "Shows that it's the fds": a clause, not a finding named.
    if (/^(?:that|it|it's|you|your|us|me|we|there|what|how|if|whether)\b/i.test(finding)) continue;
    if (!finding || /\b(?:ejection\s+fraction|ef|blood\s+pressure|a1c)\b/i.test(finding)) continue;
    const negated = /not|n't/.test(verb);
    const shows = negated
      ? `no ${finding.replace(/^(?:any|a|an)\s+/i, "")}`
      : /negative\s+for/.test(verb)
        ? `negative for ${finding}`
        : /positive\s+for/.test(verb)
          ? `positive for ${finding}`
          : finding;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    out.push({ name: clean(m[1] ?? ""), shows, start, end });
    taken.push([start, end]);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The reading as the clinician reads it: "Potassium 3.1 (slightly low)", "Folate: low", "Chest x-ray: no pneumonia". */
export function resultText(r: DictatedResult): string {
  // "tsh", "b12", "vitamin d": an abbreviation is written in capitals.
  const said = r.name
    .split(" ")
    .map((w) =>
      w.length <= 3 && (/\d/.test(w) || !/[aeiou]/.test(w) || w.length === 1) ? w.toUpperCase() : w,
    )
    .join(" ");
  const name = said.charAt(0).toUpperCase() + said.slice(1);
  if (r.shows) return `${name}: ${r.shows}`;
  if (r.value) return `${name} ${r.value}${r.direction ? ` (${r.direction})` : ""}`;
  return `${name}: ${r.direction}`;
}
