// `pnpm findings:report [--data DIR] [--split train,valid] [--n 500]`
// Measures the built-in engine on the team's public data (ACI-Bench, MTS-Dialog; CC BY 4.0):
// converts the CSVs to the findings:eval JSONL contract, runs the CLI's code path
// (parseDialogues + runDialogues), and reports recall against the reference notes,
// the share of verbatim evidence quotes, the explanations' grade distribution and the
// time for N long dialogues. Method: server/src/findings/README.md. Last line is JSON.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvalDialogue, EvalOutput } from "@bedside/shared";
import { createBuiltinEngine } from "./findings.engine.js";
import { parseDialogues, runDialogues } from "./findings.eval.js";
import {
  allergenMatcher,
  conditionMatcher,
  type LexiconMatcher,
  medicationMatcher,
} from "./lexicon.matcher.js";
import { MAX_PATIENT_GRADE, maxSentenceGrade } from "./readability.js";

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
function speakerOf(tag: string): Speaker {
  const t = tag.toLowerCase();
  return t.startsWith("doctor") ? "doctor" : t.startsWith("patient") ? "patient" : "other";
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
  return turns.filter((t) => t.text.length > 0);
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

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 1000) / 1000;
}

async function loadCases(dataDir: string, splits: string[]): Promise<{ aci: Case[]; mts: Case[] }> {
  const aci: Case[] = [];
  const mts: Case[] = [];
  for (const split of splits) {
    for (const r of parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8"))) {
      const id = `aci-${split}-${r.encounter_id ?? aci.length}`;
      const note = r.note ?? "";
      aci.push({
        id,
        dialogue: { id, turns: dialogueTurns(r.dialogue ?? "") },
        reference: {
          medications: terms(medicationMatcher, note),
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
      const id = `mts-${split}-${r.ID ?? mts.length}`;
      const reference: Case["reference"] = {};
      if (header === "MEDICATIONS") reference.medications = terms(medicationMatcher, text);
      else if (header === "ALLERGY") reference.allergies = allergyTerms(text);
      else if (["PASTMEDICALHX", "ASSESSMENT", "DIAGNOSIS"].includes(header))
        reference.problems = terms(conditionMatcher, text);
      else continue;
      mts.push({ id, dialogue: { id, turns: dialogueTurns(r.dialogue ?? "") }, reference });
    }
  }
  return { aci, mts };
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
  const { aci, mts } = await loadCases(dataDir, splits);
  const engine = createBuiltinEngine();

  const cases = [...aci, ...mts];
  // The CLI's code path: JSONL text → validated dialogues → findings and explanations.
  const output = await runDialogues(parseDialogues(toJsonl(cases.map((c) => c.dialogue))), engine);

  const recall = {
    aci: { medications: new Recall(), allergies: new Recall(), problems: new Recall() },
    mts: { medications: new Recall(), allergies: new Recall(), problems: new Recall() },
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
    const r = c.id.startsWith("aci-") ? recall.aci : recall.mts;
    const { medications, allergies, problems } = c.reference;
    if (medications)
      r.medications.add(
        medications,
        predictedTerms(result, ["medication"], medicationMatcher),
        terms(medicationMatcher, transcriptText),
      );
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

  // Throughput: N long dialogues (ACI-Bench encounters, cycled) through parse + engine,
  // against a baseline measured in the same run (parsing and validating the same JSONL).
  const long = aci.map((c) => c.dialogue);
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

  const buckets: Record<string, number> = {};
  for (const g of grades) {
    const b =
      g <= 0
        ? "<=0"
        : g > MAX_PATIENT_GRADE
          ? `>${MAX_PATIENT_GRADE}`
          : `${Math.ceil(g - 1)}-${Math.ceil(g)}`;
    buckets[b] = (buckets[b] ?? 0) + 1;
  }
  const sorted = [...grades].sort((a, b) => a - b);
  const pct = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const summary = {
    data: { splits, aciEncounters: aci.length, mtsDialogues: mts.length },
    recall: {
      aci: {
        medications: recall.aci.medications.report(),
        allergies: recall.aci.allergies.report(),
        problems: recall.aci.problems.report(),
      },
      mts: {
        medications: recall.mts.medications.report(),
        allergies: recall.mts.allergies.report(),
        problems: recall.mts.problems.report(),
      },
    },
    findings: findingsCount,
    evidence: { quotes, verbatim, share: ratio(verbatim, quotes) },
    grades: {
      explanations: grades.length,
      shareAtOrBelow6: ratio(grades.filter((g) => g <= MAX_PATIENT_GRADE).length, grades.length),
      explanationsWithASentenceOver6: sentencesOver,
      p50: pct(50),
      p95: pct(95),
      max: sorted[sorted.length - 1] ?? 0,
      buckets,
    },
    throughput: {
      dialogues: many.length,
      meanTurns: Math.round(many.reduce((s, d) => s + d.turns.length, 0) / Math.max(1, many.length)),
      meanChars: Math.round(
        many.reduce((s, d) => s + d.turns.reduce((a, t) => a + t.text.length, 0), 0) /
          Math.max(1, many.length),
      ),
      runMs: Math.round(runMs),
      parseBaselineMs: Math.round(parseMs),
      ratioToParse: Math.round((runMs / Math.max(parseMs, 0.001)) * 10) / 10,
    },
  };
  console.log(JSON.stringify(summary));
}

// Run only as a script, so tests can import the converters without running the report.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
