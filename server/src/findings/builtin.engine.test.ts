import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings, spokenNumber } from "./builtin.engine.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `s${++n}`, speaker, text }));
}
const of = (fs: Finding[], kind: Finding["kind"]): string[] =>
  fs.filter((f) => f.kind === kind).map((f) => f.term ?? f.text);

describe("built-in findings engine", () => {
  it("does not report negated symptoms, and keeps the affirmed ones", () => {
    const fs = extractFindings(t(["patient", "I have no chest pain, but I've had a cough for three days."]));
    expect(of(fs, "symptom")).toEqual(["cough"]);
    expect(fs.find((f) => f.kind === "symptom" && f.term === "cough")?.details.duration).toBe(
      "for three days",
    );
  });

  it("gives each symptom the details said next to it, even in one unpunctuated stretch of speech", () => {
    const fs = extractFindings(
      t([
        "patient",
        "i have had a really bad headache for three days it hurts behind my eyes and i feel sick to my stomach since yesterday",
      ]),
    );
    const details = Object.fromEntries(
      fs.filter((f) => f.kind === "symptom").map((f) => [f.term, f.details]),
    );
    expect(details.headache).toEqual({ severity: "really bad", duration: "for three days" });
    expect(details.pain).toEqual({});
    expect(details.nausea).toEqual({ onset: "since yesterday" });
  });

  it("keeps the red flag in 'coughing up blood', not just a cough", () => {
    const fs = extractFindings(t(["patient", "I have been coughing up blood since Monday."]));
    expect(of(fs, "symptom")).toEqual(["coughing up blood"]);
  });

  it("applies one negation to a whole list, until the clause changes", () => {
    const fs = extractFindings(
      t(["patient", "No fever, chills, nausea or vomiting. I do have a headache though."]),
    );
    expect(of(fs, "symptom")).toEqual(["headache"]);
  });

  it("takes a clinician's question as a symptom only when the patient says yes", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Any shortness of breath?"],
        ["patient", "No."],
        ["clinician", "Any swelling in your legs?"],
        ["patient", "Yeah, a little in the evenings."],
      ),
    );
    expect(of(fs, "symptom")).toEqual(["swelling"]);
    const swelling = fs.find((f) => f.kind === "symptom" && f.term === "swelling");
    // Cites both the question and the answer, verbatim.
    expect(swelling?.evidence.map((e) => e.quote)).toEqual([
      "Any swelling in your legs?",
      "Yeah, a little in the evenings.",
    ]);
  });

  it("ignores what relatives have and what the clinician only explains", () => {
    const fs = extractFindings(
      t(["patient", "My mom has diabetes."], ["clinician", "Chest pain can come from many places."]),
    );
    expect(of(fs, "symptom")).toEqual([]);
    expect(of(fs, "assessment")).toEqual([]);
  });

  it("turns conditional advice into warning signs, not symptoms", () => {
    const fs = extractFindings(
      t(["clinician", "If you get chest pain or trouble breathing, go to the emergency room right away."]),
    );
    expect(of(fs, "symptom")).toEqual([]);
    expect(fs.filter((f) => f.kind === "warning_sign").map((f) => f.text)).toEqual([
      "Seek care now if: chest pain or trouble breathing",
    ]);
  });

  it("keeps the clinician's own words for a warning sign, even when a pause split the advice", () => {
    // The scribe cuts utterances at pauses; a patient's "okay" may fall between the halves.
    const transcript = t(
      ["clinician", "if you get weakness on one side or the worst headache of your life"],
      ["patient", "okay"],
      ["clinician", "go to the emergency room right away"],
    );
    const [warning, ...others] = extractFindings(transcript).filter((f) => f.kind === "warning_sign");
    expect(others).toEqual([]);
    // Not "weakness, headache": a patient with a migraine must not read "call 911 if you have a headache".
    expect(warning?.text).toBe("Seek care now if: weakness on one side or the worst headache of your life");
    expect(warning?.evidence.map((e) => e.segmentId)).toEqual([transcript[0]!.id, transcript[2]!.id]);
    expect(of(extractFindings(transcript), "symptom")).toEqual([]);

    // A longer exchange in between ends the advice: "go to the ER" alone warns of nothing.
    const apart = t(
      ["clinician", "if you get chest pain"],
      ["patient", "okay"],
      ["patient", "I will try to rest more this week"],
      ["clinician", "go to the emergency room right away"],
    );
    expect(extractFindings(apart).filter((f) => f.kind === "warning_sign")).toEqual([]);
  });

  it("reads medications with dose, frequency and what happens to them", () => {
    const fs = extractFindings(
      t(
        ["patient", "I take lisinopril 20 mg daily."],
        ["clinician", "We will increase your lisinopril to 40 mg daily and start Lasix 20 mg once a day."],
        ["patient", "I stopped taking metformin last month."],
      ),
    );
    const meds = Object.fromEntries(
      fs.filter((f) => f.kind === "medication").map((f) => [f.term, f.details]),
    );
    // The dose the clinician changed it to, not the one taken before the visit.
    expect(meds.lisinopril).toMatchObject({ status: "changed", dose: "40 mg", frequency: "daily" });
    // Each medicine gets the verb of its own clause: lisinopril is increased, Lasix is started.
    expect(meds.furosemide).toMatchObject({ status: "started", saidAs: "Lasix", dose: "20 mg" });
    expect(meds.metformin).toMatchObject({ status: "stopped" });
  });

  it("reads doses and frequencies as speech-to-text writes them, in words", () => {
    const fs = extractFindings(
      t(["clinician", "take ibuprofen four hundred milligrams every six hours with food"]),
    );
    const ibuprofen = fs.find((f) => f.kind === "medication" && f.term === "ibuprofen");
    // An instruction to take a drug nobody said the patient takes starts it.
    expect(ibuprofen?.details).toMatchObject({
      dose: "400 milligrams",
      frequency: "every six hours",
      status: "started",
    });
    const already = extractFindings(
      t(["patient", "I take ibuprofen for my knee."], ["clinician", "Take ibuprofen with food."]),
    );
    expect(already.find((f) => f.term === "ibuprofen")?.details.status).toBe("continued");
    expect(spokenNumber("twenty-five")).toBe(25);
    expect(spokenNumber("a hundred and fifty")).toBe(150);
    expect(spokenNumber("two thousand five hundred")).toBe(2500);
    expect(spokenNumber("many")).toBeUndefined();
  });

  it("records allergies, and no known allergies, from question and answer", () => {
    const yes = extractFindings(
      t(["clinician", "Are you allergic to any medications?"], ["patient", "Penicillin gives me hives."]),
    );
    expect(yes.filter((f) => f.kind === "allergy").map((f) => f.text)).toEqual(["Allergy: penicillin"]);
    expect(of(yes, "medication")).toEqual([]);
    const no = extractFindings(t(["clinician", "Any allergies?"], ["patient", "No."]));
    expect(no.filter((f) => f.kind === "allergy").map((f) => f.text)).toEqual(["No known allergies"]);
  });

  it("keeps a medicine taken, named in answer to the allergy question, a medicine", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Do you have any allergies?"],
        ["patient", "Not that I know of. I take metformin every day."],
      ),
    );
    expect(of(fs, "allergy")).toEqual(["no known allergies"]);
    expect(of(fs, "medication")).toEqual(["metformin"]);
    const taking = extractFindings(
      t(
        ["clinician", "Any allergies to medicines?"],
        ["patient", "Just that I take metformin for my sugar."],
      ),
    );
    expect(of(taking, "allergy")).toEqual([]);
    expect(of(taking, "medication")).toEqual(["metformin"]);
    // Still an allergy when the answer says so, even with a taking verb.
    const reacts = extractFindings(
      t(["clinician", "Any allergies?"], ["patient", "When I took penicillin I got hives."]),
    );
    expect(of(reacts, "allergy")).toEqual(["penicillin"]);
    const cannot = extractFindings(
      t(["clinician", "Any known allergies?"], ["patient", "Oh yes, I cannot take Sulfa drugs."]),
    );
    expect(of(cannot, "allergy")).toEqual(["sulfa drugs"]);
  });

  it("does not take an allergy that speech recognition misheard for a medicine taken", () => {
    // The clinical-note e2e's transcript: "allergic" heard as "alert" once among four.
    const misheard = extractFindings(
      t(
        ["patient", "I am allergic to penicillin."],
        ["clinician", "Take ibuprofen 400 milligrams every 6 hours with food."],
        ["patient", "I am alert to penicillin."],
      ),
    );
    expect(of(misheard, "allergy")).toEqual(["penicillin"]);
    expect(of(misheard, "medication")).toEqual(["ibuprofen"]);
    // Misheard first, said right later: the same.
    const first = extractFindings(
      t(["patient", "I am alert to penicillin."], ["patient", "I am allergic to penicillin."]),
    );
    expect(of(first, "medication")).toEqual([]);
    // Taken despite the allergy, or prescribed: the clinician must see it.
    const taken = extractFindings(
      t(["patient", "I am allergic to penicillin."], ["patient", "But I take penicillin anyway."]),
    );
    expect(of(taken, "medication")).toEqual(["penicillin"]);
    // A bare name without any allergy stays a medicine, as before.
    expect(of(extractFindings(t(["patient", "Lisinopril, 10 milligrams."])), "medication")).toEqual([
      "lisinopril",
    ]);
  });

  it("finds measurements, assessment, plan and follow-up in the clinician's words", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "Your blood pressure is 150 over 90. I think this is hypertension. I'm going to order a lipid panel and refer you to cardiology. Let's follow up in three months.",
      ]),
    );
    expect(fs.filter((f) => f.kind === "measurement").map((f) => f.text)).toEqual(["Blood pressure 150/90"]);
    expect(of(fs, "assessment")).toEqual(["hypertension"]);
    expect(fs.filter((f) => f.kind === "plan").map((f) => f.text)).toEqual([
      "Order lipid panel",
      "Refer to cardiology",
    ]);
    expect(fs.filter((f) => f.kind === "follow_up").map((f) => f.details.when)).toEqual(["in three months"]);
  });

  it("takes the chief concern from the answer to the opening question", () => {
    const fs = extractFindings(
      t(
        ["clinician", "What brings you in today?"],
        ["patient", "My knee has been really sore since I fell."],
      ),
    );
    expect(fs.filter((f) => f.kind === "chief_concern").map((f) => f.text)).toEqual([
      "Chief concern: knee pain",
    ]);
  });

  it("quotes every piece of evidence verbatim from its own segment", () => {
    const long = `so , um , ${"i was walking the dog and ".repeat(20)}then i noticed some pretty bad back pain , you know , ${"and it kept going ".repeat(15)}.`;
    const transcript = t(
      ["patient", long],
      ["clinician", "Okay. Any numbness?"],
      ["patient", "Yes, some tingling."],
    );
    const fs = extractFindings(transcript);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      for (const e of f.evidence) {
        const seg = transcript.find((s) => s.id === e.segmentId);
        expect(seg?.text).toContain(e.quote);
        expect(e.quote.length).toBeLessThanOrEqual(280);
      }
    }
    expect(of(fs, "symptom")).toContain("back pain");
  });

  it("is deterministic", () => {
    const transcript = t(["patient", "I have a headache and a sore throat for two days."]);
    expect(extractFindings(transcript)).toEqual(extractFindings(transcript));
  });

  describe("the issue's examples from visits the engine had not seen", () => {
    const meds = (fs: Finding[]): Record<string, Finding> =>
      Object.fromEntries(fs.filter((f) => f.kind === "medication").map((f) => [f.term ?? f.text, f]));

    it("keeps Synthroid as still taken, by its own name, and aspirin as used before", () => {
      const m = meds(
        extractFindings(t(["patient", "I take Synthroid for my low thyroid and I used to take Aspirin."])),
      );
      expect(m.levothyroxine?.details).toMatchObject({ status: "continued", saidAs: "Synthroid" });
      expect(m.levothyroxine?.text).toBe("Synthroid (levothyroxine) (continued)");
      expect(m.aspirin?.details.status).toBe("stopped");
    });

    it("reads 'tried everything from melatonin to …' as tried, and leaves the stretching's 'every morning' alone", () => {
      const m = meds(
        extractFindings(
          t(["patient", "I've tried everything from melatonin to meditation to stretching every morning."]),
        ),
      );
      expect(m.melatonin?.details).toEqual({ status: "stopped" });
    });

    it("takes the medicines the clinician reads from the chart", () => {
      const m = meds(
        extractFindings(t(["clinician", "I see Morphine, Darvocet, Flomax, Avodart and Ibuprofen."])),
      );
      expect(Object.keys(m).sort()).toEqual([
        "dutasteride",
        "ibuprofen",
        "morphine",
        "propoxyphene",
        "tamsulosin",
      ]);
      for (const f of Object.values(m)) expect(f.details.status).toBe("continued");
      expect(m.tamsulosin?.text).toBe("Flomax (tamsulosin) (continued)");
    });

    it("reads 'you were prescribed X' as a medicine taken, and 'I will prescribe X' as new", () => {
      const m = meds(
        extractFindings(
          t(
            ["clinician", "So you were prescribed Salmeterol inhaler."],
            ["clinician", "I will prescribe sumatriptan."],
          ),
        ),
      );
      expect(m.salmeterol?.details.status).toBe("continued");
      expect(m.sumatriptan?.details.status).toBe("started");
    });

    it("starts both medicines of 'Amoxil and Aldex that I started on Monday'", () => {
      const m = meds(extractFindings(t(["patient", "Amoxil and Aldex that I started on Monday."])));
      expect(m.amoxicillin?.details).toMatchObject({ status: "started", saidAs: "Amoxil" });
      expect(m.aldex?.details.status).toBe("started");
    });

    it("finds the annual exam, the insomnia said as 'lack of sleep', the knee pain and the Fosamax plan", () => {
      const fs = extractFindings(
        t(
          [
            "clinician",
            "He is here today for his annual exam. He has a history of osteoporosis and multiple sclerosis.",
          ],
          ["clinician", "How have you been?"],
          ["patient", "Not bad, but the lack of sleep is getting to me and my knees have been hurting."],
          ["clinician", "For the osteoporosis, let's continue Fosamax once a week, eleven refills."],
        ),
      );
      expect(fs.find((f) => f.kind === "chief_concern")?.text).toBe("Chief concern: annual exam");
      expect(of(fs, "symptom")).toEqual(expect.arrayContaining(["insomnia", "knee pain"]));
      expect(of(fs, "assessment")).toEqual(expect.arrayContaining(["osteoporosis", "multiple sclerosis"]));
      const plan = fs.find((f) => f.kind === "plan" && f.term === "alendronate");
      expect(plan?.text).toBe("Continue alendronate (Fosamax), once a week, 11 refills");
      expect(plan?.details.refills).toBe("11");
      expect(meds(fs).alendronate?.details).toMatchObject({
        status: "continued",
        frequency: "once a week",
        saidAs: "Fosamax",
      });
    });
  });

  it("does not count a medicine someone only asks about, says not to take, or is allergic to", () => {
    const fs = extractFindings(
      t(
        ["patient", "Should I take ibuprofen for it?"],
        ["clinician", "Please do not take any naproxen for now, okay?"],
        ["patient", "I am allergic to penicillin, and I take Allegra for my seasonal allergies."],
      ),
    );
    expect(of(fs, "medication")).toEqual(["fexofenadine"]);
    expect(of(fs, "allergy")).toEqual(["penicillin"]);
  });

  it("joins a frequency a pause cut in two ('every six | hours')", () => {
    const fs = extractFindings(
      t(["clinician", "take ibuprofen four hundred milligrams every six"], ["clinician", "hours with food"]),
    );
    expect(fs.find((f) => f.term === "ibuprofen")?.details).toMatchObject({
      dose: "400 milligrams",
      frequency: "every six hours",
    });
  });

  it("gives a dose said in the next turn to the medicine named before it", () => {
    const fs = extractFindings(
      t(
        ["patient", "I take metformin."],
        ["clinician", "How much?"],
        ["patient", "Five hundred milligrams twice a day."],
      ),
    );
    expect(fs.find((f) => f.term === "metformin")?.details).toMatchObject({
      dose: "500 milligrams",
      frequency: "twice a day",
    });
  });

  it("does not write the clinician's suspected cause as the patient's report", () => {
    const fs = extractFindings(
      t(
        ["patient", "i've just been so tired lately, i can barely get through the day."],
        [
          "clinician",
          "okay so your hemoglobin came back low at nine, and bleeding may be the cause of your fatigue, so i want to get a colonoscopy.",
        ],
        ["clinician", "i suspect some bleeding from the stomach with all the ibuprofen you take."],
      ),
    );
    expect(of(fs, "symptom")).not.toContain("bleeding");
    expect(of(fs, "symptom")).toContain("fatigue");
  });

  it("keeps a symptom whose cause the clinician guesses", () => {
    const fs = extractFindings(
      t(["clinician", "so you've had a cough for two weeks, and the cough may be from postnasal drip."]),
    );
    expect(of(fs, "symptom")).toEqual(["cough"]);
  });

  it("does not report a symptom the patient says has gone away or is all better", () => {
    const fs = extractFindings(
      t(
        ["clinician", "how are the headaches?"],
        ["patient", "the headaches have gone away since i cut out the coffee."],
        ["clinician", "and the cough from last time?"],
        ["patient", "my cough is all better."],
        ["clinician", "good. anything else?"],
        ["patient", "my knee has been hurting for about a week."],
      ),
    );
    expect(of(fs, "symptom")).toEqual(["knee pain"]);
  });

  it("does not give a symptom the length of what the patient was doing before it began", () => {
    const fs = extractFindings(
      t(
        ["clinician", "so what happened?"],
        ["patient", "i was out gardening for about an hour and then my back started hurting."],
      ),
    );
    const pain = fs.find((f) => f.kind === "symptom");
    expect(pain?.term).toMatch(/pain/);
    expect(pain?.details.duration).toBeUndefined();
  });

  it("does not give a symptom the hours of relief a medicine gives", () => {
    const fs = extractFindings(
      t(
        [
          "patient",
          "Yeah, it is. That is my main problem. I do have pain, but it is not that much of a concern.",
        ],
        ["clinician", "Have you used anything for your pain?"],
        [
          "patient",
          "Yeah, they tried different medicines but only oxycodone helped a little. It does give me sometimes around three hours of relief.",
        ],
      ),
    );
    const pain = fs.find((f) => f.kind === "symptom" && /pain/.test(f.term ?? ""));
    expect(pain?.details.duration).toBeUndefined();
  });

  it("does not read a point in time as how long a symptom lasted (audit D2N075: 'for about three days')", () => {
    const fs = extractFindings(
      t([
        "patient",
        "yes . thankfully . the chest pain and swallowing problem got better about three days after i went to the er .",
      ]),
    );
    for (const f of fs.filter((x) => x.kind === "symptom")) expect(f.details.duration).toBeUndefined();
  });

  it("keeps a duration said after the symptom as it goes on", () => {
    const fs = extractFindings(
      t([
        "patient",
        "i bent over and got this pain across my lower back and then it went down my left leg and it's been going on for about four days",
      ]),
    );
    expect(fs.find((f) => f.kind === "symptom" && /pain/.test(f.term ?? ""))?.details.duration).toBe(
      "for about four days",
    );
  });
});
