import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `o${++n}`, speaker, text }));
const med = (fs: Finding[]): Finding | undefined => fs.find((f) => f.kind === "medication");

describe("a dose and schedule given for a medicine taken over the counter (session 15)", () => {
  it.each([
    [
      "i've been taking some ibuprofen , like two advil here and there .",
      "okay . i'm going to have you take ibuprofen six hundred milligrams every six hours with food for one week .",
      "600 milligrams",
      "every six hours",
    ],
    [
      "i take motrin when my back acts up .",
      "okay , let's make that motrin eight hundred milligrams three times a day for the next ten days .",
      "800 milligrams",
      "three times a day",
    ],
    [
      "tylenol , it helps a little .",
      "i'd like you to take tylenol one thousand milligrams every eight hours , scheduled .",
      "1000 milligrams",
      "every eight hours",
    ],
    [
      "i'm taking ibuprofen over the counter .",
      "i'm going to prescribe you a stronger ibuprofen , eight hundred milligrams , take it three times a day .",
      "800 milligrams",
      "three times a day",
    ],
  ])("%s / %s: changed to the new dose, its schedule kept", (use, order, dose, frequency) => {
    const fs = extractFindings(
      t(["clinician", "what have you taken for it ?"], ["patient", use], ["clinician", order]),
    );
    const m = med(fs);
    expect(m?.details.status).toBe("changed");
    expect(m?.details.dose).toBe(dose);
    expect(m?.details.frequency).toBe(frequency);
    expect(m?.details.uncertain).toBeUndefined();
    const summary = summaryText(summarySections(composeSummary(fs)));
    expect(summary).not.toMatch(/you take it now|keep taking|ask us if you should take it/i);
  });

  it.each([
    [
      "i take a baby aspirin every day .",
      "okay , so i see you're on aspirin eighty-one milligrams once a day .",
    ],
    [
      "i take ibuprofen sometimes for my knee .",
      "okay , continue the ibuprofen four hundred milligrams up to three times a day as needed .",
    ],
    ["i take lisinopril .", "i'll send in lisinopril ten milligrams once a day for you ."],
  ])("%s / %s: what is read back, continued or refilled stays continued", (use, said) => {
    const fs = extractFindings(t(["patient", use], ["clinician", said]));
    expect(med(fs)?.details.status).toBe("continued");
  });
});

describe("a schedule said right before the medicine's name (session 15)", () => {
  it.each([
    ["he'll continue his home exercise program as well as twice a day gabapentin .", "twice a day"],
    ["continue the once daily lisinopril , ten milligrams .", "once daily"],
    ["she takes her twice a week methotrexate on mondays and thursdays .", "twice a week"],
  ])("%s → %s", (sentence, frequency) => {
    expect(med(extractFindings(t(["clinician", sentence])))?.details.frequency).toBe(frequency);
  });

  it("not across a sentence", () => {
    const fs = extractFindings(t(["clinician", "we talked about it twice a day . and metformin is fine ."]));
    expect(med(fs)?.details.frequency).toBeUndefined();
  });
});

describe("a prescription's schedule told right after it (session 15)", () => {
  it.each([
    [
      "i'm going to prescribe motrin eight hundred milligrams . you can take that every eight hours with food .",
      "every eight hours",
    ],
    [
      "i'll write for motrin 800 mg . take one tablet three times a day for the next week .",
      "three times a day",
    ],
    ["i'm prescribing naproxen five hundred milligrams and you'll take it twice a day .", "twice a day"],
  ])("%s → %s", (turn, frequency) => {
    const m = med(extractFindings(t(["clinician", turn])));
    expect(m?.details.status).toBe("started");
    expect(m?.details.frequency).toBe(frequency);
    expect(m?.details.uncertain).toBeUndefined();
  });

  it("not the schedule of another medicine named in the next sentence", () => {
    const m = med(
      extractFindings(
        t([
          "clinician",
          "i'm going to prescribe motrin eight hundred milligrams . and take the tylenol every six hours .",
        ]),
      ),
    );
    expect(m?.term).toBe("ibuprofen");
    expect(m?.details.frequency).toBeUndefined();
  });
});

describe("a medicine the patient took before but not now (session 15)", () => {
  it.each([
    [["patient", "i was taking vitamin c but i ran out last week ."]],
    [
      ["clinician", "do you take any supplements ?"],
      ["patient", "vitamin c in the winter , not right now ."],
    ],
    [["patient", "i used melatonin for a while but i stopped , it gave me weird dreams ."]],
  ] as [Transcript[number]["speaker"], string][][])(
    "%j: not taking now, never 'you take it now'",
    (...turns) => {
      const fs = extractFindings(t(...turns));
      expect(med(fs)?.details.status).toBe("stopped");
      expect(med(fs)?.details.uncertain).toBeUndefined();
      expect(summaryText(summarySections(composeSummary(fs)))).not.toMatch(/you take it now|keep taking/i);
    },
  );

  it("still taking it stays taken", () => {
    const fs = extractFindings(t(["patient", "i've been taking vitamin c since i got sick ."]));
    expect(med(fs)?.details.status).toBe("continued");
  });
});
