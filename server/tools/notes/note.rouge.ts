// `pnpm note:rouge [--data DIR] [--split valid]`
// The draft note's ROUGE-1/2/L against ACI-Bench's reference notes, and in the same run the
// baseline "copy the transcript" (the dialogue's turns as text), scored by Google's rouge-score
// (PyPI, pinned in requirements.txt, installed into .tools/venv on first use). Develop on train,
// report valid. The notes come from the findings:eval code path (parseDialogues + runDialogues).
// Last line is JSON.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { dialogueTurns, parseCsv } from "../findings/findings.evaluate.js";
import { parseDialogues, runDialogues } from "../findings/findings.eval.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../../..");
const PYTHON = path.join(REPO, ".tools", "venv", "bin", "python");

function ensureRougeScore(): void {
  const works = () => spawnSync(PYTHON, ["-c", "import rouge_score"], { stdio: "ignore" }).status === 0;
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run pnpm setup first`);
  if (works()) return;
  console.error("Installing rouge-score into .tools/venv (pinned)…");
  const pip = spawnSync(PYTHON, ["-m", "pip", "install", "-q", "-r", path.join(HERE, "requirements.txt")], {
    stdio: "inherit",
  });
  if (pip.status !== 0 || !works()) throw new Error("could not install rouge-score");
}

export type RougeScores = Record<
  string,
  { rouge1: number; rouge2: number; rougeL: number; rougeLsum: number }
>;

export function rouge(systems: Record<string, string[]>, references: string[]): RougeScores {
  ensureRougeScore();
  const run = spawnSync(PYTHON, [path.join(HERE, "rouge.py")], {
    input: JSON.stringify({ systems, references }),
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`rouge.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as RougeScores;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: "string" }, split: { type: "string", default: "valid" } },
  });
  const dataDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.data ?? process.env.BEDSIDE_DATA_DIR ?? path.join(REPO, "..", "shared", "data"),
  );
  const result: Record<string, unknown> = {};
  for (const split of (values.split ?? "valid").split(",")) {
    const rows = parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8"));
    const dialogues = rows.map((r, i) => ({
      id: `aci-${split}-${r.encounter_id ?? i}`,
      turns: dialogueTurns(r.dialogue ?? ""),
    }));
    const jsonl = dialogues.map((d) => JSON.stringify(d)).join("\n");
    const out = await runDialogues(parseDialogues(jsonl), createBuiltinEngine());
    const references = rows.map((r) => r.note ?? "");
    const scores = rouge(
      {
        note: dialogues.map((d) => out[d.id]?.note ?? ""),
        transcript: dialogues.map((d) => d.turns.map((t) => t.text).join("\n")),
      },
      references,
    );
    const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
    const noteWords = dialogues.map((d) => words(out[d.id]?.note ?? "")).sort((a, b) => a - b);
    const refWords = references.map(words).sort((a, b) => a - b);
    console.log(`ACI-Bench ${split} (${rows.length} encounters), ROUGE F1 ×100, Porter stemming:`);
    for (const [name, s] of Object.entries(scores))
      console.log(
        `  ${name.padEnd(10)} R-1 ${s.rouge1.toFixed(2)}  R-2 ${s.rouge2.toFixed(2)}  R-L ${s.rougeL.toFixed(2)}  R-Lsum ${s.rougeLsum.toFixed(2)}`,
      );
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? 0;
    console.log(`  median words: note ${median(noteWords)}, reference ${median(refWords)}`);
    result[split] = {
      encounters: rows.length,
      ...scores,
      medianWords: { note: median(noteWords), reference: median(refWords) },
    };
  }
  console.log(JSON.stringify(result));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
