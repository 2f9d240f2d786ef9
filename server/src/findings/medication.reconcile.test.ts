import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { doseText, spokenNumber } from "./medication.details.js";
import { verifyFindings } from "./verifier.js";

let n = 0;
function t(...turns: [Transcript[number]["speaker"], string][]): Transcript {
  return turns.map(([speaker, text]) => ({ id: `r${++n}`, speaker, text }));
}
const med = (fs: Finding[], term: string) => fs.find((f) => f.kind === "medication" && f.term === term);

describe("medicine reconciliation", () => {
  it("keeps a medicine the patient already takes as continued when the clinician orders it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and are you still taking the metformin?"],
        ["patient", "yes every morning"],
        ["clinician", "good, hey dragon order metformin 500 milligrams twice a day."],
      ),
    );
    // "new" here would have the patient take a second supply of what they already take.
    expect(med(fs, "metformin")?.details.status).toBe("continued");
  });

  it("reports a dose the clinician changed during the visit as the new dose and schedule", () => {
    const fs = extractFindings(
      t(
        ["patient", "i take lasix twenty milligrams once a day"],
        [
          "clinician",
          "i'd like to increase your dose of lasix from twenty milligrams to sixty milligrams once a day for the next four days",
        ],
      ),
    );
    expect(med(fs, "furosemide")?.details).toMatchObject({
      status: "changed",
      dose: "60 milligrams",
      frequency: "once a day",
    });
  });

  it("reads an order of a drug already taken, at another dose, as a change to that dose", () => {
    const fs = extractFindings(
      t(
        ["patient", "i've been taking motrin two hundred milligrams for the pain but it doesn't help much"],
        ["clinician", "i will prescribe motrin 800 milligrams every six hours"],
      ),
    );
    expect(med(fs, "ibuprofen")?.details).toMatchObject({ status: "changed", dose: "800 milligrams" });
  });

  it("reads a dose given once in the emergency room as given once, not keep taking", () => {
    const fs = extractFindings(
      t(
        ["patient", "they gave me some percocet in the er and it helped with the pain"],
        ["clinician", "okay good, and the x-ray there was normal."],
      ),
    );
    expect(med(fs, "oxycodone")?.details.status).toBe("once");
  });

  it("drops a drug named in small talk", () => {
    const fs = extractFindings(
      t(
        ["clinician", "how was your weekend?"],
        ["patient", "good i had a nitro cold brew at the new coffee place"],
      ),
    );
    expect(fs.filter((f) => f.kind === "medication")).toEqual([]);
  });

  it("drops a drug the clinician only asked about when the answer is no", () => {
    const fs = extractFindings(
      t(["clinician", "have you tried any ibuprofen for it?"], ["patient", "no i haven't tried anything"]),
    );
    expect(med(fs, "ibuprofen")).toBeUndefined();
  });

  it("gives a verbless 'and your lisinopril' the verb of the sentence before it", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i'm going to start you on lasix 40 milligrams once a day. i want you to continue your toprol 50 milligrams daily. and as well your lisinopril 10 milligrams a day.",
      ]),
    );
    expect(med(fs, "furosemide")?.details.status).toBe("started");
    expect(med(fs, "lisinopril")?.details.status).toBe("continued");
  });

  it("turns a plan to start what the patient already takes into a plan to continue it", () => {
    const fs = extractFindings(
      t(
        ["patient", "i take allopurinol for my gout"],
        [
          "clinician",
          "we'll continue the allopurinol 100 milligrams once a day. hey dragon order allopurinol.",
        ],
      ),
    );
    expect(med(fs, "allopurinol")?.details.status).toBe("continued");
    expect(fs.filter((f) => f.kind === "plan").map((f) => f.text)).not.toContainEqual(
      expect.stringMatching(/^Start allopurinol/),
    );
  });
});

describe("doses as said", () => {
  it("reads eighty-one, one thousand with a comma, zero point four and a number said twice", () => {
    expect(doseText("eighty one milligrams")).toBe("81 milligrams");
    expect(doseText("1,000 milligrams")).toBe("1000 milligrams");
    expect(doseText("zero point four milligrams")).toBe("0.4 milligrams");
    expect(doseText("five hundred five hundred milligrams")).toBe("500 milligrams");
    expect(spokenNumber("fifty five")).toBe(55);
    expect(spokenNumber("five five")).toBeUndefined();
  });

  it("writes the dose of 'aspirin eighty one milligrams' and 'metformin to 1,000 milligrams' whole", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "continue your aspirin eighty one milligrams daily. i would like to increase your metformin to 1,000 milligrams twice daily",
      ]),
    );
    expect(med(fs, "aspirin")?.details.dose).toBe("81 milligrams");
    expect(med(fs, "metformin")?.details.dose).toMatch(/^1,?000 milligrams$/);
    // The new schedule, "twice daily", not the "daily" inside it.
    expect(med(fs, "metformin")?.details.frequency).toBe("twice daily");
  });
});

describe("medicine reconciliation of questions", () => {
  it("keeps a medicine the clinician asks about as the patient's own ('your omeprazole')", () => {
    const fs = extractFindings(
      t(
        ["clinician", "What is the strength of your omeprazole?"],
        ["patient", "It is forty milligrams and I take it once a day."],
      ),
    );
    expect(med(fs, "omeprazole")?.details.status).toBe("continued");
  });
});

describe("medicine reconciliation cites what decided it", () => {
  it("cites the words that changed the dose, verbatim, so the verifier finds the new dose said", () => {
    const transcript = t(
      ["patient", "i take lasix twenty milligrams once a day"],
      ["clinician", "and you're on the lasix every day"],
      ["patient", "yes i still take the lasix every morning"],
      ["patient", "the lasix makes me go to the bathroom a lot"],
      ["patient", "but i take the lasix anyway"],
      ["clinician", "the lasix is fine but let's increase the lasix to sixty milligrams once a day"],
    );
    const lasix = med(extractFindings(transcript), "furosemide");
    expect(lasix?.details).toMatchObject({ status: "changed", dose: "60 milligrams" });
    const byId = new Map(transcript.map((s) => [s.id, s.text]));
    expect(lasix?.evidence.some((e) => /sixty milligrams/.test(e.quote))).toBe(true);
    for (const e of lasix?.evidence ?? []) expect(byId.get(e.segmentId)).toContain(e.quote);
  });
});

describe("medicine reconciliation of answers", () => {
  it("takes 'uh yeah' as a yes to 'are you still using nystatin?'", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Are you still using Nystatin on your lips once a day as needed?"],
        ["patient", "Uh yeah. I've been using it much less now."],
      ),
    );
    expect(med(fs, "nystatin")?.details.status).toBe("continued");
  });
});

describe("medicine reconciliation of the clinician's words", () => {
  it("reads a change made at the last visit as the regimen taken now, at its new dose", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "it looks like we increased your metformin to five hundred milligrams twice a day last visit are you still taking that",
      ]),
    );
    expect(med(fs, "metformin")?.details).toMatchObject({ status: "continued", dose: "500 milligrams" });
  });

  it("does not carry an order of labs said after the medicine onto it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "how are you doing with the synthroid?"],
        ["patient", "good i take it every morning"],
        [
          "clinician",
          "let's continue the synthroid, and i want to go ahead and order some thyroid labs, okay?",
        ],
      ),
    );
    expect(med(fs, "levothyroxine")?.details.status).toBe("continued");
  });

  it("reads 'stop the advil, the only thing i want you taking is tylenol' as stop one, take the other", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i want you to stop taking any nonsteroidal medicines such as your advil the only thing i really want you taking is tylenol for any pain",
      ]),
    );
    expect(med(fs, "ibuprofen")?.details.status).toBe("stopped");
    expect(med(fs, "acetaminophen")?.details.status).not.toBe("stopped");
  });
});

describe("medicine reconciliation of scribe text", () => {
  it("reads 'two . five of norvasc' as one sentence, a spoken decimal, not two", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "i'm looking here at my notes and you're on two . five of norvasc for your high blood pressure",
        ],
        [
          "clinician",
          "for your hypertension i'm gon na keep you on that two . five norvasc, i'm not gon na make any changes there",
        ],
      ),
    );
    expect(med(fs, "amlodipine")?.details.status).toBe("continued");
  });
});

describe("continued only when said", () => {
  it("keeps 'continued' for a name given as the answer to what the patient takes", () => {
    const fs = extractFindings(
      t(["clinician", "Have you taken anything for the heartburn?"], ["patient", "Pepcid."]),
    );
    expect(med(fs, "famotidine")?.details.status).toBe("continued");
  });

  it("reads the scribe's 'uh , yes' as a yes and a list after 'you're on' as taken", () => {
    const fs = extractFindings(
      t(
        ["clinician", "are you still taking the synthroid ?"],
        ["patient", "uh , yes , i am ."],
        ["clinician", "and i see that you're currently on lisinopril , metformin and atorvastatin ."],
      ),
    );
    expect(med(fs, "levothyroxine")?.details.status).toBe("continued");
    expect(med(fs, "atorvastatin")?.details.status).toBe("continued");
  });

  it("leaves the status unsaid for a medicine only named, and reads 'have n't been able to take' as a denial", () => {
    const fs = extractFindings(
      t(
        ["patient", "long drive, coffee, and some aleve in the car."],
        ["patient", "i have n't been able to take the metformin since the trip ."],
      ),
    );
    expect(med(fs, "naproxen")?.details.status).toBeUndefined();
    expect(med(fs, "metformin")).toBeUndefined();
  });

  it("reads a caregiver's 'he takes' and a long list after 'you are on' as taken", () => {
    const fs = extractFindings(
      t(
        ["patient", "He takes metoprolol for his blood pressure."],
        [
          "clinician",
          "So you are on Pacerone, Zaroxolyn, albuterol inhaler, Neurontin, Lasix, and some other.",
        ],
      ),
    );
    for (const term of ["metoprolol", "metolazone", "albuterol", "gabapentin", "furosemide"])
      expect(med(fs, term)?.details.status, term).toBe("continued");
  });

  it("reads a pause the scribe wrote as a comma after the verb ('we have you on the , on the prozac')", () => {
    const fs = extractFindings(t(["clinician", "i know we have you on the , on the prozac 20mg a day ."]));
    expect(med(fs, "fluoxetine")?.details.status).toBe("continued");
  });
});

describe("a medicine tried before the visit", () => {
  it("gives no status to a drug taken for the complaint that did not help, next to the new one", () => {
    const fs = extractFindings(
      t(
        ["clinician", "what have you tried for the knee pain?"],
        ["patient", "i took some advil over the weekend but it didn't help"],
        ["clinician", "okay, i'm going to start you on meloxicam fifteen milligrams once a day."],
      ),
    );
    // "keep taking" here would have the patient take two anti-inflammatories at once.
    expect(med(fs, "ibuprofen")?.details.status).toBeUndefined();
    expect(med(fs, "meloxicam")?.details.status).toBe("started");
  });

  it("gives no status to a drug the patient says did not work at all", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and how about the nerve pain in your feet?"],
        ["patient", "i've been taking gabapentin. it did not work at all."],
        ["clinician", "okay, let's talk about other options for that."],
      ),
    );
    expect(med(fs, "gabapentin")?.details.status).toBeUndefined();
  });

  it("keeps it continued when the clinician says to go on with it", () => {
    const fs = extractFindings(
      t(
        ["patient", "i took some tylenol for the headache and it did nothing, no relief"],
        ["clinician", "i'd like you to keep taking the tylenol as needed for now."],
      ),
    );
    expect(med(fs, "acetaminophen")?.details.status).toBe("continued");
  });

  it("keeps continued a dose of the patient's own medicine taken this morning ('took two claritin')", () => {
    const fs = extractFindings(
      t(["patient", "i took two claritin this morning, the ones i take every day."]),
    );
    expect(med(fs, "loratadine")?.details.status).toBe("continued");
  });

  it("keeps a drug the patient takes every day continued", () => {
    const fs = extractFindings(
      t(
        ["patient", "i take lisinopril ten milligrams every day and it works fine"],
        ["clinician", "good, your blood pressure looks great today."],
      ),
    );
    expect(med(fs, "lisinopril")?.details.status).toBe("continued");
  });
});

describe("when a medicine was started, and by whose word", () => {
  it("reads a start the clinician tells of ('we started you on … a couple months ago') as taken", () => {
    const fs = extractFindings(
      t(
        [
          "clinician",
          "how are the headaches doing? i know we started you on the imitrex a couple months ago.",
        ],
        ["patient", "they're a lot better, thank you."],
        ["clinician", "good. for your migraines let's continue you on the imitrex."],
      ),
    );
    // "New" here would tell the patient to start a second supply of what they already take.
    expect(med(fs, "sumatriptan")?.details.status).toBe("continued");
  });

  it("reads another doctor's 'put you on' as taken, and 'we'll put you on' as new", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and i see doctor brown put you on buspar last fall."],
        ["patient", "mm-hmm, it's been helping."],
        ["clinician", "okay. for the blood pressure we'll put you on amlodipine five milligrams daily."],
      ),
    );
    expect(med(fs, "buspirone")?.details.status).toBe("continued");
    expect(med(fs, "amlodipine")?.details.status).toBe("started");
  });

  it("reads 'why don't we put you on X' as new, not a start told of", () => {
    const fs = extractFindings(
      t(["clinician", "why don't we put you on some zoloft , fifty milligrams every morning ."]),
    );
    expect(med(fs, "sertraline")?.details.status).toBe("started");
  });

  it("reads the clinician's 'i want you to use X' for a drug nobody takes yet as new", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i think you have scalp psoriasis . what i would like you to use is clobetasol solution and i want you to use that twice daily on the scalp .",
      ]),
    );
    expect(med(fs, "clobetasol")?.details.status).toBe("started");
  });

  it("keeps new a drug prescribed and then told to take in the same turn", () => {
    const fs = extractFindings(
      t(
        ["patient", "i took some advil last night and it helped a little bit"],
        [
          "clinician",
          "what i'm gon na do is prescribe you ibuprofen eight hundred milligrams as needed for pain , and if it does start to move i want you to take the ibuprofen .",
        ],
      ),
    );
    expect(med(fs, "ibuprofen")?.details).toMatchObject({ status: "started", dose: "800 milligrams" });
  });
});

describe("answers and outcomes said plainly", () => {
  it("gives no status to a drug that 'does n't seem to help' (the scribe's split contraction)", () => {
    const fs = extractFindings(
      t(
        ["clinician", "what have you tried for the headaches?"],
        ["patient", "tylenol , but it really does n't seem to help ."],
      ),
    );
    expect(med(fs, "acetaminophen")?.details.status).toBeUndefined();
  });

  it("does not read 'if it doesn't help' as a drug that failed", () => {
    const fs = extractFindings(
      t([
        "patient",
        "i take tylenol every night for my back , and if it does n't help i use a heating pad .",
      ]),
    );
    expect(med(fs, "acetaminophen")?.details.status).toBe("continued");
  });

  it("takes a regimen given in answer to a question the scribe wrote without its '?'", () => {
    const fs = extractFindings(
      t(
        ["clinician", "okay have you taken anything for the pain"],
        ["patient", "ibuprofen eight hundred milligrams three times a day"],
      ),
    );
    expect(med(fs, "ibuprofen")?.details).toMatchObject({
      status: "continued",
      dose: "800 milligrams",
      frequency: "three times a day",
    });
  });

  it("takes a name given after a false start ('um , ep- ... just an epipen .')", () => {
    const fs = extractFindings(
      t(["clinician", "do you take any medications for it?"], ["patient", "um , ep- ... just an epipen ."]),
    );
    expect(med(fs, "epinephrine")?.details.status).toBe("continued");
  });

  it("reads the patient's own 'should i continue to take the tylenol?' as taken", () => {
    const fs = extractFindings(
      t(
        ["patient", "should i continue to take the tylenol ?"],
        ["clinician", "you can take tylenol if you want ."],
      ),
    );
    expect(med(fs, "acetaminophen")?.details.status).toBe("continued");
  });

  it("reads 'i want you to use' as new even when 'your scalp' follows in the clause", () => {
    const said = t([
      "clinician",
      "what i would like you to use is clobetasol solution twice daily on the affected areas of your scalp",
    ]);
    // The verifier finds the start said in the quote: the patient is told, not only the clinician.
    const f = med(verifyFindings(extractFindings(said), said).findings, "clobetasol");
    expect(f?.details.status).toBe("started");
    expect(f?.details.uncertain).toBeUndefined();
  });

  it("writes the plan line for a dose raised later in the visit with the new dose, not the old one", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and you're on the lisinopril ten milligrams once a day , right ?"],
        ["patient", "yeah , every morning ."],
        [
          "clinician",
          "okay . your pressure is still running high , so i'm going to increase the lisinopril to twenty milligrams once a day .",
        ],
      ),
    );
    expect(med(fs, "lisinopril")?.details).toMatchObject({ status: "changed", dose: "20 milligrams" });
    const plan = fs.filter((f) => f.kind === "plan" && f.term === "lisinopril").map((f) => f.text);
    expect(plan).toEqual(["Change lisinopril, 20 milligrams, once a day"]);
  });

  it("reads a vitamin named in a lab order as a blood test, not a prescription", () => {
    const fs = extractFindings(
      t(
        ["patient", "i've just been so tired all the time ."],
        [
          "clinician",
          "okay , so for the tiredness i'm going to order some labs , a cbc , a vitamin d and a b12 .",
        ],
      ),
    );
    expect(med(fs, "vitamin d")).toBeUndefined();
    expect(med(fs, "vitamin b12")).toBeUndefined();
    const plans = fs.filter((f) => f.kind === "plan").map((f) => f.text);
    expect(plans).toEqual(expect.arrayContaining(["Order vitamin D level", "Order vitamin B12 level"]));
    expect(plans.join(" ")).not.toMatch(/Start vitamin/i);

    // Found low and then prescribed: the medicine stands.
    const low = extractFindings(
      t([
        "clinician",
        "your vitamin d level came back low , so i'm going to start you on vitamin d 2000 units daily .",
      ]),
    );
    expect(med(low, "vitamin d")?.details).toMatchObject({ status: "started", dose: "2000 units" });
  });
});
