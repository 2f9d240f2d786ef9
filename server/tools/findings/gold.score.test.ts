import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding, FindingDetails } from "@bedside/shared";
import {
  assertsAny,
  doseMatches,
  frequencyMatches,
  goldVisitSchema,
  loadGold,
  mentions,
  normalize,
  scoreVisit,
  totals,
  type GoldVisit,
} from "./gold.score.js";
import { primockTurns } from "./primock57.reader.js";

let n = 0;
function finding(kind: Finding["kind"], text: string, details: FindingDetails = {}): Finding {
  n++;
  return { id: `f${n}`, kind, text, details, evidence: [{ segmentId: "s1", quote: text }] };
}

const visit: GoldVisit = goldVisitSchema.parse({
  id: "v1",
  reason: "follow-up of high blood pressure after an ER visit",
  reasonKeywords: [["blood pressure", "hypertension"]],
  diagnoses: [{ name: "hypertension", synonyms: ["high blood pressure"] }],
  notDiagnoses: ["covid"],
  medicines: [
    { drug: "lisinopril", synonyms: ["zestril"], status: "changed", dose: "20 mg", frequency: "once a day" },
    { drug: "metformin", status: "continued", dose: null, frequency: null },
    { drug: "ibuprofen", status: "stopped", dose: null, frequency: null, optional: true },
  ],
  plan: [
    { category: "test", text: "hemoglobin A1c", keywords: [["a1c", "hemoglobin a1c"]] },
    { category: "follow_up", text: "see again in two weeks", keywords: [["week"]] },
  ],
  alreadyDone: [{ text: "chest x-ray", keywords: [["x-ray", "xray"]] }],
  warningSigns: ["chest pain", ["shortness of breath", "short of breath"]],
});

describe("normalising numbers and units", () => {
  it("writes spelled-out numbers as digits and leaves articles alone", () => {
    expect(normalize("Twenty milligrams a day")).toBe("20 milligrams a day");
    expect(normalize("one thousand mg twice a day")).toBe("1000 mg twice a day");
    expect(normalize("two point five milligrams")).toBe("2.5 milligrams");
    expect(normalize("one hundred and twenty over eighty")).toBe("120 over 80");
    expect(normalize("three four times a day")).toBe("3 4 times a day");
    expect(normalize("twenty five milligrams")).toBe("25 milligrams");
  });

  it('takes "20 mg", "20 milligrams" and "twenty milligrams" as one dose, and not 10 mg', () => {
    expect(doseMatches("20 mg", "20 milligrams")).toBe(true);
    expect(doseMatches("20 mg", "twenty milligrams")).toBe(true);
    expect(doseMatches("20 mg", "20mg")).toBe(true);
    expect(doseMatches("1000 mg", "one thousand milligrams")).toBe(true);
    expect(doseMatches("20 mg", "10 mg")).toBe(false);
    expect(doseMatches("20 mg", "20 mcg")).toBe(false);
    expect(doseMatches("0.05%", "0.05 percent")).toBe(true);
    expect(doseMatches("0.05%", "0.1%")).toBe(false);
  });

  it("reads schedules as codes", () => {
    expect(frequencyMatches("once a day", "daily")).toBe(true);
    expect(frequencyMatches("once a day", "every morning")).toBe(true);
    expect(frequencyMatches("twice a day", "b.i.d.")).toBe(true);
    expect(frequencyMatches("twice a day", "two times daily")).toBe(true);
    expect(frequencyMatches("every 6 hours", "q.6 h.")).toBe(true);
    expect(frequencyMatches("every 6 hours", "every six hours")).toBe(true);
    expect(frequencyMatches("every 6 to 8 hours as needed", "every 6-8 hours")).toBe(true);
    expect(frequencyMatches("four times a day", "4 times daily")).toBe(true);
    expect(frequencyMatches("3 to 4 times a day", "three or four times daily")).toBe(true);
    expect(frequencyMatches("3 to 4 times a day", "4 times a day")).toBe(false);
    expect(frequencyMatches("twice a day", "daily")).toBe(false);
    expect(frequencyMatches("once a week", "weekly")).toBe(true);
    expect(frequencyMatches("once a day", "once a week")).toBe(false);
    expect(frequencyMatches("every 6 hours", "every 8 hours")).toBe(false);
    expect(frequencyMatches("as needed", "PRN")).toBe(true);
    expect(frequencyMatches("as needed", "daily")).toBe(false);
  });
});

describe("naming", () => {
  it("finds whole words with a plural, and prefixes only when asked", () => {
    expect(mentions("Influenza", "flu")).toBe(false);
    expect(mentions("Push fluids", "flu")).toBe(false);
    expect(mentions("Order X-ray of the knee", "x ray")).toBe(true);
    expect(mentions("if it does n't get better", "doesn't get better")).toBe(true);
    expect(mentions("Use crutches", "crutch")).toBe(true);
    expect(mentions("Refer to a hematologist", "hematolog")).toBe(false);
    expect(mentions("Refer to a hematologist", "hematolog*")).toBe(true);
  });

  it("does not take a negated or ruled-out condition as stated", () => {
    expect(assertsAny("No evidence of osteomyelitis", ["osteomyelitis"])).toBe(false);
    expect(assertsAny("Rule out covid", ["covid"])).toBe(false);
    expect(assertsAny("Covid infection", ["covid"])).toBe(true);
  });
});

describe("scoring a visit", () => {
  it("scores a drug with the wrong status as wrong, even with the right dose and schedule", () => {
    const s = scoreVisit(visit, [
      finding("medication", "Lisinopril 20 mg daily (started)", {
        status: "started",
        dose: "20 mg",
        frequency: "daily",
      }),
    ]);
    expect(s.medicines[0]).toMatchObject({ drug: "lisinopril", verdict: "wrong" });
    expect(s.medicines[0]?.problems).toEqual(["status started (want changed)"]);
  });

  it("scores the right drug, status, dose and schedule as right, by synonym and spelled-out dose", () => {
    const s = scoreVisit(visit, [
      finding("medication", "Zestril twenty milligrams (changed)", {
        status: "changed",
        dose: "twenty milligrams",
        frequency: "once daily",
        saidAs: "zestril",
      }),
      finding("medication", "Metformin (continued)", { status: "continued" }),
    ]);
    expect(s.medicines.map((m) => m.verdict)).toEqual(["right", "right", "absent-optional"]);
  });

  it("counts a wrong dose, a missed drug and an extra one", () => {
    const s = scoreVisit(visit, [
      finding("medication", "Lisinopril 10 mg daily (changed)", {
        status: "changed",
        dose: "10 mg",
        frequency: "daily",
      }),
      finding("medication", "Nitroglycerin (started)", { status: "started" }),
      finding("medication", "Ibuprofen (continued)", { status: "continued" }),
    ]);
    expect(s.medicines.map((m) => m.verdict)).toEqual(["wrong", "missed", "wrong"]);
    expect(s.medicines[0]?.problems).toEqual(['dose "10 mg" (want 20 mg)']);
    expect(s.extraMedicines).toEqual(["Nitroglycerin (started)"]);
    const t = totals([s]);
    expect(t.medicines).toMatchObject({ gold: 3, right: 0, wrong: 2, missed: 1, extra: 1 });
  });

  it("counts diagnoses from denials or small talk, and ones matching no gold diagnosis", () => {
    const s = scoreVisit(visit, [
      finding("assessment", "Hypertension"),
      finding("assessment", "COVID"),
      finding("assessment", "Strep throat"),
      finding("assessment", "No covid"),
    ]);
    expect(s.inventedDenied).toEqual(["COVID"]);
    expect(s.inventedUnsupported).toEqual(["Strep throat", "No covid"]);
    expect(s.diagnosesFound).toBe(1);
    expect(s.diagnosesMissed).toEqual([]);
    expect(scoreVisit(visit, [finding("assessment", "Strep throat")]).diagnosesMissed).toEqual([
      "hypertension",
    ]);
  });

  it("scores the reason, plan recall, tests ordered again and warning signs", () => {
    const s = scoreVisit(visit, [
      finding("chief_concern", "Chief concern: high blood pressure"),
      finding("plan", "Order hemoglobin A1c", { category: "test" }),
      finding("plan", "Get an x-ray", { category: "test" }),
      finding("follow_up", "Follow up", { when: "in two weeks" }),
      finding("warning_sign", "Call 911 for chest pain"),
    ]);
    expect(s.reasonRight).toBe(true);
    expect([s.planFound, s.planTotal]).toEqual([2, 2]);
    expect(s.orderedAgain).toEqual(["chest x-ray"]);
    expect([s.warningFound, s.warningTotal]).toEqual([1, 2]);

    const noReason = scoreVisit({ ...visit, reason: null, reasonKeywords: [] }, []);
    expect(noReason.reasonRight).toBeNull();
    expect(totals([s, noReason]).reason).toEqual({ right: 1, scored: 1, share: 1 });

    const wrongReason = scoreVisit(visit, [finding("chief_concern", "Chief concern: depression")]);
    expect(wrongReason.reasonRight).toBe(false);
    expect(scoreVisit(visit, []).reasonRight).toBe(false);
  });
});

describe("the gold files", () => {
  it("refuses a status outside the contract", () => {
    const bad = { ...visit, medicines: [{ drug: "x", status: "new", dose: null, frequency: null }] };
    expect(goldVisitSchema.safeParse(bad).success).toBe(false);
  });

  it("all parse, with unique ids", () => {
    const json = (dir: string) =>
      readdirSync(new URL(`./gold/${dir}`, import.meta.url))
        .filter((f) => f.endsWith(".json"))
        .map((f) => `${dir}${f}`);
    const files = [...json(""), ...json("train/")];
    expect(files).toContain("aci-valid.json");
    expect(files).toContain("train/aci-train.json");
    expect(files).toContain("train/mts-train.json");
    for (const f of files) {
      const ids = loadGold(f).visits.map((v) => v.id);
      expect(new Set(ids).size, f).toBe(ids.length);
    }
  });
});

describe("PriMock57 reader", () => {
  const grid = (tier: string, intervals: [number, number, string][]) =>
    [
      'File type = "ooTextFile"',
      'Object class = "TextGrid"',
      "item []:",
      "    item [1]:",
      '        class = "IntervalTier"',
      `        name = "${tier}"`,
      ...intervals.map(
        ([a, b, t], i) => `        intervals [${i + 1}]:\n xmin = ${a}\n xmax = ${b}\n text = "${t}"`,
      ),
    ].join("\n");

  it("interleaves the two tracks by time, joins a speaker's consecutive utterances, drops markup", () => {
    const doctor = grid("Doctor", [
      [0, 2, "Hello, how can I help?"],
      [2, 3, ""],
      [3, 4, "<UNSURE>Since</UNSURE> when?"],
      [9, 10, "Okay. <UNIN/>"],
    ]);
    const patient = grid("Patient", [[5, 8, "Since Monday, a cough."]]);
    expect(primockTurns(doctor, patient)).toEqual([
      { speaker: "doctor", text: "Hello, how can I help? Since when?" },
      { speaker: "patient", text: "Since Monday, a cough." },
      { speaker: "doctor", text: "Okay." },
    ]);
  });
});
