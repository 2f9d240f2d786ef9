// Patient-facing explanations. Every part is chosen from candidates, most specific first,
// and the first one whose every sentence measures grade ≤ 6 wins; the last candidate of
// each list is generic and plain by construction, so a long drug name can never push an
// explanation above grade 6 (the name is then still shown with the finding and glossary).
import { isVisitHere } from "./next-step.extract.js";
import { warningParts } from "./warning.rules.js";
import type { Explanation, Finding, GlossaryEntry, GradedText } from "@bedside/shared";
import { EXTRA_GLOSSARY, MEDICATION_CLASSES } from "./findings.lexicon.js";
import {
  allergenByTerm,
  conditionByTerm,
  medicationByTerm,
  referralByTerm,
  symptomByTerm,
  testByTerm,
  treatmentByTerm,
} from "./lexicon.matcher.js";
import { gradeLevel, isPlainEnough } from "./readability.js";

const GET_HELP_NOW = "If you feel much worse, get help now. Call 911 or go to the ER.";

const MEASUREMENT_MEANING: Record<string, string> = {
  "blood pressure": "This shows how hard your blood pushes as your heart beats.",
  "heart rate": "This is how fast your heart beats.",
  temperature: "This shows if you have a fever.",
  "oxygen level": "This shows how much air gets into your blood.",
  weight: "Your weight helps us check your health over time.",
  "hemoglobin a1c": "This shows your blood sugar over the last three months.",
  "blood sugar": "This shows how much sugar is in your blood right now.",
  cholesterol: "This shows how much fat is in your blood.",
  "ejection fraction": "This shows how well your heart pumps blood out with each beat.",
  "respiratory rate": "This is how many breaths you take in one minute.",
};

function graded(candidates: string[]): GradedText {
  const usable = candidates.filter((c) => c.trim().length > 0);
  const chosen = usable.find(isPlainEnough) ?? usable[usable.length - 1] ?? "Ask us about this.";
  return { text: chosen, grade: gradeLevel(chosen) };
}

/** Glossary definitions are noun phrases ("A scan that …"); make them read as sentences. */
function asSentence(def: string | undefined): string {
  if (!def) return "";
  return /^(?:a|an)\s/i.test(def) ? `It is ${lower(def)}` : def;
}

function orList(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1] ?? ""}`;
}

function lower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The words a patient knows for a finding's term, or undefined when we have none. */
function plainName(f: Finding): string | undefined {
  const t = f.term;
  if (!t) return undefined;
  return (
    symptomByTerm.get(t)?.plain ??
    conditionByTerm.get(t)?.plain ??
    testByTerm.get(t)?.plain ??
    referralByTerm.get(t)?.plain ??
    treatmentByTerm.get(t)?.plain ??
    allergenByTerm.get(t)?.plain ??
    (medicationByTerm.has(t) ? t : undefined)
  );
}

function medicationPurpose(term: string | undefined): string | undefined {
  const cls = term ? medicationByTerm.get(term)?.drugClass : undefined;
  return cls ? MEDICATION_CLASSES[cls] : undefined;
}

function explainOne(f: Finding): Omit<Explanation, "terms"> {
  const name = plainName(f);
  const d = f.details;
  switch (f.kind) {
    case "chief_concern":
      return {
        findingId: f.id,
        about: graded([
          name ? `You came to see us about ${name}.` : "",
          "You told us why you came to see us today.",
        ]),
        meaning: graded(["This is the main thing we looked at in your visit."]),
        next: graded(["Read the other notes here to see what we found and what to do."]),
        help: graded([GET_HELP_NOW]),
      };
    case "symptom": {
      const how = [d.severity, d.duration ?? d.onset].filter(Boolean).join(", ");
      return {
        findingId: f.id,
        about: graded([
          name && d.duration ? `You told us about ${name}. You have had it ${d.duration}.` : "",
          name && how ? `You told us about ${name} (${how}).` : "",
          name ? `You told us about ${name}.` : "",
          "You told us about how you feel.",
        ]),
        meaning: graded(["This is a sign from your body. It helps us find out what is wrong."]),
        next: graded(["Keep track of when it gets better or worse. Tell us if it changes."]),
        help: graded([GET_HELP_NOW]),
      };
    }
    case "medication": {
      const purpose = medicationPurpose(f.term);
      const n = name ?? "this medicine";
      const about =
        d.status === "started"
          ? [`You will start a new drug, and the name of it is ${n}.`, "You will start a new medicine."]
          : d.status === "stopped"
            ? [`We talked about the plan for you to stop ${n}.`, "We talked about a medicine you will stop."]
            : d.status === "changed"
              ? [
                  `We talked about a change in how much ${n} you take.`,
                  "We talked about a change to one of your medicines.",
                ]
              : d.status === "once"
                ? [`You were given ${n} one time.`, "You were given a medicine one time."]
                : d.status === "continued"
                  ? [
                      `You take a drug called ${n}, and we talked about it.`,
                      "We talked about a medicine you take.",
                    ]
                  : // No status said: not "you take it", which may not be true.
                    [`We talked about a drug called ${n}.`, "We talked about a medicine."];
      const dose = [d.dose, d.frequency].filter(Boolean).join(", ");
      return {
        findingId: f.id,
        about: graded(about),
        meaning: graded([
          purpose ? `It is a medicine to ${purpose}.` : "",
          purpose ? `It is a drug to ${purpose}.` : "",
          "Ask us what this medicine is for if you are not sure.",
        ]),
        next: graded(
          d.status === "stopped"
            ? ["Stop taking it, unless your doctor tells you to start again."]
            : d.status === "once"
              ? ["Ask us before you take it again."]
              : d.status === undefined
                ? ["Ask us if you should take it."]
                : [
                    dose ? `Take it the way your doctor said: ${dose}.` : "",
                    "Take it the way your doctor said.",
                  ],
        ),
        help: graded([
          "If your lips, face or throat swell, or you can't breathe, call 911 now.",
          "Call 911 now if your face swells or you can't breathe.",
        ]),
      };
    }
    case "allergy": {
      const none = f.term === "no known allergies";
      return {
        findingId: f.id,
        about: graded(
          none
            ? ["You told us you have no known allergies."]
            : [
                name ? `You told us you are allergic to ${name}.` : "",
                name ? `You told us that you are allergic to ${name}.` : "",
                name ? `You told us that your body reacts badly to ${name}.` : "",
                "You told us about an allergy you have.",
              ],
        ),
        meaning: graded(
          none
            ? ["This helps us pick a safe medicine for you."]
            : ["Your body may react badly to it. We will keep it out of your care."],
        ),
        next: graded(["Tell each doctor and drug store about your allergies."]),
        help: graded(["If your lips, face or throat swell, or you can't breathe, call 911 now."]),
      };
    }
    case "measurement":
      return {
        findingId: f.id,
        about: graded([
          f.term && d.value ? `We checked your ${f.term}. It was ${d.value}.` : "",
          f.term ? `We checked your ${f.term}.` : "",
          "We checked one of your body's numbers.",
        ]),
        meaning: graded([
          (f.term && MEASUREMENT_MEANING[f.term]) ?? "",
          "This number tells us about your health.",
        ]),
        next: graded(["Ask us what this number means for you."]),
        help: graded([GET_HELP_NOW]),
      };
    case "assessment": {
      const possible = /^possible\b/i.test(f.text);
      const def = f.term ? conditionByTerm.get(f.term)?.definition : undefined;
      return {
        findingId: f.id,
        about: graded([
          name && f.term && !possible ? `We talked about ${f.term}. That means ${name}.` : "",
          name
            ? possible
              ? `We talked about whether you may have ${name}.`
              : `We talked about ${name}.`
            : "",
          "We talked about what may be going on with your health.",
        ]),
        meaning: graded([asSentence(def), "This is what we think is going on."]),
        next: graded(["Ask us if you have questions about it."]),
        help: graded([GET_HELP_NOW]),
      };
    }
    case "plan": {
      const def = f.term
        ? (testByTerm.get(f.term)?.definition ?? referralByTerm.get(f.term)?.definition)
        : undefined;
      if (d.category === "test") {
        return {
          findingId: f.id,
          about: graded([name ? `We plan to do ${name}.` : "", "We plan to do a test."]),
          meaning: graded([asSentence(def), "The test helps us learn more about your health."]),
          next: graded(["We will tell you how to get it done, and we will share the results."]),
          help: graded([GET_HELP_NOW]),
        };
      }
      if (d.category === "referral") {
        return {
          findingId: f.id,
          about: graded([
            name ? `We will send you to see ${name}.` : "",
            "We will send you to see an expert.",
          ]),
          meaning: graded([asSentence(def), "This expert knows a lot about this kind of problem."]),
          next: graded(["Watch for a call to set up the visit. Call us if no one calls you in a week."]),
          help: graded([GET_HELP_NOW]),
        };
      }
      const med = f.term ? medicationByTerm.get(f.term) : undefined;
      return {
        findingId: f.id,
        about: graded([
          med ? `The plan is for you to ${lower(f.text.split(" ")[0] ?? "")} ${f.term}, as we said.` : "",
          name ? `Part of your plan is ${name}.` : "",
          "We made a plan to help you get better.",
        ]),
        meaning: graded(["This can help you heal and feel better."]),
        next: graded(["Do this each day, the way we talked about."]),
        help: graded([GET_HELP_NOW]),
      };
    }
    case "follow_up":
      // A visit elsewhere or "no visit needed" is no "we want to see you again" (next-step.extract.ts).
      if (!isVisitHere(f.text))
        return {
          findingId: f.id,
          about: graded([
            /^no\s+follow-up/i.test(f.text)
              ? "We talked about whether you need to come back."
              : "We talked about a visit with another doctor.",
          ]),
          meaning: graded(["Your summary says what to do next."]),
          next: graded(["Read your summary for the next step."]),
          help: graded([GET_HELP_NOW]),
        };
      return {
        findingId: f.id,
        about: graded([d.when ? `We want to see you again ${d.when}.` : "", "We want to see you again."]),
        meaning: graded(["This visit lets us check how you are doing."]),
        next: graded(["Set up the visit. Come back sooner if you need to."]),
        help: graded([GET_HELP_NOW]),
      };
    case "warning_sign": {
      const { level, urgent, what } = warningParts(f.text);
      const callUs = level === "clinic-now" ? "call us now" : "call us";
      const signs = orList(
        what.split(/,\s*/).map((t) => symptomByTerm.get(t)?.plain ?? conditionByTerm.get(t)?.plain ?? t),
      );
      // "your chest pain gets worse" is already a condition; "chest pain" is a sign you have.
      const condition =
        !/\bthat\b/i.test(what) &&
        /\b(?:gets?|becomes?|is|are|goes|keeps?|stays?|does|doesn't|won't|can't)\b/i.test(what)
          ? `If ${signs}`
          : `If you have ${signs}`;
      // Sent to the office, not the ER: the patient reads "call us", never "call 911" for it.
      if (!urgent)
        return {
          findingId: f.id,
          about: graded([
            `We talked about when to ${callUs}: ${signs}.`,
            `We talked about when to ${callUs}.`,
          ]),
          meaning: graded(["We want to check on you if this happens."]),
          next: graded(["Watch for these signs. Keep this note where you can find it."]),
          help: graded([
            `${condition}, ${callUs}. In an emergency, call 911.`,
            `If you have any of these signs, ${callUs}. In an emergency, call 911.`,
          ]),
        };
      return {
        findingId: f.id,
        about: graded([
          `We talked about signs that mean you need help right away: ${signs}.`,
          "We talked about signs that mean you need help right away.",
        ]),
        meaning: graded(["These signs can mean something serious is going on."]),
        next: graded(["Watch for these signs. Keep this note where you can find it."]),
        help: graded([
          `${condition}, get help now. Call 911 or go to the ER.`,
          "If you have any of these signs, get help now. Call 911 or go to the ER.",
        ]),
      };
    }
  }
}

/** Plain definition for a term, when the lexicon has one. */
function definitionOf(term: string): string | undefined {
  const med = medicationByTerm.get(term);
  if (med) {
    const purpose = MEDICATION_CLASSES[med.drugClass];
    return purpose ? graded([`A medicine to ${purpose}.`, `A drug to ${purpose}.`]).text : undefined;
  }
  return (
    conditionByTerm.get(term)?.definition ??
    symptomByTerm.get(term)?.definition ??
    testByTerm.get(term)?.definition ??
    referralByTerm.get(term)?.definition ??
    EXTRA_GLOSSARY[term]
  );
}

/** Explanations for every finding, and a glossary of the terms they touch. */
export function explainFindings(findings: Finding[]): {
  explanations: Explanation[];
  glossary: GlossaryEntry[];
} {
  const glossary = new Map<string, GlossaryEntry>();
  const explanations = findings.map((f) => {
    const e = explainOne(f);
    const terms = new Set<string>();
    if (f.term && definitionOf(f.term)) terms.add(f.term);
    const shown = [e.about.text, e.meaning.text, e.next.text, e.help.text, ...f.evidence.map((q) => q.quote)]
      .join(" ")
      .toLowerCase();
    for (const word of Object.keys(EXTRA_GLOSSARY)) if (shown.includes(word)) terms.add(word);
    for (const t of terms) {
      const def = definitionOf(t);
      if (def && !glossary.has(t))
        glossary.set(t, { term: t, definition: { text: def, grade: gradeLevel(def) } });
    }
    return { ...e, terms: [...terms] };
  });
  return { explanations, glossary: [...glossary.values()] };
}

/** One patient-facing text per finding, as the evaluation contract wants it. */
export function explanationText(e: Explanation): string {
  return [e.about.text, e.meaning.text, e.next.text, e.help.text].join(" ");
}
