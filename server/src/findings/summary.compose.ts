// The after-visit summary a patient keeps, composed from findings: "Your visit in short" first
// (why you came, what the clinician thinks, two to four things to do, when to get help), then
// medicines, tests and referrals, the next visit, one list of when to get help right away, what
// was talked about with a specific explanation each, and words to know. Pure and deterministic:
// the release stores what this returns, and the clinician's preview calls it on the same
// approved findings, so the preview is exactly what the patient will read.
import {
  type Finding,
  inShortLabels as IN_SHORT_LABELS,
  type MedicineChange,
  medicineLabel,
  medicineLine,
  type PatientSummary,
  summaryFeedbackLead,
  summaryQuestionsLead,
  summarySectionTitles as SECTION_TITLES,
  type SummaryEntry,
  type SummaryMedicine,
  type SummaryQuote,
  type SummarySection,
} from "@bedside/shared";
import { drugClassOf } from "./drug.matcher.js";
import { EXTRA_GLOSSARY, MEDICATION_CLASSES } from "./findings.lexicon.js";
import {
  conditionByTerm,
  referralByTerm,
  symptomByTerm,
  testByTerm,
  treatmentByTerm,
} from "./lexicon.matcher.js";
import { CONDITION_GUIDE, MEDICINE_TIP, REFERRAL_WHO, SYMPTOM_GUIDE, TEST_NEXT } from "./patient-guide.js";
import { isPlainEnough } from "./readability.js";

export interface ComposeOptions {
  /** "Dr. Rivera"; the evaluation has no name and says "your clinician". */
  clinicianName?: string;
  /** Quotes for a finding's evidence, with who said them (the app knows the speakers). */
  quotesOf?: (f: Finding) => SummaryQuote[];
}

/** Entries in "What we talked about" beyond which symptoms are listed in one line, to stay short. */
const MAX_EXPLAINED = 6;

const sentenceCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** The first candidate whose every sentence reads at grade 6 or below; the last is plain by construction. */
function plainest(...candidates: (string | undefined | false)[]): string {
  const usable = candidates.filter((c): c is string => typeof c === "string" && c.trim().length > 0);
  return usable.find(isPlainEnough) ?? usable[usable.length - 1] ?? "";
}

function andList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

function orList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1] ?? ""}`;
}

/** "a migraine" → "migraine": for titles. */
const bare = (s: string): string => s.replace(/^(?:a|an|the)\s+/i, "");

/** Terms said as letters are written in capitals: GERD, COPD, MRI. */
const ACRONYM = /^(?:gerd|copd|bph|uti|mri|ekg|ecg|ent|dvt|adhd|ibs|covid-19|ct scan|hiv)$/i;
const titleOf = (term: string): string =>
  ACRONYM.test(term) ? term.toUpperCase().replace("SCAN", "scan") : sentenceCase(term);

function plainOf(term: string | undefined): string | undefined {
  if (!term) return undefined;
  return (
    symptomByTerm.get(term)?.plain ??
    conditionByTerm.get(term)?.plain ??
    testByTerm.get(term)?.plain ??
    treatmentByTerm.get(term)?.plain
  );
}

/** Glossary definitions are noun phrases ("A scan that …"); make them read as sentences. */
function asSentence(def: string | undefined): string | undefined {
  if (!def) return undefined;
  return /^(?:a|an)\s/i.test(def) ? `It is ${lower(def)}` : def;
}

const isClinicianAssessment = (f: Finding): boolean =>
  f.kind === "assessment" && !/\(patient-reported\)\s*$/i.test(f.text);

function medicineChange(f: Finding, stopPlanned: boolean): MedicineChange {
  switch (f.details.status) {
    case "started":
      return "new";
    case "changed":
      return "changed";
    case "stopped":
      return stopPlanned ? "stopped" : "not taking now";
    case "continued":
    case undefined:
      return "keep taking";
  }
}

/** One medicine row as the patient reads it: the name they know, the generic in brackets. */
function medicineRow(f: Finding, stopPlanned: boolean): SummaryMedicine {
  const term = f.term ?? f.text.replace(/\s*\(.*$/, "");
  const said = f.details.saidAs;
  const name = sentenceCase(said ?? term);
  const cls = drugClassOf(f.term, said);
  const purpose = cls ? MEDICATION_CLASSES[cls] : undefined;
  const change = medicineChange(f, stopPlanned);
  const tip = cls ? MEDICINE_TIP[cls] : undefined;
  return {
    findingId: f.id,
    name,
    ...(said && said.toLowerCase() !== term.toLowerCase() ? { generic: term } : {}),
    ...(f.details.dose ? { dose: f.details.dose } : {}),
    ...(f.details.frequency ? { how: f.details.frequency } : {}),
    ...(purpose ? { purpose: `to ${purpose}` } : {}),
    change,
    ...(tip && change !== "stopped" && change !== "not taking now" ? { note: tip } : {}),
  };
}

function symptomEntry(f: Finding, quotes: SummaryQuote[]): SummaryEntry {
  const term = f.term ?? "";
  const plain = plainOf(term) ?? term;
  const d = f.details;
  const how = [d.severity, d.duration ?? d.onset].filter(Boolean).join(", ");
  // The title already names it; only what the patient said about it is worth a sentence.
  const told = how ? plainest(`You told us about ${plain}, ${how}.`, `You have had it ${how}.`) : undefined;
  const text = [told, asSentence(symptomByTerm.get(term)?.definition), SYMPTOM_GUIDE[term]]
    .filter((x): x is string => !!x && isPlainEnough(x))
    .join(" ");
  return { findingIds: [f.id], title: sentenceCase(bare(plain)), text, quotes };
}

function conditionEntry(f: Finding, quotes: SummaryQuote[]): SummaryEntry {
  const term = f.term ?? "";
  const plain = plainOf(term) ?? term;
  const possible = /^possible\b/i.test(f.text);
  const reported = /\(patient-reported\)\s*$/i.test(f.text);
  const lead = possible
    ? plainest(`We talked about whether this could be ${plain}.`, "We talked about whether this could be it.")
    : reported
      ? plainest(`You told us you have ${plain}.`)
      : undefined;
  // "Migraine headaches", not "Migraine headaches (Migraine)"; "High blood pressure (hypertension)".
  const title =
    bare(plain).toLowerCase() === term.toLowerCase()
      ? titleOf(term)
      : bare(plain).toLowerCase().includes(term.toLowerCase())
        ? sentenceCase(bare(plain))
        : `${sentenceCase(bare(plain))} (${titleOf(term)})`;
  const text = [lead, asSentence(conditionByTerm.get(term)?.definition), CONDITION_GUIDE[term]]
    .filter((x): x is string => !!x && isPlainEnough(x))
    .join(" ");
  return { findingIds: [f.id], title, text, quotes };
}

/** What to do for one plan finding, in one short sentence, or undefined. */
function todoOf(f: Finding, medicines: Map<string, SummaryMedicine>): string | undefined {
  const d = f.details;
  if (d.category === "test") {
    const plain = plainOf(f.term) ?? "a test";
    return plainest(`Get ${plain}.`, `Get ${plain} done.`, "Get the test in the list below.");
  }
  if (d.category === "referral") {
    const who = (f.term && REFERRAL_WHO[f.term]) ?? "an expert";
    return plainest(`See ${who.replace(/,.*$/, "")}.`, "See the expert in the list below.");
  }
  const med = f.term ? medicines.get(f.term) : undefined;
  if (med) {
    const name = med.name;
    const how = med.how ? ` ${med.how}` : "";
    if (med.change === "new")
      return plainest(
        `Start taking ${name}${how}.`,
        `Start taking ${name}.`,
        med.purpose && `Start the new medicine ${med.purpose}.`,
        "Start your new medicine.",
      );
    if (med.change === "stopped")
      return plainest(`Stop taking ${name}.`, "Stop the medicine marked stopped.");
    if (med.change === "changed")
      return plainest(`Take ${name} the new way.`, "Take your changed medicine the new way.");
    if (/^continue\b/i.test(f.text))
      return plainest(`Keep taking ${name}${how}.`, `Keep taking ${name}.`, "Keep taking your medicines.");
    return undefined;
  }
  const plain = plainOf(f.term);
  return plain ? plainest(`Try ${plain}.`) : undefined;
}

const WORDS_TO_KNOW = Object.keys(EXTRA_GLOSSARY);

/** Sentences with their own punctuation ("Dr. Rivera" is one). */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=(?<!\b(?:Dr|Mr|Mrs|Ms|Mx|St))[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z0-9]/.test(s));
}

/** Removes every sentence said before (case and spacing aside), so nothing is read twice. */
class Once {
  private readonly seen = new Set<string>();
  private key = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  /** The text with sentences already used taken out; "" when nothing new is left. */
  keep(text: string): string {
    const out: string[] = [];
    for (const s of sentencesOf(text)) {
      const k = this.key(s);
      if (this.seen.has(k)) continue;
      this.seen.add(k);
      out.push(s);
    }
    return out.join(" ");
  }
}

export function composeSummary(findings: Finding[], options: ComposeOptions = {}): PatientSummary {
  // "Your clinician" at the start of a sentence, "your clinician" inside one.
  const Who = options.clinicianName ?? "Your clinician";
  const who = options.clinicianName ?? "your clinician";
  const quotesOf = options.quotesOf ?? (() => []);
  const byKind = (k: Finding["kind"]) => findings.filter((f) => f.kind === k);

  // Medicines, one row each; a plan to stop one makes "stopped" an instruction, not a history.
  const plans = byKind("plan");
  const stopPlanned = new Set(plans.filter((p) => /^stop\b/i.test(p.text)).map((p) => p.term));
  const medicineRows = byKind("medication").map((f) => medicineRow(f, stopPlanned.has(f.term)));
  const medByTerm = new Map(
    byKind("medication").flatMap((f, i) =>
      f.term && medicineRows[i] ? [[f.term, medicineRows[i]] as const] : [],
    ),
  );

  // Why you came.
  const chief = byKind("chief_concern")[0];
  const symptoms = byKind("symptom");
  const chiefPlain = chief
    ? /\b(?:annual|yearly|physical|check[- ]?up|wellness)\b/i.test(chief.text)
      ? "your yearly check-up"
      : (plainOf(chief.term) ?? chief.text.replace(/^Chief concern:\s*/i, ""))
    : symptoms[0]
      ? plainOf(symptoms[0].term)
      : undefined;
  const why = chiefPlain
    ? plainest(
        `You came to see ${who} about ${lower(chiefPlain)}.`,
        `You came to see us about ${lower(chiefPlain)}.`,
        "You came to see us for a visit.",
      )
    : plainest(`You came to see ${who} for a visit.`, "You came to see us for a visit.");

  // What the clinician thinks.
  const assessed = findings.filter(isClinicianAssessment);
  const sure = assessed
    .filter((f) => !/^possible\b/i.test(f.text))
    .map((f) => lower(plainOf(f.term) ?? f.text));
  const maybe = assessed
    .filter((f) => /^possible\b/i.test(f.text))
    .map((f) => lower(plainOf(f.term) ?? f.text));
  const thinks =
    sure.length > 0
      ? plainest(
          `${Who} thinks you have ${andList(sure.slice(0, 3))}.`,
          `${Who} thinks you have ${sure[0]}.`,
          // A long name can tip a sentence over grade 6; "we" is the care team the patient saw.
          `We think you have ${andList(sure.slice(0, 3))}.`,
          `We think you have ${sure[0]}.`,
        )
      : maybe.length > 0
        ? plainest(
            `${Who} thinks it may be ${orList(maybe.slice(0, 2))}.`,
            `${Who} thinks it may be ${maybe[0]}.`,
            `We think it may be ${orList(maybe.slice(0, 2))}.`,
            `We think it may be ${maybe[0]}.`,
          )
        : undefined;

  // Things to do: medicine changes first, then tests, referrals, the next visit, the rest.
  const rank = (f: Finding) =>
    f.details.category === "treatment" && f.term && medByTerm.has(f.term)
      ? 0
      : f.details.category === "test"
        ? 1
        : f.details.category === "referral"
          ? 2
          : 4;
  const todo: string[] = [];
  for (const p of [...plans].sort((a, b) => rank(a) - rank(b))) {
    const t = todoOf(p, medByTerm);
    if (t && !todo.includes(t)) todo.push(t);
  }
  for (const m of medicineRows) {
    if (m.change !== "new" || todo.some((t) => t.includes(m.name))) continue;
    todo.unshift(
      plainest(
        `Start taking ${m.name}${m.how ? ` ${m.how}` : ""}.`,
        `Start taking ${m.name}.`,
        m.purpose && `Start the new medicine ${m.purpose}.`,
        "Start your new medicine.",
      ),
    );
  }
  const followUp = byKind("follow_up")[0];
  const when = followUp?.details.when;
  const comeBack = when
    ? plainest(`Come back ${when}.`, "Come back when we said.")
    : followUp
      ? "Come back when we said."
      : undefined;
  if (comeBack) todo.splice(Math.min(3, todo.length), 0, comeBack);
  if (todo.length === 0 && medicineRows.some((m) => m.change === "keep taking"))
    todo.push("Keep taking your medicines as before.");

  // When to get help: the clinician's own words, once; a new medicine or an allergy adds the swelling sign.
  const signs = byKind("warning_sign").map((f) => f.text.replace(/^Seek care now if:\s*/i, "").trim());
  const allergies = byKind("allergy").filter((f) => f.term !== "no known allergies");
  if (medicineRows.some((m) => m.change === "new") || allergies.length > 0)
    signs.push("swelling of your lips, face or throat, or trouble breathing");
  const help =
    signs.length > 0
      ? plainest(
          `Call 911 if you have ${signs[0]}.${signs.length > 1 ? " See the list below for more." : ""}`,
          "Call 911 if you have a sign in the list below.",
        )
      : "If you feel much worse, call us. In an emergency, call 911.";

  // Tests and referrals: what, why, what happens next.
  const tests: SummaryEntry[] = plans
    .filter((p) => p.details.category === "test" || p.details.category === "referral")
    .map((p) => {
      if (p.details.category === "test") {
        const term = p.term ?? "";
        return {
          findingIds: [p.id],
          title: sentenceCase(bare(plainOf(term) ?? term)),
          text: [
            asSentence(testByTerm.get(term)?.definition),
            TEST_NEXT[term],
            "We will share the results with you.",
          ]
            .filter((x): x is string => !!x && isPlainEnough(x))
            .join(" "),
          quotes: quotesOf(p),
        };
      }
      const whoText = (p.term && REFERRAL_WHO[p.term]) ?? "an expert";
      const name = p.term ? (referralByTerm.get(p.term)?.plain ?? p.term) : "An expert";
      return {
        findingIds: [p.id],
        title: sentenceCase(bare(name)),
        text: [
          plainest(`You will see ${whoText}.`, "You will see an expert."),
          "Their office will call you to set up a time.",
        ]
          .filter(isPlainEnough)
          .join(" "),
        quotes: quotesOf(p),
      };
    });

  // What we talked about: conditions first, then symptoms; past a few, symptoms in one line.
  const conditions = byKind("assessment").map((f) => conditionEntry(f, quotesOf(f)));
  const chiefTerms = new Set((chief?.text ?? "").replace(/^Chief concern:\s*/i, "").split(/,\s*/));
  const orderedSymptoms = [...symptoms].sort(
    (a, b) => Number(!chiefTerms.has(a.term ?? "")) - Number(!chiefTerms.has(b.term ?? "")),
  );
  const room = Math.max(0, MAX_EXPLAINED - conditions.length);
  const explained = orderedSymptoms.slice(0, room).map((f) => symptomEntry(f, quotesOf(f)));
  const rest = orderedSymptoms.slice(room);
  const talkedAbout = [...conditions.slice(0, MAX_EXPLAINED), ...explained];
  if (rest.length > 0)
    talkedAbout.push({
      findingIds: rest.map((f) => f.id),
      title: "You also told us about",
      text: `${sentenceCase(andList(rest.map((f) => plainOf(f.term) ?? f.text.toLowerCase())))}.`,
      quotes: [],
    });
  const numbers = byKind("measurement");
  if (numbers.length > 0)
    talkedAbout.push({
      findingIds: numbers.map((f) => f.id),
      title: "Your numbers",
      text: numbers.map((f) => `${f.text.replace(/\ba1c\b/gi, "A1C")}.`).join(" "),
      quotes: [],
    });
  const allergy = byKind("allergy");
  if (allergy.length > 0)
    talkedAbout.push({
      findingIds: allergy.map((f) => f.id),
      // The allergen is named in the title: a drug's name in a sentence would not read at grade 6.
      title:
        allergies.length > 0 ? `Allergies (${andList(allergies.map((f) => f.term ?? f.text))})` : "Allergies",
      text:
        allergies.length > 0
          ? "Tell each doctor, nurse and drug store about it, each time."
          : "You told us you have no known allergies.",
      quotes: allergy.flatMap((f) => quotesOf(f)).slice(0, 2),
    });

  const nextVisit = when
    ? plainest(
        `${Who} wants to see you again ${when}. Call us to set it up if we have not called you.`,
        `We want to see you again ${when}. Call us to set it up if we have not called you.`,
        "We want to see you again. Call us to set it up.",
      )
    : followUp
      ? "We want to see you again. Call us to set it up."
      : undefined;

  // Nothing is read twice: each sentence is kept where it first appears, in reading order.
  const once = new Once();
  const inShort = {
    why: once.keep(why),
    ...(thinks ? { thinks: once.keep(thinks) } : {}),
    todo: todo
      .slice(0, 4)
      .map((t) => once.keep(t))
      .filter(Boolean),
    help: once.keep(help),
  };
  const medicines = medicineRows.map((m) => {
    // A tip already given for another medicine is not repeated; the row itself names its medicine.
    const note = m.note ? once.keep(m.note) : "";
    const { note: _, ...row } = m;
    once.keep(`${medicineLabel(row)}: ${medicineLine(row)}`);
    return note ? { ...row, note } : row;
  });
  const keepEntry = (e: SummaryEntry): SummaryEntry | undefined => {
    const text = once.keep(e.text);
    return text ? { ...e, text } : undefined;
  };
  const testsKept = tests.map(keepEntry).filter((e): e is SummaryEntry => !!e);
  const nextKept = nextVisit ? once.keep(nextVisit) : "";
  const getHelp = {
    signs: signs.map((s) => once.keep(sentenceCase(s))).filter(Boolean),
    action: once.keep("Call 911 or go to the emergency room right away."),
  };
  const talkedKept = talkedAbout.map(keepEntry).filter((e): e is SummaryEntry => !!e);
  const shown = [why, thinks, ...todo, ...talkedKept.map((e) => e.text), ...testsKept.map((e) => e.text)]
    .join(" ")
    .toLowerCase();
  const words = WORDS_TO_KNOW.filter((w) => new RegExp(`\\b${w}\\b`).test(shown))
    .map((w) =>
      keepEntry({ findingIds: [], title: sentenceCase(w), text: EXTRA_GLOSSARY[w] ?? "", quotes: [] }),
    )
    .filter((e): e is SummaryEntry => !!e && e.text.length > 0);

  return {
    language: "en",
    inShort,
    medicines,
    testsAndReferrals: testsKept,
    ...(nextKept ? { nextVisit: nextKept } : {}),
    getHelp: signs.length > 0 ? getHelp : { signs: [], action: "" },
    talkedAbout: talkedKept,
    words,
  };
}

/**
 * The summary as the patient reads it, section by section: the evaluation contract's
 * `sections` and `text`. An item that starts with a name and a colon ("MRI: …") is a row with
 * its label, as the page shows it.
 */
export function summarySections(doc: PatientSummary, clinicianName = "your clinician"): SummarySection[] {
  const sections: SummarySection[] = [];
  const push = (title: string, items: string[]) => {
    const kept = items.filter((i) => i.trim().length > 0);
    if (kept.length > 0) sections.push({ title, items: kept });
  };
  push(SECTION_TITLES.inShort, [
    `${IN_SHORT_LABELS.why}: ${doc.inShort.why}`,
    doc.inShort.thinks ? `${IN_SHORT_LABELS.thinks}: ${doc.inShort.thinks}` : "",
    doc.inShort.todo.length > 0 ? `${IN_SHORT_LABELS.todo}: ${doc.inShort.todo.join(" ")}` : "",
    `${IN_SHORT_LABELS.help}: ${doc.inShort.help}`,
  ]);
  push(
    SECTION_TITLES.medicines,
    doc.medicines.map((m) => `${medicineLabel(m)}: ${medicineLine(m)}`),
  );
  push(
    SECTION_TITLES.tests,
    doc.testsAndReferrals.map((e) => `${e.title}: ${e.text}`),
  );
  push(SECTION_TITLES.next, doc.nextVisit ? [doc.nextVisit] : []);
  push(
    SECTION_TITLES.help,
    doc.getHelp.signs.length > 0
      ? [...doc.getHelp.signs.map((s) => `${s}.`.replace(/\.\.$/, ".")), doc.getHelp.action]
      : [],
  );
  push(
    SECTION_TITLES.talked,
    doc.talkedAbout.map((e) => `${e.title}: ${e.text}`),
  );
  push(
    SECTION_TITLES.words,
    doc.words.map((e) => `${e.title}: ${e.text}`),
  );
  push(SECTION_TITLES.questions, [summaryQuestionsLead(clinicianName)]);
  push(SECTION_TITLES.feedback, [summaryFeedbackLead]);
  return sections;
}

export function summaryText(sections: SummarySection[]): string {
  return sections.map((s) => [s.title, ...s.items].join("\n")).join("\n\n");
}

const KIND_TITLES: Record<Finding["kind"], string> = {
  chief_concern: "Why you came",
  symptom: "How you feel",
  medication: "A medicine",
  allergy: "Allergies",
  measurement: "Your numbers",
  assessment: "What we found",
  plan: "Your plan",
  follow_up: "Your next visit",
  warning_sign: "When to get help",
};

/**
 * A release made before summaries were composed (migration 0007) kept only each finding's four
 * explanation parts: shown as "What we talked about", each sentence once.
 */
export function legacySummary(
  rows: {
    id: string;
    kind: Finding["kind"];
    explanation: { about: { text: string }; next: { text: string } };
  }[],
): PatientSummary {
  const once = new Once();
  const chief = rows.find((r) => r.kind === "chief_concern");
  const why = once.keep(chief?.explanation.about.text ?? "You came to see us for a visit.");
  const help = once.keep("If you feel much worse, call us. In an emergency, call 911.");
  const talkedAbout = rows
    .filter((r) => r !== chief)
    .map((r) => ({
      findingIds: [r.id],
      title: KIND_TITLES[r.kind],
      text: once.keep(`${r.explanation.about.text} ${r.explanation.next.text}`),
      quotes: [],
    }))
    .filter((e) => e.text.length > 0);
  return {
    language: "en",
    inShort: { why, todo: [], help },
    medicines: [],
    testsAndReferrals: [],
    getHelp: { signs: [], action: "" },
    talkedAbout,
    words: [],
  };
}
