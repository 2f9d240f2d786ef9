import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../findings/builtin.engine.js";
import { checkNote, malformed, TranscriptSpans } from "./note.check.js";
import { composeNote } from "./note.compose.js";
import { examFacts, examLines } from "./note.exam.js";

// Invented visits in the style of the training data (ACI-Bench's unpunctuated turns and
// MTS-Dialog's short exchanges); none is taken from a validation dialogue.
type Seg = Transcript[number];
const seg = (id: string, speaker: Seg["speaker"], text: string): Seg => ({ id, speaker, text });

const lines = (t: Transcript) => examLines(examFacts(t), new TranscriptSpans(t)).map((l) => l.text);
const examOf = (t: Transcript) =>
  composeNote({ findings: extractFindings(t), transcript: t })
    .sections.find((s) => s.key === "physical_exam")
    ?.sentences.map((s) => s.text) ?? [];

describe("the exam written from the findings said", () => {
  // One unpunctuated turn: a heart, lungs and knee exam with a question to the patient in it.
  const knee: Transcript = [
    seg("k0", "clinician", "so tell me what happened to your knee"),
    seg("k1", "patient", "i was playing basketball and i twisted it and now it's swollen"),
    seg(
      "k2",
      "clinician",
      "okay well let's go ahead and do a quick physical exam so on your heart exam i do hear a two out of six systolic ejection murmur heard at the left base which we knew about your lungs are clear to auscultation bilaterally on your right knee exam there is some mild swelling and you do have tenderness to palpation of the medial joint line does it hurt when i bend it",
    ),
    seg("k3", "patient", "yeah that hurts"),
    seg(
      "k4",
      "clinician",
      "okay so you have decreased range of motion and your mcmurray test is negative and there's no laxity so let's talk about my assessment and plan i think you sprained your mcl",
    ),
  ];

  it("charts each finding under its system, with its grade and place, and no question", () => {
    expect(lines(knee)).toEqual([
      "Respiratory: Lungs clear to auscultation bilaterally.",
      "Cardiovascular: 2/6 systolic ejection murmur at the left base.",
      // "of the medial joint line" would copy eight words as said. The side said of the part
      // examined ("on your right knee exam") goes with the findings of that stretch of talk.
      "Musculoskeletal: Mild swelling of the right knee; tenderness to palpation of medial joint line of right knee; decreased range of motion; negative McMurray test; no laxity.",
    ]);
  });

  it("gives the note a physical exam section a clinician can sign, pasting nothing", () => {
    const exam = examOf(knee);
    expect(exam).toContain("Cardiovascular: 2/6 systolic ejection murmur at the left base.");
    const note = composeNote({ findings: extractFindings(knee), transcript: knee });
    const check = checkNote(note, knee);
    expect(check.copiedSpans).toEqual([]);
    expect(check.malformed).toEqual([]);
    for (const t of exam) expect(malformed(t, "physical_exam")).toEqual([]);
  });

  it("keeps a finding said before a tag question ('…, okay?')", () => {
    const t: Transcript = [
      seg("t0", "clinician", "i'm just going to listen to your heart and your lungs , okay ?"),
      seg("t1", "patient", "okay ."),
      seg(
        "t2",
        "clinician",
        "so on your heart exam , i do appreciate a three out of six systolic ejection murmur , which i've heard before , okay ? and on your lower extremities , i do appreciate one plus pitting edema , okay ?",
      ),
    ];
    expect(examOf(t)).toEqual([
      "Cardiovascular: 3/6 systolic ejection murmur.",
      "Extremities: 1+ pitting edema.",
    ]);
  });

  it("writes what was absent as a list ('no murmurs, rubs or gallops')", () => {
    const t: Transcript = [
      seg(
        "n0",
        "clinician",
        "let me examine you . your heart is regular , no murmurs , rubs , or gallops . your abdomen is soft , nontender , and there's no rebound or guarding .",
      ),
    ];
    expect(lines(t)).toEqual([
      "Cardiovascular: Regular rhythm; no murmurs, rubs or gallops.",
      "Abdomen: Soft, nontender; no rebound or guarding.",
    ]);
  });

  it("shortens a long finding said word for word rather than copying it or dropping it", () => {
    const t: Transcript = [
      seg(
        "h0",
        "clinician",
        "on nasal examination there is edema and erythema of the nasal turbinates bilaterally with associated clear discharge",
      ),
    ];
    expect(lines(t)).toEqual(["HEENT: Edema and erythema of nasal turbinates bilaterally; clear discharge."]);
  });

  it("leaves out what a finding means, said to the patient", () => {
    const t: Transcript = [
      seg(
        "e0",
        "clinician",
        "on your eye exam your extraocular movements are intact and there's no papilledema that just means there's no swelling in the back of your eye and on your neck exam you do have some mild paraspinal tenderness in the cervical spine",
      ),
    ];
    const out = lines(t);
    expect(out[0]).toBe("HEENT: Extraocular movements intact; no papilledema.");
    expect(out.join(" ")).not.toMatch(/no swelling/i);
    expect(out.join(" ")).toMatch(/mild paraspinal tenderness in the cervical spine/i);
  });

  it("charts no exam from a question, a plan to look, the records, or the patient's words", () => {
    const t: Transcript = [
      seg("q0", "clinician", "any swelling in your legs ?"),
      seg("q1", "patient", "yes my ankles have some swelling and there's a rash on my arm ."),
      seg("q2", "clinician", "let me take a look at the rash on your arm . are the bruises new ?"),
      seg("q3", "clinician", "your records indicate you had some swelling around the eye last year ."),
      seg("q4", "clinician", "no wheezing , right ?"),
    ];
    expect(lines(t)).toEqual([]);
  });

  it("does not call vital signs normal when the clinician said one was high", () => {
    const t: Transcript = [
      seg(
        "v0",
        "clinician",
        "let's do a quick exam your vital signs look good except your blood pressure is a little high today",
      ),
    ];
    expect(lines(t).join(" ")).not.toMatch(/within normal limits/i);
    const ok: Transcript = [seg("v1", "clinician", "let's do a quick exam . your vital signs look good .")];
    expect(lines(ok)).toEqual(["Vital signs: Within normal limits."]);
  });
});

describe("vital signs head the exam", () => {
  // Invented, in the style of ACI-Bench.
  const t: Transcript = [
    {
      id: "v0",
      speaker: "clinician",
      text: "alright , let's go ahead and examine you . your blood pressure today is 150 over 90 and your heart rate is 72 .",
    },
    {
      id: "v1",
      speaker: "clinician",
      text: "on your heart exam , you have a regular rate and rhythm . your lungs are clear to auscultation bilaterally .",
    },
    { id: "v2", speaker: "clinician", text: "and your blood pressure is a little high today ." },
  ];
  const exam =
    composeNote({ findings: extractFindings(t), transcript: t })
      .sections.find((s) => s.key === "physical_exam")
      ?.sentences.map((s) => s.text) ?? [];

  it("writes every vital sign on one 'Vital signs' line first, not loose after the systems", () => {
    expect(exam[0]).toMatch(/^Vital signs: /);
    expect(exam[0]).toMatch(/150\/90/);
    expect(exam.slice(1).filter((l) => /blood pressure|heart rate/i.test(l))).toEqual([]);
  });
});

describe("malformed: exam and results are what was found", () => {
  it("names the clinician's talk and words pointing into the room", () => {
    expect(malformed("We like to keep people on magnesium.", "physical_exam")).toContain("clinician's talk");
    expect(malformed("Redness there.", "physical_exam")).toContain("points into the room");
    expect(malformed("All right, good, no concerns.", "physical_exam")).toContain("spoken words left");
    expect(malformed("Lungs clear to auscultation bilaterally.", "physical_exam")).toEqual([]);
  });
});

describe("general appearance said without an exam cue", () => {
  it("charts it from the parsed facts (the spoken exam sentence is no longer charted as such)", () => {
    const t: Transcript = [
      { id: "g0", speaker: "clinician", text: "Doctor Mason, can you take down the notes?" },
      {
        id: "g1",
        speaker: "clinician",
        text: "Patient looks well developed. He is alert with no acute distress.",
      },
    ];
    expect(examLines(examFacts(t), new TranscriptSpans(t)).map((l) => l.text)).toEqual([
      "General: Well-developed; no acute distress.",
    ]);
  });
});

// Issue 25, session 15: a part said with what was found of it, as an adjective ("his right eardrum
// is red and bulging"), reads as that part's signs. Wordings invented.
describe("signs said as adjectives of the part", () => {
  const facts = (text: string) => examFacts([{ id: "e0", speaker: "clinician", text }]).map((f) => f.text);

  it.each([
    [
      "on exam , his right eardrum is red and bulging .",
      ["Erythema and bulging of the right tympanic membrane"],
    ],
    ["on exam your throat looks red .", ["Erythema of the throat"]],
    ["on exam , her tonsils are swollen and red .", ["Swelling and erythema of the tonsils"]],
    [
      "on exam , the abdomen is soft but you're tender in the left lower quadrant .",
      ["Soft", "Tenderness in the left lower quadrant"],
    ],
  ])("%s", (text, expected) => {
    expect(facts(text)).toEqual(expected);
  });

  it("reads no sign from a question or a part that is fine", () => {
    expect(facts("is your throat red ?")).toEqual([]);
    expect(facts("on exam , your left eardrum is normal .")).not.toContain(
      expect.stringMatching(/erythema/i),
    );
  });
});
