// `pnpm note:check [--data DIR] [--split train,valid] [--half A|B] [--examples 3]`
// `--half A` (tune) or `--half B` (measure) keeps one half of each split by the stable hash of the
// dialogue id (../findings/halves.ts), the same halves every findings tool uses.
// Runs every ACI-Bench encounter and MTS-Dialog dialogue of a split through the built-in engine
// and the note composer, and counts what a written note must never do (server/src/notes/
// note.check.ts): sentences with a span of eight or more words copied from the transcript,
// disfluencies, dictation commands, malformed sentences (fragments a clinician could not sign),
// empty notes; and whether the note has a Physical Exam and
// a Results section when the visit had them. "Had them" is read from the dataset's reference,
// not from the composer's own cues: an ACI-Bench reference note with a PHYSICAL EXAM / RESULTS
// heading, an MTS-Dialog section header EXAM / LABS / IMAGING. Last line is JSON.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvalDialogue } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { checkNote } from "../../src/notes/note.check.js";
import { composeNote } from "../../src/notes/note.compose.js";
import { findOmissions } from "../../src/notes/note.omissions.js";
import { dialogueTurns, parseCsv } from "../findings/findings.evaluate.js";
import { toTranscript } from "../findings/findings.eval.js";
import { parseHalf, trainHalf } from "../findings/halves.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface CheckCase {
  id: string;
  source: "aci" | "mts";
  dialogue: EvalDialogue;
  /** The reference has a physical exam / results part. */
  hadExam: boolean;
  hadResults: boolean;
}

export async function loadCheckCases(dataDir: string, split: string): Promise<CheckCase[]> {
  const cases: CheckCase[] = [];
  const aci = parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8"));
  for (const [i, r] of aci.entries()) {
    const id = `aci-${split}-${r.encounter_id ?? i}`;
    const note = r.note ?? "";
    cases.push({
      id,
      source: "aci",
      dialogue: { id, turns: dialogueTurns(r.dialogue ?? "") },
      hadExam: /^\s*(?:PHYSICAL EXAM(?:INATION)?|EXAM)\s*$/m.test(note),
      hadResults: /^\s*RESULTS\s*$/m.test(note),
    });
  }
  const mts = parseCsv(await readFile(path.join(dataDir, "mts-dialog", `${split}.csv`), "utf8"));
  for (const [i, r] of mts.entries()) {
    const id = `mts-${split}-${r.ID ?? i}`;
    const header = r.section_header ?? "";
    cases.push({
      id,
      source: "mts",
      dialogue: { id, turns: dialogueTurns(r.dialogue ?? "") },
      hadExam: header === "EXAM",
      hadResults: header === "LABS" || header === "IMAGING",
    });
  }
  return cases;
}

export interface SplitCheck {
  notes: number;
  emptyNotes: number;
  sentences: number;
  sentencesWithCopiedSpan: number;
  notesWithCopiedSpan: number;
  /** Sentences with a 6-word run from the transcript that is not only names and numbers. */
  sentencesWithCopiedPhrase: number;
  notesWithCopiedPhrase: number;
  /** Notes with each section filled. */
  sectionsFilled: Record<string, number>;
  disfluencies: number;
  dictationCommands: number;
  /** Sentences that are not well-formed clinical sentences (fragments, "you", dangling ends). */
  malformedSentences: number;
  exam: { visits: number; withSection: number };
  results: { visits: number; withSection: number };
  /** Assessment-and-plan problems with no plan line under them ("Back pain." left dangling). */
  danglingProblems: number;
  /** HPI sentences that are a bare "Reports X." (a list rather than a narrative). */
  hpiBareReports: number;
  /** Notes whose exam opens with a "Vital signs:" line. */
  vitals: number;
  /** Things said that the note and findings leave out (the clinician's omissions list), by kind. */
  omissions: { total: number; notesWithAny: number; byKind: Record<string, number> };
  examples: Record<string, { id: string; text: string; found: string }[]>;
}

export async function checkSplit(cases: CheckCase[], maxExamples = 3): Promise<SplitCheck> {
  const engine = createBuiltinEngine();
  const out: SplitCheck = {
    notes: 0,
    emptyNotes: 0,
    sentences: 0,
    sentencesWithCopiedSpan: 0,
    notesWithCopiedSpan: 0,
    sentencesWithCopiedPhrase: 0,
    notesWithCopiedPhrase: 0,
    sectionsFilled: {},
    disfluencies: 0,
    dictationCommands: 0,
    malformedSentences: 0,
    exam: { visits: 0, withSection: 0 },
    results: { visits: 0, withSection: 0 },
    danglingProblems: 0,
    hpiBareReports: 0,
    vitals: 0,
    omissions: { total: 0, notesWithAny: 0, byKind: {} },
    examples: {
      copied: [],
      copiedPhrase: [],
      disfluency: [],
      dictation: [],
      malformed: [],
      empty: [],
      noExam: [],
      noResults: [],
      dangling: [],
    },
  };
  const example = (kind: string, e: { id: string; text: string; found: string }) => {
    const list = out.examples[kind];
    if (list && list.length < maxExamples) list.push(e);
  };
  for (const c of cases) {
    const transcript = toTranscript(c.dialogue);
    const { findings } = await engine.extract(transcript);
    const note = composeNote({ findings, transcript });
    const check = checkNote(note, transcript);
    const omissions = findOmissions({ transcript, findings, note });
    out.omissions.total += omissions.length;
    if (omissions.length > 0) out.omissions.notesWithAny++;
    for (const o of omissions) out.omissions.byKind[o.kind] = (out.omissions.byKind[o.kind] ?? 0) + 1;
    out.notes++;
    out.sentences += check.sentences;
    if (check.empty) {
      out.emptyNotes++;
      example("empty", { id: c.id, text: "", found: c.dialogue.turns[0]?.text.slice(0, 120) ?? "" });
    }
    const copiedSentences = new Set(check.copiedSpans.map((s) => s.text));
    out.sentencesWithCopiedSpan += copiedSentences.size;
    if (copiedSentences.size > 0) out.notesWithCopiedSpan++;
    for (const s of check.copiedSpans) example("copied", { id: c.id, text: s.text, found: s.span });
    const phraseSentences = new Set(check.copiedPhrases.map((s) => s.text));
    out.sentencesWithCopiedPhrase += phraseSentences.size;
    if (phraseSentences.size > 0) out.notesWithCopiedPhrase++;
    for (const s of check.copiedPhrases) example("copiedPhrase", { id: c.id, text: s.text, found: s.span });
    for (const s of note.sections)
      if (s.sentences.length > 0) out.sectionsFilled[s.key] = (out.sectionsFilled[s.key] ?? 0) + 1;
    const plan = note.sections.find((s) => s.key === "assessment_plan")?.sentences ?? [];
    for (const [i, s] of plan.entries()) {
      const heading = s.problem !== undefined && s.text === `${s.problem}.`;
      if (heading && plan[i + 1]?.problem !== s.problem) {
        out.danglingProblems++;
        example("dangling", { id: c.id, text: s.text, found: "" });
      }
    }
    const hpi = note.sections.find((s) => s.key === "hpi")?.sentences ?? [];
    out.hpiBareReports += hpi.filter((s) => /^Reports [^,]+\.$/.test(s.text)).length;
    const exam = note.sections.find((s) => s.key === "physical_exam")?.sentences ?? [];
    if (exam.some((s) => s.text.startsWith("Vital signs:"))) out.vitals++;
    out.disfluencies += check.disfluencies.length;
    for (const s of check.disfluencies) example("disfluency", { id: c.id, ...s });
    out.dictationCommands += check.dictationCommands.length;
    for (const s of check.dictationCommands) example("dictation", { id: c.id, ...s });
    out.malformedSentences += check.malformed.length;
    for (const s of check.malformed) example("malformed", { id: c.id, ...s });
    if (c.hadExam) {
      out.exam.visits++;
      if (check.exam.written) out.exam.withSection++;
      else example("noExam", { id: c.id, text: "", found: "" });
    }
    if (c.hadResults) {
      out.results.visits++;
      if (check.results.written) out.results.withSection++;
      else example("noResults", { id: c.id, text: "", found: "" });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      split: { type: "string", default: "train,valid" },
      examples: { type: "string", default: "3" },
      half: { type: "string" },
    },
  });
  const { half, error } = parseHalf(values.half);
  if (error) {
    console.error(error);
    process.exitCode = 2;
    return;
  }
  const dataDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.data ?? process.env.BEDSIDE_DATA_DIR ?? path.join(REPO, "..", "shared", "data"),
  );
  const result: Record<string, Omit<SplitCheck, "examples">> = {};
  for (const split of (values.split ?? "train,valid").split(",").map((s) => s.trim())) {
    const cases = (await loadCheckCases(dataDir, split)).filter((c) => !half || trainHalf(c.id) === half);
    const { examples, ...counts } = await checkSplit(cases, Number(values.examples ?? 3));
    console.log(`${split}${half ? ` half ${half}` : ""}: ${counts.notes} notes (ACI-Bench and MTS-Dialog)`);
    console.log(`  empty notes                   ${counts.emptyNotes}`);
    console.log(
      `  sentences with an 8-word copy ${counts.sentencesWithCopiedSpan} of ${counts.sentences} (in ${counts.notesWithCopiedSpan} notes)`,
    );
    console.log(
      `  sentences with a 6-word copy  ${counts.sentencesWithCopiedPhrase} of ${counts.sentences} (in ${counts.notesWithCopiedPhrase} notes; names and numbers aside)`,
    );
    console.log(`  sections filled               ${JSON.stringify(counts.sectionsFilled)}`);
    console.log(`  disfluencies                  ${counts.disfluencies}`);
    console.log(`  dictation commands            ${counts.dictationCommands}`);
    console.log(`  malformed sentences           ${counts.malformedSentences}`);
    console.log(
      `  physical exam section         ${counts.exam.withSection} of ${counts.exam.visits} visits with one`,
    );
    console.log(
      `  results section               ${counts.results.withSection} of ${counts.results.visits} visits with one`,
    );
    console.log(`  problems with no plan line     ${counts.danglingProblems}`);
    console.log(`  bare "Reports X." HPI lines   ${counts.hpiBareReports}`);
    console.log(`  notes with a vital signs line ${counts.vitals}`);
    console.log(
      `  omissions listed              ${counts.omissions.total} in ${counts.omissions.notesWithAny} notes ${JSON.stringify(counts.omissions.byKind)}`,
    );
    for (const [kind, list] of Object.entries(examples))
      for (const e of list)
        console.log(`  e.g. ${kind} ${e.id}: ${JSON.stringify(e.found)} in ${JSON.stringify(e.text)}`);
    result[split] = counts;
  }
  console.log(JSON.stringify(result));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
