// The verifier's rules, as data: what each checks, for which kinds of finding, what happens when a
// finding fails it (dropped, or kept for the clinician alone as "not sure, please check"), and
// examples that the rules' own tests run (verifier.rules.test.ts). The checks are in verifier.ts.
import type { FindingDetails, FindingKind, MedicationStatus } from "@bedside/shared";
import { GATE_RULES } from "./summary.gate.rules.js";

/** The summary gate's rules that read a plan line's own quotes run here, on every engine's findings. */
const gateRule = (id: "plan-hedge-lost" | "test-not-ordered") => {
  const rule = GATE_RULES.find((r) => r.id === id);
  return { why: rule?.why ?? "", examples: rule?.examples ?? [] };
};

export type VerifierCheck =
  | "quotes-verbatim"
  | "drug-in-quotes"
  | "numbers-in-quotes"
  | "side-in-quotes"
  | "status-cue"
  | "affirmed"
  | "measure-in-quotes"
  | "plan-hedge-lost"
  | "test-not-ordered"
  | "answer-unclear";

export interface RuleExample {
  /** What the finding says. */
  finding: { kind: FindingKind; text: string; term?: string; details?: FindingDetails };
  /** The words it cites (each one segment's text here, so they are verbatim). */
  quotes: string[];
  passes: boolean;
}

export interface VerifierRule {
  id: VerifierCheck;
  kinds: readonly FindingKind[] | "all";
  onFail: "drop" | "uncertain";
  why: string;
  examples: RuleExample[];
}

export const VERIFIER_RULES: readonly VerifierRule[] = [
  {
    id: "quotes-verbatim",
    kinds: "all",
    onFail: "drop",
    why: "A quote that is not in its segment is an invention; a finding with no traceable quote has no source.",
    examples: [
      {
        finding: { kind: "symptom", text: "Cough", term: "cough" },
        quotes: ["I have a cough."],
        passes: true,
      },
    ],
  },
  {
    id: "drug-in-quotes",
    kinds: ["medication"],
    onFail: "drop",
    why: "A medicine none of its quotes names was not said.",
    examples: [
      {
        finding: { kind: "medication", text: "Lisinopril (continued)", term: "lisinopril" },
        quotes: ["I take lisinopril every day."],
        passes: true,
      },
      {
        finding: { kind: "medication", text: "Aspirin (started)", term: "aspirin" },
        quotes: ["Take two of these a day."],
        passes: false,
      },
    ],
  },
  {
    id: "numbers-in-quotes",
    kinds: "all",
    onFail: "uncertain",
    why: "Every number (dose, reading, refills) must have been said, in digits or in words.",
    examples: [
      {
        finding: {
          kind: "medication",
          text: "Ibuprofen 400 milligrams (started)",
          term: "ibuprofen",
          details: { dose: "400 milligrams", status: "started" },
        },
        quotes: ["take ibuprofen four hundred milligrams every six hours"],
        passes: true,
      },
      {
        // A model's draft: "one adult aspirin or four baby aspirins" is not 325 mg.
        finding: {
          kind: "medication",
          text: "Aspirin 325 mg (started)",
          term: "aspirin",
          details: { dose: "325 mg", status: "started" },
        },
        quotes: ["take one adult aspirin or four baby aspirins"],
        passes: false,
      },
    ],
  },
  {
    id: "side-in-quotes",
    kinds: "all",
    onFail: "uncertain",
    why: "A side (left, right) that no quote says may be the wrong one.",
    examples: [
      {
        finding: { kind: "symptom", text: "Left knee pain", term: "knee pain" },
        quotes: ["my right knee hurts"],
        passes: false,
      },
      {
        finding: { kind: "symptom", text: "Right knee pain", term: "knee pain" },
        quotes: ["my right knee hurts"],
        passes: true,
      },
    ],
  },
  {
    id: "status-cue",
    kinds: ["medication"],
    onFail: "uncertain",
    why: "What happens to a medicine (new, stopped, changed, taken, given once) must be said in its quotes.",
    examples: [
      {
        finding: {
          kind: "medication",
          text: "Metformin (started)",
          term: "metformin",
          details: { status: "started" },
        },
        quotes: ["I've been on metformin for years."],
        passes: false,
      },
      {
        finding: {
          kind: "medication",
          text: "Metformin (continued)",
          term: "metformin",
          details: { status: "continued" },
        },
        quotes: ["I've been on metformin for years."],
        passes: true,
      },
    ],
  },
  {
    id: "affirmed",
    kinds: ["medication", "symptom"],
    onFail: "uncertain",
    why: "What was only asked about, and never answered, is not a fact about the patient.",
    examples: [
      { finding: { kind: "symptom", text: "Fever", term: "fever" }, quotes: ["Any fever?"], passes: false },
      {
        finding: { kind: "symptom", text: "Fever", term: "fever" },
        quotes: ["Any fever?", "Yes, last night."],
        passes: true,
      },
    ],
  },
  {
    id: "measure-in-quotes",
    kinds: ["measurement"],
    onFail: "uncertain",
    why: "A reading must be of what its quote measured (an A1c is not a cholesterol).",
    examples: [
      {
        finding: {
          kind: "measurement",
          text: "Cholesterol 7.2",
          term: "cholesterol",
          details: { value: "7.2" },
        },
        quotes: ["your a1c was 7.2"],
        passes: false,
      },
      {
        finding: {
          kind: "measurement",
          text: "Hemoglobin a1c 7.2%",
          term: "hemoglobin a1c",
          details: { value: "7.2%" },
        },
        quotes: ["your a1c was 7.2"],
        passes: true,
      },
    ],
  },
  {
    id: "plan-hedge-lost",
    kinds: ["plan", "follow_up"],
    onFail: "uncertain",
    ...gateRule("plan-hedge-lost"),
  },
  {
    id: "test-not-ordered",
    kinds: ["plan"],
    onFail: "uncertain",
    ...gateRule("test-not-ordered"),
  },
  {
    id: "answer-unclear",
    kinds: ["plan"],
    onFail: "uncertain",
    why: "A proposal the patient answered with neither a yes nor a no (cited after the order) may not happen: the clinician must check it.",
    examples: [
      {
        finding: { kind: "plan", text: "Order colonoscopy", term: "colonoscopy" },
        quotes: ["i'd like you to get a colonoscopy .", "um , i guess , maybe ? i do n't know ."],
        passes: false,
      },
      {
        finding: { kind: "plan", text: "Order colonoscopy", term: "colonoscopy" },
        quotes: ["i'd like you to get a colonoscopy .", "okay , that sounds fine ."],
        passes: true,
      },
      {
        finding: { kind: "plan", text: "Order x-ray", term: "x-ray" },
        quotes: ["maybe we'll get an x-ray today ."],
        passes: true,
      },
    ],
  },
];

/** Words that must be in a medicine's quotes for each status (any one of them). */
export const STATUS_CUES: Record<MedicationStatus, RegExp> = {
  started:
    /\b(?:start\w*|prescri\w*|order\w*|put\s+(?:you|her|him)\s+on|take|(?:want|like|need)\s+you\s+to\s+use|you\s+can\s+use|try|trial|give|gave|begin|initiat\w*|add\w*|send|call\s+in|new|script|rx|refill\w*|\d|mg|milligrams?)\b/i,
  stopped:
    /\b(?:stop\w*|discontinu\w*|quit|off|no\s+longer|used\s+to|ran\s+out|hold|held|tried|was\s+on|not\s+taking|not\s+right\s+now|not\s+at\s+the\s+moment|not\s+currently|d\/c)\b/i,
  // A dose and schedule the clinician now tells for a medicine taken over the counter ("have you take
  // ibuprofen six hundred milligrams every six hours") changes how it is taken.
  changed:
    /\b(?:increas\w*|decreas\w*|reduc\w*|lower\w*|rais\w*|bump\w*|up|doubl\w*|cut|switch\w*|chang\w*|adjust\w*|titrat\w*|instead|to\s+\d|stronger|prescription[\s-]+strength|(?:take|use|give\s+you|make\s+(?:that|it))\s+[^.?!]{0,60}?\b(?:mg|milligrams?)\s+[^.?!]{0,20}?\b(?:every|twice|once|three\s+times|four\s+times|daily|a\s+day))\b/i,
  continued:
    /\b(?:take|takes|taking|took|on|use|uses|using|continu\w*|keep|still|prescribed|refill\w*|yes|yeah|yep|list|chart|been|helps?|works?|for\s+my|see)\b/i,
  once: /\b(?:gave|given|nurse|got|received|had|shot|dose|injection|er|emergency|hospital|once|one\s+time)\b/i,
};

/** What each measurement is called when said ("bp", "a1c"). */
export const MEASURE_NAMES: Record<string, RegExp> = {
  "blood pressure": /\b(?:blood\s+pressure|bp|pressure)\b/i,
  "heart rate": /\b(?:heart\s+rate|pulse|hr|beats)\b/i,
  temperature: /\b(?:temperature|temp|fever|degrees)\b/i,
  "oxygen level": /\b(?:oxygen|o2|sat\w*|pulse\s+ox)\b/i,
  weight: /\b(?:weigh\w*|pounds|lbs?|kilos?|kilograms|kg)\b/i,
  "hemoglobin a1c": /\b(?:a1c|hemoglobin\s+a1c|hba1c)\b/i,
  "blood sugar": /\b(?:blood\s+sugars?|glucose|sugars?)\b/i,
  cholesterol: /\b(?:ldl|hdl|cholesterol|lipids?)\b/i,
  "ejection fraction": /\b(?:ejection\s+fraction|ef)\b/i,
  "respiratory rate": /\b(?:respiratory\s+rate|respirations|breathing\s+rate|breaths)\b/i,
};

/** "…, okay?" is a statement with a tag, not a question. */
export const TAG_QUESTION =
  /[\s,]+(?:okay|ok|right|alright|all\s+right|yeah|sound\s+good|does\s+that\s+sound\s+\w+(?:\s+\w+)?|is\s+that\s+(?:okay|ok|alright)|how\s+does\s+that\s+sound|you\s+know)\s*\?$/i;
export const SIDE = /\b(left|right|bilateral)\b/gi;
export const AFFIRMED_ANSWER =
  /^\s*(?:yes|yeah|yep|yup|uh[- ]huh|mm[- ]hmm|mhm|i\s+do|i\s+have|i\s+did|i\s+am|i'm|correct|right|sometimes|a\s+little|a\s+bit|kind\s+of|definitely|some)\b/i;
