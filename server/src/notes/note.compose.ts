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
import { examFacts, examLines } from "./note.exam.js";
import { medicinesTried, medicineTriedLine, resultFacts, resultLine } from "./note.facts.js";
import { takenHistory } from "./note.history.js";
import { chartUnits, fitNote, telegraph } from "./note.phrasing.js";
import { spokenSections } from "./note.spoken.js";

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
  return stripEnd(f.text.replace(/^(?:chief concern|allergy|seek care now if|call the clinic if):\s*/i, ""));
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
  const what = chartUnits([name, d.dose, d.frequency].filter(Boolean).join(" "));
  // A status nobody said is not charted as one: "Discussed", never "Takes".
  const verb = d.status
    ? { started: "Started", stopped: "Stopped", changed: "Changed", continued: "Takes", once: "Given once" }[
        d.status
      ]
    : "Discussed";
  const refills = d.refills ? `, ${d.refills} refills` : "";
  return `${verb} ${what}${refills}.`;
}

/** A one-word treatment from the findings as the chart writes it ("Fluids" → "Encourage fluids."). */
const TREATMENT_LINE: Record<string, string> = {
  fluids: "Encourage fluids.",
  ice: "Apply ice.",
  exercise: "Encourage exercise.",
  elevation: "Elevate the extremity.",
};

/**
 * A plan line from a plan finding, or "" when it would claim more than was said: "Surgery" found
 * from "the procedure" or "do the orders and procedures" is left out, and a surgery named is
 * "Discussed surgery", since naming it is not scheduling it. A brace is charted as what was said
 * ("Sling.", "Splint.").
 */
function planSentence(f: Finding): string {
  const quotes = f.evidence.map((e) => e.quote.toLowerCase()).join(" ");
  // Only the bare treatment word: "Refer to surgery" is a referral and stands as said.
  const term = nameOf(f).toLowerCase() === (f.term ?? "").toLowerCase() ? (f.term ?? "").toLowerCase() : "";
  if (term === "surgery") return /\bsurg/.test(quotes) ? "Discussed surgery." : "";
  if (term === "brace") {
    const said = /\b(splint|sling|brace|boot|immobilizer)\b/.exec(quotes)?.[1];
    return `${sentenceCase(said ?? "brace")}.`;
  }
  const line = TREATMENT_LINE[term];
  if (line) return line;
  const t = chartUnits(stripEnd(nameOf(f)).replace(/,\s+/g, " "));
  return `${sentenceCase(t)}.`;
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

function symptomSentence(f: Finding): string {
  const d = f.details;
  const what =
    f.term ??
    nameOf(f)
      .replace(/\s*\(.*\)$/, "")
      .toLowerCase();
  const severity = d.severity && severitySaid(f, d.severity) ? chartedSeverity(d.severity) : {};
  const extras = [
    severity.rating,
    d.onset
      ? /^(?:since|on|at|after|about|around|over|last|this)\b/i.test(d.onset)
        ? d.onset
        : `onset ${d.onset}`
      : undefined,
    d.duration ? (/^(?:for|since|over)\b/i.test(d.duration) ? d.duration : `for ${d.duration}`) : undefined,
  ].filter(Boolean);
  const named = severity.adjective ? `${severity.adjective} ${what}` : what;
  return `Reports ${named}${extras.length ? `, ${extras.join(", ")}` : ""}.`;
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

  // Chief complaint: what the visit was for, else the first symptom or problem.
  // A history or an exam finding is not what the visit was for.
  const chief =
    of("chief_concern")[0] ??
    of("symptom")[0] ??
    of("assessment").find((f) => !/^(?:history of|on exam:)/i.test(f.text));
  if (chief) add("chief_complaint", { text: `${sentenceCase(nameOf(chief))}.`, segmentIds: cited(chief) });

  // History of present illness: the clinician's dictated summary line in the note's words when
  // there is one, else what the visit was for; then each symptom as reported.
  // The summary line is one sentence of the turn: the question that follows it in the same turn
  // ("… who presents for her annual exam. so, how are you doing?") does not make it a question.
  const dictatedLine = (text: string) =>
    text.split(/(?<=[.?!])\s+/).find((x) => DICTATION.test(x) && !QUESTION.test(x.trim()));
  const dictated = transcript.find((s) => s.speaker === "clinician" && dictatedLine(s.text) !== undefined);
  const summary = dictated ? summaryLine(dictatedLine(dictated.text) ?? "") : "";
  if (dictated && summary) add("hpi", { text: summary, segmentIds: [dictated.id] });
  else if (chief) {
    add("hpi", {
      text: `The patient presents with ${nameOf(chief).toLowerCase()}.`,
      segmentIds: cited(chief),
    });
  }
  const symptoms = chartedSymptoms(of("symptom"));
  for (const f of symptoms) add("hpi", { text: symptomSentence(f), segmentIds: cited(f) });
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

  // Medications and allergies: one line each.
  for (const f of of("medication")) add("medications", { text: medicationSentence(f), segmentIds: cited(f) });
  for (const f of of("allergy")) {
    const text = f.term === "no known allergies" ? "No known allergies." : `${sentenceCase(nameOf(f))}.`;
    add("allergies", {
      text: /^allerg/i.test(text) || /^no known/i.test(text) ? text : `Allergic to ${text.toLowerCase()}`,
      segmentIds: cited(f),
    });
  }

  // Review of systems: what the patient endorsed, then what they were asked about and denied.
  if (symptoms.length > 0) {
    const names = unique(
      symptoms.map(
        (f) =>
          f.term ??
          nameOf(f)
            .replace(/\s*\(.*\)$/, "")
            .toLowerCase(),
      ),
    );
    add("review_of_systems", { text: `Endorses ${andList(names)}.`, segmentIds: idsOf(symptoms) });
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
  for (const f of of("measurement")) {
    const key = VITAL_TERM.test(f.text) ? "physical_exam" : "results";
    add(key, { text: `${sentenceCase(chartUnits(nameOf(f)))}.`, segmentIds: cited(f) });
  }
  // The exam written from its parsed findings, by system; a spoken exam line is kept only from a
  // turn the parser found nothing in.
  // Only parsed exam facts: a spoken exam sentence the parser found nothing in is not charted.
  for (const l of examLines(examFacts(transcript), spans)) add("physical_exam", l);
  groupVitals(sections.get("physical_exam") ?? [], spans);
  // Results as facts: the test, its value and unit, the interpretation said.
  for (const r of resultFacts(transcript)) add("results", { text: resultLine(r), segmentIds: [r.segmentId] });

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
    if (/^history of/i.test(p.text))
      add("past_history", { text: `${sentenceCase(stripEnd(nameOf(p)))}.`, segmentIds: cited(p) });
    else {
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
            !/^(?:order|refer|referral|to|a|an|the|for|of|and|with|on|get|start|continue|schedule|go|ahead|some|new)$/.test(
              w,
            ),
        ),
    );
  const drugsIn = (t: string) => new Set(medicationMatcher.find(t).map((m) => m.term));
  const dosesIn = (t: string) =>
    (chartUnits(t).match(/\b\d+(?:\.\d+)?\s*(?:mg|mcg|g|units?)\b/gi) ?? []).map((d) =>
      d.replace(/\s+/g, " ").toLowerCase(),
    );
  for (const l of spoken.orders) {
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
    const words = contentWords(l.text);
    if (words.size > 0 && items.some((i) => [...words].every((w) => contentWords(i.text).has(w)))) continue;
    items.push(said(l));
  }
  items.sort((a, b) => a.at - b.at);
  const byProblem = new Map<Finding | undefined, Item[]>();
  for (const item of items) {
    const p = problemAt(item.at);
    byProblem.set(p, [...(byProblem.get(p) ?? []), item]);
  }
  const writeProblem = (p: Finding | undefined, list: Item[]) => {
    const problem = p ? sentenceCase(nameOf(p)) : "Plan";
    if (p) add("assessment_plan", { text: `${sentenceCase(nameOf(p))}.`, segmentIds: cited(p), problem });
    for (const item of list)
      add("assessment_plan", { text: item.text, segmentIds: item.segmentIds, problem });
  };
  for (const p of problems) writeProblem(p, byProblem.get(p) ?? []);
  if (problems.length === 0 && (byProblem.get(undefined) ?? []).length > 0)
    writeProblem(undefined, byProblem.get(undefined) ?? []);

  // Follow-up and when to come back sooner.
  for (const f of of("follow_up"))
    add("follow_up", { text: `${sentenceCase(stripEnd(nameOf(f)))}.`, segmentIds: cited(f) });
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

  return { sections: noteSectionKeys.map((key) => ({ key, sentences: sections.get(key) ?? [] })) };
}
