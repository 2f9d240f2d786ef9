// Each assessed problem with its plan under it (issue 25, session 15): how the clinician said it
// stands, the medicines they kept on for it, and no plan line that is speech cut in the wrong
// place. Dialogues invented, in the style of the training data, worded unlike any training turn.
import { describe, expect, it } from "vitest";
import { noteText } from "@bedside/shared";
import { extractFindings } from "../findings/builtin.engine.js";
import { visit } from "../../test/dialogue.js";
import { composeNote } from "./note.compose.js";
import { problemStatus } from "./note.problems.js";

const plan = (lines: string[]) => {
  const t = visit(lines);
  const note = composeNote({ findings: extractFindings(t), transcript: t });
  return {
    lines: (note.sections.find((s) => s.key === "assessment_plan")?.sentences ?? []).map((s) => ({
      text: s.text,
      problem: s.problem,
    })),
    text: noteText(note),
  };
};

describe("problemStatus: how the clinician said a problem stands", () => {
  const said = (text: string, term: string) =>
    problemStatus(term, [{ id: "s0", speaker: "clinician", text }]).map((l) => l.text);

  it.each([
    ["your asthma seems pretty stable these days .", "asthma", ["Stable."]],
    ["it sounds like the gout's well controlled on this dose .", "gout", ["Well controlled."]],
    ["your blood pressure is not well controlled today .", "blood pressure", ["Not well controlled."]],
    ["the eczema looks much better , i'm happy with it .", "eczema", ["Improved."]],
    [
      "for the migraines , you're doing really well , so we're not going to change anything .",
      "migraines",
      ["Doing well.", "No changes to treatment."],
    ],
    ["the psoriasis has improved a lot since last visit .", "psoriasis", ["Improved."]],
    ["your reflux is improving with the diet .", "reflux", ["Improving."]],
    ["and the copd , it's stable on the inhalers .", "copd", ["Stable."]],
  ])("%s", (text, term, expected) => {
    expect(said(text, term)).toEqual(expected);
  });

  it("reads nothing from a question, a condition or the patient", () => {
    expect(said("is your asthma stable ?", "asthma")).toEqual([]);
    expect(said("if the asthma is stable we can lower the inhaler .", "asthma")).toEqual([]);
    expect(problemStatus("asthma", [{ id: "p", speaker: "patient", text: "my asthma is stable ." }])).toEqual(
      [],
    );
  });
});

describe("the assessment and plan by problem", () => {
  it("puts a medicine the clinician kept on under the problem it was said for", () => {
    const { lines } = plan([
      "D: any trouble with the gabapentin for your back ?",
      "P: no , it works .",
      "D: so for your sciatica , stay on the gabapentin 300 milligrams three times a day .",
      "D: and for your hypertension , i'm going to start lisinopril 10 milligrams daily .",
    ]);
    const under = (p: RegExp) => lines.filter((l) => p.test(l.problem ?? "")).map((l) => l.text);
    expect(under(/sciatica/i).join(" ")).toMatch(/Continue gabapentin/);
    expect(under(/hypertension/i).join(" ")).toMatch(/Start lisinopril 10 mg daily/);
  });

  it("writes a status said of a problem with no plan under it", () => {
    const { lines } = plan([
      "D: so for your first problem , your hypertension , i want to start amlodipine 5 milligrams daily .",
      "D: for your second problem , your depression , it seems stable , so we're not going to change anything there .",
    ]);
    const depression = lines.filter((l) => /depression/i.test(l.problem ?? "")).map((l) => l.text);
    expect(depression).toEqual(["Depression.", "Stable.", "No changes to treatment."]);
  });

  it("leaves out plan lines cut from speech in the wrong place, and says a brace once", () => {
    const { text } = plan([
      "D: i think you have a wrist sprain . i want you to wear the splint .",
      "D: i want you to use to use the cream that's the zero point one percent .",
      "D: hey dragon , order the medications and procedures as discussed .",
    ]);
    expect(text).not.toMatch(/use to use|that's|procedures/i);
    expect(text.match(/splint/gi) ?? []).toHaveLength(1);
  });
});

describe("a plan for a problem nobody named (blind audit s17)", () => {
  it("puts an antibiotic for a suspected infection under 'Plan', not under the diabetes said before it", () => {
    const { lines } = plan([
      "D: for your diabetes we're gon na continue the metformin one thousand milligrams twice a day and order a hemoglobin a1c .",
      "P: okay .",
      "D: and for the tick bite my concern is that you might have an infection so i'm gon na go ahead and start you on doxycycline one hundred milligrams twice a day .",
    ]);
    const doxy = lines.find((l) => /doxycycline/i.test(l.text));
    expect(doxy).toBeDefined();
    expect(doxy?.problem).not.toMatch(/diabetes/i);
  });
});
