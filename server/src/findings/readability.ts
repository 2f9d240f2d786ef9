// The only place that knows which readability library we use (words/flesch-kincaid for
// the formula, words/syllable for syllable counts: both small, typed, ESM, maintained
// by the unified collective). Everything else asks this module for a grade.
import { fleschKincaid } from "flesch-kincaid";
import { syllable } from "syllable";

/** The reading level every patient-facing sentence must meet. */
export const MAX_PATIENT_GRADE = 6;

// A title's period ("Dr. Rivera") does not end a sentence.
const SENTENCE_END = /(?<!\b(?:Dr|Dra|Mr|Mrs|Ms|Mx|Sr|Sra|St))[.!?]+(?=\s|$)/;
// Words are runs of letters (with inner apostrophes/hyphens) or numbers.
const WORD = /[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*/g;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z0-9]/.test(s));
}

function counts(sentences: string[]): { sentence: number; word: number; syllable: number } {
  let words = 0;
  let syllables = 0;
  for (const s of sentences) {
    for (const w of s.match(WORD) ?? []) {
      words += 1;
      // A written number is read as at least one syllable; the library counts letters only.
      syllables += /^\d/.test(w) ? 1 : Math.max(1, syllable(w));
    }
  }
  return { sentence: sentences.length, word: words, syllable: syllables };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Flesch-Kincaid grade of a whole text (all its sentences together), one decimal. */
export function gradeLevel(text: string): number {
  const c = counts(splitSentences(text));
  if (c.word === 0) return 0;
  return round1(fleschKincaid(c));
}

/** The grade of the hardest sentence in a text: what "every sentence ≤ 6" checks. */
export function maxSentenceGrade(text: string): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of splitSentences(text)) max = Math.max(max, round1(fleschKincaid(counts([s]))));
  return Number.isFinite(max) ? max : 0;
}

/** True when every sentence of the text reads at grade 6 or below. */
export function isPlainEnough(text: string): boolean {
  return maxSentenceGrade(text) <= MAX_PATIENT_GRADE;
}
