import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `l${++n}`, speaker, text }));
const meds = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "medication").map((f) => f.text);
const plans = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "plan").map((f) => f.text);

describe("a name as the object of a test verb is a lab, whatever the name", () => {
  it.each([
    ["i'm going to send off a calcium and a phosphorus today .", "Order calcium level"],
    ["and i want to test your lithium since you've been on it a while .", "Order lithium level"],
  ])("%s → %s, no medicine", (sentence, order) => {
    const fs = extractFindings(t(["clinician", sentence]));
    expect(meds(fs)).toEqual([]);
    expect(plans(fs)).toEqual([order]);
  });

  // Read as no medicine; no test order is written from these yet (the plan's test lexicon lacks the names).
  it.each(["we'll draw a calcium before you leave .", "let's check your lithium while you're here ."])(
    "%s: no medicine",
    (sentence) => expect(meds(extractFindings(t(["clinician", sentence])))).toEqual([]),
  );

  it.each([
    [
      "i want you to start lithium 300 milligrams twice a day .",
      "Lithium 300 milligrams twice a day (started)",
    ],
    ["check the lithium dose on your bottle , and keep taking it .", "Lithium"],
  ])("%s: the medicine stays a medicine", (sentence, med) => {
    const fs = extractFindings(t(["clinician", sentence]));
    expect(meds(fs)[0]).toMatch(new RegExp(`^${med.replace(/[()]/g, "\\$&")}`));
  });

  it("reads a dose in milliequivalents", () => {
    const fs = extractFindings(t(["clinician", "i want you to start potassium chloride 20 meq daily ."]));
    expect(meds(fs)).toEqual(["Potassium chloride 20 meq daily (started)"]);
  });
});

describe("a name that is the subject of a dictated result is a lab, not a medicine (session 15)", () => {
  it.each([
    ["your thyroid stimulating hormone was on the low side .", "Thyroid stimulating hormone: slightly low"],
    ["your folate came back low at three .", "Folate 3 (low)"],
    ["your b12 and folate came back normal .", "Folate: normal"],
    ["your vitamin d was quite low at twelve .", "Vitamin D 12 (very low)"],
  ])("%s → %s, no medicine", (sentence, reading) => {
    const fs = extractFindings(t(["clinician", sentence]));
    expect(meds(fs)).toEqual([]);
    expect(fs.filter((f) => f.kind === "measurement").map((f) => f.text)).toContain(reading);
  });

  it("the same name started in the next clause is a medicine", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "your vitamin d came back low at 18 , so i want you to start vitamin d 2000 units daily .",
      ]),
    );
    expect(meds(fs).join(" ")).toMatch(/^Vitamin d.*2000 units daily \(started\)/i);
  });
});

describe("a vitamin the clinician follows with labs is a test, not a medicine to continue (session 15)", () => {
  it.each([
    ["we'll continue to monitor your folate .", ["Order folate level"]],
    ["let's continue following the folate and b12 .", ["Order folate level", "Order vitamin B12 level"]],
    ["and we'll keep an eye on her vitamin d .", ["Order vitamin D level"]],
  ])("%s → %j, no medicine", (sentence, orders) => {
    const fs = extractFindings(t(["clinician", sentence]));
    expect(meds(fs)).toEqual([]);
    expect(plans(fs)).toEqual(orders);
  });

  it.each([
    ["your folate was fine last time .", "Folate: normal"],
    ["and the b12 came back okay .", "B12: normal"],
  ])("%s → %s, no medicine", (sentence, reading) => {
    const fs = extractFindings(t(["clinician", sentence]));
    expect(meds(fs)).toEqual([]);
    expect(fs.filter((f) => f.kind === "measurement").map((f) => f.text)).toEqual([reading]);
  });

  it.each(["your throat looks fine .", "your knee was fine on exam .", "your heart is okay ."])(
    "%s: no result",
    (sentence) => {
      expect(extractFindings(t(["clinician", sentence])).filter((f) => f.kind === "measurement")).toEqual([]);
    },
  );

  it("continue your folic acid with a dose is the medicine", () => {
    const fs = extractFindings(t(["clinician", "continue your folic acid one milligram daily ."]));
    expect(meds(fs)).toEqual(["Folic acid 1 milligram daily (continued)"]);
  });
});

describe("vitamins ordered as blood tests in a list are ordered (session 15)", () => {
  it.each([
    [
      "we're going to check a cbc , iron , b12 and folate today .",
      ["Order vitamin B12 level", "Order folate level"],
    ],
    [
      "i'd like to get a folate and b12 with your next labs .",
      ["Order folate level", "Order vitamin B12 level"],
    ],
  ])("%s", (sentence, orders) => {
    const fs = extractFindings(t(["clinician", sentence]));
    expect(meds(fs)).toEqual([]);
    for (const o of orders) expect(plans(fs)).toContain(o);
  });

  it('a recheck after a medicine\'s course, as heard ("then recheck to the cbc"), orders the vitamins as tests', () => {
    const fs = extractFindings(
      t([
        "clinician",
        "keep taking the iron with orange juice for the next 12 weeks , then recheck to the cbc , iron , ferritin , b12 , and folate .",
      ]),
    );
    expect(meds(fs).join(" ")).not.toMatch(/b12|fol/i);
    expect(plans(fs).join(" ")).not.toMatch(/Continue (?:vitamin b12|folic)/i);
    for (const o of ["Order vitamin B12 level", "Order folate level"]) expect(plans(fs)).toContain(o);
  });

  it("a vitamin the patient takes and the clinician rechecks: the medicine, and the test ordered, not a plan to continue it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "do you take any vitamins ?"],
        ["patient", "yeah , i take vitamin b12 , just the over the counter stuff ."],
        [
          "clinician",
          "keep taking the iron for 12 weeks , then we'll recheck the cbc , iron , b12 , and folate .",
        ],
      ),
    );
    expect(meds(fs).join(" ")).toMatch(/B12/);
    expect(plans(fs)).toContain("Order vitamin B12 level");
    expect(plans(fs).join(" ")).not.toMatch(/Continue vitamin b12/i);
  });

  it.each(["if you're tired we could check a b12 at some point .", "should we check my b12 ?"])(
    "%s: no order",
    (sentence) => {
      const fs = extractFindings(t([sentence.startsWith("should") ? "patient" : "clinician", sentence]));
      expect(plans(fs).join(" ")).not.toMatch(/B12/);
    },
  );
});
