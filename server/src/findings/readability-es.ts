// Spanish readability: the Fernández-Huerta formula (1959, the Flesch reading ease adapted to
// Spanish) in the form textstat uses, 206.84 − 60·(syllables per word) − 1.02·(words per
// sentence), with syllables counted as textstat does, from the TeX Spanish hyphenation
// patterns (the `hyphen` package; textstat uses pyphen with the same patterns). The scale:
// 90+ muy fácil, 80–90 fácil, 70–80 bastante fácil, 60–70 normal, below that harder. The
// evaluation (`findings:report`) measures the same texts with textstat itself.
import type { HyphenationFunctionSync } from "hyphen";
import { createRequire } from "node:module";
import { splitSentences } from "./readability.js";

// The package is CommonJS with one folder per language (no exports map): required as such.
const { hyphenateSync } = createRequire(import.meta.url)("hyphen/es") as {
  hyphenateSync: HyphenationFunctionSync;
};
/** A Spanish summary as a whole scores at least this ("fácil"). */
export const MIN_SPANISH_EASE = 80;
/**
 * Each piece the summary is built from (an explanation, a generated sentence) scores at least
 * this ("bastante fácil"). The formula is meant for whole texts: on a two-word sentence one long
 * word swings it by fifty points ("Levántese despacio."), and one sentence naming a medicine
 * ("Empiece a tomar ibuprofeno cada seis horas.") is all long words while the summary around it
 * is mostly short ones. The whole summary is what must read "fácil".
 */
export const MIN_PIECE_EASE = 70;

export type SpanishLevel =
  "muy fácil" | "fácil" | "bastante fácil" | "normal" | "bastante difícil" | "difícil" | "muy difícil";

const WORD = /[\p{L}]+(?:['’-][\p{L}]+)*|\d+(?:[.,]\d+)*/gu;
const SEPARATOR = "\u00ad";

/** Syllables of one word: hyphenation points plus one; a written number reads as one. */
export function spanishSyllables(word: string): number {
  if (/^\d/.test(word)) return 1;
  return hyphenateSync(word.toLowerCase(), { hyphenChar: SEPARATOR, minWordLength: 1 }).split(SEPARATOR)
    .length;
}

function counts(sentences: string[]): { sentences: number; words: number; syllables: number } {
  let words = 0;
  let syllables = 0;
  for (const s of sentences)
    for (const w of s.match(WORD) ?? []) {
      words += 1;
      syllables += spanishSyllables(w);
    }
  return { sentences: sentences.length, words, syllables };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function ease(c: { sentences: number; words: number; syllables: number }): number {
  if (c.words === 0 || c.sentences === 0) return 100;
  return round1(206.84 - 60 * (c.syllables / c.words) - 1.02 * (c.words / c.sentences));
}

/** Fernández-Huerta of a whole text (all its sentences together), one decimal. */
export function fernandezHuerta(text: string): number {
  return ease(counts(splitSentences(text)));
}

/** True when the piece as a whole is at least "bastante fácil" (what the summary is built from). */
export function isEasySpanish(text: string): boolean {
  return fernandezHuerta(text) >= MIN_PIECE_EASE;
}

/** The Fernández-Huerta scale's words for a score. */
export function spanishLevel(score: number): SpanishLevel {
  if (score >= 90) return "muy fácil";
  if (score >= 80) return "fácil";
  if (score >= 70) return "bastante fácil";
  if (score >= 60) return "normal";
  if (score >= 50) return "bastante difícil";
  if (score >= 30) return "difícil";
  return "muy difícil";
}
