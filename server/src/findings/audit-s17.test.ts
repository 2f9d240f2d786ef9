// Statements a blind audit of held-out visits (session 17) found false or harmful, each pinned.
import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummaryChecked } from "./summary.compose.js";
import { verifyFindings } from "./verifier.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `a${++n}`, speaker, text }));
}
const verified = (...turns: [Transcript[number]["speaker"], string][]): Finding[] => {
  const said = t(...turns);
  return verifyFindings(extractFindings(said), said).findings;
};
const of = (fs: Finding[], kind: Finding["kind"]) => fs.filter((f) => f.kind === kind);
const med = (fs: Finding[], term: string) => of(fs, "medication").find((f) => f.term === term);

describe("audit s17: medicines", () => {
  it("writes no 'Stop' for a medicine kept on, with a hope to come off it some day", () => {
    const fs = verified(
      [
        "clinician",
        "for your hypertension now i'm gon na keep you on that twenty of lisinopril okay because you are taking it and you're doing pretty good with it",
      ],
      [
        "clinician",
        "hopefully you know with their help we can eventually get you off that lisinopril alright so do you have any questions for me",
      ],
    );
    expect(med(fs, "lisinopril")?.details.status).toBe("continued");
    expect(of(fs, "plan").map((f) => f.text)).not.toContainEqual(expect.stringMatching(/^Stop lisinopril/));
  });

  it("carries the patient's 'i'm taking' to the rest of their list after the clinician's 'okay'", () => {
    const fs = verified(
      ["clinician", "and what is the medication and the dosage that you are taking"],
      ["patient", "i'm taking a farxiga and amlodipine"],
      ["clinician", "okay"],
      ["patient", "and lisinopril and the hydrochlorothiazide so i i ca n't pronounce that one"],
    );
    expect(med(fs, "hydrochlorothiazide")?.details).toMatchObject({ status: "continued" });
    expect(med(fs, "hydrochlorothiazide")?.details.uncertain).toBeUndefined();
  });

  it("reads 'to see if we need to make any adjustments to your metformin' as no change", () => {
    const fs = verified(
      ["clinician", "and are you taking your metformin"],
      ["patient", "yes yes that's along with the blood pressure medicine morning and night"],
      [
        "clinician",
        "for the diabetes mellitus i wan na order a hemoglobin a1c to see if we need to make any adjustments to your metformin",
      ],
    );
    expect(med(fs, "metformin")?.details.status).toBe("continued");
  });
});

describe("audit s17: symptoms", () => {
  it("keeps a symptom the patient denied out, though the clinician names it later", () => {
    const fs = verified(
      ["clinician", "are you having any shortness of breath"],
      [
        "patient",
        "i have n't noticed any shortness of breath it just kind of seems to be a lingering kind of light dry cough",
      ],
      [
        "clinician",
        "so the radiation pneumonitis so that's what causing that cough as well as some of the shortness of breath so i'm gon na prescribe you a low dose of prednisone forty milligrams daily for five days",
      ],
    );
    expect(of(fs, "symptom").map((f) => f.term)).not.toContain("shortness of breath");
    expect(of(fs, "symptom").find((f) => f.term === "cough")?.details.duration).toBeUndefined();
    const nausea = verified(
      [
        "clinician",
        "you had your last treatment just a few days ago but you're saying right now you've been able to tolerate the nausea and the fatigue",
      ],
      ["patient", "yes i have n't had any nausea but you know just slight fatigue"],
    );
    expect(of(nausea, "symptom").map((f) => f.term)).toEqual(["fatigue"]);
  });
});

describe("audit s17: plans", () => {
  it("orders the urine tests now, not at the next visit's time", () => {
    const fs = verified([
      "clinician",
      "i'm also gon na order what we call a basic metabolic panel a urinalysis and a urine culture now i wan na see you again in one to two weeks",
    ]);
    expect(of(fs, "plan").map((f) => f.text)).toContain("Order urinalysis");
  });

  it("reads a shock wave 'procedure' as no surgery", () => {
    const fs = verified([
      "clinician",
      "and if you're still having symptoms we'll have to discuss further treatment such as lithotripsy which is essentially a shock wave procedure",
    ]);
    expect(
      of(fs, "plan")
        .map((f) => f.text)
        .join(" "),
    ).not.toMatch(/surgery/i);
  });
});

describe("audit s17: a medicine started before the visit", () => {
  it("reads 'my pcp just started me on metformin' as taken, not a new start", () => {
    const fs = verified(
      ["clinician", "okay and how about do you have any other medical conditions"],
      ["patient", "yeah my pcp just started me on metformin i just got diagnosed with type two diabetes"],
    );
    expect(med(fs, "metformin")?.details.status).toBe("continued");
  });
});

describe("audit s17: the patient's list of medicines", () => {
  it("leaves out a medicine stopped before the visit, and says why to the clinician", () => {
    const checked = composeSummaryChecked(
      extractFindings(
        t(
          ["clinician", "how has your diabetes been"],
          ["patient", "my a1c is six point seven i used to be on an insulin pump but we got it down"],
        ),
      ),
      {},
    );
    expect(checked.summary.medicines.map((m) => m.name)).not.toContain("Insulin");
    expect(checked.withheld.some((w) => w.rule === "stopped-before-visit")).toBe(true);
  });
});

describe("audit s17b: plans nobody said", () => {
  it("reads 'medication therapy with antibiotics' as no counseling, and 'prevent any further weight loss' as no weight loss plan", () => {
    const fs = verified(
      [
        "clinician",
        "we're gon na need to closely monitor your blood sugars since we're going to be doing some medication therapy with antibiotics",
      ],
      [
        "clinician",
        "so you can continue to take food and fluids prevent dehydration and any further weight loss",
      ],
    );
    const plans = of(fs, "plan").map((f) => f.text);
    expect(plans).not.toContain("Refer to counseling");
    expect(plans.join(" ")).not.toMatch(/weight loss/i);
  });
});

describe("audit s17b: what was said against what was written", () => {
  const texts = (fs: Finding[], kind: Finding["kind"]) => of(fs, kind).map((f) => f.text);

  it("hears 'diarrhea no' as a denial, and the patient's 'i thought it was just heartburn' as a guess", () => {
    const fs = verified(
      ["clinician", "okay how about any abdominal infections"],
      ["patient", "diarrhea no"],
      ["clinician", "and the chest pain"],
      ["patient", "slightly here or there but i thought it was just heartburn"],
    );
    expect(texts(fs, "symptom").join(" ")).not.toMatch(/diarrhea|heartburn/i);
  });

  it("does not hedge a known hypertension named as the likely cause of heart failure", () => {
    const fs = verified([
      "clinician",
      "sounds like you know based on your diet this is likely caused by your dietary indiscretion and uncontrolled hypertension that we've been monitoring so what i want you to do is continue your bumex two milligrams once daily",
    ]);
    expect(texts(fs, "assessment")).toContain("Hypertension");
    expect(texts(fs, "assessment").join(" ")).not.toMatch(/possible/i);
    // A cause not known to be the patient's stays a possibility.
    const guess = verified(["clinician", "your cough is likely due to a viral infection"]);
    expect(texts(guess, "assessment").join(" ")).toMatch(/^Possible/);
  });

  it("names a rotator cuff tendinopathy as such, not as a tear", () => {
    const fs = verified([
      "clinician",
      "so for your problem of left shoulder pain your symptoms are most likely due to a rotator cuff tendinopathy so this means that you injured the tendons",
    ]);
    expect(of(fs, "assessment").map((f) => f.term)).toEqual(["rotator cuff tendinopathy"]);
  });

  it("tells the patient of a possible Lyme disease beside the known hypertension, and never reads 'have you ever been diagnosed with' as a diagnosis", () => {
    const said = t(
      ["clinician", "okay alright and have you ever been diagnosed with what we call lyme disease before"],
      ["patient", "i have not"],
      [
        "clinician",
        "you do have what we call that bull's eye rash which is what we get concerned about with lyme disease so for this first problem of your tick bite my concern is that you might have lyme disease so i'm gon na start you on doxycycline one hundred milligrams twice a day",
      ],
      [
        "clinician",
        "for your second problem of your hypertension i think you're doing a really good job let's continue you on the lisinopril twenty milligrams once a day",
      ],
    );
    const fs = verifyFindings(extractFindings(said), said).findings;
    expect(of(fs, "assessment").map((f) => f.text)).toEqual(
      expect.arrayContaining(["Possible lyme disease", "Hypertension"]),
    );
    const { summary } = composeSummaryChecked(fs, {});
    expect(summary.inShort.thinks).toMatch(/you have high blood pressure\. .* may also have Lyme disease\.$/);
  });

  it("reads a dose and schedule of the clinician's own for a medicine tried with little help as a change, not 'keep taking'", () => {
    const fs = verified(
      ["patient", "i've tried ibuprofen that helps a little but not much"],
      [
        "clinician",
        "i want you to take ibuprofen that's gon na be six hundred milligrams every six hours with food and i want you to take that for a full week",
      ],
    );
    expect(med(fs, "ibuprofen")?.details).toMatchObject({
      status: "changed",
      dose: "600 milligrams",
      frequency: "every six hours",
    });
    // Told to go on as before, it is kept.
    const kept = verified(
      ["patient", "i've tried ibuprofen that helps a little but not much"],
      ["clinician", "keep taking the ibuprofen six hundred milligrams every six hours"],
    );
    expect(med(kept, "ibuprofen")?.details.status).toBe("continued");
  });

  it("keeps a murmur heard apart from the mitral regurgitation an echo shows", () => {
    const fs = verified(
      [
        "clinician",
        "on your heart exam i do appreciate a two out of six systolic ejection murmur but i heard that before and that is stable",
      ],
      [
        "clinician",
        "your echocardiogram does show preserved ejection fraction of fifty five percent and mild to moderate mitral regurgitation",
      ],
    );
    const terms = of(fs, "assessment").map((f) => f.term);
    expect(terms).toEqual(expect.arrayContaining(["heart murmur", "mitral regurgitation"]));
    expect(of(fs, "assessment").find((f) => f.term === "heart murmur")?.text).not.toMatch(/moderate/i);
  });

  it("writes a sling as a sling, never as a brace", () => {
    const fs = verified([
      "clinician",
      "now i want you to rest it i'm gon na order a sling and i want you to wear the sling while you're awake",
    ]);
    expect(of(fs, "plan").map((f) => f.term)).toContain("sling");
    expect(of(fs, "plan").map((f) => f.term)).not.toContain("brace");
  });

  it("orders no urology referral at the urology visit the patient's doctor sent them to", () => {
    const fs = verified([
      "clinician",
      "i saw my doctor and they ordered a cat scan and said i had a kidney stone and sent me to see a urologist okay well does the pain move",
    ]);
    expect(texts(fs, "plan")).not.toContain("Refer to urology");
  });

  it("keeps the MRI ordered after 'there are no fractures so'", () => {
    const fs = verified([
      "clinician",
      "i reviewed the results and there are no fractures so that's good so for your problem of left shoulder pain i will be ordering an mri for your left shoulder to be sure that there is nothing else going on",
    ]);
    expect(texts(fs, "plan")).toContain("Order mri");
  });

  it("keeps the tylenol the patient took as continued, not started, when a strainer 'you can use' follows", () => {
    const fs = verified(
      ["clinician", "okay and what have you taken for the pain"],
      ["patient", "i have taken some tylenol but it has n't really helped"],
      [
        "clinician",
        "i'm going to prescribe oxycodone five milligrams every six to eight hours as needed for pain you can continue to alternate that with some tylenol i'm going to give you a strainer that you can use to strain your urine",
      ],
    );
    expect(med(fs, "acetaminophen")?.details.status).toBe("continued");
    expect(med(fs, "oxycodone")?.details.status).toBe("started");
  });
});
