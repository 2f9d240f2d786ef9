// The built-in draft of the clinical note (issue 14): deterministic, offline, composed from the
// approved findings and the transcript. Sections in chart order; third person; every sentence
// names the transcript segments it traces to. Two kinds of sentence: structured ones written
// from a finding ("Continues lisinopril 20 milligrams once a day."), and the patient's or the
// clinician's own words from the finding's evidence, cleaned of fillers and turned to the third
// person ("The patient reports they took some Tylenol."). Nothing is said that no finding cites,
// except the clinician's own dictated summary line ("… is a 57-year-old male who presents …").
import {
  type ClinicalNote,
  type Finding,
  noteSectionKeys,
  type NoteSectionKey,
  type NoteSentence,
  type Transcript,
} from "@bedside/shared";

/** How many of the patient's own statements the history of present illness keeps, at most. */
const MAX_HPI_STATEMENTS = 40;
/** Statements longer than this many words are cut at a clause boundary. */
const MAX_STATEMENT_WORDS = 60;
/** Statements shorter than this say too little on their own ("yes .", "it hurts"). */
const MIN_STATEMENT_WORDS = 4;

const FILLERS =
  /,?\s*\b(?:uh+|um+|uh-huh|mm-hmm|mm|hmm|er|ah|oh|okay so|you know|i mean|kind of|sort of|like i said)\b\s*,?/gi;
/** Words that open an utterance without saying anything. */
const OPENERS = /^(?:(?:so|and|okay|ok|alright|all right|now|well|right|yeah|yes)\b[,.]?\s*)+/i;

/** Transcript text as a note sentence: no fillers, no stutter, no space before punctuation. */
export function cleanUtterance(text: string): string {
  let t = ` ${text} `
    .replace(/\bwan na\b/gi, "want to")
    .replace(/\bgon na\b/gi, "going to")
    .replace(/\bgot ta\b/gi, "got to")
    .replace(FILLERS, " ")
    .replace(/\b(\w+)(?:\s*,?\s+\1\b)+/gi, "$1") // "i , i think" → "i think"
    .replace(/\s+([,.?!;:])/g, "$1")
    .replace(/([,;:])(?:\s*[,;:])+/g, "$1")
    .replace(/^[\s,.;:-]+/, "")
    .replace(OPENERS, "")
    .replace(/[\s,;:-]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  if (t.length === 0) return "";
  if (!/[.?!]$/.test(t)) t += ".";
  t = t.replace(/\bi\b/g, "I");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Cuts a long utterance after the last clause boundary within the word limit. */
function shorten(text: string, maxWords: number): string {
  const words = text.split(" ");
  if (words.length <= maxWords) return text;
  const head = words.slice(0, maxWords).join(" ");
  const cut = Math.max(head.lastIndexOf(". "), head.lastIndexOf(", "), head.lastIndexOf("; "));
  const kept = cut > head.length / 3 ? head.slice(0, cut) : head;
  return `${kept.replace(/[,;]$/, "")}.`;
}

const FIRST_PERSON: [RegExp, string][] = [
  [/\bI'm\b/gi, "they are"],
  [/\bI've\b/gi, "they have"],
  [/\bI'd\b/gi, "they would"],
  [/\bI'll\b/gi, "they will"],
  [/\bI am\b/gi, "they are"],
  [/\bI was\b/gi, "they were"],
  [/\bI\b/gi, "they"],
  [/\bmyself\b/gi, "themselves"],
  [/\bmy\b/gi, "their"],
  [/\bme\b/gi, "them"],
  [/\bmine\b/gi, "theirs"],
  [/\bwe're\b/gi, "they are"],
];

/** A patient's statement in the third person: "The patient reports they took some Tylenol." */
export function reportedSpeech(cleaned: string): string {
  let body = cleaned.replace(/^(?:yes|yeah|no|well|so|and|but|right|sure)\b[,.]?\s*/i, "");
  if (body.length === 0) return "";
  body = body.charAt(0).toLowerCase() + body.slice(1);
  for (const [pattern, replacement] of FIRST_PERSON) body = body.replace(pattern, replacement);
  body = body.replace(/\bthey is\b/g, "they are").replace(/\bthey has\b/g, "they have");
  return `The patient reports ${body}`;
}

const THIRD_PERSON: Record<string, string> = {
  have: "has",
  are: "is",
  were: "was",
  do: "does",
  "don't": "does not",
  need: "needs",
  take: "takes",
  get: "gets",
  want: "wants",
  feel: "feels",
  go: "goes",
  had: "had",
};

/** A clinician's plan in the note's voice: "you" is the patient, "I" the care team. */
export function plannedSpeech(cleaned: string): string {
  let body = cleaned.replace(/^(?:and|so|now|alright|all right|okay|well)\b[,.]?\s*/i, "");
  if (body.length === 0) return "";
  body = body
    .replace(/\bI'd like to\b/gi, "we will")
    .replace(/\bI want to\b/gi, "we will")
    .replace(/\bI'm going to\b/gi, "we will")
    .replace(/\bI'll\b/gi, "we will")
    .replace(/\bI'm\b/gi, "we are")
    .replace(/\bI've\b/gi, "we have")
    .replace(/\bI\b/g, "we")
    .replace(
      /\byou (have|are|were|do|don't|need|take|get|want|feel|go|had)\b/gi,
      (_, verb: string) => `the patient ${THIRD_PERSON[verb.toLowerCase()] ?? verb}`,
    )
    .replace(/\bmy\b/gi, "our")
    .replace(/\byou're\b/gi, "the patient is")
    .replace(/\byou've\b/gi, "the patient has")
    .replace(/\byourself\b/gi, "themselves")
    .replace(/\byour\b/gi, "their")
    .replace(/\byou\b/gi, "the patient");
  return body.charAt(0).toUpperCase() + body.slice(1);
}

const QUESTION = /\?$|^(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why)\b/i;
/** The clinician's dictated summary line: "james is a 57-year-old male … who presents today with back pain." */
const DICTATION = /\b\d+[- ]year[- ]old\b/i;

const sentenceCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const stripEnd = (s: string): string => s.replace(/[\s.]+$/, "");

function andList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
const idsOf = (fs: Finding[]): string[] => unique(fs.flatMap((f) => f.evidence.map((e) => e.segmentId)));

/** A finding's name without its label ("Chief concern: back pain" → "back pain"). */
function nameOf(f: Finding): string {
  return stripEnd(f.text.replace(/^(?:chief concern|allergy|seek care now if):\s*/i, ""));
}

function medicationSentence(f: Finding): string {
  const d = f.details;
  const generic = f.term;
  const said = d.saidAs && generic && d.saidAs.toLowerCase() !== generic.toLowerCase() ? d.saidAs : undefined;
  const name = generic
    ? said
      ? `${sentenceCase(said)} (${generic})`
      : generic
    : nameOf(f).replace(/\s*\((?:started|stopped|changed|continued)\)$/i, "");
  const what = [name, d.dose, d.frequency].filter(Boolean).join(" ");
  const verb = {
    started: "Started",
    stopped: "Stopped",
    changed: "Changed",
    continued: "Takes",
    once: "Given once",
  }[d.status ?? "continued"];
  const refills = d.refills ? `, ${d.refills} refills` : "";
  return `${verb} ${what}${refills}.`;
}

function planSentence(f: Finding): string {
  const t = stripEnd(nameOf(f)).replace(/,\s+/g, " ");
  return `${sentenceCase(t)}.`;
}

function symptomSentence(f: Finding): string {
  const d = f.details;
  const what =
    f.term ??
    nameOf(f)
      .replace(/\s*\(.*\)$/, "")
      .toLowerCase();
  const extras = [
    d.severity ? `${d.severity}` : undefined,
    d.onset
      ? /^(?:since|on|at|after|about|around|over|last|this)\b/i.test(d.onset)
        ? d.onset
        : `onset ${d.onset}`
      : undefined,
    d.duration ? (/^(?:for|since|over)\b/i.test(d.duration) ? d.duration : `for ${d.duration}`) : undefined,
  ].filter(Boolean);
  return `Reports ${what}${extras.length ? `, ${extras.join(", ")}` : ""}.`;
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
  const segment = new Map(transcript.map((s) => [s.id, s]));
  const sections = new Map<NoteSectionKey, NoteSentence[]>(noteSectionKeys.map((k) => [k, []]));
  const add = (key: NoteSectionKey, s: NoteSentence) => {
    const list = sections.get(key);
    if (!list || list.some((x) => x.text === s.text && x.problem === s.problem)) return;
    list.push(s);
  };
  const of = (kind: Finding["kind"]) => findings.filter((f) => f.kind === kind);
  const cited = (f: Finding) =>
    f.evidence.map((e) => e.segmentId).filter((id, i, all) => position.has(id) && all.indexOf(id) === i);

  // Chief complaint: what the visit was for, else the first symptom or problem.
  const chief = of("chief_concern")[0] ?? of("symptom")[0] ?? of("assessment")[0];
  if (chief) add("chief_complaint", { text: `${sentenceCase(nameOf(chief))}.`, segmentIds: cited(chief) });

  // History of present illness: the clinician's dictated summary line when there is one, then
  // each symptom, then what the patient said about the symptoms and medicines, in spoken order.
  const dictated = transcript.find(
    (s) => s.speaker === "clinician" && DICTATION.test(s.text) && !QUESTION.test(s.text.trim()),
  );
  if (dictated) {
    const text = shorten(cleanUtterance(dictated.text), MAX_STATEMENT_WORDS);
    if (text) add("hpi", { text, segmentIds: [dictated.id] });
  } else if (chief) {
    add("hpi", {
      text: `The patient presents with ${nameOf(chief).toLowerCase()}.`,
      segmentIds: cited(chief),
    });
  }
  for (const f of of("symptom")) add("hpi", { text: symptomSentence(f), segmentIds: cited(f) });
  const told = unique(
    [...of("symptom"), ...of("medication"), ...of("allergy"), ...of("chief_concern")].flatMap(cited),
  )
    .filter((id) => {
      const s = segment.get(id);
      return s !== undefined && s.speaker !== "clinician" && !QUESTION.test(s.text.trim());
    })
    .sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  let statements = 0;
  for (const id of told) {
    if (statements >= MAX_HPI_STATEMENTS) break;
    const cleaned = cleanUtterance(segment.get(id)?.text ?? "");
    if (cleaned.split(" ").length < MIN_STATEMENT_WORDS) continue;
    const text = reportedSpeech(shorten(cleaned, MAX_STATEMENT_WORDS));
    if (!text) continue;
    add("hpi", { text, segmentIds: [id] });
    statements++;
  }

  // Medications and allergies: one line each.
  for (const f of of("medication")) add("medications", { text: medicationSentence(f), segmentIds: cited(f) });
  for (const f of of("allergy")) {
    const text = f.term === "no known allergies" ? "No known allergies." : `${sentenceCase(nameOf(f))}.`;
    add("allergies", {
      text: /^allerg/i.test(text) || /^no known/i.test(text) ? text : `Allergic to ${text.toLowerCase()}`,
      segmentIds: cited(f),
    });
  }

  // Review of systems: what the patient endorsed.
  const symptoms = of("symptom");
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

  // Assessment and plan, by problem: each plan, measurement and medicine change goes to the
  // problem last named before the clinician said it (the first problem when none was).
  const problems = of("assessment");
  const mentions = problems.map((p) => cited(p).map((id) => position.get(id) ?? 0));
  const problemOf = (f: Finding): Finding | undefined => {
    const at = Math.min(...cited(f).map((id) => position.get(id) ?? 0));
    let best: { p: Finding; at: number } | undefined;
    problems.forEach((p, i) => {
      const before = (mentions[i] ?? []).filter((m) => m <= at);
      const last = before.length ? Math.max(...before) : -1;
      if (last >= 0 && (!best || last > best.at)) best = { p, at: last };
    });
    return best?.p ?? problems[0];
  };
  const planned = [
    ...of("measurement"),
    ...of("plan"),
    ...of("medication").filter((f) => f.details.status && f.details.status !== "continued"),
  ];
  const byProblem = new Map<Finding | undefined, Finding[]>();
  for (const f of planned) {
    const p = problemOf(f);
    byProblem.set(p, [...(byProblem.get(p) ?? []), f]);
  }
  const usedPlanSegments = new Set<string>();
  const writeProblem = (p: Finding | undefined, items: Finding[]) => {
    const problem = p ? sentenceCase(nameOf(p)) : "Plan";
    if (p) add("assessment_plan", { text: `${sentenceCase(nameOf(p))}.`, segmentIds: cited(p), problem });
    for (const f of items) {
      if (f.kind === "medication") continue; // its plan line says it; the medicine list has the dose
      const text = f.kind === "measurement" ? `${sentenceCase(nameOf(f))}.` : planSentence(f);
      add("assessment_plan", { text, segmentIds: cited(f), problem });
    }
    // The clinician's own words for this problem and its plan, once each.
    for (const f of [...(p ? [p] : []), ...items]) {
      for (const id of cited(f)) {
        const s = segment.get(id);
        if (!s || s.speaker !== "clinician" || usedPlanSegments.has(id)) continue;
        usedPlanSegments.add(id);
        const cleaned = cleanUtterance(s.text);
        if (cleaned.split(" ").length < MIN_STATEMENT_WORDS) continue;
        const text = plannedSpeech(shorten(cleaned, MAX_STATEMENT_WORDS));
        if (text) add("assessment_plan", { text, segmentIds: [id], problem });
      }
    }
  };
  for (const p of problems) writeProblem(p, byProblem.get(p) ?? []);
  if (problems.length === 0 && (byProblem.get(undefined) ?? []).length > 0)
    writeProblem(undefined, byProblem.get(undefined) ?? []);

  // Follow-up and when to come back sooner.
  for (const f of of("follow_up"))
    add("follow_up", { text: `${sentenceCase(stripEnd(nameOf(f)))}.`, segmentIds: cited(f) });
  for (const f of of("warning_sign"))
    add("follow_up", { text: `Return precautions: ${stripEnd(nameOf(f))}.`, segmentIds: cited(f) });

  return { sections: noteSectionKeys.map((key) => ({ key, sentences: sections.get(key) ?? [] })) };
}
