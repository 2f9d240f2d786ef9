import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `a${++n}`, speaker, text }));
}
const assessments = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "assessment").map((f) => f.text);

describe("diagnoses from the clinician's framing only", () => {
  it("reads the dictated past history as history, and the clinician's impression as the diagnosis", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "sam is a 61-year-old male with a past medical history significant for depression and migraines who presents with back pain .",
        ],
        [
          "clinician",
          "so for your first problem , your back pain , i think you're having a recurrence of your kidney stones .",
        ],
      ),
    );
    expect(assessments(fs)).toEqual(["History of depression", "History of migraine", "Kidney stones"]);
    expect(composeSummary(fs).inShort.thinks).toBe("Your clinician thinks you have kidney stones.");
  });

  it("reads what was removed months ago as history, not a diagnosis today", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "and from your skin cancer removal standpoint , everything seems to be healing well .",
      ]),
    );
    expect(assessments(fs)).toEqual(["History of cancer"]);
    expect(composeSummary(fs).inShort.thinks).toBeUndefined();
  });

  it("reads a murmur heard on exam as an exam finding, not what the clinician thinks", () => {
    const fs = extractFindings(
      t(["clinician", "on your heart exam , i do appreciate a three out of six systolic ejection murmur ."]),
    );
    expect(assessments(fs)).toEqual(["On exam: heart murmur"]);
    expect(composeSummary(fs).inShort.thinks).toBeUndefined();
  });

  it("upgrades a history to the diagnosis when the clinician later commits to it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i know you have this history of congestive heart failure ."],
        ["clinician", "for your congestive heart failure , i think you're retaining some fluid ."],
      ),
    );
    expect(assessments(fs)).toEqual(["Congestive heart failure"]);
  });

  it("takes no diagnosis from a question the scribe wrote without its question mark", () => {
    const fs = extractFindings(
      t(
        ["clinician", "okay and do you have neuropathy where you get numbness and tingling in your feet"],
        ["patient", "no , not really ."],
        ["clinician", "have you had strep throat in the past"],
        ["patient", "once as a kid ."],
      ),
    );
    expect(assessments(fs)).toEqual([]);
    expect(composeSummary(fs).inShort.thinks).toBeUndefined();
  });

  it("takes no diagnosis from what a test looks for, a risk explained, a vaccine or a misheard cva", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i wan na get a psa , which kinda looks for prostate cancer ."],
        ["clinician", "poor healing can lead to you developing arthritis in that foot ."],
        ["clinician", "you have completed your covid-19 , so that's good ."],
        ["clinician", "there is also some tenderness around your cva on the right ."],
        ["clinician", "i'm also gon na give you a strainer so you can strain your pee ."],
        ["clinician", "your mcmurray's test is negative , just checking for a meniscus tear ."],
      ),
    );
    expect(assessments(fs)).toEqual([]);
  });

  it("reads the patient's guesses, relatives and small talk as no history of theirs", () => {
    const fs = extractFindings(
      t(
        ["patient", "i thought i was having a heart attack , i got really nervous ."],
        ["patient", "two of my cousins had breast cancer ."],
        ["patient", "we take walks all the time since working at home during covid ."],
        ["clinician", "can you tell me about any cancers in your family?"],
        ["patient", "yes , my sister has ovarian cancer ."],
        ["clinician", "what makes you feel like you have diabetes?"],
        ["patient", "i have been really thirsty ."],
      ),
    );
    expect(assessments(fs)).toEqual([]);
  });

  it("still records the patient's own history and the clinician's diagnosis", () => {
    const fs = extractFindings(
      t(
        ["patient", "i have type two diabetes and high blood pressure ."],
        ["clinician", "do you have any history of asthma?"],
        ["patient", "yes , since i was a kid ."],
        ["clinician", "i think you have a sinus infection ."],
      ),
    );
    expect(assessments(fs)).toEqual([
      "History of diabetes (patient-reported)",
      "History of hypertension (patient-reported)",
      "History of asthma (patient-reported)",
      "Sinusitis",
    ]);
  });

  it("reads memory loss as a symptom to look into, never as dementia, and prediabetes as no diabetes", () => {
    const fs = extractFindings(t(["patient", "she's also experiencing some memory loss lately ."]));
    expect(assessments(fs)).toEqual([]);
    const pre = extractFindings(
      t(["clinician", "i think you have prediabetes , so let's work on your diet ."]),
    );
    expect(assessments(pre)).toEqual([]);
    expect(composeSummary(pre).inShort.thinks).toBeUndefined();
  });
});

describe("diagnoses the clinician names outside the lexicon", () => {
  it("takes the main problem from the clinician's assessment in their own words", () => {
    const fs = extractFindings(
      t(
        ["patient", "my elbow has been hurting on the outside since i started painting the house ."],
        [
          "clinician",
          "so for your first problem , my diagnosis here would be lateral epicondylitis , and this is inflammation where the tendon inserts .",
        ],
        [
          "clinician",
          "for your second problem , the heartburn , i think you have acute esophagitis so we'll start a pill for that .",
        ],
      ),
    );
    expect(assessments(fs)).toEqual(["Lateral epicondylitis", "Acute esophagitis"]);
  });

  it("reads a dictated assessment the scribe ran on without punctuation, past an earlier 'no'", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "on your exam i do n't see any swelling and there is no bruising so let me talk about my assessment and plan for your first problem of right knee pain your symptoms are consistent with patellofemoral pain syndrome and this is common in runners so we'll get you into physical therapy does that sound good",
      ]),
    );
    // The symptom named as the problem gives way to the diagnosis named for it.
    expect(assessments(fs)).toEqual(["Patellofemoral pain syndrome"]);
  });

  it("marks a probable diagnosis as possible and keeps the fuller name", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "my impression is that you- you probably have a contusion of your left thigh , but let's look at the x-ray first .",
      ]),
    );
    expect(assessments(fs)).toEqual(["Possible contusion of the left thigh"]);
  });

  it("reads the name, not the clause around it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "it means that you have something called cubital tunnel syndrome ."],
        ["clinician", "it looks like your x-rays show bronchiectasis ."],
        ["clinician", "doctor kim's notes said that you have had pain in the left flank pain ."],
        ["clinician", "he's referred you because the workup for headaches revealed a mass on your kidney ."],
        ["clinician", "um , here you can see it's a well defined mass ."],
      ),
    );
    expect(assessments(fs)).toEqual(["Cubital tunnel syndrome"]);
  });

  it("takes nothing from a question, a denial, another person or a finding that names no disorder", () => {
    const fs = extractFindings(
      t(
        ["clinician", "do you have any history of plantar fasciitis ?"],
        ["patient", "no ."],
        ["clinician", "i do n't think you have a stress fracture ."],
        ["clinician", "your sister has ulcerative colitis , right ?"],
        ["clinician", "you have a normal gait and for your knee i want you to ice it ."],
        ["clinician", "we'll check the x-ray to assess for injury to the ligaments ."],
      ),
    );
    expect(assessments(fs)).toEqual([]);
  });
});

describe("conditions the patient names", () => {
  it("keeps the patient's own history, not a condition they say someone else has", () => {
    const fs = extractFindings(
      t(
        [
          "patient",
          "jenny at church , she has irritable bowel syndrome , and that's what i always figured i had .",
        ],
        ["patient", "i have high blood pressure , though ."],
      ),
    );
    expect(assessments(fs)).toEqual(["History of hypertension (patient-reported)"]);
  });

  it("keeps what a family member speaking for the patient says she has", () => {
    const fs = extractFindings(
      t(["other", "she has diabetes too , and she takes her pills every morning ."]),
    );
    expect(assessments(fs)).toEqual(["History of diabetes (patient-reported)"]);
  });
});
