// A symptom the clinician is working up (a test or a referral ordered today) gets no leaflet advice to
// watch it and note how it goes: the patient's next step is the test (issue 25, session 15).
import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummaryChecked, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `w${++n}`, speaker, text }));
const run = (patient: string, clinician: string, language?: string) => {
  const checked = composeSummaryChecked(
    extractFindings(t(["patient", patient], ["clinician", clinician])),
    language ? { language } : {},
  );
  return { text: summaryText(summarySections(checked.summary)), withheld: checked.withheld };
};

describe("watch-and-wait advice beside a work-up", () => {
  it("is left out when a test or referral is ordered for the symptom", () => {
    const cases: [string, string, RegExp][] = [
      [
        "i've been seeing blood in my stool for a couple weeks",
        "i'm going to schedule you for a colonoscopy",
        /bright red or dark/i,
      ],
      [
        "i keep having this pain in my belly after i eat",
        "let's order a ct scan of your abdomen",
        /Note where it hurts/i,
      ],
      [
        "i've been having palpitations at night",
        "i'm going to refer you to cardiology",
        /Note when it happens/i,
      ],
      ["my hip pain has been really bad lately", "we'll get an mri of the hip", /Note if it hurts more/i],
    ];
    for (const [patient, clinician, leaflet] of cases) {
      const { text, withheld } = run(patient, clinician);
      expect(text).not.toMatch(leaflet);
      expect(withheld.some((w) => w.rule === "watch-beside-workup")).toBe(true);
      // A test's definition that is a sentence reads as one ("A doctor looks in your gut…").
      expect(text).not.toMatch(/It is an? \w+ (?:looks|checks|uses)\b/);
    }
    expect(run(cases[0]![0], cases[0]![1], "es").text).not.toMatch(/Fíjese/);
  });

  it("stays when nothing is being worked up, or the test is only a later possibility", () => {
    expect(run("i've been seeing blood in my stool", "drink more water and eat more fiber").text).toMatch(
      /bright red or dark/i,
    );
    expect(
      run(
        "i've been having palpitations at night",
        "if it keeps happening we might get a heart monitor later",
      ).text,
    ).toMatch(/Note when it happens/i);
  });
});

describe("watch-and-wait advice for bleeding in a patient on a blood thinner", () => {
  const visit = (medicine: string) =>
    composeSummaryChecked(
      extractFindings(
        t(
          ["patient", "i noticed some blood in my stool ."],
          ["clinician", "are you taking any medicines ?"],
          ["patient", medicine],
        ),
      ),
      {},
    );

  it("is left out: bleeding on warfarin is not something to note and wait on", () => {
    const checked = visit("i take coumadin for my atrial fibrillation .");
    expect(summaryText(summarySections(checked.summary))).not.toMatch(/bright red or dark/i);
    expect(checked.withheld.some((w) => w.rule === "watch-bleeding-on-thinner")).toBe(true);
  });

  it("stays for a patient on no blood thinner", () => {
    const checked = visit("just a multivitamin .");
    expect(summaryText(summarySections(checked.summary))).toMatch(/bright red or dark/i);
  });
});
