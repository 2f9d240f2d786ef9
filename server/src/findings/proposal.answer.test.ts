import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { verifyFindings } from "./verifier.js";
import { classifyAnswer } from "./proposal.answer.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `p${++n}`, speaker, text }));
}
const plans = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "plan").map((f) => f.text);
const summaryOf = (fs: Finding[]): string => summaryText(summarySections(composeSummary(fs)));

describe("classifyAnswer: stance by polarity, not by one dialogue's words", () => {
  it.each([
    // a negated wish or readiness aimed at the proposal
    ["no , i do n't think i'm gon na do the scope", "decline"],
    ["honestly i'm not really up for that", "decline"],
    ["no , i really do n't want to go through that again", "decline"],
    ["i'm not doing another colonoscopy", "decline"],
    ["i don't need that", "decline"],
    // refusing in so many words
    ["i'm gonna say no to that one", "decline"],
    ["nah , i'll skip it", "decline"],
    ["no , i'm good without it", "decline"],
    // putting it off, in time or until someone is asked
    ["can i think it over and let you know", "defer"],
    ["let me talk to my husband first", "defer"],
    ["maybe after the holidays", "defer"],
    ["could we revisit that next time", "defer"],
    ["i'll sleep on it", "defer"],
    ["okay , but i'd rather wait", "defer"],
    ["i'd rather wait , if that's okay", "defer"],
    // yes, including a negated aversion and a "no" taken back
    ["sure , let's do it", "accept"],
    ["okay i can do that", "accept"],
    ["no problem", "accept"],
    ["no , that's fine", "accept"],
    ["i don't mind", "accept"],
    ["i don't see why not", "accept"],
    ["i don't want to wait , let's get it done", "accept"],
    ["can we do it next week", "accept"],
    ["uh , yeah , i can do that , okay ?", "accept"],
    ["okay , when would i go ?", "accept"],
    // a question, or no decision
    ["will it hurt ?", "question"],
    ["wait , what is that test ?", "question"],
    ["i guess , maybe ? i do n't know", "unclear"],
    ["um , i'm not sure i want that", "unclear"],
  ] as const)("%s → %s", (answer, stance) => {
    expect(classifyAnswer(answer)).toBe(stance);
  });

  it.each(["i don't want this pain to come back", "i don't have any questions", "it started last week"])(
    "%s has no stance on a proposal",
    (answer) => expect(classifyAnswer(answer)).toBeUndefined(),
  );
});

describe("an order and the patient's answer", () => {
  const scope = "so because of the bleeding i want to order a colonoscopy to take a look .";

  it.each([
    "no , i do n't think i'm gon na do the scope . my brother had a bad time with it .",
    "honestly i'm not really up for that right now",
    "can i think it over and let you know ?",
    "let me talk to my wife about it first",
  ])("%s: the order is declined for the clinician and not told to the patient", (answer) => {
    const fs = extractFindings(
      t(["clinician", scope], ["patient", answer], ["clinician", "okay , that's fair ."]),
    );
    expect(plans(fs)).toContain("Patient declined: order colonoscopy");
    expect(summaryOf(fs)).not.toMatch(/colonoscopy/i);
  });

  it("reads the answer after the patient's own question and the clinician's reply", () => {
    const declined = extractFindings(
      t(
        ["clinician", scope],
        ["patient", "is that the one where they put you to sleep ?"],
        ["clinician", "yes , you're sedated for it ."],
        ["patient", "hmm . i'd prefer to hold off until after the holidays ."],
      ),
    );
    expect(plans(declined)).toContain("Patient declined: order colonoscopy");
    const accepted = extractFindings(
      t(
        ["clinician", scope],
        ["patient", "will it hurt ?"],
        ["clinician", "no , you'll be asleep the whole time ."],
        ["patient", "okay then , let's do it ."],
      ),
    );
    expect(plans(accepted)).toContain("Order colonoscopy");
  });

  it("a no the patient takes back after the clinician argues for it stands as a yes", () => {
    const fs = extractFindings(
      t(
        ["clinician", scope],
        ["patient", "i'd rather not ."],
        ["clinician", "i really think you need it , the bleeding worries me ."],
        ["patient", "okay , fine , if you think so ."],
      ),
    );
    expect(plans(fs)).toContain("Order colonoscopy");
  });

  it("a yes to the order's later mention under a condition does not undo the patient's no", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i want to order a colonoscopy to take a look . what do you think ?"],
        ["patient", "i'd rather hold off on the colonoscopy and see if it happens again ."],
        [
          "clinician",
          "that's fine . if the bleeding comes back , we'll get you scheduled for a colonoscopy .",
        ],
        ["patient", "okay ."],
      ),
    );
    expect(plans(fs)).toContain("Patient declined: order colonoscopy");
    expect(summaryOf(fs)).not.toMatch(/colonoscopy/i);
  });

  it.each(["sure , let's get it done", "no , that's fine , go ahead", "i don't mind"])(
    "%s: the order stands",
    (answer) => {
      const fs = extractFindings(t(["clinician", scope], ["patient", answer]));
      expect(plans(fs)).toContain("Order colonoscopy");
    },
  );

  it.each(["um , i guess ? i do n't know .", "maybe . i'm not sure .", "hmm , i dunno"])(
    "%s: unclear, so the verifier shows the order to the clinician alone",
    (answer) => {
      const transcript = t(["clinician", scope], ["patient", answer]);
      const { findings } = verifyFindings(extractFindings(transcript), transcript);
      const order = findings.find((f) => f.kind === "plan" && f.term === "colonoscopy");
      expect(order?.text).toBe("Order colonoscopy");
      expect(order?.details.uncertain).toBe(true);
      expect(summaryOf(findings)).not.toMatch(/colonoscopy/i);
    },
  );

  it.each([
    // a "no" agreeing with a statement, not refusing a question about the order
    ["i don't think we need to start anything else for now .", "no , i agree with you ."],
    // dismay and a question, not a refusal
    ["that should tell us where the bleeding comes from .", "oh no , what's the name of that test ?"],
    // a yes, then another matter
    ["that should tell us more .", "okay . and i'll talk to my cardiologist about my metoprolol ."],
    // a refusal of something else named in the answer
    [
      "and if it gets worse we might have to send you to the hospital , okay ?",
      "i do n't want to go to the hospital .",
    ],
    // a hedge about another matter in a longer turn
    [
      "that should tell us more .",
      "mm-hmm . i've also had some cramps lately , i'm not sure if it's related to my diet .",
    ],
  ])("%s / %s: the order stands, nothing to check", (after, answer) => {
    const transcript = t(["clinician", `${scope} ${after}`], ["patient", answer]);
    const { findings } = verifyFindings(extractFindings(transcript), transcript);
    const order = findings.find((f) => f.kind === "plan" && f.term === "colonoscopy");
    expect(order?.text).toBe("Order colonoscopy");
    expect(order?.details.uncertain).toBeUndefined();
  });

  it("a proposal talked past (forty words before the end of the turn) is not what the patient answers", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          `${scope} now for your blood pressure i want you to keep taking the lisinopril every morning and check your pressures at home a few times a week and write them down so we can look at them together next time and for your knee keep icing it , okay ?`,
        ],
        ["patient", "no , i'd rather not ."],
      ),
    );
    expect(plans(fs)).toContain("Order colonoscopy");
  });

  it("an answer to another question the clinician asked after the order declines nothing", () => {
    const fs = extractFindings(
      t(["clinician", `${scope} have you ever had one before ?`], ["patient", "no , not yet ."]),
    );
    expect(plans(fs)).toContain("Order colonoscopy");
  });
});

describe("a medicine the clinician proposes to start", () => {
  const start = "i'd like to start you on atorvastatin 20 milligrams once a day for the cholesterol .";

  it.each([
    "i'd really rather not take another pill",
    "can i think about it ? i'm already on so many medicines",
    "no , i'm not ready to go on a statin",
  ])("%s: not started; the clinician sees it declined, the patient is told nothing to take", (answer) => {
    const fs = extractFindings(t(["clinician", start], ["patient", answer]));
    const med = fs.find((f) => f.kind === "medication" && f.term === "atorvastatin");
    expect(med?.details.status).toBeUndefined();
    expect(med?.text).toMatch(/^Patient declined: Atorvastatin 20 milligrams/);
    expect(summaryOf(fs)).not.toMatch(/atorvastatin/i);
  });

  it("a yes keeps the start", () => {
    const fs = extractFindings(t(["clinician", start], ["patient", "okay , i can try that ."]));
    const med = fs.find((f) => f.kind === "medication" && f.term === "atorvastatin");
    expect(med?.details.status).toBe("started");
  });
});

describe("a decline after a remark, an explanation, or before a later mention (session 15)", () => {
  it.each([
    [
      "i'm going to order an endoscopy so we can look at the lining of your stomach .",
      "hmm .",
      "it's a camera that goes down your throat while you're sedated .",
      "yeah , i don't think i want to do that . i'll just take the medicine .",
      "Patient declined: order endoscopy",
    ],
    [
      "let's schedule you for a colonoscopy .",
      "oh , um , i've heard those are awful .",
      "the prep is the worst part , the procedure itself is easy .",
      "still , i'm going to say no for now .",
      "Patient declined: order colonoscopy",
    ],
    [
      "i'm going to order an mri of your shoulder .",
      "i had a bad experience in one of those machines .",
      "we can give you something to relax .",
      "i'm still going to have to say no to the mri .",
      "Patient declined: order mri",
    ],
    [
      "i'm going to order a colonoscopy for you .",
      "my sister had one of those last year .",
      "it's very routine and we'll give you something to relax .",
      "okay , that's fine , go ahead .",
      "Order colonoscopy",
    ],
  ])("%s / %s / %s / %s", (order, remark, explanation, answer, line) => {
    const fs = extractFindings(
      t(["clinician", order], ["patient", remark], ["clinician", explanation], ["patient", answer]),
    );
    expect(plans(fs)).toContain(line);
    if (line.startsWith("Patient declined")) expect(summaryOf(fs)).not.toMatch(/endoscopy|colonoscopy|mri/i);
  });

  it("a later mention of the declined order ('if you change your mind') answers nothing", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i want to order an mri of your lower back ."],
        ["patient", "i'd prefer not to , i'm claustrophobic ."],
        ["clinician", "okay . we can do an open mri if you change your mind ."],
      ),
    );
    expect(plans(fs)).toContain("Patient declined: order mri");
    expect(plans(fs)).not.toContain("Order mri");
  });

  it.each([
    "i'd rather try diet and exercise for a few months before any pills .",
    "can i see how the walking does before we start that ?",
  ])("another thing tried before the start defers it: %s", (answer) => {
    expect(classifyAnswer(answer)).toBe("defer");
    const fs = extractFindings(
      t(
        ["clinician", "let's get you started on atorvastatin twenty milligrams at night ."],
        ["patient", "hmm , i've read about those ."],
        ["clinician", "some people do get muscle aches , but most don't ."],
        ["patient", answer],
      ),
    );
    const med = fs.find((f) => f.kind === "medication");
    expect(med?.text).toMatch(/^Patient declined: Atorvastatin/);
    expect(med?.details.status).toBeUndefined();
  });
});

describe("a decline after a long explanation, several questions, or from the patient's guest (session 15)", () => {
  it("reads the answer after an explanation of more than sixty words to the patient's question", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i'd like to order an endoscopy to look at your esophagus and stomach ."],
        ["patient", "what does that involve exactly ?"],
        [
          "clinician",
          "so you would come in fasting , we give you some sedation through an iv , and then the gastroenterologist passes a thin flexible tube with a camera through your mouth into your esophagus and stomach . they look for inflammation , ulcers , or anything unusual and can take small biopsies if needed . the whole thing takes about fifteen to twenty minutes and you'd need someone to drive you home afterwards because of the sedation .",
        ],
        ["patient", "honestly that sounds like a lot . i'd rather not do it right now ."],
      ),
    );
    expect(plans(fs)).toContain("Patient declined: order endoscopy");
  });

  it("reads past two of the patient's questions", () => {
    const fs = extractFindings(
      t(
        ["clinician", "i'm going to order a colonoscopy ."],
        ["patient", "how long does it take ?"],
        ["clinician", "about thirty minutes ."],
        ["patient", "and do i have to be asleep ?"],
        ["clinician", "yes , you'll be sedated ."],
        ["patient", "no , i don't want to do that ."],
      ),
    );
    expect(plans(fs)).toContain("Patient declined: order colonoscopy");
  });

  it("a guest's no for the patient, then the patient's 'yeah, no'", () => {
    expect(classifyAnswer("yeah , no .")).not.toBe("accept");
    const fs = extractFindings(
      t(
        ["clinician", "i'm going to order a colonoscopy ."],
        ["other", "he's not going to do that , he hated the last one ."],
        ["patient", "yeah , no ."],
      ),
    );
    expect(plans(fs)).toContain("Patient declined: order colonoscopy");
  });
});
