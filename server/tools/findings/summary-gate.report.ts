// `pnpm findings:summary-gate [--data DIR] [--split train|valid] [--mts N] [--show]`
// What the summary's last gate (server/src/findings/summary.gate.ts, applied by composeSummaryChecked) does to the patient's text: per
// visit, the patient-facing lines composed, those withheld (no affirmed statement of the visit behind
// them) and, per rule, how many; and whether the patient still learns a next step ("What to do" keeps
// at least one line): a gate that empties every summary is not the goal. Run on code without the gate,
// it gives the "before" (nothing withheld). ACI-Bench dialogues of the split, then the first N MTS-Dialog ones (default 200). The last
// line is JSON.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { EvalDialogue, Finding, PatientSummary } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { composeSummary, summarySections } from "../../src/findings/summary.compose.js";
import { toTranscript } from "./findings.eval.js";
import { dialogueTurns, parseCsv } from "./findings.evaluate.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const argsSchema = z.object({
  data: z.string().default(path.join(REPO, "../shared/data")),
  split: z.enum(["train", "valid"]).default("train"),
  mts: z.coerce.number().int().min(0).default(200),
  show: z.boolean().default(false),
});

async function dialogues(dataDir: string, split: string, mts: number): Promise<EvalDialogue[]> {
  const out: EvalDialogue[] = [];
  for (const r of parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8")))
    out.push({ id: `aci-${split}-${r.encounter_id ?? out.length}`, turns: dialogueTurns(r.dialogue ?? "") });
  const rows = parseCsv(await readFile(path.join(dataDir, "mts-dialog", `${split}.csv`), "utf8"));
  for (const r of rows.slice(0, mts))
    out.push({ id: `mts-${split}-${r.ID ?? out.length}`, turns: dialogueTurns(r.dialogue ?? "") });
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      split: { type: "string" },
      mts: { type: "string" },
      show: { type: "boolean" },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
    process.exitCode = 2;
    return;
  }
  const args = parsed.data;
  const engine = createBuiltinEngine();
  const all = await dialogues(path.resolve(process.env.INIT_CWD ?? ".", args.data), args.split, args.mts);
  // Measured the same way on code without the gate (the "before"), where nothing is withheld.
  const gate = (await import("../../src/findings/summary.compose.js")) as {
    composeSummaryChecked?: (f: Finding[]) => {
      summary: PatientSummary;
      withheld: { rule: string; text: string }[];
    };
  };
  let lines = 0;
  let withheld = 0;
  let todoAfter = 0;
  let verifierUncertain = 0;
  let visitsWithWithheld = 0;
  const byRule: Record<string, number> = {};
  const perVisit: number[] = [];
  for (const d of all) {
    const result = await engine.extract(toTranscript(d));
    const checked = gate.composeSummaryChecked?.(result.findings) ?? {
      summary: composeSummary(result.findings),
      withheld: [],
    };
    verifierUncertain += result.findings.filter((f) => f.details.uncertain).length;
    const n = checked.withheld.length;
    // Every item the patient reads, the fixed "questions" and "feedback" leads aside.
    lines += summarySections(checked.summary)
      .slice(0, -2)
      .reduce((s, x) => s + x.items.length, 0);
    withheld += n;
    perVisit.push(n);
    if (n > 0) visitsWithWithheld++;
    if (checked.summary.inShort.todo.length > 0) todoAfter++;
    for (const w of checked.withheld) byRule[w.rule] = (byRule[w.rule] ?? 0) + 1;
    if (args.show && n > 0) {
      console.log(`\n${d.id}`);
      for (const w of checked.withheld) console.log(`  - [${w.rule}] ${w.text}`);
    }
  }
  const sorted = [...perVisit].sort((a, b) => a - b);
  const report = {
    split: args.split,
    visits: all.length,
    patientLines: lines,
    withheld,
    withheldPerVisit: {
      mean: Math.round((withheld / Math.max(1, all.length)) * 100) / 100,
      median: sorted[Math.floor(sorted.length / 2)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
    },
    visitsWithWithheld,
    byRule,
    verifierUncertain,
    visitsWithNextStep: todoAfter,
  };
  console.log(
    `\n${report.visits} visits (${args.split}): ${lines} patient-facing lines, ${withheld} withheld ` +
      `(mean ${report.withheldPerVisit.mean}, median ${report.withheldPerVisit.median}, max ${report.withheldPerVisit.max} per visit; ${visitsWithWithheld} visits with any).\n` +
      `"What to do" has at least one line in ${todoAfter} visits; findings the verifier marks uncertain: ${verifierUncertain}.`,
  );
  console.log(JSON.stringify(report));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
