import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { answerPolarity, contextOf, isPseudoMention } from "./context.js";

const at = (text: string, word: string) => {
  const start = text.toLowerCase().indexOf(word);
  return { start, end: start + word.length };
};
const ctx = (text: string, word: string) => [...contextOf(text, at(text, word))].sort();

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `c${++n}`, speaker, text }));
}
const of = (fs: Finding[], kind: Finding["kind"]): string[] =>
  fs.filter((f) => f.kind === kind).map((f) => f.term ?? f.text);

describe("context rules", () => {
  it("negates forward within the clause and stops at a new clause", () => {
    const s = "no fever or chills but a cough since monday";
    expect(ctx(s, "fever")).toEqual(["negated"]);
    expect(ctx(s, "chills")).toEqual(["negated"]);
    expect(ctx(s, "cough")).toEqual([]);
  });

  it("negates backward what went away or came back normal", () => {
    expect(ctx("the rash went away last week", "rash")).toEqual(["negated"]);
    expect(ctx("your chest x-ray came back normal", "x-ray")).toEqual(["negated"]);
  });

  it("marks talk about the world or another person as not the patient's", () => {
    expect(ctx("covid has been going around at work", "covid")).toEqual(["other_person"]);
    expect(ctx("my mom has diabetes", "diabetes")).toEqual(["other_person"]);
    expect(ctx("a lot of people have the flu right now", "flu")).toEqual(["other_person"]);
  });

  it("marks history and hypotheticals", () => {
    const s = "a past medical history significant for depression who presents with high blood pressure";
    expect(ctx(s, "depression")).toContain("historical");
    expect(ctx("we'll do a swab to see if it's strep", "strep")).toEqual(["hypothetical"]);
  });

  it("reads a mention inside a pseudo-trigger as no mention", () => {
    const s = "push fluids and strain your urine";
    expect(isPseudoMention(s, at(s, "strain"))).toBe(true);
    const v = "you've completed your covid vaccine";
    expect(isPseudoMention(v, at(v, "covid"))).toBe(true);
    expect(ctx("there was no change in the swelling", "swelling")).toEqual([]);
  });

  it("reads an answer's polarity past fillers, and 'I have not' as a no", () => {
    expect(answerPolarity("I have not.")).toBe("no");
    expect(answerPolarity("um, i did not")).toBe("no");
    expect(answerPolarity("I'm not sure")).toBe("no");
    expect(answerPolarity("uh, yeah, a little")).toBe("yes");
    expect(answerPolarity("I have, a few times")).toBe("yes");
    expect(answerPolarity("it comes and goes")).toBe("unclear");
  });
});

describe("the engine with the context rules", () => {
  it("takes no symptom from 'I have not' or 'I did not'", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Have you had any fever or chills?"],
        ["patient", "I have not."],
        ["clinician", "Any nausea?"],
        ["patient", "Um, I did not have any of that."],
      ),
    );
    expect(of(fs, "symptom")).toEqual([]);
  });

  it("confirms only what a 'yes' does not deny in the same breath", () => {
    const fs = extractFindings(
      t(["clinician", "Any fever or chills?"], ["patient", "Yeah, some chills at night but no fever."]),
    );
    expect(of(fs, "symptom")).toEqual(["chills"]);
  });

  it("invents no diagnosis from small talk, a vaccine, or 'strain your urine'", () => {
    const fs = extractFindings(
      t(
        ["clinician", "I think covid has been going around the office lately."],
        ["clinician", "So you've had your covid vaccine, that's great."],
        ["clinician", "I think this is a kidney stone, so I want you to push fluids and strain your urine."],
      ),
    );
    expect(of(fs, "assessment")).toEqual(["kidney stones"]);
  });

  it("reads 'we'll test you for covid and strep' and a question as no diagnosis", () => {
    const fs = extractFindings(
      t(
        ["clinician", "So you've got a sore throat. Any chance you've been around someone with strep?"],
        ["patient", "Not that I know of."],
        ["clinician", "Okay, I think we should test you for covid and strep just to be safe."],
      ),
    );
    expect(of(fs, "assessment")).toEqual([]);
  });

  it("keeps a long family history list off the patient's problems", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "And for your family history, it looks like there's high blood pressure, diabetes, thyroid disease and kidney disease.",
      ]),
    );
    expect(of(fs, "assessment")).toEqual([]);
  });
});
