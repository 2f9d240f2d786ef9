// Issue 14: every Bundle findings:eval makes from the team's public data validates as FHIR R4
// (Medplum's validator with the R4 definitions). ACI-Bench and MTS-Dialog (train and valid) and
// PriMock57 (the two speakers' TextGrid tiers merged by time). Skipped, saying why, when the data
// folder is absent; CI has ../shared/data (BEDSIDE_DATA_DIR names another).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Resource } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import type { EvalDialogue } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { parseDialogues, runDialogues } from "../findings/findings.eval.js";
import { dialogueTurns, parseCsv } from "../findings/findings.evaluate.js";
import { fhirIssues } from "./fhir.validate.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const DATA = process.env.BEDSIDE_DATA_DIR ?? path.join(REPO, "..", "shared", "data");
const present = existsSync(path.join(DATA, "aci-bench"));
if (!present) console.warn(`fhir.data.int.test: skipped, no data folder at ${DATA} (set BEDSIDE_DATA_DIR)`);

/** PriMock57: one TextGrid per speaker; intervals merged in time order into turns. */
export function primockDialogue(dir: string, consultation: string): EvalDialogue {
  const turns: { start: number; speaker: "doctor" | "patient"; text: string }[] = [];
  for (const speaker of ["doctor", "patient"] as const) {
    const grid = readFileSync(path.join(dir, `${consultation}_${speaker}.TextGrid`), "utf8");
    const re = /xmin = ([\d.]+)\s+xmax = [\d.]+\s+text = "((?:[^"]|"")*)"/g;
    for (const m of grid.matchAll(re)) {
      const text = (m[2] ?? "")
        .replace(/""/g, '"')
        .replace(/<\/?UNSURE>|<UNIN\/>/g, "")
        .trim();
      if (text) turns.push({ start: Number(m[1]), speaker, text });
    }
  }
  turns.sort((a, b) => a.start - b.start);
  return { id: `primock-${consultation}`, turns: turns.map(({ speaker, text }) => ({ speaker, text })) };
}

function datasets(): Record<string, EvalDialogue[]> {
  const csv = (file: string, column: string, prefix: string, idColumn: string) =>
    parseCsv(readFileSync(path.join(DATA, file), "utf8")).map((r, i) => ({
      id: `${prefix}-${r[idColumn] ?? i}`,
      turns: dialogueTurns(r[column] ?? ""),
    }));
  const transcripts = path.join(DATA, "primock57", "transcripts");
  const consultations = [
    ...new Set(
      readdirSync(transcripts)
        .filter((f) => f.endsWith("_doctor.TextGrid"))
        .map((f) => f.replace(/_doctor\.TextGrid$/, "")),
    ),
  ].sort();
  return {
    "ACI-Bench": [
      ...csv("aci-bench/train.csv", "dialogue", "aci-train", "encounter_id"),
      ...csv("aci-bench/valid.csv", "dialogue", "aci-valid", "encounter_id"),
    ],
    "MTS-Dialog": [
      ...csv("mts-dialog/train.csv", "dialogue", "mts-train", "ID"),
      ...csv("mts-dialog/valid.csv", "dialogue", "mts-valid", "ID"),
    ],
    PriMock57: consultations.map((c) => primockDialogue(transcripts, c)),
  };
}

describe.skipIf(!present)("findings:eval Bundles on the public data validate as FHIR R4", () => {
  const sets = present ? datasets() : {};
  it.each(Object.keys(sets))(
    "%s",
    async (name) => {
      const dialogues = sets[name] ?? [];
      expect(dialogues.length).toBeGreaterThan(0);
      const out = await runDialogues(
        parseDialogues(dialogues.map((d) => JSON.stringify(d)).join("\n")),
        createBuiltinEngine(),
      );
      const invalid: string[] = [];
      let resources = 0;
      for (const [id, r] of Object.entries(out)) {
        const bundle = r.fhir as unknown as Resource & { entry?: unknown[] };
        resources += bundle.entry?.length ?? 0;
        const issues = await fhirIssues(bundle);
        if (issues.length > 0) invalid.push(`${id}: ${issues.slice(0, 3).join("; ")}`);
      }
      expect(invalid.slice(0, 5)).toEqual([]);
      expect(resources).toBeGreaterThan(dialogues.length * 4);
    },
    600_000,
  );
});
