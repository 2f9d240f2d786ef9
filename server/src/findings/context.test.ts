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

  it("reads a patient's guess or doubt as no finding (audit: a 'cold' for heart failure, 'heartburn' denied)", () => {
    const cold =
      "a slight cough , and again , i'm not sure if it's just the change of seasons and i'm getting a cold .";
    expect(ctx(cold, "cold")).toEqual(["hypothetical"]);
    expect(ctx(cold, "cough")).toEqual([]);
    expect(ctx("uh , maybe . i do n't think i've ever had heartburn , so i'm not sure", "heartburn")).toEqual(
      ["negated"],
    );
    expect(ctx("i am not sure, but i think i noticed some blood in my stool", "blood in my stool")).toEqual([
      "hypothetical",
    ]);
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

describe("symptoms the patient did not affirm", () => {
  it("reads the scribe's split contractions ('do n't', 'have n't') as denials", () => {
    expect(ctx("on your skin exam i do n't see any rash", "rash")).toContain("negated");
    expect(ctx("and you have n't had a fever", "fever")).toEqual(["negated"]);
    const fs = extractFindings(
      t([
        "clinician",
        "Okay, on your skin exam I do n't see any rash, and on your heart exam I do n't hear a murmur.",
      ]),
    );
    expect(of(fs, "symptom")).toEqual([]);
    expect(of(fs, "assessment")).toEqual([]);
  });

  it("lets the scribe's split negated verb reach its object, not the rest of an unpunctuated dictation", () => {
    const s =
      "we did n't really appreciate that on physical exam i want to go ahead and start you on flomax once a day";
    expect(ctx(s, "flomax")).toEqual([]);
    expect(ctx("i don't see swelling", "swelling")).toEqual(["negated"]);
  });

  it("takes no symptom from a 'yes' to several questions that does not say which", () => {
    const fs = extractFindings(
      t(["clinician", "Any chest pain? Nausea? Vomiting?"], ["patient", "Yes."], ["clinician", "Okay."]),
    );
    expect(of(fs, "symptom")).toEqual([]);
    const list = extractFindings(
      t(["clinician", "Any chest pain, nausea or vomiting?"], ["patient", "Yeah."]),
    );
    expect(of(list, "symptom")).toEqual([]);
  });

  it("confirms only the symptom the answer names, across the questions asked", () => {
    const fs = extractFindings(
      t(["clinician", "Any chest pain? Any heartburn?"], ["patient", "Yes, the heartburn, after dinner."]),
    );
    expect(of(fs, "symptom")).toEqual(["heartburn"]);
    // One question about both, or "yes to both": both confirmed.
    const both = extractFindings(
      t(["clinician", "Are you still having the nausea and vomiting?"], ["patient", "Yes, I have been."]),
    );
    expect(of(both, "symptom").sort()).toEqual(["nausea", "vomiting"]);
    const yesToBoth = extractFindings(t(["clinician", "Any fever, chills?"], ["patient", "Yes to both."]));
    expect(of(yesToBoth, "symptom").sort()).toEqual(["chills", "fever"]);
    // One thing asked: a bare "yes" still confirms it.
    expect(of(extractFindings(t(["clinician", "Any nausea?"], ["patient", "Yes."])), "symptom")).toEqual([
      "nausea",
    ]);
  });

  it("takes nothing from a review of systems read as negative or a list of denials", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "Review of systems is negative for fever, chest pain, shortness of breath, nausea or vomiting.",
        ],
        ["clinician", "She denies heartburn, bleeding or a rash."],
        ["clinician", "Any fever? Any rash?"],
        ["clinician", "Okay, let me take a look at your knee."],
      ),
    );
    expect(of(fs, "symptom")).toEqual([]);
  });

  it("reads a question the scribe wrote without its '?' as asked, not told", () => {
    expect(ctx("okay so have you noticed any nausea chills fever", "fever")).toContain("asked");
    expect(ctx("are you having any chest pain or tightness", "chest pain")).toContain("asked");
    expect(ctx("you've had a cough for about a week", "cough")).toEqual([]);
    const fs = extractFindings(
      t(
        ["clinician", "okay now tell me have you had any chest pain or any shortness of breath"],
        ["patient", "no, not really."],
        ["clinician", "okay and do you have any other symptoms like abdominal pain nausea vomiting diarrhea"],
        ["clinician", "so you've had a cough for about a week"],
      ),
    );
    expect(of(fs, "symptom")).toEqual(["cough"]);
  });
});
