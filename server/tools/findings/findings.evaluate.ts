// `pnpm findings:report [--data DIR] [--split train,valid] [--n 500]`
// Measures the built-in engine on the team's public data (ACI-Bench, MTS-Dialog; CC BY 4.0),
// each split on its own (develop on train, report valid): converts the CSVs to the
// findings:eval JSONL contract, runs the CLI's code path (parseDialogues + runDialogues), and
// reports medication recall and precision against the reference notes (scored with an
// independent FDA drug dictionary, brand and generic as one drug), problems, allergies, the
// share of verbatim evidence quotes, and the patient summaries' repeated sentences, length and
// grade, plus the time for N long dialogues. Method: server/src/findings/README.md. Last line is JSON.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvalDialogue, EvalOutput } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { parseDialogues, runDialogues } from "./findings.eval.js";
import {
  allergenMatcher,
  conditionMatcher,
  type LexiconMatcher,
} from "../../src/findings/lexicon.matcher.js";
import { MAX_PATIENT_GRADE, maxSentenceGrade, splitSentences } from "../../src/findings/readability.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** RFC 4180 CSV (quoted fields with "" escapes and newlines) into header-keyed rows. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows;
  if (!header) return [];
  return body
    .filter((r) => r.some((c) => c !== ""))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

type Speaker = EvalDialogue["turns"][number]["speaker"];
/**
 * A speaker label to a role. The doctor's guest ("[doctor_guest]", MTS-Dialog's "Guest_clinician",
 * a nurse) is clinical staff; the patient's guest ("[patient_guest]", "Guest_family": a parent
 * speaking for a child, a spouse) is "other", the patient's side, so the engine knows that the
 * "my daughter" of that speaker is the patient. Only the bare label is the patient.
 */
export function speakerOf(tag: string): Speaker {
  const t = tag.toLowerCase().replace(/\s+\d+$/, "");
  if (
    /^(?:doctor|dr|clinician|physician|provider|nurse|assistant|scribe)\b|^(?:doctor|clinician|clinican|physician|provider)_|_(?:clinician|clinican|doctor|nurse)$/.test(
      t,
    )
  )
    return "doctor";
  if (t === "patient") return "patient";
  return "other";
}

/**
 * What only the clinician says in a visit: the opener, the chart, the exam, the assessment, orders.
 * A few public transcripts label the two sides the wrong way round ("[patient] thanks for coming in
 * today, i see on my chart…"); counted per side, these words say which side is the clinician.
 */
const CLINICIAN_WORDS =
  /\b(?:what\s+brings\s+you|how\s+can\s+i\s+help|what\s+can\s+i\s+do\s+for\s+you|i\s+see\s+(?:on|in|from)\s+(?:my|your|the)\s+(?:chart|notes?|records?)|on\s+(?:physical\s+)?exam(?:ination)?|my\s+(?:assessment|impression|plan)|i'?m\s+(?:going\s+to|gonna)\s+(?:order|prescribe|refer|examine|take\s+a\s+look|listen)|i\s+want\s+you\s+to|take\s+a\s+deep\s+breath|does\s+(?:this|that)\s+hurt|i'?ll\s+see\s+you\s+(?:back|again|in)|any\s+(?:other\s+)?questions\s+for\s+me|assessment\s+and\s+plan|let\s+me\s+(?:take\s+a\s+look|examine|listen|feel)|your\s+(?:labs?|x-?ray|blood\s+work|results?)\s+(?:show|came|were|was))/gi;
const clinicianWords = (turns: EvalDialogue["turns"], speaker: Speaker): number =>
  turns
    .filter((t) => t.speaker === speaker)
    .reduce((n, t) => n + (t.text.match(CLINICIAN_WORDS)?.length ?? 0), 0);

/**
 * The two labels swapped when the side labelled patient says the clinician's words at least twice
 * and more than twice as often as the side labelled doctor: the roles follow what was said.
 */
export function withRolesFromContent(turns: EvalDialogue["turns"]): EvalDialogue["turns"] {
  const asPatient = clinicianWords(turns, "patient");
  if (asPatient < 2 || asPatient <= 2 * clinicianWords(turns, "doctor")) return turns;
  return turns.map((t) =>
    t.speaker === "doctor"
      ? { ...t, speaker: "patient" }
      : t.speaker === "patient"
        ? { ...t, speaker: "doctor" }
        : t,
  );
}

/** ACI-Bench "[doctor] …" lines and MTS-Dialog "Doctor: …" lines into turns. */
export function dialogueTurns(dialogue: string): EvalDialogue["turns"] {
  const turns: EvalDialogue["turns"] = [];
  for (const line of dialogue.split(/\r?\n/)) {
    const m = /^\s*\[([a-z_ ]+)\]\s*(.*)$/i.exec(line) ?? /^\s*([A-Za-z_]+(?:\s\d)?):\s*(.*)$/.exec(line);
    const last = turns[turns.length - 1];
    if (m?.[1] !== undefined) turns.push({ speaker: speakerOf(m[1]), text: (m[2] ?? "").trim() });
    else if (last && line.trim()) last.text = `${last.text} ${line.trim()}`;
  }
  return withRolesFromContent(turns.filter((t) => t.text.length > 0));
}

/**
 * The scorer's own drug dictionary: the FDA's UNII names (reference-drugs.tsv beside this file), not
 * the engine's vocabulary, so a name the engine misreads is not forgiven by the same lexicon.
 * Every brand and generic name maps to one substance, so "Synthroid" and "levothyroxine" are
 * one drug on both sides.
 */
export class ReferenceDrugs {
  private readonly byName = new Map<string, string>();
  constructor(tsv: string) {
    for (const line of tsv.split("\n")) {
      if (line.startsWith("#")) continue;
      const [name, drug] = line.split("\t");
      if (name && drug) this.byName.set(name, drug);
    }
  }
  static load(): ReferenceDrugs {
    return new ReferenceDrugs(readFileSync(new URL("./reference-drugs.tsv", import.meta.url), "utf8"));
  }
  /** The substances named in text (word n-grams up to three words; a plural "s" is dropped). */
  find(text: string): Set<string> {
    const words = text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
    const out = new Set<string>();
    for (let i = 0; i < words.length;) {
      let n = Math.min(3, words.length - i);
      for (; n >= 1; n--) {
        const key = words.slice(i, i + n).join(" ");
        const drug =
          this.byName.get(key) ?? (key.endsWith("s") ? this.byName.get(key.slice(0, -1)) : undefined);
        if (drug) {
          out.add(drug);
          break;
        }
      }
      i += Math.max(n, 1);
    }
    return out;
  }
}

/** Reference text without the sentences about allergies (an allergen is not a medicine taken). */
function withoutAllergies(text: string): string {
  return text
    .split(/(?<=[.!?\n])/)
    .filter((s) => !/allerg|nkda/i.test(s))
    .join(" ");
}

function terms(matcher: LexiconMatcher, text: string): Set<string> {
  return new Set(matcher.find(text).map((m) => m.term));
}

/** The reference note's assessment-and-plan part (where ACI-Bench notes list problems). */
function assessmentSection(note: string): string {
  const m = /\n\s*(?:ASSESSMENT AND PLAN|ASSESSMENT|IMPRESSION)\s*\n/i.exec(note);
  return m ? note.slice(m.index) : note;
}

const NONE = /\b(?:no known|no allergies|nkda|none|denies)\b/i;
function allergyTerms(text: string): Set<string> {
  const out = new Set<string>();
  if (NONE.test(text)) out.add("none");
  const at = text.search(/allerg/i);
  for (const m of allergenMatcher.find(at >= 0 ? text.slice(at) : text)) out.add(m.term);
  return out;
}

interface Case {
  id: string;
  source: "aci" | "mts";
  dialogue: EvalDialogue;
  reference: { medications?: Set<string>; allergies?: Set<string>; problems?: Set<string> };
}

class Recall {
  hit = 0;
  total = 0;
  attainableHit = 0;
  attainable = 0;
  add(reference: Set<string>, predicted: Set<string>, said: Set<string>): void {
    for (const t of reference) {
      this.total++;
      if (predicted.has(t)) this.hit++;
      if (said.has(t)) {
        this.attainable++;
        if (predicted.has(t)) this.attainableHit++;
      }
    }
  }
  report(): {
    recall: number;
    matched: number;
    reference: number;
    attainableRecall: number;
    attainable: number;
  } {
    return {
      recall: ratio(this.hit, this.total),
      matched: this.hit,
      reference: this.total,
      attainableRecall: ratio(this.attainableHit, this.attainable),
      attainable: this.attainable,
    };
  }
}

/** Recall as above, and precision: predicted drugs the reference also names. */
class MedicationScore extends Recall {
  predicted = 0;
  correct = 0;
  /** Medicine findings whose text the scorer's dictionary cannot read (left out of precision). */
  unreadable = 0;
  /**
   * `predicted` holds one set per medicine finding: every substance its text names ("Symbicort
   * (budesonide-formoterol)" names three). A finding is one drug: right when any of its names is
   * in the reference; the reference's drugs are recalled by any finding that names them.
   */
  score(reference: Set<string>, predicted: Set<string>[], said: Set<string>): void {
    const union = new Set(predicted.flatMap((p) => [...p]));
    this.add(reference, union, said);
    const counted = new Set<string>();
    for (const p of predicted) {
      // The same drug found twice under two findings is one prediction.
      const key = [...p].sort().join("|");
      if (counted.has(key)) continue;
      counted.add(key);
      this.predicted++;
      if ([...p].some((d) => reference.has(d))) this.correct++;
    }
  }
  override report() {
    return {
      ...super.report(),
      precision: ratio(this.correct, this.predicted),
      predicted: this.predicted,
      correct: this.correct,
      findingsNotInScorerDictionary: this.unreadable,
    };
  }
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 1000) / 1000;
}

async function loadCases(dataDir: string, split: string, drugs: ReferenceDrugs): Promise<Case[]> {
  const cases: Case[] = [];
  for (const r of parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8"))) {
    const id = `aci-${split}-${r.encounter_id ?? cases.length}`;
    const note = r.note ?? "";
    cases.push({
      id,
      source: "aci",
      dialogue: { id, turns: dialogueTurns(r.dialogue ?? "") },
      reference: {
        medications: drugs.find(withoutAllergies(note)),
        problems: terms(conditionMatcher, assessmentSection(note)),
        // Most ACI notes say nothing about allergies; only count notes that do.
        ...(/allerg/i.test(note)
          ? {
              allergies: allergyTerms(
                note
                  .split(/\n/)
                  .filter((l) => /allerg/i.test(l))
                  .join("\n"),
              ),
            }
          : {}),
      },
    });
  }
  for (const r of parseCsv(await readFile(path.join(dataDir, "mts-dialog", `${split}.csv`), "utf8"))) {
    const header = r.section_header ?? "";
    const text = r.section_text ?? "";
    const id = `mts-${split}-${r.ID ?? cases.length}`;
    const reference: Case["reference"] = {};
    if (header === "MEDICATIONS") reference.medications = drugs.find(withoutAllergies(text));
    else if (header === "ALLERGY") reference.allergies = allergyTerms(text);
    else if (["PASTMEDICALHX", "ASSESSMENT", "DIAGNOSIS"].includes(header))
      reference.problems = terms(conditionMatcher, text);
    else continue;
    cases.push({ id, source: "mts", dialogue: { id, turns: dialogueTurns(r.dialogue ?? "") }, reference });
  }
  return cases;
}

function predictedTerms(result: EvalOutput[string], kinds: string[], matcher: LexiconMatcher): Set<string> {
  const out = new Set<string>();
  for (const f of result.findings)
    if (kinds.includes(f.kind)) for (const t of terms(matcher, f.text)) out.add(t);
  return out;
}

function predictedAllergies(result: EvalOutput[string]): Set<string> {
  const out = new Set<string>();
  for (const f of result.findings) {
    if (f.kind !== "allergy") continue;
    if (/no known allergies/i.test(f.text)) out.add("none");
    for (const t of terms(allergenMatcher, f.text)) out.add(t);
  }
  return out;
}

function toJsonl(dialogues: EvalDialogue[]): string {
  return dialogues.map((d) => JSON.stringify(d)).join("\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const wordCount = (text: string): number => (text.match(/[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*/g) ?? []).length;

const LABEL = /^[^:.!?\n]{1,80}:\s+/;

/** The patient summaries of one set of dialogues: repeats, length and grade of what patients read. */
function summaryStats(results: EvalOutput[string][]) {
  let sentences = 0;
  let repeated = 0;
  let summariesWithARepeat = 0;
  let overGrade = 0;
  const words: number[] = [];
  for (const r of results) {
    // Section titles are headings, not sentences; everything else is what the patient reads.
    const seen = new Set<string>();
    let here = 0;
    for (const item of r.summary.sections.flatMap((sec) => sec.items)) {
      // A row's label ("Synthroid (levothyroxine): …", "Why you came: …") is a name or a heading,
      // not a sentence: it is part of the repeat check (the whole row) but not graded.
      const label = LABEL.exec(item);
      const body = label ? item.slice(label[0].length) : item;
      splitSentences(item).forEach((sentence) => {
        const key = sentence.toLowerCase().replace(/\s+/g, " ").trim();
        if (seen.has(key)) here++;
        seen.add(key);
      });
      for (const sentence of splitSentences(body)) {
        sentences++;
        if (maxSentenceGrade(sentence) > MAX_PATIENT_GRADE) overGrade++;
      }
    }
    repeated += here;
    if (here > 0) summariesWithARepeat++;
    words.push(wordCount(r.summary.text));
  }
  return {
    summaries: results.length,
    sentences,
    repeatedSentences: repeated,
    repeatedShare: ratio(repeated, sentences),
    summariesWithARepeat,
    wordsMedian: median(words),
    wordsMax: Math.max(0, ...words),
    shareSentencesAtOrBelowGrade6: ratio(sentences - overGrade, sentences),
    sentencesOverGrade6: overGrade,
  };
}

async function scoreSplit(dataDir: string, split: string, drugs: ReferenceDrugs) {
  const cases = await loadCases(dataDir, split, drugs);
  const engine = createBuiltinEngine();
  // The CLI's code path: JSONL text → validated dialogues → findings, explanations, summary.
  const output = await runDialogues(parseDialogues(toJsonl(cases.map((c) => c.dialogue))), engine);

  const score = {
    aci: { medications: new MedicationScore(), allergies: new Recall(), problems: new Recall() },
    mts: { medications: new MedicationScore(), allergies: new Recall(), problems: new Recall() },
  };
  let quotes = 0;
  let verbatim = 0;
  const grades: number[] = [];
  let sentencesOver = 0;
  let findingsCount = 0;
  for (const c of cases) {
    const result = output[c.id];
    if (!result) throw new Error(`no output for ${c.id}`);
    const transcriptText = c.dialogue.turns.map((t) => t.text).join("\n");
    const r = score[c.source];
    const { medications, allergies, problems } = c.reference;
    if (medications) {
      const predicted: Set<string>[] = [];
      for (const f of result.findings) {
        if (f.kind !== "medication") continue;
        // The name as said: the generic the engine adds in brackets is its own mapping, and
        // scoring it would let the engine's vocabulary vouch for itself.
        const named = drugs.find(f.text.replace(/\([^)]*\)/g, " "));
        if (named.size === 0) r.medications.unreadable++;
        else predicted.push(named);
      }
      r.medications.score(medications, predicted, drugs.find(transcriptText));
    }
    if (allergies) r.allergies.add(allergies, predictedAllergies(result), allergyTerms(transcriptText));
    if (problems)
      r.problems.add(
        problems,
        predictedTerms(result, ["assessment", "chief_concern"], conditionMatcher),
        terms(conditionMatcher, transcriptText),
      );
    findingsCount += result.findings.length;
    for (const f of result.findings) {
      for (const e of f.evidence) {
        quotes++;
        if (c.dialogue.turns.some((t) => t.text.includes(e.quote))) verbatim++;
      }
    }
    for (const e of result.explanations) {
      grades.push(e.grade);
      if (maxSentenceGrade(e.text) > MAX_PATIENT_GRADE) sentencesOver++;
    }
  }
  const results = (source: Case["source"]) =>
    cases.filter((c) => c.source === source).map((c) => output[c.id] as EvalOutput[string]);
  return {
    cases,
    report: {
      aciEncounters: cases.filter((c) => c.source === "aci").length,
      mtsDialogues: cases.filter((c) => c.source === "mts").length,
      aci: {
        medications: score.aci.medications.report(),
        allergies: score.aci.allergies.report(),
        problems: score.aci.problems.report(),
        summary: summaryStats(results("aci")),
      },
      mts: {
        medications: score.mts.medications.report(),
        allergies: score.mts.allergies.report(),
        problems: score.mts.problems.report(),
        summary: summaryStats(results("mts")),
      },
      findings: findingsCount,
      evidence: { quotes, verbatim, share: ratio(verbatim, quotes) },
      explanations: {
        count: grades.length,
        shareAtOrBelow6: ratio(grades.filter((g) => g <= MAX_PATIENT_GRADE).length, grades.length),
        withASentenceOver6: sentencesOver,
      },
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: "string" }, split: { type: "string" }, n: { type: "string" } },
  });
  const dataDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.data ?? path.join(REPO, "../shared/data"),
  );
  const splits = (values.split ?? "train,valid").split(",").map((s) => s.trim());
  const n = Number(values.n ?? 500);
  const drugs = ReferenceDrugs.load();
  const bySplit: Record<string, Awaited<ReturnType<typeof scoreSplit>>["report"]> = {};
  const long: EvalDialogue[] = [];
  for (const split of splits) {
    const { cases, report } = await scoreSplit(dataDir, split, drugs);
    bySplit[split] = report;
    long.push(...cases.filter((c) => c.source === "aci").map((c) => c.dialogue));
  }

  // Throughput: N long dialogues (ACI-Bench encounters, cycled) through parse + engine +
  // summary, against a baseline measured in the same run (parsing and validating the same JSONL).
  const engine = createBuiltinEngine();
  const many: EvalDialogue[] = Array.from({ length: long.length > 0 ? n : 0 }, (_, i) => {
    const d = long[i % long.length] as EvalDialogue;
    return { id: `${d.id}~${i}`, turns: d.turns };
  });
  const jsonl = toJsonl(many);
  const t0 = performance.now();
  parseDialogues(jsonl);
  const parseMs = performance.now() - t0;
  const t1 = performance.now();
  await runDialogues(parseDialogues(jsonl), engine);
  const runMs = performance.now() - t1;

  const summary = {
    data: { splits, scorerDictionary: "FDA UNII names (server/tools/findings/reference-drugs.tsv)" },
    splits: bySplit,
    throughput: {
      dialogues: many.length,
      meanTurns: Math.round(many.reduce((s, d) => s + d.turns.length, 0) / Math.max(1, many.length)),
      runMs: Math.round(runMs),
      parseBaselineMs: Math.round(parseMs),
      ratioToParse: Math.round((runMs / Math.max(parseMs, 0.001)) * 10) / 10,
    },
  };
  console.log(JSON.stringify(summary));
}

// Run only as a script, so tests can import the converters without running the report.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
