// What an auditor found false in signed-looking notes (issue 25, session 13), each from a short
// invented dialogue: the note must not say what the visit did not.
import { describe, expect, it } from "vitest";
import { visit, noteOf } from "../../test/dialogue.js";

describe("the note's plan goes through the summary's plan-hedge check", () => {
  const section = noteOf(
    visit([
      "D: how are you doing since the surgery ?",
      "P: much better , thanks .",
      "D: good . your incision looks healed . i don't think you need to follow up with the surgeon anymore . i want you to walk every day .",
      "D: and i'll see you back in three months .",
    ]),
  );

  it("leaves out an instruction whose negation its words carried", () => {
    const plan = [...section("assessment_plan"), ...section("follow_up")].join(" ");
    expect(plan).not.toMatch(/surgeon/i);
    // The instruction said plainly stays.
    expect(plan).toMatch(/Walk daily\./);
  });
});

describe("the history of present illness as the patient told it", () => {
  it("charts a symptom that was before the admission and is over as prior and resolved, not current", () => {
    const section = noteOf(
      visit([
        "D: so you're here after your hospital stay . how is the breathing ?",
        "P: i still get short of breath when i climb the stairs .",
        "D: did you have a fever ?",
        "P: yes , i had a fever before i was admitted , but that's gone now .",
      ]),
    );
    expect(section("hpi").join(" ")).toContain("Reports prior fever, now resolved.");
    expect(section("hpi").join(" ")).not.toMatch(/Reports fever\.|presents with[^.]*fever/);
    // Nor does a "yes" to the question chart it as present.
    expect(section("review_of_systems").join(" ")).not.toMatch(/Has fever/);
    // Not endorsed today, and not what the visit is for.
    expect(section("review_of_systems").join(" ")).not.toMatch(/Endorses[^.]*fever/);
    expect(section("chief_complaint").join(" ")).not.toMatch(/fever/i);
    // The effort that brings it on is part of the complaint.
    expect(section("hpi")).toContain("The patient presents with shortness of breath, with exertion.");
  });

  it("does not give a symptom the hours a medicine relieved it", () => {
    const section = noteOf(
      visit([
        "D: what brings you in ?",
        "P: my back pain . the tylenol takes the pain away for about two hours and then it comes back .",
      ]),
    );
    const hpi = section("hpi").join(" ");
    expect(hpi).toMatch(/presents with back pain/);
    expect(hpi).not.toMatch(/two hours/);
  });

  it("writes an onset as a time, not as the patient's verb", () => {
    const section = noteOf(
      visit(["D: how long has this been going on ?", "P: the shortness of breath started yesterday ."]),
    );
    expect(section("hpi")).toContain("The patient presents with shortness of breath, onset yesterday.");
  });

  it("takes the chief complaint from what the patient called their main problem, and charts missed doses", () => {
    const section = noteOf(
      visit([
        "D: what brings you in today ?",
        "P: i've had a headache on and off for a month , and i get dizzy when i stand up . the dizziness , that is my main problem . i don't have any weakness as such .",
        "D: are you taking your lasix every day ?",
        "P: not really , i missed a few doses last week .",
      ]),
    );
    expect(section("chief_complaint")).toEqual(["Dizziness."]);
    expect(section("hpi").join(" ")).not.toMatch(/weakness/i);
    expect(section("hpi")).toContain("Reports missed doses of furosemide.");
  });
});

describe("results and exam as read out", () => {
  const section = noteOf(
    visit([
      "D: so i reviewed your echocardiogram , and your ejection fraction is 35 percent , which is lower than last time .",
      "D: your hemoglobin a1c was 8.2 , so it's a little high . your hemoglobin is low .",
      "P: what was it ?",
      "D: the hemoglobin was 9.1 , low .",
      "D: on exam , you have tenderness to palpation of the lateral right knee . valgus stress test is negative . straight leg raise is negative .",
    ]),
  );

  it("charts a value as said, once per test", () => {
    const results = section("results");
    expect(results).toContain("Hemoglobin A1c: 8.2, slightly high.");
    // The measurement's rounded reading of the same words ("8%") is not a second value.
    expect(results.join(" ")).not.toMatch(/A1c 8%/);
    expect(results.filter((r) => r.startsWith("Hemoglobin:"))).toEqual(["Hemoglobin: 9.1, low."]);
    expect(results).toContain("Ejection fraction: 35%.");
  });

  it("keeps the exam's manoeuvres in the exam, not in the results", () => {
    expect(section("results").join(" ")).not.toMatch(/stress test/i);
    const exam = section("physical_exam").join(" ");
    expect(exam).toMatch(/negative valgus stress test/);
    expect(exam).toMatch(/negative straight leg raise/);
  });
});

describe("missed doses", () => {
  it("are the patient's own word about a medicine, not any 'forgot' or 'out'", () => {
    const section = noteOf(
      visit([
        "D: it looks like you took cipro last month . were you aware you had an infection ?",
        "P: oh , yeah . i forgot about that .",
        "D: and the lisinopril ?",
        "P: i ran out of it on friday .",
      ]),
    );
    const hpi = section("hpi").join(" ");
    expect(hpi).not.toMatch(/ciprofloxacin/);
    expect(hpi).toMatch(/Reports running out of lisinopril\./);
  });
});

describe("an exam finding keeps its place and system", () => {
  const section = noteOf(
    visit([
      "D: okay , so on physical exam , your exam is normal other than you've got tenderness over your distal phalanx of your right middle finger .",
      "D: and your belly also feels a little tender . you have some tenderness of the palpation of the right lower quadrant .",
    ]),
  );
  it("charts where the tenderness is, under the system of that place", () => {
    const exam = section("physical_exam");
    expect(exam).toContain("Musculoskeletal: Tenderness over the distal phalanx of the right middle finger.");
    expect(exam).toContain("Abdomen: Tenderness of the right lower quadrant.");
    expect(exam.join(" ")).not.toMatch(/Tenderness\.|Tenderness;/);
  });
});

describe("a dose change under its problem", () => {
  const section = noteOf(
    visit([
      "D: so for your congestive heart failure , your weight is up , so i want to increase your lasix to 80 milligrams once a day .",
      "D: and for your knee pain , i'm going to start you on meloxicam 15 milligrams daily .",
    ]),
  );
  it("says which way the dose went and to what", () => {
    expect(section("medications")).toContain("Increased Lasix (furosemide) to 80 mg daily.");
    expect(section("assessment_plan")).toContain("Increase furosemide (lasix) to 80 mg daily.");
    expect(section("assessment_plan")).toContain("Start meloxicam 15 mg daily.");
  });
});

describe("the follow-up", () => {
  it("is written once when said twice in other words", () => {
    const section = noteOf(
      visit([
        "D: i want to see you back in four weeks .",
        "P: okay .",
        "D: so we'll follow up for four weeks , and we'll go over the blood work then .",
      ]),
    );
    expect(section("follow_up")).toEqual(["Follow up in four weeks."]);
  });
});
