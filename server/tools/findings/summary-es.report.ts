// `pnpm findings:report:es [--data DIR] [--split valid]`
// The Spanish after-visit summaries' readability: every ACI-Bench and MTS-Dialog dialogue of the
// split (English dialogues: there is no Spanish dialogue data) goes through the findings:eval
// code path with "language": "es", and each summary's whole text is scored with the
// Fernández-Huerta formula by textstat (PyPI, pinned below; installed into .tools/venv when
// missing). Target: "fácil" (≥ 80) or better for ≥ 95% of texts. Also reported: Szigriszt-Pazos
// (INFLESZ scale), the runtime estimate's agreement (readability-es.ts, the same formula and
// hyphenation patterns in JS), and summaries where an English word was left. Last line is JSON.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvalDialogue } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { MIN_SPANISH_EASE, spanishLevel } from "../../src/findings/readability-es.js";
import { dialogueTurns, parseCsv } from "./findings.evaluate.js";
import { parseDialogues, runDialogues } from "./findings.eval.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../../..");
export const TEXTSTAT = "textstat==0.7.13";

/** The venv's Python with textstat importable: installed (pinned) the first time. */
function python(): string {
  const py = path.join(REPO, ".tools/venv/bin/python");
  if (!existsSync(py)) throw new Error(`${py} is missing: run npm start (or npm run setup) once`);
  try {
    execFileSync(py, ["-c", "import textstat"], { stdio: "ignore" });
  } catch {
    execFileSync(py, ["-m", "pip", "install", "--quiet", TEXTSTAT], { stdio: "inherit" });
  }
  return py;
}

/** textstat's Spanish scores of each text, in order. */
export function textstatScores(texts: string[]): { fernandezHuerta: number; szigrisztPazos: number }[] {
  const out = execFileSync(python(), [path.join(HERE, "spanish-readability.py")], {
    input: JSON.stringify(texts),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString("utf8")) as { fernandezHuerta: number; szigrisztPazos: number }[];
}

async function dialogues(
  dataDir: string,
  split: string,
): Promise<{ source: "aci" | "mts"; d: EvalDialogue }[]> {
  const out: { source: "aci" | "mts"; d: EvalDialogue }[] = [];
  for (const r of parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8"))) {
    const id = `aci-${split}-${r.encounter_id ?? out.length}`;
    out.push({ source: "aci", d: { id, language: "es", turns: dialogueTurns(r.dialogue ?? "") } });
  }
  for (const r of parseCsv(await readFile(path.join(dataDir, "mts-dialog", `${split}.csv`), "utf8"))) {
    const id = `mts-${split}-${r.ID ?? out.length}`;
    out.push({ source: "mts", d: { id, language: "es", turns: dialogueTurns(r.dialogue ?? "") } });
  }
  return out.filter((x) => x.d.turns.length > 0);
}

// Words every English sentence needs and no Spanish one has: a summary holding one kept English.
const ENGLISH = /\b(?:the|you|your|with|and|is|are|what|this|will|of|to|for|it|we|have)\b/i;

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function main() {
  const { values } = parseArgs({ options: { data: { type: "string" }, split: { type: "string" } } });
  const dataDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.data ?? path.join(REPO, "../shared/data"),
  );
  const report: Record<string, unknown> = {};
  for (const split of (values.split ?? "valid").split(",").map((s) => s.trim())) {
    const cases = await dialogues(dataDir, split);
    const jsonl = cases.map((c) => JSON.stringify(c.d)).join("\n");
    // The CLI's code path: JSONL → validated dialogues → findings → Spanish summary.
    const output = await runDialogues(parseDialogues(jsonl), createBuiltinEngine());
    const results = cases.map((c) => ({ source: c.source, summary: output[c.d.id]?.summary }));
    const scores = textstatScores(results.map((r) => r.summary?.text ?? ""));
    const bySource: Record<string, unknown> = {};
    for (const source of ["aci", "mts"] as const) {
      const idx = results.flatMap((r, i) => (r.source === source ? [i] : []));
      const fh = idx.map((i) => scores[i]?.fernandezHuerta ?? 0);
      const sp = idx.map((i) => scores[i]?.szigrisztPazos ?? 0);
      const js = idx.map((i) => results[i]?.summary?.readability?.score ?? 0);
      const easy = fh.filter((s) => s >= MIN_SPANISH_EASE).length;
      bySource[source] = {
        texts: idx.length,
        allSpanish: idx.every((i) => results[i]?.summary?.language === "es"),
        fernandezHuerta: {
          shareFacilOrBetter: round(easy / Math.max(1, idx.length)),
          notFacil: idx.length - easy,
          median: round(median(fh), 1),
          min: round(Math.min(...fh), 1),
          levels: Object.fromEntries(
            [...new Set(fh.map(spanishLevel))].map((l) => [
              l,
              fh.filter((s) => spanishLevel(s) === l).length,
            ]),
          ),
        },
        szigrisztPazos: { median: round(median(sp), 1), min: round(Math.min(...sp), 1) },
        runtimeEstimate: {
          meanAbsDiff: round(
            fh.reduce((s, v, k) => s + Math.abs(v - (js[k] ?? 0)), 0) / Math.max(1, fh.length),
            2,
          ),
          sameVerdict: round(
            fh.filter((v, k) => v >= MIN_SPANISH_EASE === (js[k] ?? 0) >= MIN_SPANISH_EASE).length /
              Math.max(1, fh.length),
          ),
        },
        withEnglishWords: idx.filter((i) => ENGLISH.test(results[i]?.summary?.text ?? "")).length,
      };
      console.log(
        `${split} ${source}: ${idx.length} Spanish summaries, ${easy} "fácil" or better ` +
          `(${round((100 * easy) / Math.max(1, idx.length), 1)}%), Fernández-Huerta median ${round(median(fh), 1)}, min ${round(Math.min(...fh), 1)}`,
      );
    }
    report[split] = bySource;
  }
  console.log(
    JSON.stringify({
      formula: `Fernández-Huerta (${TEXTSTAT}), "fácil" ≥ ${MIN_SPANISH_EASE}`,
      splits: report,
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
