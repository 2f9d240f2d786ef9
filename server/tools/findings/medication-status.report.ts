// `pnpm findings:med-status [--data DIR] [--split train] [--show]`
// Medication status and dose accuracy on ACI-Bench: each medicine finding of the engine is compared
// with what the reference note says happens to that drug. The note's wording gives the status
// ("Continue lisinopril 20 mg", "We will start him on Ultram 50 mg", "Increase metformin to 1000 mg",
// "discontinue", "was given … in the emergency room") and the dose said after the drug name (for a
// change, the dose after "to"). Drugs are read with the scorer's own dictionary (reference-drugs.tsv),
// brand and generic as one. A drug the note names without such wording is not scored: this measures
// whether the status the engine writes is right when the note is clear, not recall. Develop on
// `train`; report `valid` (not tuned on). `--show` lists each disagreement (train only: never read
// validation visits to tune). Last line is JSON.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvalDialogue } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { toTranscript } from "./findings.eval.js";
import { dialogueTurns, parseCsv, ReferenceDrugs } from "./findings.evaluate.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export type NoteStatus = "started" | "stopped" | "changed" | "continued" | "once";

// Verbs of a note sentence and the status each says, nearest before the drug first.
const NOTE_VERBS: [NoteStatus, RegExp][] = [
  ["stopped", /\b(?:discontinu\w*|stop(?:ped)?|hold|held|cease\w*)\b/gi],
  ["changed", /\b(?:increas\w*|decreas\w*|reduc\w*|chang\w*|switch\w*|titrat\w*|adjust\w*|taper\w*)\b/gi],
  [
    "started",
    /\b(?:start\w*|initiat\w*|prescri\w*|begin|began|trial\s+of|new\s+prescription|will\s+(?:be\s+)?(?:try|trying|use))\b/gi,
  ],
  [
    "continued",
    /\b(?:continu\w*|maintain\w*|refill\w*|remain\w*\s+on|currently\s+(?:taking|on)|takes|is\s+taking|has\s+been\s+taking|compliant\s+with)\b/gi,
  ],
  [
    "once",
    /\b(?:was|were)\s+(?:given|administered)\b|\breceived\b|\bin\s+the\s+emergency\s+(?:room|department)\b/gi,
  ],
];

const DOSE_AFTER = /^[^.;]{0,30}?\b(\d+(?:\.\d+)?)\s*(?:mg|mcg|units?|g)\b/i;
const CHANGE_TO = /^[^.;]{0,50}?\bto\s+(\d+(?:\.\d+)?)\s*(?:mg|mcg|units?|g)\b/i;

interface NoteMedicine {
  drug: string;
  status: NoteStatus;
  dose?: string;
  sentence: string;
}

/** What the reference note says happens to each drug it names with a clear verb (first sentence wins). */
export function noteMedicines(note: string, drugs: ReferenceDrugs): Map<string, NoteMedicine> {
  const out = new Map<string, NoteMedicine>();
  // The plan says what happens to a medicine at the end of the visit; the history, before it.
  const plan = /\n\s*(?:ASSESSMENT AND PLAN|PLAN|ASSESSMENT)\s*\n/i.exec(note);
  const ordered = plan ? note.slice(plan.index) + "\n" + note.slice(0, plan.index) : note;
  for (const sentence of ordered.split(/(?<=[.!?])\s+|\n+/)) {
    if (/allerg/i.test(sentence)) continue;
    const lower = sentence.toLowerCase();
    const verbs: { at: number; status: NoteStatus }[] = [];
    for (const [status, re] of NOTE_VERBS)
      for (const m of lower.matchAll(re)) verbs.push({ at: m.index, status });
    if (verbs.length === 0) continue;
    for (const { drug, at, end } of drugPositions(lower, drugs)) {
      if (out.has(drug)) continue;
      const before = verbs.filter((v) => v.at < at).sort((a, b) => b.at - a.at)[0];
      const after = verbs.filter((v) => v.at > at && v.at - at < 40).sort((a, b) => a.at - b.at)[0];
      const verb = before ?? after;
      if (!verb) continue;
      const rest = sentence.slice(end);
      const dose = (verb.status === "changed" ? CHANGE_TO.exec(rest) : undefined) ?? DOSE_AFTER.exec(rest);
      out.set(drug, { drug, status: verb.status, ...(dose?.[1] ? { dose: dose[1] } : {}), sentence });
    }
  }
  return out;
}

function drugPositions(lower: string, drugs: ReferenceDrugs): { drug: string; at: number; end: number }[] {
  const out: { drug: string; at: number; end: number }[] = [];
  for (const m of lower.matchAll(/[a-z][a-z0-9-]{3,}/g)) {
    const [drug] = drugs.find(m[0]);
    if (drug) out.push({ drug, at: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** "400 milligrams" → "400"; "fifty" stays undefined (the engine writes digits). */
const doseNumber = (dose: string | undefined): string | undefined => /\d+(?:\.\d+)?/.exec(dose ?? "")?.[0];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: "string" }, split: { type: "string" }, show: { type: "boolean" } },
  });
  const dataDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.data ?? path.join(REPO, "../shared/data"),
  );
  const split = values.split ?? "train";
  const drugs = ReferenceDrugs.load();
  const engine = createBuiltinEngine();
  const rows = parseCsv(await readFile(path.join(dataDir, "aci-bench", `${split}.csv`), "utf8"));
  let scored = 0;
  let statusRight = 0;
  let withDose = 0;
  let doseRight = 0;
  let missing = 0;
  const confusion: Record<string, number> = {};
  const shown: string[] = [];
  for (const r of rows) {
    const id = `aci-${split}-${r.encounter_id ?? ""}`;
    const dialogue: EvalDialogue = { id, turns: dialogueTurns(r.dialogue ?? "") };
    const result = await engine.extract(toTranscript(dialogue));
    const reference = noteMedicines(r.note ?? "", drugs);
    const predicted = new Map<string, { status: string; dose?: string; text: string }>();
    for (const f of result.findings) {
      if (f.kind !== "medication") continue;
      for (const d of drugs.find(f.text.replace(/\([^)]*\)/g, " ")))
        if (!predicted.has(d))
          predicted.set(d, {
            status: f.details.status ?? "none",
            ...(f.details.dose ? { dose: f.details.dose } : {}),
            text: f.text,
          });
    }
    for (const ref of reference.values()) {
      const p = predicted.get(ref.drug);
      if (!p) {
        missing++;
        continue;
      }
      scored++;
      const key = `${ref.status}->${p.status}`;
      confusion[key] = (confusion[key] ?? 0) + 1;
      const ok = p.status === ref.status || (ref.status === "once" && p.status === "once");
      if (ok) statusRight++;
      let doseOk = true;
      if (ref.dose) {
        withDose++;
        doseOk = doseNumber(p.dose) === ref.dose;
        if (doseOk) doseRight++;
      }
      if (values.show && (!ok || !doseOk))
        shown.push(
          `${id}  ${ref.drug}: note ${ref.status} ${ref.dose ?? ""} | engine "${p.text}"\n    ${ref.sentence.trim().slice(0, 200)}`,
        );
    }
  }
  if (values.show) console.log(shown.join("\n"));
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);
  console.log(
    JSON.stringify({
      split,
      encounters: rows.length,
      noteMedicinesFound: scored,
      noteMedicinesNotFound: missing,
      statusAccuracy: ratio(statusRight, scored),
      statusRight,
      doseAccuracy: ratio(doseRight, withDose),
      doseRight,
      withDose,
      confusion,
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
