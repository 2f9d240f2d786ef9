// The vital signs the clinician read out today (issue 25, session 15), in digits or in words as a
// scribe hears them ("your blood pressure is one thirty over sixty eight , your heart rate was
// ninety eight") → "Blood pressure 130/68.", "Heart rate 98.". The numbers are read by the
// findings' own spoken-number reader (`doseText`, reused). Only the clinician's statements about
// today: a question, a target ("we want it under one thirty"), a reading from home, the ER or
// last time is none, and a value outside what a body can show is left out, never charted.
import type { Transcript } from "@bedside/shared";
import { AMOUNT, doseText, NUMBER_WORD } from "../findings/medication.details.js";

/** "ninety seven . seven": the scribe heard the point as a pause. */
const SPOKEN_DECIMAL = new RegExp(String.raw`\b(${NUMBER_WORD})\s+\.\s+(${NUMBER_WORD})`, "gi");

export interface VitalSign {
  /** "Blood pressure 130/68", "Heart rate 98". */
  text: string;
  segmentId: string;
}

interface VitalRule {
  name: string;
  re: RegExp;
  /** Whether the value can be this vital's. */
  plausible: (values: number[]) => boolean;
  format: (values: number[]) => string;
}

/** Words that may stand between a vital's name and its value. */
const BETWEEN = String.raw`(?:\s+(?:is|was|were|are|of|at|about|around|today|right\s+now|here|came\s+in\s+at|reading|measured|checked|in\s+the\s+office|it|it's|looks|looked|like|a\s+little|slightly|pretty|really|very|elevated|high|low|normal|good|fine|okay))*\s+`;
/** Said of this visit's own reading: it wins over one said without ("…was two hundred over ninety", the ER's). */
const TODAY = /\b(?:today|in\s+the\s+office|right\s+now|this\s+morning|here)\b/i;
const VALUE = `(${AMOUNT})`;

const RULES: VitalRule[] = [
  {
    name: "blood pressure",
    re: new RegExp(String.raw`\b(?:blood\s+pressure|bp)${BETWEEN}${VALUE}\s*(?:over|/)\s*${VALUE}`, "i"),
    plausible: ([s = 0, d = 0]) => s >= 70 && s <= 250 && d >= 40 && d <= 150 && s > d,
    format: ([s, d]) => `Blood pressure ${s}/${d}`,
  },
  {
    name: "heart rate",
    re: new RegExp(
      String.raw`\b(?:heart\s+rate|pulse(?!\s+ox))${BETWEEN}${VALUE}(?!\s*(?:over|/|percent|%))`,
      "i",
    ),
    plausible: ([v = 0]) => v >= 30 && v <= 200,
    format: ([v]) => `Heart rate ${v}`,
  },
  {
    name: "respiratory rate",
    re: new RegExp(String.raw`\b(?:respiratory\s+rate|respirations|breathing\s+rate)${BETWEEN}${VALUE}`, "i"),
    plausible: ([v = 0]) => v >= 8 && v <= 40,
    format: ([v]) => `Respiratory rate ${v}`,
  },
  {
    name: "temperature",
    re: new RegExp(String.raw`\b(?:temperature|temp)${BETWEEN}${VALUE}`, "i"),
    plausible: ([v = 0]) => (v >= 95 && v <= 106) || (v >= 35 && v <= 41),
    format: ([v]) => `Temperature ${v}`,
  },
  {
    name: "oxygen saturation",
    re: new RegExp(
      String.raw`\b(?:oxygen(?:\s+(?:level|saturation|sat))?|o2\s+sat(?:uration)?|spo2|pulse\s+ox|sats?|saturation)${BETWEEN}${VALUE}\s*(?:%|percent)`,
      "i",
    ),
    plausible: ([v = 0]) => v >= 70 && v <= 100,
    format: ([v]) => `Oxygen saturation ${v}%`,
  },
];

/** Not today's reading, or not a reading at all. */
const NOT_TODAY =
  /\b(?:at\s+home|home\s+readings?|in\s+the\s+(?:er|emergency\s+room|hospital|ambulance)|last\s+(?:time|visit|week|month)|yesterday|used\s+to|goal|target|under|below|less\s+than|above|keep\s+(?:it|your)|want\s+(?:it|your|to\s+see)|should\s+be|if\b|when\s+it)\b/i;

/** A number as said, in digits: "one thirty" → 130, "ninety eight" → 98, "97.7" → 97.7. */
function numberOf(said: string): number | undefined {
  const text = doseText(said.trim());
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * The vital signs read out today, one per kind (the first said, or the first said to be today's),
 * each with the turn it came from.
 */
export function vitalSigns(transcript: Transcript): VitalSign[] {
  const out: (VitalSign & { today: boolean })[] = [];
  const found = new Map<string, number>();
  for (const seg of transcript) {
    if (seg.speaker !== "clinician") continue;
    // Clauses: a reading is said in one ("…, your heart rate was ninety eight and your …").
    const clauses = seg.text
      .toLowerCase()
      .replace(SPOKEN_DECIMAL, "$1 point $2")
      // "one oh one point two" is 101.2, as a temperature is read aloud.
      .replace(/\bone\s+oh\s+(?=(?:one|two|three|four|five|six|seven|eight|nine)\b)/g, "one hundred ")
      .replace(/\s+([,.?!;])(?=\s|$)/g, "$1")
      .split(/(?<=[?!;])\s+|(?<=[a-z]\.)\s+|,\s+(?:and\s+)?|\s+and\s+(?=(?:your|the|her|his)\b)/);
    for (const clause of clauses) {
      if (/\?\s*$/.test(clause)) continue;
      for (const rule of RULES) {
        const earlier = found.get(rule.name);
        if (earlier !== undefined && out[earlier]?.today) continue;
        const m = rule.re.exec(clause);
        if (!m) continue;
        if (NOT_TODAY.test(clause.slice(0, m.index + m[0].length + 20))) continue;
        const values = [m[1], m[2]].filter((v): v is string => v !== undefined).map(numberOf);
        if (values.some((v) => v === undefined)) continue;
        const nums = values as number[];
        if (!rule.plausible(nums)) continue;
        const reading = { text: rule.format(nums), segmentId: seg.id, today: TODAY.test(clause) };
        if (earlier === undefined) {
          found.set(rule.name, out.length);
          out.push(reading);
        } else if (reading.today) out[earlier] = reading;
      }
    }
  }
  return out.map(({ text, segmentId }) => ({ text, segmentId }));
}
