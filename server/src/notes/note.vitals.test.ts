// The vital signs read out today, in digits or in the words a scribe hears (issue 25, session 15).
// Wordings invented, unlike any training turn.
import { describe, expect, it } from "vitest";
import { noteOf, visit } from "../../test/dialogue.js";
import { vitalSigns } from "./note.vitals.js";

const said = (text: string) => vitalSigns([{ id: "v0", speaker: "clinician", text }]).map((v) => v.text);

describe("vitalSigns", () => {
  it("reads values said in words, with the point the scribe heard as a pause", () => {
    expect(
      said(
        "okay so the nurse got your vitals , blood pressure came in at one forty two over eighty six , pulse was seventy four and your temp is ninety eight . six",
      ),
    ).toEqual(["Blood pressure 142/86", "Heart rate 74", "Temperature 98.6"]);
  });

  it("reads a temperature said digit by digit", () => {
    expect(said("okay , his temperature today is one oh one point two , so he does have a fever .")).toEqual([
      "Temperature 101.2",
    ]);
  });

  it("reads values in digits and an oxygen level with its percent", () => {
    expect(said("today your bp is 118/76 , respirations 16 , and oxygen 96 percent on room air .")).toEqual([
      "Blood pressure 118/76",
      "Respiratory rate 16",
      "Oxygen saturation 96%",
    ]);
  });

  it("charts no target, home or ER reading, question or impossible value", () => {
    expect(said("we'd like your blood pressure below one thirty over eighty .")).toEqual([]);
    expect(said("you said your blood pressure at home was 160 over 100 .")).toEqual([]);
    expect(said("in the emergency room your heart rate was one twenty .")).toEqual([]);
    expect(said("was your pulse 90 when you checked it ?")).toEqual([]);
    expect(said("your heart rate is five hundred .")).toEqual([]);
  });

  it("charts the reading said to be today's over one told of before (blind audit s17: the ER's 200/90)", () => {
    const readings = vitalSigns([
      {
        id: "v1",
        speaker: "clinician",
        text: "i know we've been talking through your hypertension looks like your blood pressure was two hundred over ninety have you been taking those meds",
      },
      {
        id: "v2",
        speaker: "clinician",
        text: "let me do a quick physical exam your blood pressure is pretty good in the office today it looks like it's one twenty eight over seventy two",
      },
    ]);
    expect(readings).toEqual([{ text: "Blood pressure 128/72", segmentId: "v2" }]);
  });

  it("opens the note's exam with them", () => {
    const section = noteOf(
      visit([
        "D: let me look at your vitals . your blood pressure is one twenty eight over seventy eight and your heart rate is sixty six .",
        "P: okay .",
        "D: on exam your lungs are clear .",
      ]),
    );
    expect(section("physical_exam")[0]).toBe("Vital signs: Blood pressure 128/78; heart rate 66.");
  });
});
