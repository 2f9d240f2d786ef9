import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { explainFindings } from "./plain-language.js";
import { composeSummary } from "./summary.compose.js";
import { conditionByTerm } from "./lexicon.matcher.js";
import { maxSentenceGrade } from "./readability.js";
import { fernandezHuerta, isEasySpanish } from "./readability-es.js";
import { CONDITION_SIGNS, conditionSign } from "./warning.rules.js";

describe("warning signs that fit a condition", () => {
  it("has one per condition (or the one symptom, thoughts of not wanting to live) the lexicon names, read after 'if you have' at grade 6 or below", () => {
    for (const [term, sign] of Object.entries(CONDITION_SIGNS)) {
      expect(conditionByTerm.has(term) || term === "suicidal thoughts", term).toBe(true);
      const line = `Call 911 if you have ${sign.en}.`;
      expect(maxSentenceGrade(line), line).toBeLessThanOrEqual(6);
    }
  });

  it("reads easily in Spanish after 'si tiene'", () => {
    const hard = Object.values(CONDITION_SIGNS)
      .map((s) => `Llame al 911 si tiene ${s.es}.`)
      .filter((x) => !isEasySpanish(x))
      .map((x) => `${fernandezHuerta(x)}: ${x}`);
    expect(hard).toEqual([]);
  });

  it("gives nothing for a condition without a sign of its own", () => {
    expect(conditionSign("gout", "en")).toBeUndefined();
    expect(conditionSign("cellulitis", "es")).toMatch(/rayas rojas/);
  });
});

describe("the clinician's own warning signs keep where they send the patient", () => {
  let n = 0;
  const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
    turns.map(([speaker, text]) => ({ id: `w${++n}`, speaker, text }));
  const warnings = (fs: Finding[]) => fs.filter((f) => f.kind === "warning_sign").map((f) => f.text);

  it("never turns 'give us a call' into 'call 911'", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i think this is a lumbar strain ."],
        ["clinician", "and if it does n't get better in a week , give us a call ."],
      ),
    );
    expect(warnings(fs)).toEqual(["Call the clinic if: symptoms that do not get better"]);
    const doc = composeSummary(fs);
    expect(doc.inShort.help).toBe(
      "Call us if you have symptoms that do not get better. In an emergency, call 911.",
    );
    expect(JSON.stringify(doc.getHelp)).not.toMatch(/not get better/);
    const explained = explainFindings(fs).explanations.find(
      (e) => e.findingId === fs.find((f) => f.kind === "warning_sign")?.id,
    );
    expect(explained?.help.text).toMatch(/call us/i);
    expect(explained?.help.text).not.toMatch(/go to the ER/);
  });

  it("keeps the emergency advice urgent, with the clinician's list of signs whole", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "If you develop a fever greater than one hundred and one, chills, or vomiting, please go to the emergency room.",
        ],
        ["clinician", "if your headache is not better in a few days , come back in ."],
      ),
    );
    expect(warnings(fs)).toEqual([
      "Seek care now if: a fever greater than one hundred and one, chills, or vomiting",
      "Call the clinic if: a headache that does not get better",
    ]);
    const doc = composeSummary(fs);
    expect(doc.inShort.help).toBe(
      "Call 911 if you have a sign in the list below. Call us if you have a headache that does not get better.",
    );
    expect(doc.getHelp.signs).toEqual(["A fever greater than one hundred and one, chills, or vomiting"]);
  });

  it("takes no warning from advice said far from the 'if', or from the clinician's own errand", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "i can give you another refill if you need to help with some of the shortness of breath so i'd like to get some of this fluid off you and have you check your weights daily and use the breathing treatments and i'd like to have you come back in about a couple days",
        ],
        ["clinician", "I'll see if I can call his emergency contact to confirm."],
      ),
    );
    expect(warnings(fs)).toEqual([]);
  });

  it("keeps the next visit said in the same breath as a warning", () => {
    const fs = extractFindings(
      t(["clinician", "i will see you in two weeks , and if you have a lot of pain , come back in ."]),
    );
    expect(warnings(fs)).toEqual(["Call the clinic if: a lot of pain"]);
    expect(fs.filter((f) => f.kind === "follow_up").map((f) => f.text)).toEqual(["Follow up in two weeks"]);
  });

  it("reads every 'if' of a long dictated turn, and 'come on back', 'let your doctor know', a weight gain", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "if you have any questions let me know and we'll have you use the breathing treatments and see if that helps your shortness of breath and also weigh yourself daily and call me if you gain three pounds in two days okay and i'm going to order an echocardiogram",
        ],
        ["clinician", "if it's not getting better , of course , come on back and see me ."],
        ["clinician", "certainly let your doctor know about this if it gets any worse ."],
      ),
    );
    expect(warnings(fs)).toEqual([
      "Call the clinic if: a weight gain of three pounds in two days",
      "Call the clinic if: symptoms that do not get better",
      "Call the clinic if: symptoms that get worse",
    ]);
    // The rest of a long turn is still read: the order after the warning stays.
    expect(fs.filter((f) => f.kind === "plan").map((f) => f.text)).toContain("Order echocardiogram");
    expect(composeSummary(fs, { language: "es" }).inShort.help).toMatch(/^Llámenos si tiene /);
    expect(composeSummary(fs, { language: "es" }).inShort.help).not.toMatch(/se siente/);
  });

  it("says what to call the office for even beside an emergency sign", () => {
    const fs = extractFindings(
      t(
        ["clinician", "if you get chest pain , go to the emergency room right away ."],
        ["clinician", "and if the cough is not better in a week , give us a call ."],
      ),
    );
    expect(composeSummary(fs).inShort.help).toBe(
      "Call 911 if you have chest pain. Call us if you have a cough that does not get better.",
    );
  });
});
