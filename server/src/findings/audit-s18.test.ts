// Statements a blind audit of held-out visits (session 18: PriMock57 and MTS-Dialog validation
// visits never audited before) found false or harmful, each pinned.
import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeNote } from "../notes/note.compose.js";
import { composeSummaryChecked } from "./summary.compose.js";
import { verifyFindings } from "./verifier.js";

let n = 0;
const verified = (...turns: [Transcript[number]["speaker"], string][]): Finding[] => {
  const said: Transcript = turns.map(([speaker, text]) => ({ id: `s${++n}`, speaker, text }));
  return verifyFindings(extractFindings(said), said).findings;
};
const terms = (fs: Finding[], kind: Finding["kind"]) => fs.filter((f) => f.kind === kind).map((f) => f.term);

describe("audit s18: illnesses that are not the patient's", () => {
  it("gives the father's and the mother's cancers to them, not to the patient", () => {
    const fs = verified(
      ["clinician", "Tell me a little more about your family."],
      ["patient", "Um, my dad died a few years back. He had color cancer and thyroid cancer."],
      ["clinician", "How did she pass?"],
      ["patient", "She had lung cancer. My mom didn't talk much about her own health problems."],
      ["clinician", "Do you smoke tobacco?"],
      ["patient", "Um, no, that never appealed to me, especially with the history of cancer."],
    );
    expect(terms(fs, "assessment")).toEqual([]);
  });

  it("reads an illness named in answer to a family question as the family's, unless the patient speaks of themselves", () => {
    const fs = verified(
      ["clinician", "Alright um, are there any illnesses in your family at all?"],
      ["patient", "Hmm, the main one would be, um, heart attack. My, my father passed away of that."],
    );
    expect(terms(fs, "assessment")).toEqual([]);
    const own = verified(
      ["clinician", "Any illnesses in the family?"],
      ["patient", "My mum has diabetes. And I have asthma myself."],
    );
    expect(terms(own, "assessment")).toEqual(["asthma"]);
  });

  it("reads a fear as a fear: 'cancer.' in answer to what worries them, and 'i was so worried that i had cancer'", () => {
    const fs = verified(
      ["clinician", "OK. Is that all you're worried about?"],
      ["patient", "cancer."],
      ["clinician", "I'm reassured that you don't have anything more serious, such as brain cancer."],
      ["patient", "thank you. I was so worried that I had cancer."],
    );
    expect(terms(fs, "assessment")).toEqual([]);
    // What worries them is still heard as a symptom.
    const symptom = verified(["clinician", "What worries you most?"], ["patient", "My chest pain."]);
    expect(terms(symptom, "symptom")).toContain("chest pain");
  });

  it("reads 'they checked my diabetes … it was all OK' as a test, not diabetes", () => {
    const fs = verified([
      "patient",
      "They checked my diabetes, my blood pressure and my, cholesterol, and the doctor said it was all OK.",
    ]);
    expect(terms(fs, "assessment")).toEqual([]);
  });

  it("takes a yes to a test or a vaccine as no illness", () => {
    const fs = verified(
      ["clinician", "And did they check for diabetes as well?"],
      ["patient", "Yeah. They checked my blood pressure and the doctor said it was all OK."],
      ["clinician", "And you're up to date with all the vaccinations, Hepatitis B, and that kind of thing?"],
      ["patient", "Yes, indeed."],
    );
    expect(terms(fs, "assessment")).toEqual([]);
  });
});

describe("audit s18: medicines", () => {
  it("reads what the guidelines say as practice in general, not the patient's medicines", () => {
    const fs = verified(
      ["patient", "Um, I've taken some Paracetamol."],
      [
        "clinician",
        "And, um, yeah, so the, the guidelines have changed, recently we used, we, before that we used to give Paracetamol as first line but now it's, um, Ibuprofen or Aspirin.",
      ],
    );
    expect(terms(fs, "medication")).toEqual(["acetaminophen"]);
  });
});

describe("audit s18: what the clinician thinks", () => {
  it("reads the chart's 'you've been diagnosed with' and the patient's own 'you think you've got' as history", () => {
    const fs = verified(
      ["clinician", "You've been diagnosed with high blood pressure, uh, or diabetes?"],
      ["patient", "High blood pressure, yes."],
      ["clinician", "OK, so you know you said you think you've got, uh, osteoarthritis."],
    );
    const texts = fs.filter((f) => f.kind === "assessment").map((f) => f.text);
    expect(texts.join(" ")).not.toMatch(/^(?:Hypertension|Osteoarthritis)\b/m);
    expect(texts.every((t) => /^History of/.test(t))).toBe(true);
  });
});

describe("audit s18: medicines and care", () => {
  it("reads the British 'I would take ibuprofen regularly' and 'you can take regular paracetamol' as new advice", () => {
    const fs = verified(
      [
        "clinician",
        "So, I, I would take Ibuprofen regularly, OK. You can get that, over the counter. Um, that's four hundred milligrams, two times a day.",
      ],
      ["clinician", "Drink plenty of fluids. You can take regular Paracetamol."],
    );
    const status = (term: string) =>
      fs.find((f) => f.kind === "medication" && f.term === term)?.details.status;
    expect(status("ibuprofen")).toBe("started");
    expect(status("acetaminophen")).toBe("started");
  });

  it("does not read a move asked for on exam as care at home", () => {
    const fs = verified([
      "clinician",
      "And if you can just raise your elbow up a little bit like that, a bit higher, so I can just see the underside.",
    ]);
    expect(terms(fs, "plan")).toEqual([]);
  });

  it("tells the patient to take the antibiotic named only by its kind, once", () => {
    const said = (...turns: [Transcript[number]["speaker"], string][]) =>
      composeSummaryChecked(verified(...turns), {}).summary.inShort.todo;
    expect(
      said(["clinician", "I will prescribe you some antibiotics, it should take care of it."]),
    ).toContain("Take the antibiotic we prescribe. Take every dose, even when you feel better.");
    expect(
      said([
        "clinician",
        "so i'm gon na go ahead and start you on doxycycline one hundred milligrams twice a day. we can just treat you with some oral antibiotics",
      ]).join(" "),
    ).not.toMatch(/antibiotic we prescribe/);
  });

  it("sends 'come back and see me straight away' to the clinic right away, never to 911", () => {
    const fs = verified([
      "clinician",
      "So if your headache's getting worse, not responding to medications, then I want you to come back and see me straight away.",
    ]);
    const warning = fs.find((f) => f.kind === "warning_sign")?.text ?? "";
    expect(warning).toMatch(/^Call the clinic now if:/);
    const { summary } = composeSummaryChecked(fs, {});
    expect(summary.inShort.help).toMatch(/^Call us now if/);
    // The note charts what it names, without the level's words.
    const said: Transcript = fs
      .flatMap((f) => f.evidence)
      .map((e, i) => ({
        id: e.segmentId ?? `w${i}`,
        speaker: "clinician",
        text: e.quote,
      }));
    const note = composeNote({ findings: fs, transcript: said });
    const followUp = note.sections.find((x) => x.key === "follow_up")?.sentences.map((x) => x.text) ?? [];
    expect(followUp).toContain("Return precautions: a headache that gets worse.");
  });
});

describe("audit s18: plans", () => {
  it("refers to the TIA clinic the clinician sends the patient to", () => {
    const fs = verified([
      "clinician",
      "So, what I'm probably going to do, uh, in fact what I am going to do, is I'm going to, refer you to a stroke, a TIA clinic.",
    ]);
    expect(fs.filter((f) => f.kind === "plan").map((f) => f.text)).toContain("Refer to stroke clinic");
  });
});

describe("audit s18: names", () => {
  it("hears 'a horrible pain on the left side of my head … a headachy feeling' as a headache", () => {
    const fs = verified(
      ["clinician", "OK, great. So how can I help you today?"],
      [
        "patient",
        "Um, so I kind of woke up this morning, and I've just got this, really horrible pain on the left side of my head. Um, a real kind of headachy feeling.",
      ],
    );
    expect(fs.find((f) => f.kind === "chief_concern")?.text).toBe("Chief concern: headache");
  });

  it("hears 'hay fever' as no fever", () => {
    const fs = verified([
      "patient",
      "Well, a few things, I have hay fever, um, eczema, sinus problems, and hives.",
    ]);
    expect(terms(fs, "symptom")).not.toContain("fever");
    expect(terms(fs, "assessment")).toContain("allergic rhinitis");
  });

  it("names a mini-stroke a transient ischemic attack, not a stroke", () => {
    const fs = verified([
      "clinician",
      "OK, because um, our presumptive, working diagnosis is , mini-stroke or TIA, OK.",
    ]);
    expect(terms(fs, "assessment")).toEqual(["transient ischemic attack"]);
  });

  it("reads 'it is called as serous otitis' without the 'as'", () => {
    const fs = verified(["clinician", "It is called as Serous Otitis."]);
    expect(fs.filter((f) => f.kind === "assessment").map((f) => f.text)).toEqual(["Serous otitis"]);
  });
});

describe("audit s18b: held-out visits after the first fixes", () => {
  it("starts the trimethoprim sent to the pharmacy and the fexofenadine 'which I can give to you today'", () => {
    const fs = verified(
      [
        "clinician",
        "Yeah, if I send it straight to your pharmacy, start the antibiotics today, something called Trimethoprim.",
      ],
      [
        "clinician",
        "Um, something like Fexofenadine, which I can give to you today. It's definitely worth trying.",
      ],
    );
    const status = (term: string) =>
      fs.find((f) => f.kind === "medication" && f.term === term)?.details.status;
    expect(status("trimethoprim")).toBe("started");
    expect(status("fexofenadine")).toBe("started");
  });

  it("charts no 'No known allergies' beside the latex allergy", () => {
    const said: Transcript = [
      { id: "n1", speaker: "clinician", text: "Do you have any allergies to medications?" },
      { id: "n2", speaker: "patient", text: "No." },
      { id: "n3", speaker: "patient", text: "I'm allergic to latex." },
    ];
    const note = composeNote({ findings: extractFindings(said), transcript: said });
    const allergies = note.sections.find((x) => x.key === "allergies")?.sentences.map((x) => x.text) ?? [];
    expect(allergies.join(" ")).toMatch(/latex/i);
    expect(allergies.join(" ")).not.toMatch(/no known/i);
  });

  it("charts no plain 'no' to one question over what was said elsewhere: allergies and medicines", () => {
    const said: Transcript = [
      { id: "m1", speaker: "clinician", text: "Have you, got a history of any allergies to anything?" },
      { id: "m2", speaker: "patient", text: "Uh, I'm allergic to penicillin." },
      { id: "m3", speaker: "clinician", text: "And you've got no food allergies as far as you're aware?" },
      { id: "m4", speaker: "patient", text: "No." },
      { id: "m5", speaker: "clinician", text: "Are you taking any medications at the moment?" },
      { id: "m6", speaker: "patient", text: "No." },
      { id: "m7", speaker: "patient", text: "Oh, I take metformin for my diabetes." },
    ];
    const note = composeNote({
      findings: verifyFindings(extractFindings(said), said).findings,
      transcript: said,
    });
    const section = (key: string) =>
      note.sections.find((x) => x.key === key)?.sentences.map((x) => x.text) ?? [];
    expect(section("allergies")).toEqual(["Allergic to penicillin."]);
    expect(section("medications").join(" ")).toMatch(/metformin/i);
    expect(section("medications").join(" ")).not.toMatch(/no current medications/i);
  });

  it("keeps the condition on 'come back and see me next week, if things don't get better' and 'worth coming back to see me'", () => {
    const followUps = (text: string) =>
      verified(["clinician", text])
        .filter((f) => f.kind === "follow_up")
        .map((f) => f.text);
    expect(followUps("But do come back and see me next week, if things don't get better.")).toEqual([
      "Follow up next week if things don't get better",
    ]);
    expect(
      followUps(
        "If you feel like you're still not getting any better in two to three days, it's probably worth coming back to see me again.",
      ),
    ).toEqual(["Follow up if you feel like you're still not getting any better in two to three days"]);
    expect(followUps("the pain keeps coming back every day")).toEqual([]);
  });

  it("gives a colleague's sneezing to the colleague, tells a past asthma as past, and reads lactose intolerance as no allergy", () => {
    const fs = verified(
      [
        "patient",
        "Um, it all started with, uh, this colleague of mine, she just kept sneezing next to me, all the time.",
      ],
      ["clinician", "Any other medical problems?"],
      ["patient", "Uh, no. I just had asthma in the past. But not anymore."],
      ["clinician", "Any allergies?"],
      ["patient", "I think, um, I might be lactose intolerant."],
    );
    expect(terms(fs, "symptom")).toEqual([]);
    expect(terms(fs, "allergy")).toEqual([]);
    const { summary } = composeSummaryChecked(fs, {});
    const asthma = summary.talkedAbout.find((e) => /asthma/i.test(e.title))?.text ?? "";
    expect(asthma).toMatch(/^You told us you had asthma in the past\./);
  });

  it("hears a steroid cream and an emollient named by their kind as medicines", () => {
    const fs = verified([
      "clinician",
      "I'd like you to use a steroid cream twice a day, and the emollients on a regular basis.",
    ]);
    expect(terms(fs, "medication").sort()).toEqual(["emollient", "steroid cream"]);
  });
});

describe("audit s18c: an allergy, a choice, a fear and a habit read as what they are", () => {
  it("does not turn a question about the aspirin allergy, or a choice it offered, into a medicine or a symptom", () => {
    const fs = verified(
      ["clinician", "Do you have any allergies to any medication?"],
      ["patient", "Yes, actually, I have, um, an allergy to aspirin."],
      [
        "clinician",
        "Sure. Uh, what's the nature of that allergy to aspirin? Do you, does it, does it cause you heartburn? Or is it like an allergic reaction?",
      ],
      [
        "patient",
        "Um Yeah, uh, it's an allergic reaction, so I swell up, um, a bit, but, um, nothing life threatening.",
      ],
    );
    expect(terms(fs, "medication")).toEqual([]);
    expect(terms(fs, "symptom")).toEqual([]);
    expect(terms(fs, "allergy")).toEqual(["aspirin"]);
    // A "yes" to one thing asked, with no choice offered, still confirms it.
    const yes = verified(["clinician", "Does it cause you heartburn?"], ["patient", "Yeah, it does."]);
    expect(terms(yes, "symptom")).toEqual(["heartburn"]);
  });

  it("hears chest discomfort and a pressure on the chest as chest pain", () => {
    const fs = verified(
      ["clinician", "How can I help you today?"],
      [
        "patient",
        "I was having, um, a bit of chest discomfort. And I felt not exactly a pain but um like a a pressure on my chest.",
      ],
    );
    expect(terms(fs, "chief_concern")).toEqual(["chest pain"]);
  });

  it("reads a fear of lung cancer as a fear, and SLE as lupus", () => {
    const fs = verified(
      ["clinician", "Methotrexate. OK. What are you on that for?"],
      ["patient", "Um, I've, I've got SLE."],
      ["clinician", "I'm going to leave the number for you to ring our support team."],
      ["patient", "OK. But we don't think I'm dying of lung cancer."],
    );
    expect(terms(fs, "assessment")).toEqual(["lupus"]);
  });

  it("does not give the years of smoking to the palpitations asked about before", () => {
    const fs = verified(
      ["clinician", "Are you aware of any palpitations, like your heart beating faster than normal?"],
      ["patient", "Yeah. It's beating a bit faster now."],
      ["clinician", "How long have you been smoking for?"],
      ["patient", "Uh, for the past fifteen years."],
    );
    const palpitations = fs.find((f) => f.kind === "symptom" && f.term === "palpitations");
    expect(palpitations?.text).toBe("Palpitations");
  });
});

describe("audit s18c: medicines offered as options", () => {
  it("does not start naproxen, paracetamol or codeine offered as options, and still starts what is prescribed", () => {
    const fs = verified(
      ["patient", "Ibuprofen doesn't help me."],
      [
        "clinician",
        "So there's definitely room for improvement there. Or, I can prescribe you something stronger, like Naproxen, which is another anti-inflammatory, which can be helpful.",
      ],
      [
        "clinician",
        "Um, we can also add in other, painkillers like, Paracetamol, or Codeine. Which might be helpful as well.",
      ],
    );
    expect(terms(fs, "medication").filter((t) => t !== "ibuprofen")).toEqual([]);
    const chosen = verified([
      "clinician",
      "I'm going to prescribe you naproxen, 500 milligrams twice a day.",
    ]);
    expect(terms(chosen, "medication")).toEqual(["naproxen"]);
    const example = verified(["clinician", "You can take something like Tylenol for the pain."]);
    expect(terms(example, "medication")).toEqual(["acetaminophen"]);
  });
});

describe("audit s18c: warning signs repeated back", () => {
  it("does not report the back pain and vomiting the patient repeats back from the clinician's warning", () => {
    const fs = verified(
      ["clinician", "Any other symptoms? Nausea? Vomiting?"],
      ["patient", "No, no nausea vomiting."],
      [
        "clinician",
        "OK, do bear in mind those symptoms I mentioned about the fever and the back pain and vomiting. If you have any of those give me a call, OK?",
      ],
      ["patient", "Either back pain, vomiting, great OK. Yeah, I'll watch out for those."],
    );
    expect(terms(fs, "symptom")).toEqual([]);
    // Told in the patient's own words after the warning, it is theirs.
    const own = verified(
      ["clinician", "If you get any back pain or vomiting, give me a call."],
      ["patient", "Actually I've had some back pain since yesterday."],
    );
    expect(terms(own, "symptom")).toEqual(["back pain"]);
  });
});

describe("audit s18c: a habit told after 'not really'", () => {
  it("charts 'drinks occasionally' and no tobacco, not 'Drinks alcohol. Denies alcohol use.'", () => {
    const said: Transcript = [
      {
        id: "h1",
        speaker: "clinician",
        text: "And just the last couple of questions with, regarding your smoking and alcohol. Do you do either of those?",
      },
      {
        id: "h2",
        speaker: "patient",
        text: "Uh, not really, I drink infrequently, like socially let's say, and I don't smoke.",
      },
    ];
    const note = composeNote({ findings: extractFindings(said), transcript: said });
    const social = note.sections.find((x) => x.key === "social_history")?.sentences.map((x) => x.text) ?? [];
    expect(social.join(" ")).toMatch(/drinks alcohol occasionally/i);
    expect(social.join(" ")).toMatch(/denies tobacco use/i);
    expect(social.join(" ")).not.toMatch(/denies alcohol/i);
  });
});

describe("audit s19: held-out MTS-Dialog and PriMock57 visits", () => {
  it("gives doses the nurse is told to give once, not as medicines to start", () => {
    const fs = verified(
      ["clinician", "Let me give you some medication in your I V."],
      ["patient", "Please make this all go away."],
      [
        "clinician",
        "Sure, sure. Nurse, please give him Norflex sixty M G, Zofran four M G, morphine sulfate four M G.",
      ],
      ["clinician", "Okay nurse, give her Dilaudid of 4 M G I M."],
    );
    const status = fs.filter((f) => f.kind === "medication").map((f) => [f.term, f.details.status]);
    expect(status).toEqual([
      ["orphenadrine", "once"],
      ["ondansetron", "once"],
      ["morphine", "once"],
      ["hydromorphone", "once"],
    ]);
  });

  it("restarts the aspirin a conditional 'then we'll need to put a stop to aspirin' does not stop", () => {
    const fs = verified(
      ["clinician", "I'd like for you to start taking baby aspirin again."],
      ["patient", "Okay."],
      ["clinician", "If you have either of these symptoms, then we'll need to put a stop to aspirin."],
    );
    expect(fs.find((f) => f.term === "aspirin")?.details.status).toBe("started");
  });

  it("keeps the course of 'continue the Cipro for an additional two days only'", () => {
    const fs = verified(["clinician", "You need to continue the Cipro for an additional two days only."]);
    expect(fs.find((f) => f.term === "ciprofloxacin")?.details.duration).toBe("for an additional two days");
  });

  it("reads Tylenol with codeine as one medicine, 'is that all clear?' as none, and an allergy to a drug as no diagnosis", () => {
    const fs = verified(
      ["clinician", "I'm going to prescribe you Tylenol with codeine to help your pain. Is that all clear?"],
      ["patient", "Uh, yeah, I'm allergic to, Clindamycin."],
      [
        "clinician",
        "Right then, OK. So it's quite a, seems like a quite severe allergy to it, is, is that right?",
      ],
    );
    expect(terms(fs, "medication")).toEqual(["acetaminophen and codeine"]);
    expect(terms(fs, "assessment")).toEqual([]);
  });

  it("gives 'we have high blood pressure' after 'a lot of my family has' to the family, not the reason for the visit", () => {
    const fs = verified(
      ["clinician", "I see. Is there anything that runs in your family?"],
      [
        "patient",
        "I know a lot of my family has some sort of heart problem. We have high blood pressure and blood sugar.",
      ],
    );
    expect(terms(fs, "chief_concern")).toEqual([]);
    expect(terms(fs, "assessment")).toEqual([]);
  });
});

describe("audit s19: a neck's pinched nerve, a medicine said back, labs mostly normal", () => {
  it("names the cervical radiculopathy, not sciatica", () => {
    const fs = verified(
      ["patient", "I have a shoulder issue. Can you check?"],
      [
        "clinician",
        "Okay. So, I think you have lateral side and back side cervical nerve problem going on. We call it radiculopathy, which is focal.",
      ],
    );
    expect(terms(fs, "assessment")).not.toContain("sciatica");
  });

  it("charts the metformin the clinician says back after asking which medications are taken", () => {
    const fs = verified(["clinician", "No, OK. Which medications do you take? Metformin, OK."]);
    expect(fs.find((f) => f.term === "metformin")?.details.status).toBe("continued");
  });

  it("charts no 'normal' for labs said to be normal 'for the most part' but for sodium and creatinine", () => {
    const said: Transcript = [
      {
        id: "l1",
        speaker: "clinician",
        text: "I looked at your labs. Everything looks normal for the most part. You do have abnormal levels for Sodium and Creatinine which are related to your kidneys.",
      },
    ];
    const note = composeNote({ findings: extractFindings(said), transcript: said });
    const results = note.sections.find((x) => x.key === "results")?.sentences.map((x) => x.text) ?? [];
    expect(results.join(" ")).not.toMatch(/: normal\b/i);
  });
});

describe("audit s19: what a parent is told to give", () => {
  it("starts the Tylenol a parent is told to give at home, not a dose given once", () => {
    const fs = verified([
      "clinician",
      "You can give him Tylenol, 160 milligrams every six hours, for the fever.",
    ]);
    expect(fs.find((f) => f.term === "acetaminophen")?.details.status).not.toBe("once");
    const shot = verified([
      "clinician",
      "Let's give him ceftriaxone, one gram, as a shot in the muscle now.",
    ]);
    expect(shot.find((f) => f.term === "ceftriaxone")?.details.status).toBe("once");
  });
});
