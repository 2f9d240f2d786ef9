// The built-in draft of the clinical note (issues 14 and 25): deterministic, offline, written in
// clinical third person from the approved findings and from what the clinician said aloud (the
// exam, the results, dictated orders, instructions) and the history taken by question and answer.
// Nothing is pasted: every sentence is composed (from a finding) or charted in telegraphic style
// (note.phrasing.ts), and none keeps a run of eight transcript words, a filler or a dictation
// command (note.check.ts). Sections in chart order, only those with content; every sentence
// names the transcript segments it traces to.
import {
  type ClinicalNote,
  type Finding,
  noteSectionKeys,
  type NoteSectionKey,
  type NoteSentence,
  type Transcript,
} from "@bedside/shared";
import {
  conditionMatcher,
  medicationMatcher,
  symptomMatcher,
  testMatcher,
} from "../findings/lexicon.matcher.js";
import {
  COPIED_PHRASE_WORDS,
  copiedPhrases,
  disfluencies,
  dictationCommands,
  malformed,
  TranscriptSpans,
} from "./note.check.js";
import { WARNING_PREFIX_LEAD } from "../findings/warning.rules.js";
import { examFacts, examLines } from "./note.exam.js";
import {
  mainComplaint,
  missedDoses,
  symptomAffirmed,
  symptomCourse,
  symptomModifiers,
  type SymptomCourse,
  timingOfSymptom,
} from "./note.hpi.js";
import { medicinesTried, medicineTriedLine, mergedResults, resultFacts, resultLine } from "./note.facts.js";
import { takenHistory } from "./note.history.js";
import { chartUnits, fitNote, telegraph } from "./note.phrasing.js";
import { doseDirection, planFindingKept, spokenPlanKept } from "./note.plan.js";
import { knownProblem, problemStatus, treats } from "./note.problems.js";
import { spokenSections } from "./note.spoken.js";
import { vitalSigns } from "./note.vitals.js";

/** The clinician's dictated summary line: "james is a 57-year-old male … who presents today with back pain." */
const DICTATION = /\b\d+[- ]year[- ]old\b/i;
const QUESTION =
  /\?\s*$|^(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why)\b/i;

const sentenceCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Abbreviations as charted ("Gerd" → "GERD", "hemoglobin a1c" → "hemoglobin A1c"). */
const acronyms = (s: string): string =>
  s
    .replace(
      /\b(?:gerd|copd|mri|ekg|ecg|cbc|bmp|cmp|tsh|hiv|uti|adhd|ptsd|ct|pft|pfts|emg|jvd|acl|mcl|bph|ckd|cad|chf|dvt|ibs)\b/gi,
      (w) => (w.toLowerCase() === "pfts" ? "PFTs" : w.toUpperCase()),
    )
    .replace(/\ba1c\b/gi, "A1c");
const stripEnd = (s: string): string => s.replace(/[\s.]+$/, "");

function andList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const idsOf = (fs: Finding[]): string[] => unique(fs.flatMap((f) => f.evidence.map((e) => e.segmentId)));

/** A finding's name without its label ("Chief concern: back pain" → "back pain"). */
function nameOf(f: Finding): string {
  return stripEnd(f.text.replace(/^(?:chief concern|allergy):\s*/i, "").replace(WARNING_PREFIX_LEAD, ""));
}

function medicationSentence(f: Finding): string {
  const d = f.details;
  const generic = f.term;
  const said = d.saidAs && generic && d.saidAs.toLowerCase() !== generic.toLowerCase() ? d.saidAs : undefined;
  const name = generic
    ? said
      ? `${sentenceCase(said)} (${generic})`
      : generic
    : nameOf(f).replace(/\s*\((?:started|stopped|changed|continued|given once)\)$/i, "");
  // A dose changed is charted with its direction and new dose: "Increased furosemide to 80 mg daily."
  const direction = d.status === "changed" ? doseDirection(f) : undefined;
  const dosing = chartUnits([d.dose, d.frequency].filter(Boolean).join(" "));
  const what =
    direction && d.dose
      ? `${name} to ${dosing}`
      : chartUnits([name, d.dose, d.frequency].filter(Boolean).join(" "));
  // A status nobody said is not charted as one: "Discussed", never "Takes".
  const verb = d.status
    ? {
        started: "Started",
        stopped: "Stopped",
        changed: direction === "increase" ? "Increased" : direction === "decrease" ? "Decreased" : "Changed",
        continued: "Takes",
        once: "Given once",
      }[d.status]
    : "Discussed";
  const refills = d.refills ? `, ${d.refills} refills` : "";
  return `${verb} ${what}${refills}.`;
}

/** The clinician's voice deciding: "i'm going to start", "let's increase", "i want you to stop". */
const PLAN_VOICE =
  /\b(?:i'm going to|i am going to|i'm gon na|i'm gonna|we're going to|we are going to|we're gon na|we'll|we will|i'll|i will|let's|let us|i want (?:you|to)|i'd like|i would like|go ahead and|you should|you need to|you can|please|i'm (?:starting|stopping|increasing|decreasing|changing|putting|prescribing)|prescrib\w+|hey,? dragon)\b/i;
/** The clinician keeping a medicine on: "continue the lisinopril", "stay on the neurontin", "keep taking it". */
const CONTINUE_VOICE = /\b(?:continue|stay\s+on|keep\s+(?:taking|using|on)|remain\s+on)\b/i;
/** Someone else's decision told back: "they stopped it", "the er gave you". */
const OTHERS_DID =
  /\b(?:they|he|she|the (?:er|hospital|doctor|allergist|cardiologist|specialist))\s+(?:\w+\s+)?(?:stopped|started|gave|put|switched|changed|prescribed|treated)\b/i;

/** A medicine's change today as a plan line, or "" when it was not changed today or has no dose to state. */
function medicationPlanLine(f: Finding): string {
  const d = f.details;
  const generic = f.term;
  if (!generic || !d.status) return "";
  const said =
    d.saidAs && d.saidAs.toLowerCase() !== generic.toLowerCase() ? ` (${d.saidAs.toLowerCase()})` : "";
  const name = `${generic}${said}`;
  // The course said with the dose is part of the order ("for a week").
  const dosing = chartUnits([d.dose, d.frequency, d.duration].filter(Boolean).join(" "));
  if (d.status === "stopped") return `Stop ${name}.`;
  if (d.status === "continued") return `Continue ${name}${dosing ? ` ${dosing}` : ""}.`;
  if (d.status === "started") return `Start ${name}${dosing ? ` ${dosing}` : ""}.`;
  if (d.status === "changed" && d.dose) {
    const direction = doseDirection(f);
    const verb = direction === "increase" ? "Increase" : direction === "decrease" ? "Decrease" : "Change";
    return `${verb} ${name} to ${dosing}.`;
  }
  return "";
}

/**
 * Whether a plan line cut from the clinician's words reads as an order (issue 25, session 15):
 * a word said twice in a row of three ("Use to use clobetasol"), a relative or pointing clause
 * ("that's zero", "within patient take"), an order for "the medications and procedures" discussed,
 * or a run past twelve words is speech cut in the wrong place, left to the omissions list.
 */
function spokenLineSound(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  if (words.length > 12) return false;
  if (words.some((w, i) => w.length > 2 && words.slice(i + 1, i + 3).includes(w))) return false;
  if (
    /\b(?:that's|it's|there's|which|who|within|whatever|something|anything|stuff|thing|things)\b/i.test(text)
  )
    return false;
  return !/\b(?:medications?|meds|orders?)\s+and\s+(?:the\s+)?procedures?\b|\bprocedures?\s+(?:as\s+)?(?:discussed|described)\b/i.test(
    text,
  );
}

/** A one-word treatment from the findings as the chart writes it ("Fluids" → "Encourage fluids."). */
const TREATMENT_LINE: Record<string, string> = {
  fluids: "Encourage fluids.",
  ice: "Apply ice.",
  exercise: "Encourage exercise.",
  elevation: "Elevate the extremity.",
  heat: "Apply heat.",
};

/**
 * A plan line from a plan finding, or "" when it would claim more than was said: "Surgery" found
 * from "the procedure" or "do the orders and procedures" is left out, and a surgery named is
 * "Discussed surgery", since naming it is not scheduling it. A brace is charted as what was said
 * ("Boot.").
 */
function planSentence(f: Finding): string {
  // A line whose cited words take it back or hedge it is not the clinician's order.
  if (!planFindingKept(f)) return "";
  const quotes = f.evidence.map((e) => e.quote.toLowerCase()).join(" ");
  // Only the bare treatment word: "Refer to surgery" is a referral and stands as said.
  const term = nameOf(f).toLowerCase() === (f.term ?? "").toLowerCase() ? (f.term ?? "").toLowerCase() : "";
  if (term === "surgery") return /\bsurg/.test(quotes) ? "Discussed surgery." : "";
  if (term === "brace") {
    const said = /\b(brace|boot|immobilizer)\b/.exec(quotes)?.[1];
    return `${sentenceCase(said ?? "brace")}.`;
  }
  const line = TREATMENT_LINE[term];
  if (line) return line;
  // The findings' patient-facing wording of a home treatment ("Ice for the pain") is not what was
  // said: the chart's line for it is.
  const treatment = TREATMENT_LINE[(f.term ?? "").toLowerCase()];
  if (treatment && f.details.category === "treatment") return treatment;
  const t = chartUnits(stripEnd(nameOf(f)).replace(/,\s+/g, " "));
  // "Change furosemide (lasix) 80 mg daily" said as "increase your lasix to 80": its direction.
  const direction = /^change\b/i.test(t) ? doseDirection(f) : undefined;
  const changed = direction ? /^change\s+(.+?)\s+(\d.*)$/i.exec(t) : null;
  if (direction && changed)
    return `${direction === "increase" ? "Increase" : "Decrease"} ${changed[1]} to ${changed[2]}.`;
  return `${sentenceCase(t)}.`;
}

/** Words that qualify a diagnosis when said right before it ("type 2 diabetes", "uncontrolled"). */
const QUALIFIER =
  /^(?:left|right|bilateral|acute|chronic|uncontrolled|poorly|well|controlled|mild|moderate|severe|essential|recurrent|persistent|intermittent|new|worsening|stable|morbid|diabetic|seasonal|allergic|exercise-induced)$/;

/**
 * A problem's heading in the clinician's words: the finding's name, with the qualifiers said right
 * before it when the name is the bare term ("Diabetes" said as "type 2 diabetes that is not well
 * controlled" → "Type 2 diabetes").
 */
function problemHeading(p: Finding): string {
  const name = nameOf(p);
  if (!p.term || name.toLowerCase() !== p.term.toLowerCase()) return name;
  for (const e of p.evidence) {
    const m = conditionMatcher.find(e.quote).find((x) => x.term === p.term);
    if (!m) continue;
    // The form said may carry its qualifier ("type 2 diabetes" is a form of diabetes).
    const form = e.quote.slice(m.start, m.end).toLowerCase().replace(/\s+/g, " ");
    const base = form.includes(name.toLowerCase()) ? form : name.toLowerCase();
    const before = [
      ...e.quote.slice(0, m.start).toLowerCase().split(/\s+/).filter(Boolean),
      ...base.slice(0, base.indexOf(name.toLowerCase())).split(/\s+/).filter(Boolean),
    ];
    const said: string[] = [];
    while (said.length < 4 && before.length > 0) {
      const last = before[before.length - 1] ?? "";
      // A number only as a type ("type 2"), never "number one, cancer".
      if (/^(?:1|2|one|two|i|ii)$/.test(last) && before[before.length - 2] === "type")
        said.unshift(...before.splice(-2));
      else if (QUALIFIER.test(last)) said.unshift(before.pop() ?? "");
      else break;
    }
    if (said.length === 0 || (said.length === 1 && /^(?:well|poorly)$/.test(said[0] ?? ""))) continue;
    return `${said.join(" ").replace(/\btype (one|two|i|ii)\b/, (_m, n: string) => `type ${{ one: "1", two: "2", i: "1", ii: "2" }[n] ?? n}`)} ${name.toLowerCase()}`;
  }
  return name;
}

/** A severity as charted: "a little" is "mild", "really bad" is "severe"; "7 out of 10" is a rating. */
function chartedSeverity(said: string): { adjective?: string; rating?: string } {
  const s = said.toLowerCase();
  const scale = /^(\w+)\s+(?:out\s+of|over)\s+(?:10|ten)$/.exec(s);
  if (scale?.[1]) return { rating: `rated ${chartUnits(scale[1])}/10` };
  if (/^(?:a little|slight|mild)$/.test(s)) return { adjective: "mild" };
  if (/^(?:severe|excruciating|unbearable|terrible|the worst|really bad|pretty bad)$/.test(s))
    return { adjective: "severe" };
  return { adjective: s };
}

/**
 * Whether a symptom's severity was said of it: the word stands beside the symptom in one of its
 * quotes ("a little dizzy", "my knees hurt a little"), not elsewhere in the sentence ("a little
 * tylenol", "it loosened up a little"). A rating on a scale is an answer about the symptom asked.
 */
function severitySaid(f: Finding, severity: string): boolean {
  if (/\b(?:out\s+of|over)\s+(?:10|ten)\b/i.test(severity)) return true;
  const sev = severity.toLowerCase();
  return f.evidence.some((e) => {
    const q = e.quote.toLowerCase();
    return symptomMatcher
      .find(e.quote)
      .filter((m) => m.term === f.term)
      .some((m) => {
        const before = q.slice(Math.max(0, m.start - 30), m.start);
        const after = q.slice(m.end, m.end + 20);
        return before.includes(sev) || after.includes(sev);
      });
  });
}

/** A symptom as the history charts it: its name with the severity said, and the details said of it. */
interface SymptomPhrase {
  /** "severe headache", "prior fever". */
  named: string;
  /** "onset three days ago", "rated 7/10", "now resolved". */
  extras: string[];
}

function symptomPhrase(f: Finding, course?: SymptomCourse, as?: string): SymptomPhrase {
  const d = f.details;
  const what =
    f.term ??
    nameOf(f)
      .replace(/\s*\(.*\)$/, "")
      .toLowerCase();
  const severity = d.severity && severitySaid(f, d.severity) ? chartedSeverity(d.severity) : {};
  // A timing said of a medicine's relief ("advil helps for six hours") is not the symptom's.
  // "started hurting last night" is charted as an onset: "onset last night".
  const saidOnset = d.onset && timingOfSymptom(f, d.onset) ? d.onset : "";
  const termAt = new RegExp(
    `^(?:an? |the |my |some )?${what.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+`,
    "i",
  );
  const onset = saidOnset
    .replace(termAt, "")
    .replace(
      /^(?:(?:it\s+)?(?:started|began|start)\s+)?(?:(?!during\b)[a-z]+ing\s+(?:a lot\s+|really bad\s+|badly\s+)?)?/i,
      "",
    )
    .replace(termAt, "");
  const duration = d.duration && timingOfSymptom(f, d.duration) ? d.duration : "";
  const extras = [
    severity.rating,
    course?.exertional ? "with exertion" : undefined,
    onset
      ? /^(?:since|on|at|after|about|around|over|last|this)\b/i.test(onset) && onset === saidOnset
        ? onset
        : `onset ${onset}`
      : undefined,
    duration ? (/^(?:for|since|over)\b/i.test(duration) ? duration : `for ${duration}`) : undefined,
    course?.resolved ? "now resolved" : undefined,
  ].filter(Boolean);
  const shown = as ?? what;
  const named = severity.adjective ? `${severity.adjective} ${shown}` : shown;
  // What the patient placed before this illness is charted as prior, never as a current complaint.
  const prior = course?.past ? "prior " : "";
  // A detail is part of the sentence: "for the past week", never "For the past week".
  const lower = (x: string) => (/^[A-Z][a-z]/.test(x) ? x.charAt(0).toLowerCase() + x.slice(1) : x);
  return { named: `${prior}${named}`, extras: extras.filter((x): x is string => !!x).map(lower) };
}

/**
 * The symptoms as charted: "pain" on its own is left out when a named pain was reported ("back
 * pain", "knee pain"); with one named pain, what was said of the pain's start and length is its.
 */
function chartedSymptoms(symptoms: Finding[]): Finding[] {
  const generic = symptoms.filter((f) => f.term === "pain");
  const named = symptoms.filter((f) => f.term !== "pain" && /\bpain$/.test(f.term ?? ""));
  if (generic.length === 0 || named.length === 0) return symptoms;
  const only = named.length === 1 ? named[0] : undefined;
  const from = generic.find((g) => g.details.onset || g.details.duration);
  return symptoms
    .filter((f) => !generic.includes(f))
    .map((f) =>
      f === only && from && !f.details.onset && !f.details.duration
        ? {
            ...f,
            details: {
              ...f.details,
              ...(from.details.onset ? { onset: from.details.onset } : {}),
              ...(from.details.duration ? { duration: from.details.duration } : {}),
            },
            evidence: [...f.evidence, ...from.evidence],
          }
        : f,
    );
}

/**
 * A chief concern's name without the details the engine wrote after it ("Headache (terrible, …)")
 * and without a term another one holds ("lower back pain, back pain" → "lower back pain").
 */
function chiefName(f: Finding): string {
  if (f.kind === "symptom" && f.term) return f.term;
  const terms = nameOf(f)
    .replace(/\s*\(.*\)$/, "")
    .split(/,\s*/);
  const kept = terms.filter(
    (t, i) =>
      !terms.some((o, j) => j !== i && o.toLowerCase().includes(t.toLowerCase()) && o.length > t.length),
  );
  return sentenceCase(andList(unique(kept.map((t, i) => (i === 0 ? t : t.toLowerCase())))));
}

interface Complaint {
  /** What the visit is for, lower case ("right middle finger pain", "itching and rash"). */
  name: string;
  segmentIds: string[];
}

/**
 * The history of present illness as a short narrative from the symptoms' fields (issue 25, session
 * 15), not a list of "Reports X.": the complaint opens it with what was said of it ("The patient
 * presents with right middle finger pain, onset five days ago."; after a dictated summary line,
 * "Reports …" with its details), the other symptoms with details follow one sentence each, and
 * those with none are said together ("Also reports fatigue, nausea and dizziness."). A symptom the
 * complaint names ("back pain" in "lower back pain", a bare "pain" in a named pain) is not said
 * again.
 */
function historyNarrative(input: {
  symptoms: Finding[];
  courses: Map<Finding, SymptomCourse>;
  transcript: Transcript;
  complaint: Complaint | undefined;
  /** The dictated summary line that already opened the history, if any. */
  opened?: string;
}): NoteSentence[] {
  const { symptoms, courses, transcript, complaint, opened } = input;
  const course = (f: Finding) => courses.get(f) ?? symptomCourse(f, transcript);
  const terms = complaint ? complaint.name.split(/,\s*|\s+and\s+/).map((t) => t.trim()) : [];
  const namedPains = symptoms.filter((f) => f.term !== "pain" && /\bpain$/.test(f.term ?? ""));
  const complaintPain = terms.find((t) => /\bpain$/.test(t));
  /** The complaint's own words for the symptom, when the complaint names it. */
  const inComplaint = (f: Finding): string | undefined => {
    const term = (f.term ?? "").toLowerCase();
    if (!term || course(f).resolved || course(f).past) return undefined;
    if (term === "pain")
      return complaintPain && namedPains.every((p) => complaintPain.includes(p.term ?? ""))
        ? complaintPain
        : undefined;
    return terms.find((t) => t === term || t.endsWith(` ${term}`));
  };
  const phrase = (f: Finding) => symptomPhrase(f, course(f), inComplaint(f));
  const join = (p: SymptomPhrase) => `${p.named}${p.extras.length ? `, ${p.extras.join(", ")}` : ""}`;
  const out: NoteSentence[] = [];
  const own = symptoms.filter((f) => inComplaint(f) !== undefined);
  // The complaint's details go in its opening sentence: one symptom's, so none is given another's.
  const withDetails = own.filter((f) => phrase(f).extras.length > 0);
  const main = withDetails.length === 1 ? withDetails[0] : undefined;
  if (complaint && !opened) {
    const named = main
      ? andList(unique(terms.map((t) => (t === inComplaint(main) ? join(phrase(main)) : t))))
      : complaint.name;
    // A visit's purpose ("annual exam", "follow up") is what the patient presents for; a symptom
    // or condition, what they present with.
    const purpose =
      /\b(?:exam|examination|physical|check-?up|follow-?up|follow up|visit|consult(?:ation)?|evaluation|refill|clearance)\b|^help\b/.test(
        complaint.name,
      );
    out.push({
      text: `The patient presents ${purpose && !main ? "for" : "with"} ${named}.`,
      segmentIds: unique([...complaint.segmentIds, ...(main ? idsOf([main]) : [])]),
    });
  }
  const said = (f: Finding) =>
    complaint && !opened
      ? own.includes(f) && (f === main || phrase(f).extras.length === 0)
      : !!opened && phrase(f).extras.length === 0 && opened.toLowerCase().includes(phrase(f).named);
  const rest = symptoms.filter((f) => !said(f));
  const detailed = rest.filter((f) => phrase(f).extras.length > 0);
  // The complaint's details first, then the others in the order said.
  detailed.sort((a, b) => Number(own.includes(b)) - Number(own.includes(a)));
  for (const f of detailed) out.push({ text: `Reports ${join(phrase(f))}.`, segmentIds: idsOf([f]) });
  const bare = rest.filter((f) => !detailed.includes(f));
  if (bare.length > 0) {
    const names = unique(bare.map((f) => phrase(f).named));
    out.push({
      text: `${out.length > 0 || opened ? "Also reports" : "Reports"} ${andList(names)}.`,
      segmentIds: idsOf(bare),
    });
  }
  return out;
}

/**
 * The dictated summary line in the note's words: "james is a 57-year-old male with a past medical
 * history significant for congestive heart failure and type 2 diabetes who presents today with
 * back pain" → "57-year-old male with a history of congestive heart failure, type 2 diabetes,
 * seen for back pain."
 */
export function summaryLine(dictated: string): string {
  const t = dictated.toLowerCase().replace(/\s+([,.?!])/g, "$1");
  const m =
    /(\d+)[- ]year[- ]old\s+((?:\w+\s+){0,2}?(?:male|female|man|woman|boy|girl|gentleman|lady|patient|infant|child))\b(.*)$/.exec(
      t,
    );
  if (!m) return "";
  const rest = m[3] ?? "";
  const history =
    /\bhistory\b(?:\s+(?:significant|notable|remarkable))?\s+(?:for|of)\s+(.+?)(?:,?\s+(?:who|that|and he|and she|presents?|is here|comes?|is coming|is seen|here)\b|[.;]|$)/.exec(
      rest,
    );
  const reason =
    /\b(?:presents?|is here|comes? in|is coming in|is seen|here)\b(?:\s+today)?(?:\s+(?:with|for|to))?\s+([^.;?]+)/.exec(
      rest,
    );
  const pmh = history?.[1]
    ? stripEnd(telegraph(history[1].replace(/\s+and\s+/g, ", "))).replace(/^\w/, (c) => c.toLowerCase())
    : "";
  const why = reason?.[1] ? stripEnd(telegraph(reason[1])).replace(/^\w/, (c) => c.toLowerCase()) : "";
  const who = `${m[1]}-year-old ${m[2]?.trim() ?? "patient"}`;
  return `${sentenceCase(who)}${pmh ? ` with a history of ${pmh}` : ""}${why ? `, seen for ${why}` : ""}.`;
}

const VITAL_TERM =
  /\b(?:blood pressure|heart rate|pulse|temperature|oxygen|saturation|weight|bmi|respiratory rate)\b/i;

/** An exam line under its system's label ("Cardiovascular: …"). */
const SYSTEM_LABEL = /^[A-Z][A-Za-z ]{2,30}:\s/;
/** What happened before today (the ER, at home) is history, not what was examined. */
const NOT_TODAY = /\b(?:emergency room|er|hospital|at home|last time|last visit|reported?|told)\b/i;

/**
 * The vital signs as one line heading the exam ("Vital signs: Afebrile; blood pressure slightly
 * elevated, 156/94."): a loose "Blood pressure slightly high." spoken after the systems joins the
 * "Vital signs" line, a part that says no more than another is dropped, and a vital sign told
 * from the ER or from home is left out of today's exam. In place.
 */
function groupVitals(exam: NoteSentence[], spans: TranscriptSpans): void {
  const vitals = exam.find((l) => /^Vital signs:/.test(l.text));
  const loose = exam.filter((l) => !SYSTEM_LABEL.test(l.text) && VITAL_TERM.test(l.text));
  if (loose.length === 0) return;
  const told = loose.filter((l) => NOT_TODAY.test(l.text));
  const today = loose.filter((l) => !told.includes(l));
  const lower = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);
  const parts = [
    ...(vitals ? [stripEnd(vitals.text.replace(/^Vital signs:\s*/, ""))] : []),
    ...today.map((l) => lower(stripEnd(l.text))),
  ];
  const words = (t: string): string[] => t.toLowerCase().match(/[a-z0-9/.]+/g) ?? [];
  const kept = parts.filter(
    (p, i) =>
      !parts.some(
        (q, j) =>
          j !== i &&
          words(p).every((w) => words(q).includes(w)) &&
          (words(q).length > words(p).length || j < i),
      ),
  );
  const text = `Vital signs: ${sentenceCase(kept.join("; "))}.`;
  const merged = [...(vitals ? [vitals] : []), ...today];
  const drop = new Set<NoteSentence>(told);
  if (today.length > 0 && spans.copied(text).length === 0 && malformed(text, "physical_exam").length === 0) {
    for (const l of merged) drop.add(l);
    exam.unshift({ text, segmentIds: unique(merged.flatMap((l) => l.segmentIds)) });
  }
  for (let i = exam.length - 1; i >= 0; i--) if (drop.has(exam[i] as NoteSentence)) exam.splice(i, 1);
}

export interface ComposeNoteInput {
  /** The approved findings the note is written from. */
  findings: Finding[];
  /** The visit's transcript, in spoken order (segments the findings cite must be in it). */
  transcript: Transcript;
}

/** The built-in draft note. Pure and deterministic. */
export function composeNote({ findings, transcript }: ComposeNoteInput): ClinicalNote {
  const position = new Map(transcript.map((s, i) => [s.id, i]));
  const spans = new TranscriptSpans(transcript);
  const phrases = new TranscriptSpans(transcript, COPIED_PHRASE_WORDS);
  const sections = new Map<NoteSectionKey, NoteSentence[]>(noteSectionKeys.map((k) => [k, []]));
  /**
   * Every sentence passes the note's checks: no copied run, no filler, no dictation command, and
   * it reads as a clinical sentence in the third person. A fragment left by shortening is dropped,
   * not signed: the structured lines from findings still chart what it was about.
   */
  const add = (key: NoteSectionKey, s: NoteSentence) => {
    const list = sections.get(key);
    if (!list || s.segmentIds.length === 0) return;
    const text = fitNote(s.text.trim(), spans);
    if (!text || disfluencies(text).length > 0 || dictationCommands(text).length > 0) return;
    if (malformed(text, key).length > 0) return;
    // Six words of the transcript in a row that are not names and numbers are a clause pasted,
    // whatever shortening made of it: left out (the omissions list shows what was said).
    if (copiedPhrases(text, phrases).length > 0) return;
    if (list.some((x) => x.text.toLowerCase() === text.toLowerCase() && x.problem === s.problem)) return;
    list.push({ ...s, text: acronyms(text), ...(s.problem ? { problem: acronyms(s.problem) } : {}) });
  };
  const of = (kind: Finding["kind"]) => findings.filter((f) => f.kind === kind);
  const cited = (f: Finding) =>
    f.evidence.map((e) => e.segmentId).filter((id, i, all) => position.has(id) && all.indexOf(id) === i);

  // Chief complaint: what the patient called their main problem, else what the visit was for,
  // else the first symptom or problem. A history, an exam finding, or a symptom that is over or
  // before this illness is not what the visit was for.
  // A symptom the visit did not affirm as the patient's (denied in any wording, guessed, a "no" to
  // the question) is charted nowhere but the negatives.
  // One the patient said is over or was before this illness is charted as such ("Reports prior
  // fever, now resolved."), never as current: its course says so.
  const affirmedSymptoms = of("symptom").filter((f) => {
    if (symptomAffirmed(f, transcript)) return true;
    const c = symptomCourse(f, transcript);
    return c.resolved || c.past;
  });
  const courses = new Map(affirmedSymptoms.map((f) => [f, symptomCourse(f, transcript)]));
  const current = (f: Finding) => {
    if ((f.kind === "symptom" || f.kind === "chief_concern") && !symptomAffirmed(f, transcript)) return false;
    const c = f.kind === "symptom" || f.kind === "chief_concern" ? symptomCourse(f, transcript) : undefined;
    return !c || (!c.resolved && !c.past);
  };
  const main = mainComplaint(transcript);
  const chief =
    of("chief_concern").filter(current)[0] ??
    of("symptom").filter(current)[0] ??
    of("assessment").find((f) => !/^(?:history of|on exam:)/i.test(f.text));
  if (main) add("chief_complaint", { text: `${sentenceCase(main.term)}.`, segmentIds: [main.segmentId] });
  else if (chief)
    add("chief_complaint", { text: `${sentenceCase(chiefName(chief))}.`, segmentIds: cited(chief) });

  // History of present illness: the clinician's dictated summary line in the note's words when
  // there is one, else what the visit was for; then each symptom as reported.
  // The summary line is one sentence of the turn: the question that follows it in the same turn
  // ("… who presents for her annual exam. so, how are you doing?") does not make it a question.
  const dictatedLine = (text: string) =>
    text.split(/(?<=[.?!])\s+/).find((x) => DICTATION.test(x) && !QUESTION.test(x.trim()));
  const dictated = transcript.find((s) => s.speaker === "clinician" && dictatedLine(s.text) !== undefined);
  const summary = dictated ? summaryLine(dictatedLine(dictated.text) ?? "") : "";
  if (dictated && summary) add("hpi", { text: summary, segmentIds: [dictated.id] });
  const hpiComplaint: Complaint | undefined = main
    ? { name: main.term.toLowerCase(), segmentIds: [main.segmentId] }
    : chief
      ? { name: chiefName(chief).toLowerCase(), segmentIds: cited(chief) }
      : undefined;
  const symptoms = chartedSymptoms(affirmedSymptoms);
  for (const l of historyNarrative({
    symptoms,
    courses,
    transcript,
    complaint: hpiComplaint,
    ...(dictated && summary ? { opened: summary } : {}),
  }))
    add("hpi", l);
  // "Also" only follows something: a first sentence left out by the checks takes it with it.
  const hpiLines = sections.get("hpi") ?? [];
  if (hpiLines[0]?.text.startsWith("Also reports "))
    hpiLines[0] = { ...hpiLines[0], text: hpiLines[0].text.replace(/^Also reports /, "Reports ") };
  // What the patient said brings the complaint on or eases it: "Worse with walking; better with rest."
  if (hpiComplaint) {
    const mod = symptomModifiers(transcript, hpiComplaint.name.split(/,\s*|\s+and\s+/));
    const parts = [
      mod.worse.length ? `worse with ${andList(mod.worse)}` : "",
      mod.better.length ? `better with ${andList(mod.better)}` : "",
    ].filter(Boolean);
    if (parts.length > 0)
      add("hpi", { text: `${sentenceCase(parts.join("; "))}.`, segmentIds: mod.segmentIds });
  }
  // Doses the patient said they missed (or ran out of): why a chronic problem is worse.
  for (const m of missedDoses(transcript))
    add("hpi", {
      text: m.ranOut ? `Reports running out of ${m.drug}.` : `Reports missed doses of ${m.drug}.`,
      segmentIds: m.segmentIds,
    });
  // Then what the patient said a medicine they tried did, as a fact ("Tried tylenol without
  // relief."): the patient's own sentences are never charted as such.
  for (const m of medicinesTried(findings, transcript))
    add("hpi", { text: medicineTriedLine(m), segmentIds: [m.segmentId] });

  // The history taken by question and answer.
  const history = takenHistory(transcript);
  for (const l of history.past) add("past_history", l);
  for (const l of history.family) add("family_history", l);
  for (const l of history.social) add("social_history", l);
  // A yes/no answer the specific lines above did not already chart, in its own section.
  const charted = new Set(
    [...history.past, ...history.family, ...history.social, ...history.denied].flatMap((l) => l.segmentIds),
  );
  for (const l of history.answered) {
    if (l.segmentIds.some((id) => charted.has(id))) continue;
    add(l.section, { text: l.text, segmentIds: l.segmentIds });
  }
  if (!chief) for (const l of history.complaint) add("chief_complaint", l);
  for (const l of history.course) add("hpi", l);
  for (const l of history.disposition) add("follow_up", l);

  // Medications and allergies: one line each.
  for (const f of of("medication")) add("medications", { text: medicationSentence(f), segmentIds: cited(f) });
  for (const f of of("allergy")) {
    const text = f.term === "no known allergies" ? "No known allergies." : `${sentenceCase(nameOf(f))}.`;
    add("allergies", {
      text: /^allerg/i.test(text) || /^no known/i.test(text) ? text : `Allergic to ${text.toLowerCase()}`,
      segmentIds: cited(f),
    });
  }

  // Review of systems: what the patient endorsed now (not what is over or was before this
  // illness), then what they were asked about and denied.
  const now = symptoms.filter((f) => {
    const c = courses.get(f) ?? symptomCourse(f, transcript);
    return !c.resolved && !c.past;
  });
  if (now.length > 0) {
    const names = unique(
      now.map(
        (f) =>
          f.term ??
          nameOf(f)
            .replace(/\s*\(.*\)$/, "")
            .toLowerCase(),
      ),
    );
    add("review_of_systems", { text: `Endorses ${andList(names)}.`, segmentIds: idsOf(now) });
  }
  // The pertinent negatives, leaving out only what the patient also reported (a named pain
  // reported makes a denied "pain" a contradiction, not a negative): one reported symptom must
  // not cost the whole list.
  const endorsed = new Set(symptoms.map((f) => (f.term ?? "").toLowerCase()).filter(Boolean));
  const painReported = [...endorsed].some((t) => /\bpain$/.test(t));
  const negatives = history.deniedTerms.filter(
    (d) => !endorsed.has(d.term.toLowerCase()) && !(d.term.toLowerCase() === "pain" && painReported),
  );
  if (negatives.length > 0)
    add("review_of_systems", {
      text: `Denies ${andList(negatives.map((d) => d.term))}.`,
      segmentIds: unique(negatives.flatMap((d) => d.segmentIds)),
    });

  // Physical exam and results: what the clinician examined and read out; measurements by kind.
  const spoken = spokenSections(transcript);
  const results = mergedResults(resultFacts(transcript));
  for (const f of of("measurement")) {
    // A reference range or a goal read as if it were a test ("the normal range is 3.5 to 5") is none.
    if (
      /^(?:(?:the\s+)?(?:normal|reference|target|goal)\s+(?:range|level|value)?|range|goal|target)\b/i.test(
        nameOf(f),
      )
    )
      continue;
    const key = VITAL_TERM.test(f.text) ? "physical_exam" : "results";
    // A result parsed from the same words (its value as said, "8.2") is charted instead of the
    // measurement's reading of them: one line per test, and never two values for one reading.
    const name = nameOf(f).toLowerCase();
    const ids = cited(f);
    const parsed = results.some(
      (r) =>
        // "X-ray: no fracture" beside the parsed "Right knee x-ray: no fracture" is one result.
        (name.startsWith(r.test.toLowerCase()) ||
          (!!f.term && r.test.toLowerCase().endsWith(f.term)) ||
          (f.term ?? "") === r.test.toLowerCase()) &&
        [r.segmentId, ...(r.alsoIn ?? [])].some((id) => ids.includes(id)),
    );
    if (key === "results" && parsed) continue;
    add(key, { text: `${sentenceCase(chartUnits(nameOf(f)))}.`, segmentIds: ids });
  }
  // The vital signs read out today, in digits or in words ("one thirty over sixty eight"): one
  // "Vital signs:" line with the measurements above (groupVitals).
  for (const v of vitalSigns(transcript))
    add("physical_exam", { text: `${v.text}.`, segmentIds: [v.segmentId] });
  // The exam written from its parsed findings, by system; a spoken exam line is kept only from a
  // turn the parser found nothing in.
  // Only parsed exam facts: a spoken exam sentence the parser found nothing in is not charted.
  for (const l of examLines(examFacts(transcript), spans, phrases)) add("physical_exam", l);
  groupVitals(sections.get("physical_exam") ?? [], spans);
  // Results as facts: the test, its value and unit, the interpretation said.
  for (const r of results)
    add("results", { text: resultLine(r), segmentIds: [r.segmentId, ...(r.alsoIn ?? [])] });

  // Assessment and plan, by problem: each plan item, dictated order, instruction and medicine
  // change goes to the problem last named before the clinician said it (the first problem when
  // none was).
  // A problem is what the clinician assessed today; "History of X" belongs to the past history
  // and "On exam: X" to the exam, unless nothing else was assessed.
  const assessed = of("assessment");
  // With nothing assessed today the plan stands under "Plan": "History of rotator cuff tear:
  // start amoxicillin" would tie a new order to an old problem the clinician did not name for it.
  const problems = assessed.filter((p) => !/^(?:history of|on exam:)/i.test(p.text));
  for (const p of assessed.filter((x) => !problems.includes(x))) {
    if (/^history of/i.test(p.text)) {
      // Once: not again after the past history's own line that names it.
      const term = (p.term ?? "").toLowerCase();
      const past = sections.get("past_history") ?? [];
      if (!term || !past.some((l) => l.text.toLowerCase().includes(term)))
        add("past_history", { text: `${sentenceCase(stripEnd(nameOf(p)))}.`, segmentIds: cited(p) });
    } else {
      const term = (p.term ?? nameOf(p).replace(/^on exam:\s*/i, "")).toLowerCase();
      const exam = sections.get("physical_exam") ?? [];
      if (!exam.some((l) => l.text.toLowerCase().includes(term.replace(/^heart /, ""))))
        add("physical_exam", { text: `${sentenceCase(term)}.`, segmentIds: cited(p) });
    }
  }
  /**
   * Where in the visit something was said: the turn's index plus how far into the turn (a
   * fraction), so that "order an echocardiogram. from a depression standpoint …" in one turn puts
   * the order before the depression.
   */
  const whereIn = (id: string, needle?: string, offset?: number): number => {
    const i = position.get(id) ?? 0;
    if (offset !== undefined) return i + Math.min(offset, 0.999);
    const text = (transcript[i]?.text ?? "").toLowerCase();
    const o = needle ? text.indexOf(needle.toLowerCase()) : -1;
    return i + (o >= 0 ? o / (text.length + 1) : 0);
  };
  // A problem is named where its findings cite it and wherever the clinician says its name
  // ("for your first problem, your congestive heart failure, …").
  const mentions = problems.map((p) => {
    const term = (p.term ?? "").toLowerCase();
    const named =
      term.length > 3
        ? transcript
            .filter((x) => x.speaker === "clinician" && x.text.toLowerCase().includes(term))
            .map((x) => whereIn(x.id, term))
        : [];
    return [
      ...p.evidence.filter((e) => position.has(e.segmentId)).map((e) => whereIn(e.segmentId, e.quote)),
      ...named,
    ];
  });
  const problemAt = (at: number): Finding | undefined => {
    let best: { p: Finding; at: number } | undefined;
    problems.forEach((p, i) => {
      const before = (mentions[i] ?? []).filter((m) => m <= at);
      const last = before.length ? Math.max(...before) : -1;
      if (last >= 0 && (!best || last > best.at)) best = { p, at: last };
    });
    return best?.p ?? problems[0];
  };
  interface Item {
    text: string;
    segmentIds: string[];
    at: number;
  }
  const items: Item[] = [];
  const atOf = (f: Finding) =>
    Math.min(
      ...f.evidence.filter((e) => position.has(e.segmentId)).map((e) => whereIn(e.segmentId, e.quote)),
    );
  for (const f of of("plan")) {
    const text = planSentence(f);
    if (text) items.push({ text, segmentIds: cited(f), at: atOf(f) });
  }
  // A medicine started, changed or stopped today with no plan line of its own is a plan item too,
  // under its problem, with the dose stated ("Start acetaminophen (tylenol) 500 mg twice daily.").
  // Only what the clinician decided today, said as a plan: "i stopped the cortisone", "they gave you
  // cardizem and stopped it" are history, not orders.
  // A medicine continued is a plan line only when the clinician said so ("stay on the neurontin"):
  // "you take digoxin" is the list, not a decision.
  const byClinician = (f: Finding) =>
    f.evidence.some(
      (e) =>
        transcript[position.get(e.segmentId) ?? -1]?.speaker === "clinician" &&
        (f.details.status === "continued" ? CONTINUE_VOICE : PLAN_VOICE).test(e.quote) &&
        !OTHERS_DID.test(e.quote),
    );
  const medicinesPlanned = new Set<string>();
  for (const f of of("medication")) {
    const text = medicationPlanLine(f);
    if (!text || !f.term || !byClinician(f)) continue;
    const drug = f.term.toLowerCase();
    if (medicinesPlanned.has(drug)) continue;
    medicinesPlanned.add(drug);
    // Any plan line naming it (by generic or as said) already says what happens to it.
    const names = [drug, f.details.saidAs?.toLowerCase()].filter((n): n is string => !!n && n.length > 2);
    if (items.some((i) => names.some((n) => i.text.toLowerCase().includes(n)))) continue;
    items.push({ text, segmentIds: cited(f), at: atOf(f) });
  }
  /** What a plan line is about, without its verb: "Start meloxicam 15 mg daily" → "meloxicam 15 mg daily". */
  const about = (t: string) =>
    t
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .replace(/^\s*(?:order|refill|start|continue|change|prescribe|get|check)\s+/, "")
      .trim();
  const planned = new Set(items.map((i) => about(i.text)));
  const said = (l: { text: string; segmentId: string; offset?: number }) => ({
    text: l.text,
    segmentIds: [l.segmentId],
    at: whereIn(l.segmentId, undefined, l.offset ?? 0),
  });
  /** The words that say what an order is for, without its verb and linking words. */
  const contentWords = (t: string) =>
    new Set(
      about(t)
        .split(" ")
        .filter(
          (w) =>
            w.length > 1 &&
            !/^(?:order|refer|referral|to|a|an|the|for|of|and|with|on|get|start|continue|schedule|go|ahead|some|new|see)$/.test(
              w,
            ),
        ),
    );
  const drugsIn = (t: string) => new Set(medicationMatcher.find(t).map((m) => m.term));
  const dosesIn = (t: string) =>
    (chartUnits(t).match(/\b\d+(?:\.\d+)?\s*(?:mg|mcg|g|units?)\b/gi) ?? []).map((d) =>
      d.replace(/\s+/g, " ").toLowerCase(),
    );
  const turnOf = (l: { segmentId: string }) => transcript[position.get(l.segmentId) ?? -1]?.text ?? "";
  for (const l of spoken.orders) {
    if (!spokenPlanKept(l.text, turnOf(l)) || !spokenLineSound(l.text)) continue;
    const key = about(l.text);
    // A dictated order the findings already hold ("Order hemoglobin A1c") is written once.
    if ([...planned].some((p) => p === key || p.includes(key) || (p.length > 3 && key.includes(p)))) continue;
    // The same order in other words ("Order physical therapy referral" beside "Refer to physical
    // therapy") is written once too.
    const words = contentWords(l.text);
    if (words.size > 0 && items.some((i) => [...words].every((w) => contentWords(i.text).has(w)))) continue;
    // The same medicine (by brand or generic name): the dictated order is what the clinician
    // settled on, so with another dose it replaces the line from the findings ("Change fluoxetine
    // 20 mg" beside "hey dragon, order prozac 40 milligrams daily"); otherwise it is written once.
    const drugs = drugsIn(l.text);
    const same = items.filter((i) => [...drugsIn(i.text)].some((d) => drugs.has(d)));
    if (same.length > 0) {
      const doses = dosesIn(l.text);
      const differs = (i: Item) => {
        const theirs = dosesIn(i.text);
        return doses.length > 0 && theirs.length > 0 && !doses.some((d) => theirs.includes(d));
      };
      if (!same.every(differs)) continue;
      for (const i of same) items.splice(items.indexOf(i), 1);
    }
    items.push(said(l));
  }
  // An instruction that says no more than a plan line ("Continue on Toprol 50 mg daily" beside
  // "Continue metoprolol (Toprol) 50 mg daily") is written once.
  for (const l of spoken.instructions) {
    if (!spokenPlanKept(l.text, turnOf(l)) || !spokenLineSound(l.text)) continue;
    const words = contentWords(l.text);
    if (words.size > 0 && items.some((i) => [...words].every((w) => contentWords(i.text).has(w)))) continue;
    // The same thing said again in other words ("Record blood pressures …" beside "Check blood
    // pressure at home and record it daily"), or a medicine a line already holds, is written once.
    const stems = (t: string) => new Set([...contentWords(t)].map((w) => w.replace(/s$/, "")));
    const mine = stems(l.text);
    if (items.some((i) => [...stems(i.text)].filter((w) => mine.has(w)).length >= 2)) continue;
    const drugs = drugsIn(l.text);
    if (drugs.size > 0 && items.some((i) => [...drugsIn(i.text)].some((d) => drugs.has(d)))) continue;
    items.push(said(l));
  }
  // A one-word line ("Sling.") beside a line that says what to do with it ("Wear the sling.") is
  // written once, as the fuller line.
  for (let i = items.length - 1; i >= 0; i--) {
    const word = /^([A-Za-z-]+)\.$/.exec(items[i]?.text ?? "")?.[1]?.toLowerCase();
    if (word && items.some((o, j) => j !== i && new RegExp(`\\b${word}\\b`, "i").test(o.text)))
      items.splice(i, 1);
  }
  items.sort((a, b) => a.at - b.at);
  /**
   * The problem an item goes under: where it was said, unless what it names (a medicine by what it
   * treats, a test by what it looks at) fits another problem and not that one, which the table
   * knows ("increase the
   * metformin" said after the sprain goes under diabetes). Of several that fit, the one named last
   * before it, else the first.
   */
  const placedUnder = (item: Item, at: Finding | undefined): Finding | undefined => {
    if (!at) return at;
    const fits = (p: Finding) => treats(item.text, p.term, nameOf(p));
    // A problem the table knows nothing of ("newly reduced ventricular dysfunction") may well be
    // what the medicine is for: where it was said stands.
    if (fits(at) !== false || !knownProblem(at.term, nameOf(at))) return at;
    const others = problems.filter((p) => p !== at && fits(p) === true);
    // A medicine for a problem nobody named ("start you on doxycycline" for a suspected Lyme
    // disease) goes under "Plan", never under a problem it does not treat (diabetes).
    if (others.length <= 1) return others[0];
    const before = (p: Finding) => {
      const said = (mentions[problems.indexOf(p)] ?? []).filter((m) => m <= item.at);
      return said.length ? Math.max(...said) : -1;
    };
    return others.reduce((a, b) => (before(b) > before(a) ? b : a));
  };
  const byProblem = new Map<Finding | undefined, Item[]>();
  for (const item of items) {
    const p = placedUnder(item, problemAt(item.at));
    byProblem.set(p, [...(byProblem.get(p) ?? []), item]);
  }
  const writeProblem = (p: Finding | undefined, list: Item[]) => {
    const heading = p ? sentenceCase(problemHeading(p)) : "Plan";
    const problem = heading;
    if (p) add("assessment_plan", { text: `${heading}.`, segmentIds: cited(p), problem });
    // How the clinician said it stands ("your depression's stable" → "Stable."), under its heading.
    if (p)
      for (const l of problemStatus(p.term ?? nameOf(p), transcript))
        add("assessment_plan", { text: l.text, segmentIds: [l.segmentId], problem });
    for (const item of list)
      add("assessment_plan", { text: item.text, segmentIds: item.segmentIds, problem });
  };
  for (const p of problems) writeProblem(p, byProblem.get(p) ?? []);
  // Items of no problem said stand under "Plan": heading them with the complaint would tie each
  // order to it ("Pain: continue buspirone"), which nobody said.
  if ((byProblem.get(undefined) ?? []).length > 0) writeProblem(undefined, byProblem.get(undefined) ?? []);

  // Follow-up and when to come back sooner.
  // "Follow up in four weeks" and "Follow up for four weeks" are one follow-up.
  const followKey = (t: string) =>
    t
      .toLowerCase()
      .replace(/\b(?:in|for|within|after|about|around|approximately)\b/g, " ")
      .replace(/\W+/g, " ")
      .trim();
  const followed = new Set<string>();
  for (const f of of("follow_up").filter(planFindingKept)) {
    const text = `${sentenceCase(stripEnd(nameOf(f)))}.`;
    if (followed.has(followKey(text))) continue;
    followed.add(followKey(text));
    add("follow_up", { text, segmentIds: cited(f) });
  }
  for (const f of of("warning_sign"))
    add("follow_up", { text: `Return precautions: ${stripEnd(nameOf(f))}.`, segmentIds: cited(f) });

  // Nothing charted: say what was discussed, by name only (no fact about the patient is claimed),
  // so the clinician starts from the topics and the omissions list rather than a blank page.
  if ([...sections.values()].every((l) => l.length === 0)) {
    const topics = new Map<string, string[]>();
    for (const seg of transcript)
      for (const matcher of [conditionMatcher, symptomMatcher, medicationMatcher, testMatcher])
        for (const m of matcher.find(seg.text)) topics.set(m.term, [...(topics.get(m.term) ?? []), seg.id]);
    if (topics.size > 0)
      add("hpi", {
        text: `Discussed ${andList([...topics.keys()].slice(0, 6))}.`,
        segmentIds: unique([...topics.values()].flat()),
      });
  }

  // "No known allergies." beside an allergy named, "No current medications." beside a medicine taken
  // (blind audits s18: a plain "no" to one question charted over what was said elsewhere): the
  // section's own lines say what there is.
  for (const [key, none] of [
    ["allergies", /^no known allergies\.$/i],
    ["medications", /^no current medications\.$/i],
  ] as const) {
    const lines = sections.get(key) ?? [];
    if (lines.some((l) => !none.test(l.text)))
      sections.set(
        key,
        lines.filter((l) => !none.test(l.text)),
      );
  }

  return { sections: noteSectionKeys.map((key) => ({ key, sentences: sections.get(key) ?? [] })) };
}
