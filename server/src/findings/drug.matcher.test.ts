import { describe, expect, it } from "vitest";
import { drugClassOf, drugMatcher } from "./drug.matcher.js";

const found = (text: string) => drugMatcher.find(text).map((m) => [m.said, m.term]);

describe("medicine names", () => {
  it("maps brands to their generic and keeps the name as said", () => {
    expect(found("I take Synthroid and Lipitor, and Zyrtec for my allergies")).toEqual([
      ["Synthroid", "levothyroxine"],
      ["Lipitor", "atorvastatin"],
      ["Zyrtec", "cetirizine"],
    ]);
  });

  it("knows names from the generated vocabulary that the hand lexicon never listed", () => {
    expect(found("she is on Keppra and Invega")).toEqual([
      ["Keppra", "levetiracetam"],
      ["Invega", "paliperidone"],
    ]);
  });

  it("takes the longest name, across words, with a plural", () => {
    expect(found("two baby aspirins a day")).toEqual([["baby aspirins", "aspirin"]]);
  });

  it("reads a long generic one letter off, but never guesses at everyday words", () => {
    expect(found("my lisinipril and the metforman")).toEqual([
      ["lisinipril", "lisinopril"],
      ["metforman", "metformin"],
    ]);
    expect(
      found("the infection and my depression are constant, a systolic reaction to the medicine, catching"),
    ).toEqual([]);
  });

  it("never reads what a lab measures as a medicine ('your creatinine', 'aldosterone levels')", () => {
    expect(found("hey dragon, show me the creatinine")).toEqual([]);
    expect(found("i'm gon na order some morning aldosterone levels and renin levels")).toEqual([]);
    expect(found("your vitamin d level was low and your b12 deficiency")).toEqual([]);
    // The same names as medicines stay medicines.
    expect(found("start vitamin d 2000 units daily and keep up the insulin")).toEqual([
      ["vitamin d", "vitamin d"],
      ["insulin", "insulin"],
    ]);
  });

  it("says what a medicine is for by the name said or its generic", () => {
    expect(drugClassOf("levothyroxine", "Synthroid")).toBe("thyroid");
    expect(drugClassOf("tamsulosin", "Flomax")).toBe("prostate");
    expect(drugClassOf("not a drug")).toBeUndefined();
  });
});
