// The history of present illness as a clinician writes it (issue 25, session 15): a short narrative
// from the symptoms' fields, never a symptom the patient denied, guessed or said is over. Every
// dialogue is invented, in the style of the training data, and worded unlike any training sentence.
import { describe, expect, it } from "vitest";
import { noteOf, visit } from "../../test/dialogue.js";
import { toTranscript } from "../../tools/findings/findings.eval.js";
import { dialogueTurns } from "../../tools/findings/findings.evaluate.js";
import { extractFindings } from "../findings/builtin.engine.js";
import { composeNote } from "./note.compose.js";
import { answeredQuestion } from "./note.history.js";

const history = (lines: string[]) => {
  const section = noteOf(visit(lines));
  return {
    cc: section("chief_complaint").join(" "),
    hpi: section("hpi").join(" "),
    ros: section("review_of_systems").join(" "),
  };
};

describe("a symptom denied in any wording is not reported", () => {
  it.each([
    ["a denial hedged with 'as such'", "P: i don't have any weakness as such , just tired ."],
    ["the symptom named and then denied", "P: weakness , no . i'm just worn out ."],
    ["a 'not really' after it", "P: the weakness ? not really , i'm just worn out ."],
    ["denied with 'never had'", "P: i've never had any weakness , only the tiredness ."],
  ])("%s", (_label, answer) => {
    const { cc, hpi, ros } = history([
      "D: what brings you in this morning ?",
      "P: i've been so tired for about a month .",
      "D: any weakness in your arms or legs ?",
      answer,
    ]);
    expect(hpi).not.toMatch(/weakness/i);
    expect(cc).not.toMatch(/weakness/i);
    expect(ros).not.toMatch(/Endorses[^.]*weakness/i);
  });

  it("keeps a symptom the patient affirmed in other words beside a denied one", () => {
    const { hpi } = history([
      "D: any weakness or numbness ?",
      "P: weakness , no . numbness , yes , in my left foot , for two weeks .",
    ]);
    expect(hpi).toMatch(/numbness/);
    expect(hpi).not.toMatch(/weakness/);
  });

  it("charts a symptom over as resolved, never as the reason for the visit", () => {
    const { cc, hpi } = history([
      "D: so what's going on ?",
      "P: my left knee hurts when i climb stairs .",
      "D: any heartburn with the ibuprofen ?",
      "P: i had some heartburn last month but none now .",
    ]);
    expect(cc).not.toMatch(/heartburn/i);
    expect(hpi).not.toMatch(/presents with[^.]*heartburn/);
    expect(hpi).not.toMatch(/Reports heartburn\./);
  });
});

describe("the history is a narrative, not a list of 'Reports X.'", () => {
  it("opens with the complaint and what was said of it, then the other symptoms together", () => {
    const { hpi } = history([
      "D: what can i do for you today ?",
      "P: i've got a headache , it started three days ago .",
      "P: i've also been nauseous and a little dizzy , and i've had a cough .",
    ]);
    expect(hpi).toMatch(/^The patient presents with headache, onset three days ago\./);
    expect(hpi).toMatch(/Also reports [^.]*nausea[^.]*\./);
    expect(hpi.match(/\bReports\b/g) ?? []).toHaveLength(0);
  });

  it("names a bare 'pain' by the complaint's own named pain", () => {
    const { hpi } = history([
      "D: what brings you in ?",
      "P: my right elbow pain . the pain started about two weeks ago after i was painting the ceiling .",
    ]);
    expect(hpi).toMatch(/presents with right elbow pain/i);
    expect(hpi).not.toMatch(/Reports pain/);
  });

  it("does not repeat the complaint the dictated summary line already names", () => {
    const { hpi } = history([
      "D: sarah is a 34-year-old female who presents today with a sore throat .",
      "D: how are you feeling ?",
      "P: i have a sore throat and i feel achy all over .",
    ]);
    expect(hpi).toMatch(/^34-year-old female, seen for sore throat\./);
    expect(hpi.match(/sore throat/g) ?? []).toHaveLength(1);
  });
});

describe("what makes the complaint worse or better", () => {
  it.each([
    [
      "P: it hurts more when i bend over or lift things . lying down helps .",
      "Worse with bending and lifting; better with lying down.",
    ],
    [
      "P: when i climb the stairs it gets worse , but resting helps .",
      "Worse with climbing stairs; better with rest.",
    ],
    [
      "P: the pain is worse with walking and better when i sit down .",
      "Worse with walking; better with sitting.",
    ],
    ["P: it kind of flares up after i eat .", "Worse with eating."],
  ])("%s", (answer, line) => {
    const { hpi } = history([
      "D: what brings you in today ?",
      "P: my lower back has been hurting for about a week .",
      "D: does anything make it worse or better ?",
      answer,
    ]);
    expect(hpi).toContain(line);
  });

  it("charts nothing denied, doubted, about a medicine or about another symptom", () => {
    for (const answer of [
      "P: it doesn't get worse when i walk .",
      "P: maybe it's worse when i sit , i'm not sure .",
      "P: the ibuprofen helps .",
      "P: my headache is worse when i bend over .",
    ]) {
      const { hpi } = history([
        "D: what brings you in today ?",
        "P: my lower back has been hurting for about a week .",
        answer,
      ]);
      expect(hpi, answer).not.toMatch(/Worse with|better with/i);
    }
  });
});

describe("a 'yes' to a symptom question that says it is over charts nothing current", () => {
  it.each([
    ["P: yes , back in the spring , but it went away ."],
    ["P: yeah , i used to , years ago ."],
    ["P: yes , but not anymore since the new inhaler ."],
    ["P: yes , as a kid i did ."],
  ])("%s", (answer) => {
    const { hpi, ros } = history([
      "D: so how have you been ?",
      "P: okay , mostly tired .",
      "D: have you had any wheezing ?",
      answer,
    ]);
    expect(`${hpi} ${ros}`).not.toMatch(/Has (?:had )?wheezing|Endorses[^.]*wheezing|Reports wheezing/);
  });
});

describe("the opening sentence reads as a chart's", () => {
  it("presents for a visit's purpose, with a symptom", () => {
    expect(
      history(["D: so you're here for your annual exam today .", "P: yes , nothing new really ."]).hpi,
    ).toBe("The patient presents for annual exam.");
    expect(history(["D: what's going on ?", "P: i've had a bad cough ."]).hpi).toMatch(
      /^The patient presents with cough\./,
    );
  });
});

describe("a parent speaking for the child", () => {
  it("charts the history the guest told, with the clinician's vitals and plan", () => {
    const t = toTranscript({
      id: "g",
      turns: dialogueTurns(
        [
          "[doctor] hi there , what brings you and your son in today ?",
          "[patient_guest] he's had a fever and a bad cough for three days .",
          "[doctor] any vomiting or diarrhea ?",
          "[patient_guest] no , none of that .",
          "[doctor] his temperature today is one oh one point two and his heart rate is one twenty .",
          "[doctor] so this looks like a right ear infection . i'm going to start amoxicillin twice a day for ten days .",
        ].join("\n"),
      ),
    });
    const note = composeNote({ findings: extractFindings(t), transcript: t });
    const section = (k: string) =>
      (note.sections.find((s) => s.key === k)?.sentences ?? []).map((s) => s.text).join(" ");
    expect(section("hpi")).toMatch(/presents with fever and cough, for three days/);
    expect(section("review_of_systems")).toMatch(/Denies vomiting and diarrhea/);
    expect(section("physical_exam")).toMatch(/Temperature 101\.2; heart rate 120/);
    expect(section("assessment_plan")).toMatch(/Start amoxicillin/);
  });
});

describe("two questions in one, answered no", () => {
  it.each([
    ["have you felt anxious or had any panic attacks?"],
    ["have you noticed any rashes or had any itching?"],
    ["have you felt dizzy or had any falls?"],
    ["have you experienced chest pain or had trouble breathing?"],
  ])("%s charts no line that cannot read ('No dizzy or had falls.')", (question) => {
    expect(answeredQuestion(question, false)).toBe("");
  });

  it.each([
    ["have you used anything for your pain?"],
    ["do you have anything else going on?"],
    ["have you tried something for it?"],
  ])("%s answered yes charts nothing: the answer is what was used, not the yes", (question) =>
    expect(answeredQuestion(question, true)).toBe(""),
  );

  it("still charts a single question answered no", () => {
    expect(answeredQuestion("have you had any falls?", false)).toBe("No falls.");
  });
});
