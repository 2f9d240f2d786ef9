import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { namedDiagnoses } from "./assessment.extract.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `n${++n}`, speaker, text }));
}
const of = (fs: Finding[], kind: Finding["kind"]) => fs.filter((f) => f.kind === kind).map((f) => f.text);

describe("the main problem the clinician names outside the lexicon", () => {
  it.each([
    ["so this is just a contusion of the knee", "contusion of the knee"],
    ["so the mri showed a small tumor in the pituitary gland called an adenoma", "adenoma"],
    ["we found a tumor in your colon on the colonoscopy", "tumor in the colon"],
    ["the biopsy confirmed a basal cell carcinoma", "basal cell carcinoma"],
  ])("%s → %s", (text, name) => {
    expect(namedDiagnoses(text).map((d) => d.name)).toContain(name);
  });

  it.each(["the x-ray showed no fracture", "that's a good question", "it's a pain to get here"])(
    "%s names nothing",
    (text) => expect(namedDiagnoses(text)).toEqual([]),
  );

  it("a benign tumour is no cancer, and its symptom's leaflet goes", () => {
    const tr = t(
      ["patient", "i've been getting these headaches for a month"],
      ["clinician", "so the mri showed a small tumor in the pituitary gland called an adenoma"],
      ["clinician", "i'm going to refer you to neurosurgery"],
    );
    const fs = extractFindings(tr);
    expect(of(fs, "assessment")).toEqual(["Adenoma"]);
    const text = summaryText(summarySections(composeSummary(fs)));
    expect(text).toMatch(/What we think: .*adenoma/i);
    expect(text).not.toMatch(/cancer/i);
    expect(text).not.toMatch(/Rest, fluids and sleep/);
  });

  it("a bruised knee with no fracture is the problem, not only the pain", () => {
    const fs = extractFindings(
      t(
        ["patient", "i fell off my bike and my knee hurts"],
        ["clinician", "the x-ray shows no fracture so this is just a contusion of the knee"],
      ),
    );
    expect(of(fs, "assessment")).toEqual(["Contusion of the knee"]);
  });
});

describe("symptoms that are over", () => {
  it("a symptom before the admission is not a symptom now", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and before you went into the hospital you had a fever and chills right"],
        ["patient", "yes"],
        ["clinician", "before you went into the hospital did you have a cough?"],
        ["patient", "yes i did"],
      ),
    );
    expect(of(fs, "symptom")).toEqual([]);
  });

  it("a yes that says it went away confirms nothing current", () => {
    const fs = extractFindings(
      t(
        ["clinician", "do you have a cough?"],
        ["patient", "yes but it went away last week"],
        ["clinician", "any headaches?"],
        ["patient", "yes every day"],
      ),
    );
    expect(of(fs, "symptom")).toEqual(["Headache"]);
  });
});
