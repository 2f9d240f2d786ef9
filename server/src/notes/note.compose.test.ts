import { clinicalNoteSchema, noteSectionKeys, noteText, type Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../findings/builtin.engine.js";
import { checkNote } from "./note.check.js";
import { composeNote, summaryLine } from "./note.compose.js";

const transcript: Transcript = [
  {
    id: "s0",
    speaker: "clinician",
    text: "so james is a 57-year-old male who presents today with back pain .",
  },
  { id: "s1", speaker: "clinician", text: "what happened ?" },
  {
    id: "s2",
    speaker: "patient",
    text: "uh , i was golfing and i hurt my back , i have had back pain for four days .",
  },
  { id: "s3", speaker: "patient", text: "i took some tylenol but it did not help me ." },
  { id: "s4", speaker: "clinician", text: "any allergies ?" },
  { id: "s5", speaker: "patient", text: "i'm allergic to penicillin ." },
  { id: "s6", speaker: "clinician", text: "i think you have a lumbar strain ." },
  {
    id: "s7",
    speaker: "clinician",
    text: "i want to prescribe meloxicam 15 milligrams once a day and refer you to physical therapy .",
  },
  { id: "s8", speaker: "clinician", text: "i want to see you again in two weeks ." },
];

describe("the built-in draft note", () => {
  const findings = extractFindings(transcript);
  const note = composeNote({ findings, transcript });
  const section = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences ?? [];

  it("has every section in chart order and matches the shared schema", () => {
    expect(clinicalNoteSchema.parse(note)).toEqual(note);
    expect(note.sections.map((s) => s.key)).toEqual([...noteSectionKeys]);
  });

  it("traces every sentence to segments of the transcript", () => {
    const ids = new Set(transcript.map((s) => s.id));
    const sentences = note.sections.flatMap((s) => s.sentences);
    expect(sentences.length).toBeGreaterThan(6);
    for (const s of sentences) {
      expect(s.segmentIds.length, s.text).toBeGreaterThan(0);
      for (const id of s.segmentIds) expect(ids.has(id)).toBe(true);
    }
  });

  it("writes each section from its findings, in the third person, pasting nothing", () => {
    expect(section("chief_complaint").map((s) => s.text)).toEqual(["Back pain."]);
    // The dictated summary line is charted, not copied: no name, no "who presents today with".
    expect(section("hpi")[0]).toEqual({
      text: "57-year-old male, seen for back pain.",
      segmentIds: ["s0"],
    });
    // What the patient told, as a fact (the medicine and whether it helped), not their sentence.
    expect(section("hpi").map((s) => s.text)).toContain("Tried acetaminophen without relief.");
    const all = note.sections.flatMap((s) => s.sentences.map((x) => x.text)).join(" ");
    expect(all).not.toMatch(/\b(?:I|my|me|uh|we|you)\b/);
    expect(all).not.toMatch(/james/i);
    expect(section("medications").map((s) => s.text)).toEqual(
      expect.arrayContaining(["Started meloxicam 15 mg daily."]),
    );
    expect(
      section("allergies")
        .map((s) => s.text)
        .join(" "),
    ).toMatch(/penicillin/i);
    expect(section("review_of_systems")[0]?.text).toMatch(/^Endorses .*back pain/);
    expect(section("follow_up")[0]).toMatchObject({ segmentIds: ["s8"] });
    const check = checkNote(note, transcript);
    expect(check.copiedSpans).toEqual([]);
    expect(check.disfluencies).toEqual([]);
  });

  it("groups the plan under the problem the clinician named before it", () => {
    const ap = section("assessment_plan");
    expect(ap.length).toBeGreaterThan(1);
    const problem = ap[0]?.problem;
    expect(problem).toMatch(/s[pt]rain/i);
    expect(ap.every((s) => s.problem === problem)).toBe(true);
    expect(ap.map((s) => s.text).join(" ")).toMatch(/physical therapy/i);
    expect(ap.some((s) => s.segmentIds.includes("s7"))).toBe(true);
  });

  it("is deterministic", () => {
    expect(composeNote({ findings: extractFindings(transcript), transcript })).toEqual(note);
  });

  it("as plain text: capitalised titles, problems on their own line, empty sections left out", () => {
    const text = noteText(note);
    expect(text.startsWith("CHIEF COMPLAINT\nBack pain.\n\nHISTORY OF PRESENT ILLNESS\n")).toBe(true);
    // The clinician said "lumbar strain"; the lexicon files it under "sprain".
    expect(text).toMatch(/\n\nASSESSMENT AND PLAN\nLumbar strain\.\nStart meloxicam/);
    expect(noteText(composeNote({ findings: [], transcript: [] }))).toBe("");
  });
});

describe("the dictated summary line", () => {
  it("keeps age, sex, history and reason in the note's words", () => {
    expect(
      summaryLine(
        "so maria is a 64-year-old female with a past medical history significant for asthma and high cholesterol who presents today with a cough .",
      ),
    ).toBe("64-year-old female with a history of asthma, high cholesterol, seen for cough.");
    expect(summaryLine("how are you doing today ?")).toBe("");
  });
});

describe("a visit where the clinician examines and dictates", () => {
  const visit: Transcript = [
    { id: "d0", speaker: "clinician", text: "tell me about your cough ." },
    {
      id: "d1",
      speaker: "patient",
      text: "um , i've had this cough for about a week and some wheezing at night .",
    },
    {
      id: "d2",
      speaker: "clinician",
      text: "okay , let me take a listen . so on exam , your lungs , um , you do have some wheezing on the left side , and your heart is regular with no murmur .",
    },
    {
      id: "d3",
      speaker: "clinician",
      text: "hey , dragon , show me the chest x-ray . so , looking at your chest x-ray , there's no pneumonia , which is good .",
    },
    {
      id: "d4",
      speaker: "clinician",
      text: "for your asthma , hey , dragon , order albuterol two puffs every four hours as needed . and i want you to use your inhaler before you exercise , okay ?",
    },
    { id: "d5", speaker: "clinician", text: "hey , dragon , finalize the note ." },
  ];
  const note = composeNote({ findings: extractFindings(visit), transcript: visit });
  const texts = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences.map((s) => s.text) ?? [];

  it("charts the exam and the result the clinician spoke, in their own sections", () => {
    // Under their systems, written from the findings said (issue 25: exam facts, not shortened turns).
    expect(texts("physical_exam")).toEqual([
      "Respiratory: Wheezing on the left side.",
      "Cardiovascular: Regular rhythm; no murmur.",
    ]);
    expect(texts("results")).toEqual(["Chest x-ray: no pneumonia."]);
  });

  it("turns dictation commands into orders and leaves no command or filler in the text", () => {
    const plan = texts("assessment_plan").join(" ");
    // The dictated order is a plan item, once (the findings' own plan line may already say it).
    expect(plan.match(/albuterol 2 puffs every 4 hours/g)).toHaveLength(1);
    expect(plan).toMatch(/Use inhaler before exercise\./);
    const check = checkNote(note, visit);
    expect(check.dictationCommands).toEqual([]);
    expect(check.disfluencies).toEqual([]);
    expect(check.copiedSpans).toEqual([]);
    expect(noteText(note)).not.toMatch(/dragon|finalize/i);
  });
});

describe("a short dialogue that takes one part of the history", () => {
  it("gives a note with just that section, never an empty one", () => {
    const social: Transcript = [
      { id: "h0", speaker: "clinician", text: "Do you smoke?" },
      { id: "h1", speaker: "patient", text: "No, never." },
      { id: "h2", speaker: "clinician", text: "How about alcohol?" },
      { id: "h3", speaker: "patient", text: "Yes, two beers a week." },
      { id: "h4", speaker: "clinician", text: "What do you do for work?" },
      { id: "h5", speaker: "patient", text: "I'm a retired teacher. I live with my husband." },
    ];
    const note = composeNote({ findings: extractFindings(social), transcript: social });
    const filled = note.sections.filter((s) => s.sentences.length > 0);
    expect(filled.map((s) => s.key)).toEqual(["social_history"]);
    expect(filled[0]?.sentences).toEqual([
      { text: "Denies tobacco use.", segmentIds: ["h0", "h1"] },
      { text: "Drinks 2 beers per week.", segmentIds: ["h2", "h3"] },
      { text: "Retired teacher.", segmentIds: ["h4", "h5"] },
      { text: "Lives with husband.", segmentIds: ["h4", "h5"] },
    ]);
  });

  it("charts no alcohol from what a child drinks, and no tobacco use from smoke at home", () => {
    const child: Transcript = [
      { id: "c0", speaker: "clinician", text: "How much does she drink in a day?" },
      { id: "c1", speaker: "patient", text: "She drinks a lot of milk, like four cups of whole milk." },
      { id: "c2", speaker: "clinician", text: "Does anyone smoke at home?" },
      { id: "c3", speaker: "patient", text: "Yes, her father smokes outside." },
      { id: "c4", speaker: "clinician", text: "And do you drink alcohol yourself?" },
      { id: "c5", speaker: "patient", text: "No." },
    ];
    const note = composeNote({ findings: extractFindings(child), transcript: child });
    const social = note.sections.find((s) => s.key === "social_history")?.sentences.map((s) => s.text);
    expect(social).toEqual(["Denies alcohol use."]);
  });

  it("charts the work said after 'I work as a' as that job", () => {
    const adult: Transcript = [
      { id: "w0", speaker: "clinician", text: "What do you do for work?" },
      { id: "w1", speaker: "patient", text: "I work as a nurse at the hospital, mostly nights." },
    ];
    const note = composeNote({ findings: extractFindings(adult), transcript: adult });
    const social = note.sections.find((s) => s.key === "social_history")?.sentences.map((s) => s.text);
    expect(social).toEqual(["Occupation: nurse at the hospital."]);
  });

  it("keeps an adult's social history when a baby or months are only mentioned", () => {
    const adult: Transcript = [
      { id: "m0", speaker: "clinician", text: "How long has the cough been going on?" },
      { id: "m1", speaker: "patient", text: "About six months now." },
      { id: "m2", speaker: "clinician", text: "Do you drink alcohol?" },
      { id: "m3", speaker: "patient", text: "No, I don't drink. I have a five month old baby at home." },
    ];
    const note = composeNote({ findings: extractFindings(adult), transcript: adult });
    const social = note.sections.find((s) => s.key === "social_history")?.sentences.map((s) => s.text);
    expect(social).toEqual(["Denies alcohol use."]);
  });

  it("charts no adult social history in a young child's visit", () => {
    const child: Transcript = [
      { id: "k0", speaker: "clinician", text: "Hi there, so how old is she now?" },
      { id: "k1", speaker: "patient", text: "She's twenty two months." },
      { id: "k2", speaker: "clinician", text: "Is she drinking okay?" },
      { id: "k3", speaker: "patient", text: "Yeah, she drinks a lot, mostly water." },
      { id: "k4", speaker: "clinician", text: "And does she drink from a sippy cup?" },
      { id: "k5", speaker: "patient", text: "Yes she does." },
      { id: "k6", speaker: "clinician", text: "What do you do for work?" },
      { id: "k7", speaker: "patient", text: "I work as a nurse at the hospital." },
      { id: "k8", speaker: "clinician", text: "Does anyone smoke at home?" },
      { id: "k9", speaker: "patient", text: "No." },
    ];
    const note = composeNote({ findings: extractFindings(child), transcript: child });
    const social = note.sections.find((s) => s.key === "social_history")?.sentences.map((s) => s.text) ?? [];
    expect(social.join(" ")).not.toMatch(/alcohol|drinks|works|nurse/i);
  });

  it("charts family and surgical history and denied symptoms from question and answer", () => {
    const history: Transcript = [
      { id: "f0", speaker: "clinician", text: "Does anyone in your family have diabetes?" },
      { id: "f1", speaker: "patient", text: "Yes, my father has diabetes." },
      { id: "f2", speaker: "clinician", text: "Any surgeries in the past?" },
      { id: "f3", speaker: "patient", text: "I had my gallbladder removed in 2015." },
      { id: "f4", speaker: "clinician", text: "Any fever or chills?" },
      { id: "f5", speaker: "patient", text: "No." },
    ];
    const note = composeNote({ findings: extractFindings(history), transcript: history });
    const texts = (key: (typeof noteSectionKeys)[number]) =>
      note.sections.find((s) => s.key === key)?.sentences.map((s) => s.text) ?? [];
    expect(texts("family_history")).toEqual(["Family history of diabetes (father)."]);
    expect(texts("past_history")).toEqual(["Gallbladder removed (2015)."]);
    expect(texts("review_of_systems")).toEqual(["Denies fever and chills."]);
  });

  it("claims nothing from a question without a plain answer, and names the topic instead of an empty note", () => {
    const unclear: Transcript = [
      { id: "u0", speaker: "clinician", text: "Do you have any chest pain?" },
      { id: "u1", speaker: "patient", text: "Hard to say, maybe." },
    ];
    const note = composeNote({ findings: [], transcript: unclear });
    expect(note.sections.flatMap((s) => s.sentences.map((x) => [s.key, x.text]))).toEqual([
      ["hpi", "Discussed chest pain."],
    ]);
  });
});

describe("the assessment and plan of a visit with two problems", () => {
  // Invented, in the style of the training data: the summary line is followed by a question in
  // the same turn, and a dictated order comes just before the next problem in one turn.
  const visit: Transcript = [
    {
      id: "p0",
      speaker: "clinician",
      text: "robert is a 64-year-old male with a past medical history significant for congestive heart failure and depression who presents for follow-up . so , robert , how have you been ?",
    },
    { id: "p1", speaker: "patient", text: "pretty good . my ankles swell at night though ." },
    { id: "p2", speaker: "clinician", text: "okay . and how is your mood ?" },
    { id: "p3", speaker: "patient", text: "it's been okay . the counseling helps ." },
    {
      id: "p4",
      speaker: "clinician",
      text: "so for your first problem , your congestive heart failure , i want to start you on lasix 20 milligrams a day .",
    },
    {
      id: "p5",
      speaker: "clinician",
      text: "hey , dragon , order an echocardiogram . for your second problem , your depression , i think it is well controlled , so we will continue the counseling .",
    },
  ];
  const note = composeNote({ findings: extractFindings(visit), transcript: visit });
  const sentences = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences ?? [];

  it("charts the summary line though a question follows it in the same turn", () => {
    expect(sentences("hpi")[0]?.text).toBe(
      "64-year-old male with a history of congestive heart failure, depression, seen for follow-up.",
    );
  });

  it("puts an order said just before the next problem under the problem it was said for", () => {
    const echo = sentences("assessment_plan").find((s) => /echocardiogram/i.test(s.text));
    expect(echo?.problem).toBe("Congestive heart failure");
    expect(sentences("assessment_plan").map((s) => s.problem)).toContain("Depression");
  });
});

describe("what the assessment holds that is not today's problem", () => {
  const visit: Transcript = [
    {
      id: "m0",
      speaker: "clinician",
      text: "so on your heart exam , i do appreciate a two out of six systolic ejection murmur , which we've heard before .",
    },
    {
      id: "m1",
      speaker: "clinician",
      text: "for your osteoarthritis of the knee , i want to refer you to physical therapy .",
    },
  ];
  const findings = extractFindings(visit);
  const note = composeNote({ findings, transcript: visit });
  const sentences = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences ?? [];

  it("charts an exam finding in the exam, not as a problem of the assessment", () => {
    expect(findings.some((f) => f.kind === "assessment" && /^On exam:/.test(f.text))).toBe(true);
    expect(sentences("assessment_plan").map((s) => s.problem)).not.toContain("On exam: heart murmur");
    expect(sentences("physical_exam").map((s) => s.text)).toEqual([
      "Cardiovascular: 2/6 systolic ejection murmur.",
    ]);
  });
});

describe("a plan with no problem assessed today", () => {
  const visit: Transcript = [
    { id: "g0", speaker: "clinician", text: "i know you have a history of gerd . how is that doing ?" },
    { id: "g1", speaker: "patient", text: "it's fine , the heartburn is gone ." },
    {
      id: "g2",
      speaker: "clinician",
      text: "for this bite on your leg , i want to start you on amoxicillin 500 milligrams three times a day .",
    },
  ];
  const note = composeNote({ findings: extractFindings(visit), transcript: visit });
  const sentences = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences ?? [];

  it("stands under 'Plan', not under an old problem, and the history goes to the past history", () => {
    expect(sentences("assessment_plan").map((s) => [s.problem, s.text])).toEqual([
      ["Plan", "Start amoxicillin 500 mg three times daily."],
    ]);
    expect(sentences("past_history").map((s) => s.text)).toEqual(["History of GERD."]);
    expect(sentences("chief_complaint").map((s) => s.text)).not.toContain("History of GERD.");
  });
});

describe("a past history said as a list", () => {
  it("is one line, not the list and then each condition again", () => {
    const visit: Transcript = [
      { id: "h0", speaker: "clinician", text: "do you have any relevant past medical history ?" },
      {
        id: "h1",
        speaker: "patient",
        text: "i do have diabetes , high blood pressure and i had a stroke in the year two thousand and two .",
      },
    ];
    const note = composeNote({ findings: extractFindings(visit), transcript: visit });
    const past = note.sections.find((s) => s.key === "past_history")?.sentences.map((s) => s.text) ?? [];
    expect(past).toHaveLength(1);
    expect(past[0]).toMatch(/diabetes, hypertension and stroke/);
  });
});

describe("symptoms in the history and the review of systems", () => {
  // Invented, in the style of ACI-Bench.
  const t: Transcript = [
    { id: "h0", speaker: "clinician", text: "so what brings you in today ?" },
    {
      id: "h1",
      speaker: "patient",
      text: "my lower back has been hurting , i have had back pain for about three days .",
    },
    { id: "h2", speaker: "patient", text: "and when i stand up fast i feel a little dizzy ." },
    { id: "h3", speaker: "clinician", text: "what have you taken for the pain ?" },
    { id: "h4", speaker: "patient", text: "just a little tylenol for the pain ." },
    { id: "h5", speaker: "clinician", text: "any fever or chills ?" },
    { id: "h6", speaker: "patient", text: "no ." },
    { id: "h7", speaker: "clinician", text: "any dizziness when you're lying down ?" },
    { id: "h8", speaker: "patient", text: "no , only when i stand ." },
  ];
  const note = composeNote({ findings: extractFindings(t), transcript: t });
  const text = (key: (typeof noteSectionKeys)[number]) =>
    note.sections.find((s) => s.key === key)?.sentences.map((s) => s.text) ?? [];

  it("charts a severity said of the symptom, not one said of something else, and no bare 'pain' beside a named pain", () => {
    // The history is a narrative: the complaint opens it, the symptoms said with nothing more follow together.
    expect(text("hpi")).toContain("Also reports mild dizziness.");
    // "a little tylenol" is not a little pain.
    expect(text("hpi").join(" ")).not.toMatch(/mild back pain|Reports pain/);
    expect(text("hpi").join(" ")).not.toMatch(/, a little/);
  });

  it("keeps the pertinent negatives when the patient reported another symptom", () => {
    expect(text("review_of_systems").join(" ")).toMatch(/Denies fever and chills\./);
    expect(text("review_of_systems").join(" ")).not.toMatch(/Denies[^.]*\bpain\b/);
  });
});

describe("assessment and plan lines", () => {
  // Invented, in the style of ACI-Bench's dictated visits.
  const t: Transcript = [
    { id: "a0", speaker: "patient", text: "i hurt my back lifting boxes at work and i have back pain ." },
    {
      id: "a1",
      speaker: "clinician",
      text: "okay , for your back pain , i think this is a lumbar strain . i'm going to start you on meloxicam 15 milligrams once a day .",
    },
    {
      id: "a2",
      speaker: "clinician",
      text: "hey dragon , order meloxicam 15 milligrams once a day . i'm also going to refer you to physical therapy . hey dragon , order a physical therapy referral .",
    },
    {
      id: "a3",
      speaker: "clinician",
      text: "and i want you to use some ice on it a few times a day . we'll go ahead and do the orders and procedures as described .",
    },
  ];
  const plan = () =>
    composeNote({ findings: extractFindings(t), transcript: t })
      .sections.find((s) => s.key === "assessment_plan")
      ?.sentences.map((s) => s.text) ?? [];

  it("writes an order once when the clinician also dictated it, in the same or other words", () => {
    expect(plan().filter((s) => /meloxicam/i.test(s))).toHaveLength(1);
    expect(plan().filter((s) => /physical therapy/i.test(s))).toHaveLength(1);
  });

  it("charts a bare treatment word as an instruction", () => {
    expect(plan()).toContain("Apply ice.");
  });

  it("charts no surgery nobody named, and a named one as discussed, not done", () => {
    const surgery = (quote: string) =>
      composeNote({
        transcript: [{ id: "q0", speaker: "clinician", text: quote }],
        findings: [
          {
            id: "f0",
            kind: "plan",
            term: "surgery",
            text: "Surgery",
            details: { category: "treatment" },
            evidence: [{ segmentId: "q0", quote }],
          },
        ],
      }).sections.flatMap((s) => s.sentences.map((x) => x.text));
    expect(surgery("we'll get you set up for the ultrasound , the procedure .").join(" ")).not.toMatch(
      /surgery/i,
    );
    expect(surgery("based on the x-ray you're most likely going to need surgery on that foot .")).toEqual([
      "Discussed surgery.",
    ]);
  });
});
