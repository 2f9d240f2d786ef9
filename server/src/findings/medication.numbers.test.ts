// Numbers a patient reads: the dose and schedule on the right medicine, as said.
import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { verifyFindings } from "./verifier.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `n${++n}`, speaker, text }));
}
const med = (fs: Finding[], term: string) => fs.find((f) => f.kind === "medication" && f.term === term);

describe("schedules as said", () => {
  it("reads 'twice daily' whole, never as 'daily' (half the doses)", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "for your heart we are gon na have you continue your plavix seventy five milligrams twice daily and your aspirin eighty one milligrams daily",
      ]),
    );
    expect(med(fs, "clopidogrel")?.details).toMatchObject({
      dose: "75 milligrams",
      frequency: "twice daily",
    });
    expect(med(fs, "aspirin")?.details).toMatchObject({ dose: "81 milligrams", frequency: "daily" });
    expect(med(fs, "clopidogrel")?.text).toContain("twice daily");
  });

  it("writes a dose said twice once ('five hundred five hundred milligrams' is 500)", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i am gon na start you on keflex five hundred five hundred milligrams four times a day",
      ]),
    );
    expect(med(fs, "cephalexin")?.details).toMatchObject({
      dose: "500 milligrams",
      frequency: "four times a day",
      status: "started",
    });
  });

  it("reads 'a day' right after a dose as the schedule, and not elsewhere", () => {
    const fs = extractFindings(
      t(["clinician", "i also wan na start you on some lasix , you know , 20 milligrams a day ."]),
    );
    expect(med(fs, "furosemide")?.details).toMatchObject({ dose: "20 milligrams", frequency: "a day" });
    const other = extractFindings(t(["patient", "i take my tylenol and walk a day or two a week"]));
    expect(med(other, "acetaminophen")?.details.frequency).toBeUndefined();
  });

  it("takes the schedule said in full after a bare 'a day' ('… a day, you can take that twice a day')", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i'm gon na prescribe you a stronger nsaid so naproxen five hundred milligrams a day you can take that twice a day as needed for the knee",
      ]),
    );
    expect(med(fs, "naproxen")?.details.frequency).toBe("twice a day as needed");
  });

  it("keeps the interval with 'as needed' ('as needed every six hours')", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i'm also gon na order you some ultram 50 milligrams as needed every six hours for pain .",
      ]),
    );
    expect(med(fs, "tramadol")?.details.frequency).toBe("every six hours as needed");
  });

  it("reads a schedule said in digits ('2 times a day')", () => {
    const fs = extractFindings(t(["clinician", "start amoxicillin 500 mg 2 times a day for ten days."]));
    expect(med(fs, "amoxicillin")?.details).toMatchObject({ dose: "500 mg", frequency: "2 times a day" });
  });
});

describe("a dose said before the name", () => {
  it("reads 'eight hundred milligrams of ibuprofen' as the ibuprofen's dose, and only its own", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "I've prescribed eight hundred milligrams of Ibuprofen to be taken every eight hours as needed along with Tylenol every six hours as needed.",
      ]),
    );
    expect(med(fs, "ibuprofen")?.details).toMatchObject({
      dose: "800 milligrams",
      frequency: "every eight hours as needed",
      status: "started",
    });
    expect(med(fs, "acetaminophen")?.details.dose).toBeUndefined();
  });
});

describe("a lab is not a medicine", () => {
  it("orders aldosterone levels as a test, never 'Start aldosterone'", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "so first order will be a renal artery ultrasound and then i'm gon na order some morning aldosterone levels and a twenty four hour urine",
      ]),
    );
    expect(med(fs, "aldosterone")).toBeUndefined();
    expect(fs.some((f) => /aldosterone/i.test(f.text) && f.kind === "medication")).toBe(false);
  });
});

describe("doses said as digit groups", () => {
  it("reads 'seven fifty milligrams' as 750, never 50", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "and finally, i'm prescribing methocarbamol seven fifty milligrams which needs to be taken four times a day.",
      ]),
    );
    expect(med(fs, "methocarbamol")?.details).toMatchObject({
      dose: "750 milligrams",
      frequency: "four times a day",
      status: "started",
    });
  });

  it("leaves a run of number words that is no one dose as said ('five ten milligrams')", () => {
    const fs = extractFindings(t(["clinician", "start prednisone five ten milligrams daily"]));
    expect(med(fs, "prednisone")?.details.dose).not.toMatch(/^\d/);
  });
});

describe("the regimen the clinician corrects to", () => {
  it("reports the schedule said last ('once a day … no, actually … twice a day last visit')", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "how about your metformin are you still taking the five hundred milligrams once a day no actually it looks like we increased your metformin to five hundred milligrams twice a day last visit are you still taking that",
        ],
        ["patient", "yes i am"],
        ["clinician", "for your diabetes let's continue you on the metformin"],
      ),
    );
    expect(med(fs, "metformin")?.details).toMatchObject({
      status: "continued",
      dose: "500 milligrams",
      frequency: "twice a day",
    });
  });
});

describe("readings", () => {
  const readings = (fs: Finding[]) => fs.filter((f) => f.kind === "measurement").map((f) => f.text);

  it("reads no A1c from an order of one beside a 'chem-12'", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "let's continue you on the metformin five hundred milligrams i am going to order a hemoglobin a1c and also a cbc and a chem-12 to check your blood chemistries",
      ]),
    );
    expect(readings(fs)).toEqual([]);
  });

  it("reads the A1c said, not the months until the next one", () => {
    const fs = extractFindings(
      t(["clinician", "your a1c came back at 8 ."], ["clinician", "we'll recheck your a1c in 3 months ."]),
    );
    expect(readings(fs)).toEqual(["Hemoglobin a1c 8%"]);
  });

  it("never reads the target said beside a result as the patient's reading", () => {
    const fs = extractFindings(t(["clinician", "the good cholesterol should be over 50 , and it was 44 ."]));
    expect(readings(fs)).not.toContain("Cholesterol 50");
  });

  it("gives each reading its own number when one sentence names several", () => {
    const fs = extractFindings(
      t(["clinician", "your a1c and your ldl was 95 , and your heart rate was 88 ."]),
    );
    expect(readings(fs)).toContain("Heart rate 88");
    expect(readings(fs).some((x) => /a1c/i.test(x))).toBe(false);
  });
});

describe("the dose's own words are cited", () => {
  it("cites the order that says the dose, so a dose said right is not marked 'not sure'", () => {
    const said = t(
      [
        "clinician",
        "i wan na just continue you on your current medications , your lisinopril and your lasix .",
      ],
      ["clinician", "do you need a refill of the lisinopril ?"],
      ["patient", "actually , i do ."],
      ["clinician", "and the lisinopril is not giving you a cough ?"],
      ["patient", "no , it's fine ."],
      ["clinician", "hey dragon , order a refill of lisinopril 20 milligrams once a day ."],
    );
    const f = med(verifyFindings(extractFindings(said), said).findings, "lisinopril");
    expect(f?.details).toMatchObject({ status: "continued", dose: "20 milligrams" });
    expect(f?.details.uncertain).toBeUndefined();
  });
});

describe("a dose said around the name, as the training dialogues say it", () => {
  const verified = (...turns: [Transcript[number]["speaker"], string][]) => {
    const said = t(...turns);
    return verifyFindings(extractFindings(said), said).findings;
  };

  it("reads past the same drug named again ('atorvastatin, you might call it lipitor, eighty milligrams')", () => {
    const fs = verified([
      "clinician",
      "continue on that high dose statin that atorvastatin you might call it lipitor eighty milligrams daily and then also continue on that toprol fifty milligrams daily okay",
    ]);
    expect(med(fs, "atorvastatin")?.details).toMatchObject({ dose: "80 milligrams", frequency: "daily" });
    // "might" names the drug here; it does not make the next one hypothetical.
    expect(med(fs, "metoprolol")?.details).toMatchObject({ dose: "50 milligrams", frequency: "daily" });
  });

  it("reads a strength said before the name without its unit, and never a count of tablets", () => {
    const fs = verified(
      ["clinician", "for your diabetes we'll keep you on the five hundred of metformin"],
      [
        "clinician",
        "for your hypertension i'm gon na keep you on that two . five norvasc , no changes there",
      ],
    );
    expect(med(fs, "metformin")?.details.dose).toBe("500");
    expect(med(fs, "amlodipine")?.details).toMatchObject({ dose: "2.5" });
    expect(med(fs, "amlodipine")?.details.uncertain).toBeUndefined();
    const pills = verified(["patient", "i take the two metformin in the morning"]);
    expect(med(pills, "metformin")?.details.dose).toBeUndefined();
  });

  it("reads the scribe's 'twelve . five milligrams' as 12.5, in one sentence", () => {
    const fs = verified([
      "clinician",
      "i do want to add aldactone twelve . five milligrams daily and then you'll need to get labs next week",
    ]);
    expect(med(fs, "spironolactone")?.details).toMatchObject({ dose: "12.5 milligrams", frequency: "daily" });
  });

  it("gives a schedule said once after a list of names to each of them", () => {
    const fs = verified([
      "patient",
      "i take crestor and olmesartan daily and then tylenol for occasional pain .",
    ]);
    expect(med(fs, "rosuvastatin")?.details.frequency).toBe("daily");
    expect(med(fs, "olmesartan")?.details.frequency).toBe("daily");
    const own = verified(["patient", "i take lisinopril and metformin 500 mg twice a day"]);
    expect(med(own, "lisinopril")?.details.frequency).toBeUndefined();
  });

  it("takes the dose and schedule told in the answer or the sentences right after the name", () => {
    const benicar = verified(["clinician", "Are you taking Benicar?"], ["patient", "Yes, twenty daily."]);
    expect(med(benicar, "olmesartan")?.details).toMatchObject({ dose: "20", frequency: "daily" });
    const citalopram = verified(
      ["clinician", "Are you taking Citalopram for depression?"],
      ["patient", "Yes, I take it once a day."],
      ["patient", "It is ten M G tablet."],
    );
    expect(med(citalopram, "citalopram")?.details).toMatchObject({ dose: "10 mg", frequency: "once a day" });
    const plaquenil = verified(
      ["clinician", "Have you been taking your Plaquenil for lupus, ma'am?"],
      ["patient", "Yeah, I am."],
      ["clinician", "Your prescription is two hundred M G twice a day, correct?"],
      ["patient", "Yeah, that's it."],
    );
    expect(med(plaquenil, "hydroxychloroquine")?.details).toMatchObject({
      dose: "200 mg",
      frequency: "twice a day",
    });
    expect(med(plaquenil, "hydroxychloroquine")?.details.uncertain).toBeUndefined();
  });

  it("takes a dose asked about only with its yes", () => {
    const asked = (answer: string) =>
      verified(
        ["clinician", "Do you take anything for acid reflux?"],
        ["patient", "Yeah, I take Aciphex."],
        ["clinician", "Is that twenty M G once a day?"],
        ["patient", answer],
      );
    expect(med(asked("It is."), "rabeprazole")?.details).toMatchObject({
      dose: "20 mg",
      frequency: "once a day",
    });
    expect(med(asked("No, forty now."), "rabeprazole")?.details.dose).toBeUndefined();
  });
});

describe("an order that goes on in the next sentence", () => {
  it("reads the dose of 'we'll get you some motrin. uh, we'll give you 600 milligrams every six hours' as a change to the ibuprofen taken (audit D2N072)", () => {
    const said = t(
      ["patient", "uh , and then i- i've been taking ibuprofen , but it's still very painful ."],
      [
        "clinician",
        "so , i would recommend we get you a splint and we'll get you some motrin . uh , we'll give you 600 milligrams every six hours and we'll take that for about a week .",
      ],
    );
    const f = med(verifyFindings(extractFindings(said), said).findings, "ibuprofen");
    expect(f?.details).toMatchObject({
      status: "changed",
      dose: "600 milligrams",
      frequency: "every six hours",
    });
    expect(f?.details.uncertain).toBeUndefined();
  });
});
