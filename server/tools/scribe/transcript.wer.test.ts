import { describe, expect, it } from "vitest";
import { normaliseForWer, werCounts, wordErrorRate } from "./transcript.wer.js";

describe("normaliseForWer", () => {
  it("lower-cases, drops markers and punctuation, keeps apostrophes inside words", () => {
    expect(normaliseForWer("<s> Mr. Smith's  <UNSURE>knee</UNSURE>, [NOISE] 'hurts'! </s>")).toEqual([
      "mister",
      "smith's",
      "knee",
      "hurts",
    ]);
  });
});

describe("werCounts", () => {
  it("counts substitutions, deletions and insertions of a known alignment", () => {
    // ref: a b c d ; hyp: a x c d e → 1 substitution (b→x), 1 insertion (e)
    expect(werCounts(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"])).toEqual({
      substitutions: 1,
      deletions: 0,
      insertions: 1,
      referenceWords: 4,
    });
    expect(werCounts(["a", "b", "c"], ["a"])).toEqual({
      substitutions: 0,
      deletions: 2,
      insertions: 0,
      referenceWords: 3,
    });
  });

  it("gives WER 0 for equal texts, 1 for everything wrong, and handles empty texts", () => {
    expect(wordErrorRate("He was not an ill-disposed man", "he was not an ill disposed man")).toBe(0);
    expect(wordErrorRate("one two", "three four")).toBe(1);
    expect(wordErrorRate("", "")).toBe(0);
    expect(wordErrorRate("", "noise")).toBe(1);
    expect(wordErrorRate("one two three four", "one three four")).toBe(0.25);
  });
});
