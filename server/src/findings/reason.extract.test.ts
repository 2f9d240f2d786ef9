import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `r${++n}`, speaker, text }));
}
const reason = (fs: Finding[]): string | undefined => fs.find((f) => f.kind === "chief_concern")?.text;

describe("reason for the visit", () => {
  it("takes the clinician's framing after the past history, not the history", () => {
    const fs = extractFindings(
      t(
        ["clinician", "hi , dana . how are you ?"],
        ["patient", "i'm okay ."],
        [
          "clinician",
          "dana is a 52-year-old female with a past medical history significant for depression and migraines who presents for emergency room follow-up of her high blood pressure .",
        ],
        ["patient", "yeah , it was like 198 over 110 at the er ."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: hypertension");
  });

  it("prefers the answer to 'what brings you in' over small talk about how the patient is", () => {
    const fs = extractFindings(
      t(
        ["clinician", "How are you doing?"],
        ["patient", "Oh, I'm fine, my depression has been a lot better since the spring."],
        ["clinician", "Good. So what brings you in today?"],
        ["patient", "I've had this cough for about two weeks and it's not going away."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: cough");
  });

  it("keeps the body part the clinician named with a bare pain", () => {
    const fs = extractFindings(t(["clinician", "She's here for left leg pain after a fall at bowling."]));
    expect(reason(fs)).toBe("Chief concern: left leg pain");
  });

  it("does not read the next yearly visit being planned as the reason for this one", () => {
    const fs = extractFindings(
      t(
        ["patient", "I've had a cough for about a week now."],
        ["clinician", "Let's have you come back in about a year for your wellness visit."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: cough");
  });

  it("does not read 'we will check up on those' as a yearly check-up", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and while you are here we will check up on your blood pressure too"],
        ["patient", "i've been in a lot of pain in my left back for three days"],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: pain");
  });
});

describe("the main concern the patient confirms", () => {
  // Invented, in the style of MTS-Dialog: the history first, then the complaint, confirmed.
  const visit = (reply: string) =>
    t(
      ["clinician", "any relevant past medical history ?"],
      [
        "patient",
        "i have diabetes and i had a stroke years ago . i do have weakness on my left side after that .",
      ],
      ["clinician", "what are your symptoms now ?"],
      ["patient", "it's like my feet are burning and the numbness is still there ."],
      ["clinician", "is that your main concern ?"],
      ["patient", reply],
    );

  it("is what the patient said just before the clinician asked", () => {
    expect(reason(extractFindings(visit("yeah , it is . that is my main problem .")))).toBe(
      "Chief concern: numbness",
    );
  });

  it("is not taken from a no", () => {
    expect(reason(extractFindings(visit("no , not really .")))).not.toBe("Chief concern: numbness");
  });
});

describe("reason for an emergency room follow-up", () => {
  it("names what the ER visit was for, from what is said next", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "louis is a 58-year-old male here for follow up from an emergency room visit . so , what happened ?",
        ],
        ["patient", "well my blood pressure was really high , like 198 over 110 , and i had a headache ."],
      ),
    );
    expect(fs.find((f) => f.kind === "chief_concern")).toMatchObject({
      term: "hypertension",
      text: "Chief concern: follow up from an emergency room visit (hypertension, headache)",
    });
  });

  it("puts the body part said after a bare pain or swelling into the reason", () => {
    const jaw = extractFindings(
      t(["clinician", "What is going on?"], ["patient", "I have pain in my jaw since the morning."]),
    );
    expect(reason(jaw)).toBe("Chief concern: jaw pain");
    const finger = extractFindings(
      t(
        ["clinician", "what brings you in today ?"],
        ["patient", "um , i am having a lot of pain at the end of my right middle finger ."],
      ),
    );
    expect(reason(finger)).toBe("Chief concern: right middle finger pain");
    const legs = extractFindings(
      t(["clinician", "What brings you in?"], ["patient", "I have a lot of swelling in my legs."]),
    );
    expect(reason(legs)).toBe("Chief concern: leg swelling");
  });

  it("reads an opener the scribe wrote without its question mark", () => {
    const fs = extractFindings(
      t(
        ["clinician", "hello there how can i help you today"],
        ["patient", "i've had a pain in my tummy for three days and i've been being sick"],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: abdominal pain, vomiting");
  });

  it("takes no vague words for the reason, and no tag from the clinician's framing", () => {
    const vague = extractFindings(
      t(["clinician", "So we're here to follow up on a few things."], ["patient", "Sure."]),
    );
    expect(reason(vague)).toBeUndefined();
    const tagged = extractFindings(
      t(["clinician", "You are referred for some abdominal infection, right?"], ["patient", "Yes."]),
    );
    expect(reason(tagged)).toBe("Chief concern: some abdominal infection");
  });

  it("takes what the clinician heard before the visit, in the opening exchange", () => {
    const urination = extractFindings(
      t(
        ["clinician", "hi billy how are you"],
        ["patient", "good"],
        ["clinician", "the medical assistant told me that you're having some difficulty urinating"],
        ["patient", "yeah , over the last six months"],
      ),
    );
    expect(reason(urination)).toBe("Chief concern: difficulty urinating");
    const ulcer = extractFindings(
      t(
        ["clinician", "i'm okay , the medical assistant told me that you had this ulcer on your foot"],
        ["patient", "yes , it's on my right foot"],
      ),
    );
    expect(reason(ulcer)).toBe("Chief concern: ulcer on the foot");
    const knee = extractFindings(
      t(["clinician", "so sophia i see that you hurt your knee tell me about what happened"]),
    );
    expect(reason(knee)).toBe("Chief concern: knee injury");
  });

  it("keeps a problem outside the lexicon in the patient's words, and infers nothing from it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Hi, what brings you here today?"],
        ["patient", "I feel this lump on the upper side of my breast."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: lump on the breast");
    expect(fs.find((f) => f.kind === "chief_concern")?.term).toBeUndefined();
    expect(fs.filter((f) => f.kind === "assessment")).toEqual([]);
  });

  it("reads no opening report from the chart read later in the visit", () => {
    const fs = extractFindings(
      t(
        ["clinician", "how are you today"],
        ["patient", "fine"],
        ["clinician", "any changes in your medications"],
        ["patient", "no"],
        ["clinician", "okay"],
        ["clinician", "i see that you hurt your knee last year"],
      ),
    );
    expect(reason(fs)).toBeUndefined();
  });

  it("keeps 'high blood sugar' as said: no diabetes the clinician has not named", () => {
    const fs = extractFindings(
      t(
        ["clinician", "so keith is a 58-year-old male here for evaluation of high blood sugar ."],
        ["patient", "yeah , they've been in the 300s ."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: high blood sugar");
    expect(fs.find((f) => f.kind === "chief_concern")?.term).toBeUndefined();
    expect(composeSummary(fs).inShort.why).toMatch(/high blood sugar/);
  });

  it("prefers the answer to 'what brings you in' over the chart read at the opening", () => {
    const fs = extractFindings(
      t(
        ["clinician", "hi , i see that you have diabetes . so what brings you in today ?"],
        ["patient", "i've had this cough for two weeks ."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: cough");
  });
});

describe("reason from the clinician's first problem", () => {
  it("takes the first problem of the assessment when nobody said why the patient came", () => {
    const fs = extractFindings(
      t(
        ["clinician", "good morning , nice to meet you ."],
        ["patient", "morning . i've been coughing a lot since last week ."],
        ["clinician", "okay , and do you work outside ?"],
        ["patient", "yes , i bale hay on the farm most days ."],
        [
          "clinician",
          "so for your first problem of recurrent lung infections , your symptoms seem consistent with a condition we call hypersensitivity pneumonitis .",
        ],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: recurrent lung infections");
    expect(fs.filter((f) => f.kind === "assessment").map((f) => f.text)).toContain(
      "Hypersensitivity pneumonitis",
    );
  });

  it("keeps the opening answer when there is one, with the part that hurts said before the verb", () => {
    const fs = extractFindings(
      t(
        ["clinician", "what brings you in today ?"],
        ["patient", "my right elbow has been hurting ."],
        ["clinician", "for your first problem , i think you have lateral epicondylitis ."],
      ),
    );
    expect(reason(fs)).toBe("Chief concern: right elbow pain");
  });
});
