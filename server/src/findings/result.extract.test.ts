import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { dictatedResults, resultText } from "./result.extract.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `r${++n}`, speaker, text }));
const readings = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "measurement").map((f) => f.text);
const said = (text: string): string[] => dictatedResults(text).map(resultText);

describe("results dictated, for any test name", () => {
  it.each([
    // a value, with the direction said after it, before it, or not at all
    ["your potassium came back at 3.1 , which is a little low .", "Potassium 3.1 (slightly low)"],
    ["and the tsh came back elevated at 7.2 .", "TSH 7.2 (high)"],
    ["her ferritin was 8 .", "Ferritin 8"],
    ["your vitamin d was quite low at 14 .", "Vitamin D 14 (very low)"],
    ["so his hemoglobin is 9.4 , which is low for him .", "Hemoglobin 9.4 (low)"],
    // a direction with no number
    ["her folate came back low .", "Folate: low"],
    ["your b12 level was on the low side .", "B12 level: slightly low"],
    ["the iron studies came back normal .", "Iron studies: normal"],
    ["your lipase was elevated .", "Lipase: high"],
    // what an image or study showed, negated or not
    ["your chest x-ray did not show any pneumonia .", "Chest x-ray: no pneumonia"],
    ["the ankle x-ray showed no fracture .", "Ankle x-ray: no fracture"],
    ["the mri revealed a small tear in the meniscus .", "Mri: a small tear in the meniscus"],
    ["the ultrasound showed a few gallstones but no inflammation .", "Ultrasound: a few gallstones"],
  ])("%s → %s", (sentence, reading) => {
    expect(said(sentence)).toEqual([reading]);
  });

  it.each([
    "if your potassium is low we'll give you some supplements .",
    "we'll get an x-ray to see if it shows a fracture .",
    "your pain was about 6 out of 10 .",
    "your throat is normal and your lungs are clear .",
    "your energy has been low .",
    "your levels are high .",
    "potassium is in bananas and it is good for you .",
    "i'm going to order a mri and it will show us the tendon .",
  ])("%s: no result", (sentence) => {
    expect(said(sentence)).toEqual([]);
  });

  it("is the clinician's: the reading reaches the findings, a direction never said is left out", () => {
    const fs = extractFindings(
      t(
        ["clinician", "so i have your labs . your sodium came back at 128 , which is low ."],
        ["patient", "is that bad ?"],
        ["clinician", "it's something we need to watch . and your magnesium was 1.9 ."],
      ),
    );
    expect(readings(fs)).toEqual(["Sodium 128 (low)", "Magnesium 1.9"]);
    expect(readings(fs).join(" ")).not.toMatch(/normal/i);
    expect(summaryText(summarySections(composeSummary(fs)))).toMatch(/Sodium 128 \(low\)/);
  });
});

describe("each result's direction and value from the words said of it (session 15)", () => {
  it.each([
    // a value in words, and a known blood test with a bare direction
    [
      "your cbc was normal , your tsh was low at zero point two , and your free t4 was a little high .",
      ["CBC: normal", "TSH 0.2 (low)", "Free T4: slightly high"],
    ],
    ["your white count was elevated at fourteen .", ["White count 14 (high)"]],
    ["and the tsh was low at point one .", ["TSH 0.1 (low)"]],
    ["your labs were normal except your tsh , which was suppressed .", ["TSH: low"]],
    ["her folate was low at two point one .", ["Folate 2.1 (low)"]],
    // one verb for two tests
    ["your b12 and folate came back normal .", ["B12: normal", "Folate: normal"]],
    // another test's "normal" is not this one's
    ["your tsh was 0.2 , your free t4 was normal .", ["TSH 0.2", "Free T4: normal"]],
    ["your tsh came back at 0.2 and everything else was normal .", ["TSH 0.2"]],
    ["the tsh came back at 0.3 , otherwise things looked normal .", ["TSH 0.3"]],
    // a side said in what an image showed is no tag word
    [
      "your chest x-ray showed a small pneumonia in the right lower lobe .",
      ["Chest x-ray: a small pneumonia in the right lower lobe"],
    ],
  ])("%s", (sentence, want) => {
    expect(said(sentence)).toEqual(want);
  });

  it.each([
    "your heart was one of the first things we looked at .",
    "if your tsh and free t4 are low we'll adjust the dose .",
    "your mood has been low since the fall .",
  ])("%s: no result", (sentence) => {
    expect(said(sentence)).toEqual([]);
  });

  it("a result said in a wrap-up keeps its direction, and a value in words passes the verifier", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "okay so let me summarize . your white count was elevated at fourteen . and the tsh was low at point one .",
      ]),
    );
    const tsh = fs.find((f) => f.text.startsWith("TSH"));
    expect(tsh?.text).toBe("TSH 0.1 (low)");
    expect(tsh?.details.uncertain).toBeUndefined();
    expect(readings(fs).join(" ")).not.toMatch(/normal/i);
  });
});

describe("what the labs showed, and an image of a named part (session 15)", () => {
  it.each([
    ["her labs showed a tsh of 0.2 , which is low .", ["TSH 0.2 (low)"]],
    ["lab work revealed a low tsh at zero point two .", ["TSH 0.2 (low)"]],
    ["the blood work showed an elevated white count .", ["White count: high"]],
    [
      "the x-ray of the right wrist showed a distal radius fracture .",
      ["X-ray of the right wrist: a distal radius fracture"],
    ],
    [
      "her mri of the lumbar spine showed a disc herniation at l4-5 .",
      ["Mri of the lumbar spine: a disc herniation at l4-5"],
    ],
  ])("%s", (sentence, want) => {
    expect(said(sentence)).toEqual(want);
  });

  it.each(["the labs showed that you were dehydrated .", "your labs showed nothing worrying ."])(
    "%s: no blood test named, no result",
    (sentence) => {
      expect(said(sentence)).toEqual([]);
    },
  );
});

describe("a known blood test in a dictated wrap-up, with no 'your' (session 15)", () => {
  it.each([
    ["results : tsh low at 0.2 , free t4 normal .", ["TSH 0.2 (low)"]],
    ["tsh was 0.2 .", ["TSH 0.2"]],
    ["labs notable for a tsh of 0.2 , which is low .", ["TSH 0.2 (low)"]],
    ["she has hypothyroidism with a tsh of zero point two .", ["TSH 0.2"]],
    ["potassium was 3.1 , low . sodium is 138 .", ["Potassium 3.1 (low)", "Sodium 138"]],
  ])("%s", (sentence, want) => {
    expect(said(sentence)).toEqual(want);
  });

  it.each([
    "we want the potassium above 4 .",
    "if potassium is under 3.5 we'll replace it .",
    "she takes potassium 20 meq daily .",
    "start potassium 20 meq twice a day .",
  ])("%s: a target, a condition or a dose is no result", (sentence) => {
    expect(said(sentence)).toEqual([]);
  });
});
