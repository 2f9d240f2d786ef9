import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummaryChecked, summarySections, summaryText } from "./summary.compose.js";
import { continueInstructed, planHedgeKept, testOrderedInVisit } from "./summary.gate.js";
import { GATE_RULES } from "./summary.gate.rules.js";
import { verifyFindings } from "./verifier.js";

const CHECKS = {
  "plan-hedge-lost": (f: Finding, quotes: string[]) => planHedgeKept(f, quotes),
  "test-not-ordered": (f: Finding, quotes: string[]) => testOrderedInVisit(f, quotes),
  "keep-taking-without-instruction": (f: Finding, quotes: string[]) =>
    continueInstructed({ ...f, evidence: quotes.map((quote, i) => ({ segmentId: `s${i}`, quote })) }, []),
} as const;

describe("summary gate rules (data)", () => {
  for (const rule of GATE_RULES)
    for (const [i, ex] of rule.examples.entries())
      it(`${rule.id} example ${i + 1} ${ex.passes ? "passes" : "fails"}`, () => {
        const check = CHECKS[rule.id as keyof typeof CHECKS];
        expect(check, `no check for ${rule.id}`).toBeDefined();
        const f: Finding = {
          id: "f1",
          details: {},
          evidence: [{ segmentId: "s0", quote: "x" }],
          ...ex.finding,
        };
        expect(check(f, ex.quotes)).toBe(ex.passes);
      });

  it("every rule says why and which line it guards", () => {
    for (const rule of GATE_RULES) {
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.line.length).toBeGreaterThan(5);
    }
  });
});

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `g${++n}`, speaker, text }));

/** The engine, the verifier and the summary with its gate, as the service runs them. */
function visit(transcript: Transcript) {
  const { findings } = verifyFindings(extractFindings(transcript), transcript);
  const checked = composeSummaryChecked(findings);
  const text = summaryText(summarySections(checked.summary));
  return { findings, ...checked, text };
}

describe("the summary's last gate", () => {
  it("withholds a referral the clinician only named under a condition, and lists it for the clinician", () => {
    const v = visit(
      t(
        ["clinician", "what brings you in"],
        ["patient", "my lower back has been hurting for a week after i lifted a couch"],
        [
          "clinician",
          "i want you to just take it easy for right now, and if your symptoms continue, we'll talk about possibly a referral to physical therapy, okay?",
        ],
        ["patient", "okay"],
        [
          "clinician",
          "let's see how you do over the next couple weeks, and we'll refer you to physical therapy if we need to, okay?",
        ],
      ),
    );
    expect(v.text).not.toMatch(/physical therapist|expert in the list/i);
    expect(v.withheld).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "plan-hedge-lost", text: "Refer to physical therapy" }),
      ]),
    );
    // The clinician's review shows it "not sure, please check".
    expect(v.findings.find((f) => f.term === "physical therapy")?.details.uncertain).toBe(true);
    // The patient still learns the next step the clinician did give.
    expect(v.summary.inShort.todo.join(" ")).toMatch(/take it easy/i);
  });

  it("keeps a follow-up said beside another one that was taken back", () => {
    const v = visit(
      t(
        ["clinician", "your incision has healed well"],
        [
          "clinician",
          "so at this point you do not have to follow up with orthopedics anymore, just follow up with me in six months",
        ],
      ),
    );
    expect(v.summary.inShort.todo.join(" ")).toMatch(/six months/);
    expect(v.withheld.filter((w) => w.rule === "plan-hedge-lost")).toEqual([]);
  });

  it("withholds every leaflet's advice, lists it for the clinician, and still names the symptom", () => {
    const v = visit(
      t(
        ["clinician", "what brings you in today"],
        ["patient", "i've been having headaches every morning for about two months"],
        [
          "clinician",
          "the mri we did last week showed a mass in your brain, which i think is a brain tumor causing your headaches",
        ],
      ),
    );
    expect(v.text).not.toMatch(/Rest, fluids and sleep/);
    expect(v.withheld).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "leaflet-not-said", text: "Rest, fluids and sleep can help." }),
      ]),
    );
    // What the patient told us is still there.
    expect(v.text).toMatch(/Headache: You told us about a headache/);
    // Nor with nothing found: "Most coughs from a cold get better" is nobody's word.
    const cough = visit(t(["patient", "i've had a cough for about a week"]));
    expect(cough.text).not.toMatch(/Most coughs from a cold get better/);
    expect(cough.withheld.map((w) => w.rule)).toContain("leaflet-not-said");
    // A symptom with nothing left to say is still named.
    const bare = visit(
      t(
        ["patient", "my lower back hurts"],
        ["clinician", "i think this is a herniated disc, and your x-ray shows a compression fracture"],
      ),
    );
    expect(bare.text).not.toMatch(/Note where it hurts/);
    expect(bare.summary.talkedAbout.some((e) => /\bpain\b/i.test(`${e.title} ${e.text}`))).toBe(true);
  });

  it("shows a medicine taken with no instruction as taken, and lists the 'keep taking' it withheld", () => {
    const v = visit(
      t(
        ["clinician", "what medicines are you on"],
        ["patient", "i take metformin five hundred milligrams twice a day"],
        ["clinician", "okay. and your knee, how long has it hurt"],
      ),
    );
    expect(v.text).not.toMatch(/keep taking/i);
    expect(v.text).toMatch(/Metformin: .*you take it now/);
    expect(v.withheld).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: "keep-taking-without-instruction" })]),
    );
    const row = v.lines.find((l) => l.section === "medicine");
    expect(row?.support).toBe("patient-report");
  });

  it("reads 'keep taking' from the clinician's later instruction that the medicine's finding did not cite", () => {
    const v = visit(
      t(
        ["clinician", "and have you been taking that metformin every day"],
        ["patient", "i do, every morning"],
        ["clinician", "okay that's really good"],
        [
          "clinician",
          "so for your blood pressure your readings look good so i'm not gon na make any changes there and then for your diabetes we'll keep you on the five hundred of metformin and i also want to give you a referral to a dietitian",
        ],
      ),
    );
    expect(v.text).toMatch(/Metformin: .*keep taking/i);
    expect(v.withheld.filter((w) => w.rule === "keep-taking-without-instruction")).toEqual([]);
    const asked = visit(
      t(
        ["clinician", "and have you been taking that metformin every day"],
        ["patient", "i do, every morning"],
        ["clinician", "are you still on the metformin twice a day?"],
      ),
    );
    expect(asked.text).not.toMatch(/keep taking/i);
  });

  it("carries, for every line the patient reads, the findings and the support it rests on", () => {
    const v = visit(
      t(
        ["clinician", "what brings you in"],
        ["patient", "i've had a cough for two weeks"],
        [
          "clinician",
          "i think this is bronchitis. i'm going to order a chest x-ray and see you back in two weeks",
        ],
      ),
    );
    expect(v.lines.length).toBeGreaterThan(3);
    for (const l of v.lines) expect(l.support).not.toBe("default");
    const todo = v.lines.filter((l) => l.section === "todo");
    expect(todo.map((l) => l.support)).toEqual(todo.map(() => "clinician-instruction"));
    expect(todo.every((l) => l.findingIds.length > 0)).toBe(true);
    expect(v.lines.find((l) => l.section === "why")?.support).toBe("patient-report");
  });
});
