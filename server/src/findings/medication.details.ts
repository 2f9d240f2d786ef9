// How a medicine's dose is written and its finding worded, shared by the engine, the
// reconciliation stage and the verifier (which must not import the engine).
import type { FindingDetails } from "@bedside/shared";

// Longest first: "eighty" must not be read as "eight" followed by a stray "y".
const NUMBER_WORD_VALUES: Record<string, number> = Object.fromEntries([
  ..."zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
    .split(" ")
    .map((w, i) => [w, i] as const),
  ..."twenty thirty forty fifty sixty seventy eighty ninety"
    .split(" ")
    .map((w, i) => [w, (i + 2) * 10] as const),
]);
const NUMBER_WORDS = [...Object.keys(NUMBER_WORD_VALUES), "hundred", "thousand"].sort(
  (a, b) => b.length - a.length,
);
export const NUMBER_WORD = String.raw`(?:(?:${NUMBER_WORDS.join("|")})\b)`;
/** "four hundred", "zero point four", "twenty-five". */
// "twelve . five": the scribe writes a spoken decimal point as a full stop.
export const SPOKEN_NUMBER = String.raw`(?:(?:a\s+)?${NUMBER_WORD}(?:[\s-]+(?:and\s+|point\s+|\.\s+)?${NUMBER_WORD})*)`;
/** A written or spoken amount: "1,000", "0.4", "two . five" is not one (the scribe's pause). */
export const AMOUNT = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+(?:\s?\.\s?\d+)?|${SPOKEN_NUMBER})`;
export const DOSE_UNIT = String.raw`(?:mg|m\s+g|milligrams?|mcg|micrograms?|units?|ml|milliliters?|grams?|g|puffs?|tablets?|pills?|capsules?|meq|milliequivalents?|iu|drops?|sprays?|teaspoons?|tablespoons?)`;
export const DOSE = new RegExp(String.raw`\b${AMOUNT}\s*${DOSE_UNIT}\b`, "i");
export const FREQUENCY = new RegExp(
  String.raw`\b(?:once|twice|three times|four times|one time|two times|\d\s+times)\s+(?:(?:a|per)\s+(?:day|week|month)|daily|weekly|nightly)|(?<=\b(?:mg|milligrams?|mcg|micrograms?|units?|ml|tablets?|pills?|capsules?|puffs?)\s+)(?:a|per|each)\s+(?:day|night|week)\b|\b(?:daily|nightly|weekly|every\s+(?:day|morning|night|evening|other day|${AMOUNT}\s+(?:to\s+${AMOUNT}\s+)?hours)|at\s+(?:night|bedtime)|in\s+the\s+(?:mornings?|evenings?)|as\s+needed|when\s+needed|b\.?i\.?d|t\.?i\.?d|q\.?d|prn)\b`,
  "i",
);

/**
 * How long a course lasts, said right after its dose or schedule: "for two weeks", "for 10 days",
 * "for the next five days", "for a full week", "for an additional two days", also past how it is
 * taken ("three times a day with food for ten days"), or right after the name when neither is said.
 * Not "for pain" or "for a while" (no number, no course).
 */
export const COURSE = new RegExp(
  String.raw`^[\s,]*(?:(?:with|without|after|before|by|at)\s+(?:\w+\s+){0,2}?\w+[\s,]+)?(?:and\s+)?(for\s+(?:the\s+next\s+|another\s+|about\s+|an\s+(?:additional|extra)\s+|(?:additional|extra)\s+)?(?:${AMOUNT}|a|one)\s+(?:full\s+|more\s+)?(?:days?|weeks?|months?))\b`,
  "i",
);

/** "four hundred" → 400, "zero point four" → 0.4; undefined when the words are not one number. */
export function spokenNumber(words: string): number | undefined {
  const parts = words
    .toLowerCase()
    .split(/[\s-]+/)
    .map((w) => (w === "." ? "point" : w));
  const point = parts.indexOf("point");
  if (point >= 0) {
    const whole = point === 0 ? 0 : spokenNumber(parts.slice(0, point).join(" "));
    const digits = parts.slice(point + 1).map((w) => NUMBER_WORD_VALUES[w]);
    if (whole === undefined || digits.length === 0 || digits.some((d) => d === undefined || d > 9))
      return undefined;
    return Number(`${whole}.${digits.join("")}`);
  }
  let total = 0;
  let current = 0;
  for (const w of parts) {
    if (w === "and" || w === "a") continue;
    const value = NUMBER_WORD_VALUES[w];
    if (value !== undefined) {
      // "fifty five" is 55, but "five five" or "ten twenty" are two numbers, not one.
      if (current % 10 !== 0 || (value >= 10 && current % 100 !== 0)) return undefined;
      current += value;
    } else if (w === "hundred") {
      // "five hundred five hundred" is a number said twice, not 50,500.
      if (current >= 100) return undefined;
      current = (current || 1) * 100;
    } else if (w === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
    } else return undefined;
  }
  return total + current;
}

/**
 * A dose as a clinician writes it: "four hundred milligrams" → "400 milligrams", "1,000 mg" →
 * "1000 mg", "five hundred five hundred milligrams" (said twice) → "500 milligrams", "seven fifty
 * milligrams" → "750 milligrams".
 */
export function doseText(written: string): string {
  // "ten M G": the letters of "mg" as the scribe wrote them; "2 . 5": its full stop for a point.
  const dose = written
    .trim()
    .replace(/\bm\s+g\b/i, "mg")
    .replace(/(\d)\s?\.\s?(\d)/, "$1.$2");
  const m = new RegExp(String.raw`^(${SPOKEN_NUMBER}|\d{1,3}(?:,\d{3})+)(\s*.*)$`, "i").exec(dose);
  if (!m?.[1]) return dose;
  const said = m[1];
  if (/^\d/.test(said)) return `${said.replace(/,/g, "")}${m[2] ?? ""}`;
  const words = said.split(/\s+/);
  const unit = m[2] ?? "";
  const whole = spokenNumber(words.join(" "));
  if (whole !== undefined) return `${whole}${unit}`;
  for (let i = 1; i < words.length; i++) {
    const head = spokenNumber(words.slice(0, i).join(" "));
    const tail = spokenNumber(words.slice(i).join(" "));
    if (head === undefined || tail === undefined) continue;
    // "five hundred five hundred": a number said twice is that number.
    if (head === tail) return `${tail}${unit}`;
    // "seven fifty", "one twelve": hundreds said as digit groups, as doses often are (750, 112 mcg).
    // "five ten" is more likely a false start than 510: only "one" comes before a teen.
    if (head >= 1 && head <= 19 && tail >= 20 && tail < 100) return `${head * 100 + tail}${unit}`;
    if (head === 1 && tail >= 10 && tail < 20) return `${100 + tail}${unit}`;
  }
  // Any other run of number words is left as said: its tail alone ("fifty" of "seven fifty") would
  // be a wrong dose.
  return dose;
}

/** The number in a dose ("400 milligrams" → 400), for comparing doses. */
export function doseAmount(dose: string | undefined): number | undefined {
  if (!dose) return undefined;
  const m = /\d+(?:\.\d+)?/.exec(doseText(dose));
  return m ? Number(m[0]) : undefined;
}

const sentenceCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "Synthroid (levothyroxine) 50 mcg daily (continued)": the name said, the generic where it differs. */
export function medicationText(term: string, d: FindingDetails): string {
  const name = d.saidAs ? `${sentenceCase(d.saidAs)} (${term})` : sentenceCase(term);
  const parts = [name, d.dose, d.frequency, d.duration, d.refills ? `${d.refills} refills` : undefined]
    .filter(Boolean)
    .join(" ");
  return d.status ? `${parts} (${d.status === "once" ? "given once" : d.status})` : parts;
}
