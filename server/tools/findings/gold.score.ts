// `pnpm findings:gold [--data DIR] [--split valid|train] [--half A|B] [--verbose]`
// Scores the built-in engine against the hand-annotated gold set: by default the validation gold
// (gold/*.json beside this file: ACI-Bench valid, PriMock57, a sample of MTS-Dialog valid), with
// `--split train` the training gold (gold/train/: ACI-Bench train, a sample of MTS-Dialog train),
// the one engine authors tune on; `--half A` (tune) or `--half B` (measure) scores one half of it
// (`halves.ts`). Each dialogue goes through
// the findings:eval code path (parseDialogues + runDialogues), and the engine's findings are
// compared with what a careful clinician would record: the reason for the visit, every medicine
// with its status, dose and schedule, invented diagnoses, plan items (and tests already done
// ordered again), and warning signs. Prints a table per visit and the totals; the last line is
// JSON. How the gold set was made: server/src/findings/README.md ("Gold set").
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  type EvalDialogue,
  type Finding,
  type FindingsResult,
  medicationStatusSchema,
  planCategories,
} from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import type { FindingsEngine } from "../../src/findings/findings.types.js";
import { parseDialogues, runDialogues } from "./findings.eval.js";
import { dialogueTurns, parseCsv } from "./findings.evaluate.js";
import { type Half, parseHalf, trainHalf } from "./halves.js";
import { primockIds, readPrimock } from "./primock57.reader.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const GOLD_DIR = new URL("./gold/", import.meta.url);

// ---------------------------------------------------------------------------------------------
// The gold file format
// ---------------------------------------------------------------------------------------------

const term = z.string().min(1).max(200);
/** Any-of groups that must all be found ([["a1c", "hemoglobin a1c"]]). */
const keywordGroups = z.array(z.array(term).min(1)).min(1);
/** One value or several accepted ones ("325 mg" or ["325 mg", "25 mg"]). */
const oneOrMore = z.union([term, z.array(term).min(1)]);

export const goldMedicineSchema = z.object({
  drug: term,
  synonyms: z.array(term).default([]),
  status: medicationStatusSchema,
  /** Other statuses a careful reader could also defend (OTC ibuprofen then prescribed: started or changed). */
  altStatuses: z.array(medicationStatusSchema).optional(),
  dose: oneOrMore.nullable(),
  frequency: oneOrMore.nullable(),
  /** Said in passing (tried once, no instruction): scored when the engine lists it, not missed when it does not. */
  optional: z.boolean().optional(),
  note: z.string().optional(),
});

export const goldDiagnosisSchema = z.object({
  name: term,
  synonyms: z.array(term).default([]),
  /** Past history or a differential the clinician named: not invented when stated, not required. */
  optional: z.boolean().optional(),
});

/** The contract's plan categories, and follow-up (its own finding kind in the contract). */
export const goldPlanCategories = [...planCategories, "follow_up"] as const;

export const goldVisitSchema = z.object({
  id: z.string().min(1),
  /** Null when the dialogue has no reason for a visit (an MTS-Dialog snippet of one history section). */
  reason: z.string().min(1).nullable(),
  /** Empty exactly when `reason` is null: the visit is then left out of the reason score. */
  reasonKeywords: z.array(z.array(term).min(1)),
  diagnoses: z.array(goldDiagnosisSchema),
  notDiagnoses: z.array(term),
  medicines: z.array(goldMedicineSchema),
  plan: z.array(z.object({ category: z.enum(goldPlanCategories), text: term, keywords: keywordGroups })),
  alreadyDone: z.array(z.object({ text: term, keywords: keywordGroups })),
  warningSigns: z.array(oneOrMore),
  note: z.string().optional(),
});
export type GoldVisit = z.infer<typeof goldVisitSchema>;

export const goldFileSchema = z.object({
  source: z.string().min(1),
  method: z.string().min(1),
  visits: z.array(goldVisitSchema).min(1),
});
export type GoldFile = z.infer<typeof goldFileSchema>;

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const NUMBER_WORD = new RegExp(
  `\\b(?:${[...Object.keys(UNITS), ...Object.keys(TENS), "hundred", "thousand", "point", "and", "a"].join("|")})\\b(?:[ -](?:${[...Object.keys(UNITS), ...Object.keys(TENS), "hundred", "thousand", "point", "and", "a"].join("|")})\\b)*`,
  "g",
);

/** "one thousand" → 1000, "two point five" → 2.5, "a hundred" → 100; undefined for "a", "and". */
function wordsToNumber(words: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  let decimals = "";
  let afterPoint = false;
  for (const w of words) {
    if (afterPoint) {
      const d = UNITS[w];
      if (d === undefined || d > 9) return undefined;
      decimals += String(d);
      continue;
    }
    if (w in UNITS) {
      current += UNITS[w] as number;
      seen = true;
    } else if (w in TENS) {
      current += TENS[w] as number;
      seen = true;
    } else if (w === "hundred") {
      current = (current || 1) * 100;
      seen = true;
    } else if (w === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
      seen = true;
    } else if (w === "point" && seen) afterPoint = true;
    else if (w === "a" || w === "and") continue;
    else return undefined;
  }
  if (!seen) return undefined;
  const n = total + current;
  return decimals ? Number(`${n}.${decimals}`) : n;
}

/** Spelled-out numbers as digits ("twenty milligrams" → "20 milligrams"), leaving "a"/"and" alone. */
export function digits(text: string): string {
  return text.replace(NUMBER_WORD, (match) => {
    const words = match.split(/[ -]/);
    // Keep a leading article or conjunction outside the number ("a day", "and twenty").
    let lead = "";
    while (words.length > 0 && (words[0] === "a" || words[0] === "and")) lead += `${words.shift()} `;
    let tail = "";
    while (words.length > 0 && (words[words.length - 1] === "a" || words[words.length - 1] === "and"))
      tail = ` ${words.pop()}${tail}`;
    if (words.length === 0) return match;
    // "three four times a day" is two numbers, "twenty five" one: a unit right after a unit, or
    // a tens word right after a unit or tens word, starts the next number.
    const groups: string[][] = [];
    for (const w of words) {
      const prev = groups[groups.length - 1]?.at(-1);
      const next =
        prev === undefined || (w in UNITS && prev in UNITS) || (w in TENS && (prev in UNITS || prev in TENS));
      if (next) groups.push([w]);
      else groups[groups.length - 1]?.push(w);
    }
    const numbers = groups.map(wordsToNumber);
    return numbers.some((n) => n === undefined) ? match : `${lead}${numbers.join(" ")}${tail}`;
  });
}

/** Lower case, one kind of apostrophe, hyphens and punctuation as spaces, numbers as digits. */
export function normalize(text: string): string {
  return digits(
    text
      .toLowerCase()
      .replace(/[’‘`]/g, "'")
      // ACI-Bench tokenises "doesn't" as "does n't".
      .replace(/\s+n't\b/g, "n't")
      .replace(/(\d),(\d{3})\b/g, "$1$2")
      .replace(/(\d)\s*[-–]\s*(\d)/g, "$1 to $2")
      .replace(/[^a-z0-9'.%/]+/g, " ")
      .replace(/(?<!\d)\.|\.(?!\d)/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether `text` names `term`: whole words, a plural "s"/"es" allowed; a term ending in "*" is a
 * prefix ("hematolog*" finds "hematologist").
 */
export function mentions(text: string, termText: string): boolean {
  const prefix = termText.endsWith("*");
  const t = normalize(prefix ? termText.slice(0, -1) : termText);
  if (!t) return false;
  const re = new RegExp(`(?:^|[^a-z0-9])${escape(t)}${prefix ? "" : "(?:s|es)?(?![a-z0-9])"}`);
  return re.test(normalize(text));
}

export function mentionsAny(text: string, terms: readonly string[]): boolean {
  return terms.some((t) => mentions(text, t));
}

/** Every any-of group has a term in `text`. */
export function matchesGroups(text: string, groups: readonly (readonly string[])[]): boolean {
  return groups.every((g) => mentionsAny(text, g));
}

const NEGATED =
  /\b(?:no|not|without|denies|denied|negative for|ruled out|rule out|r\/o|unlikely)\s+(?:\S+\s+){0,3}$/;

/** `terms` named in `text` in an affirmed way ("no osteomyelitis" and "rule out X" do not count). */
export function assertsAny(text: string, terms: readonly string[]): boolean {
  const norm = normalize(text);
  return terms.some((t) => {
    const prefix = t.endsWith("*");
    const n = normalize(prefix ? t.slice(0, -1) : t);
    if (!n) return false;
    const re = new RegExp(`(?:^|[^a-z0-9])(${escape(n)})${prefix ? "" : "(?:s|es)?(?![a-z0-9])"}`, "g");
    for (const m of norm.matchAll(re)) {
      const before = norm.slice(0, (m.index ?? 0) + m[0].length - (m[1]?.length ?? 0));
      if (!NEGATED.test(before)) return true;
    }
    return false;
  });
}

const UNIT: [RegExp, string][] = [
  [/^(?:mg|mgs|milligrams?|milligram)$/, "mg"],
  [/^(?:mcg|mcgs|micrograms?|ug)$/, "mcg"],
  [/^(?:g|grams?)$/, "g"],
  [/^(?:ml|mls|milliliters?|millilitres?|cc)$/, "ml"],
  [/^(?:units?|iu)$/, "unit"],
  [/^(?:tablets?|tabs?|pills?|capsules?|caps?)$/, "tablet"],
  [/^(?:puffs?|sprays?)$/, "puff"],
  [/^(?:%|percent)$/, "%"],
  [/^(?:gy|gray)$/, "gy"],
];

/** The amounts in a dose, as "20 mg" tokens ("twenty milligrams" → ["20 mg"]). */
export function doseTokens(text: string): string[] {
  // "2 . 5": the scribe's full stop for a spoken decimal point.
  const words = normalize(text.replace(/(\d)\s+\.\s+(?=\d)/g, "$1."))
    .replace(/(\d)(mg|mcg|ml|g|%)(?=\s|$)/g, "$1 $2")
    .split(" ");
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    if (!/^\d+(?:\.\d+)?$/.test(w)) continue;
    const next = words[i + 1] ?? "";
    const unit = UNIT.find(([re]) => re.test(next))?.[1];
    out.push(unit ? `${Number(w)} ${unit}` : String(Number(w)));
  }
  return out;
}

/** Gold dose found in the engine's dose: every amount of the gold (with its unit when the gold has one). */
export function doseMatches(gold: string, engine: string): boolean {
  const want = doseTokens(gold);
  const have = doseTokens(engine);
  if (want.length === 0) return normalize(engine).includes(normalize(gold));
  return want.every((w) => have.some((h) => h === w || (!w.includes(" ") && h.split(" ")[0] === w)));
}

/** A schedule as codes: "twice a day" and "b.i.d." → "2/d"; "every 6 to 8 hours" → "q6-8h". */
export function frequencyCodes(text: string): Set<string> {
  const t = ` ${normalize(text).replace(/\bq\s*(\d)/g, "q$1")} `;
  const codes = new Set<string>();
  const perDay = (n: number) => codes.add(`${n}/d`);
  const times: Record<string, number> = { once: 1, twice: 2, thrice: 3 };
  const hours = /\b(?:every|q)\s*(\d+)(?:\s*(?:to|-|or|\/)\s*(\d+))?\s*(?:h|hr|hrs|hours?)\b/g;
  for (const m of t.matchAll(hours)) codes.add(m[2] ? `q${m[1]}-${m[2]}h` : `q${m[1]}h`);
  // "3 to 4 times a day" is its own schedule, not "4 times a day".
  const range = /\b(\d+) (?:to|or) (\d+) times? (?:(?:a|per|each|every) day|daily)\b/g;
  for (const m of t.matchAll(range)) codes.add(`${m[1]}-${m[2]}/d`);
  for (const m of t
    .replace(range, " ")
    .matchAll(
      /\b(once|twice|thrice|\d+) (?:times? )?(?:a|per|each|every) day\b|\b(once|twice|thrice|\d+) (?:times? )?daily\b/g,
    )) {
    const w = m[1] ?? m[2] ?? "";
    perDay(times[w] ?? Number(w));
  }
  if (/\b(?:bid|b i d|twice|morning and (?:night|evening)|am and pm)\b/.test(t) && !codes.size) perDay(2);
  if (/\b(?:tid|t i d)\b/.test(t)) perDay(3);
  if (/\b(?:qid|q i d)\b/.test(t)) perDay(4);
  const weekly = /\b(?:weekly|once a week|every week|a week|per week)\b/.test(t);
  if (
    !codes.size &&
    !weekly &&
    /\b(?:daily|a day|per day|every day|each day|qd|q d|once|every morning|in the mornings?|nightly|at night|at bedtime|qhs|every night|every evening)\b/.test(
      t,
    )
  )
    perDay(1);
  if (weekly) codes.add("1/w");
  if (/\bevery other day\b/.test(t)) codes.add("q48h");
  if (/\b(?:as needed|prn|when needed|if needed)\b/.test(t)) codes.add("prn");
  return codes;
}

/** Gold schedule equals the engine's: the same codes, "as needed" aside. */
export function frequencyMatches(gold: string, engine: string): boolean {
  const core = (s: Set<string>) =>
    [...s]
      .filter((c) => c !== "prn")
      .sort()
      .join(",");
  const gold_ = frequencyCodes(gold);
  const want = core(gold_);
  // "As needed" alone: any way of saying it ("PRN") matches.
  if (!want && gold_.has("prn")) return frequencyCodes(engine).has("prn");
  if (!want) return normalize(engine).includes(normalize(gold));
  return want === core(frequencyCodes(engine));
}

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

// ---------------------------------------------------------------------------------------------
// Scoring one visit
// ---------------------------------------------------------------------------------------------

export type MedicineVerdict = "right" | "wrong" | "missed" | "absent-optional";

export interface VisitScore {
  id: string;
  /** Null when the gold has no reason for this visit. */
  reasonRight: boolean | null;
  reasonText: string;
  medicines: { drug: string; verdict: MedicineVerdict; problems: string[]; engine?: string }[];
  extraMedicines: string[];
  inventedDenied: string[];
  inventedUnsupported: string[];
  diagnosesFound: number;
  diagnosesRequired: number;
  /** Required gold diagnoses that no assessment finding names. */
  diagnosesMissed: string[];
  planFound: number;
  planTotal: number;
  planMissed: string[];
  orderedAgain: string[];
  warningFound: number;
  warningTotal: number;
}

function medicineNames(f: Finding): string {
  return [f.text, f.term ?? "", f.details.saidAs ?? ""].join(" ; ");
}

function judgeMedicine(gold: GoldVisit["medicines"][number], f: Finding): string[] {
  const problems: string[] = [];
  const statuses = [gold.status, ...(gold.altStatuses ?? [])];
  if (!f.details.status || !statuses.includes(f.details.status))
    problems.push(`status ${f.details.status ?? "none"} (want ${statuses.join("/")})`);
  // The structured field when the engine filled it; otherwise what its text says.
  const dose = f.details.dose ?? f.text;
  if (gold.dose !== null && !list(gold.dose).some((d) => doseMatches(d, dose)))
    problems.push(`dose "${f.details.dose ?? "none"}" (want ${list(gold.dose).join(" or ")})`);
  const frequency = f.details.frequency ?? f.text;
  if (gold.frequency !== null && !list(gold.frequency).some((q) => frequencyMatches(q, frequency)))
    problems.push(`frequency "${f.details.frequency ?? "none"}" (want ${list(gold.frequency).join(" or ")})`);
  return problems;
}

export function scoreVisit(gold: GoldVisit, findings: readonly Finding[]): VisitScore {
  const of = (...kinds: Finding["kind"][]) => findings.filter((f) => kinds.includes(f.kind));

  const reasonText = of("chief_concern")
    .map((f) => f.text)
    .join(" | ");
  const reasonRight =
    gold.reasonKeywords.length === 0
      ? null
      : reasonText !== "" && matchesGroups(reasonText, gold.reasonKeywords);

  const meds = of("medication");
  const used = new Set<Finding>();
  const medicines: VisitScore["medicines"] = gold.medicines.map((g) => {
    const names = [g.drug, ...g.synonyms];
    const candidates = meds.filter((f) => mentionsAny(medicineNames(f), names));
    candidates.forEach((f) => used.add(f));
    if (candidates.length === 0)
      return { drug: g.drug, verdict: g.optional ? "absent-optional" : "missed", problems: [] };
    // The engine's best statement of this drug is the one judged (a duplicate is not an error).
    const judged = candidates
      .map((f) => ({ f, problems: judgeMedicine(g, f) }))
      .sort((a, b) => a.problems.length - b.problems.length)[0] as { f: Finding; problems: string[] };
    return {
      drug: g.drug,
      verdict: judged.problems.length === 0 ? "right" : "wrong",
      problems: judged.problems,
      engine: judged.f.text,
    };
  });
  const extraMedicines = meds.filter((f) => !used.has(f)).map((f) => f.text);

  const inventedDenied: string[] = [];
  const inventedUnsupported: string[] = [];
  const goldNames = gold.diagnoses.flatMap((d) => [d.name, ...d.synonyms]);
  for (const f of of("assessment")) {
    if (assertsAny(f.text, gold.notDiagnoses)) inventedDenied.push(f.text);
    else if (!mentionsAny(f.text, goldNames)) inventedUnsupported.push(f.text);
  }
  const required = gold.diagnoses.filter((d) => !d.optional);
  const diagnosesMissed = required
    .filter((d) => !of("assessment").some((f) => mentionsAny(f.text, [d.name, ...d.synonyms])))
    .map((d) => d.name);
  const diagnosesFound = required.length - diagnosesMissed.length;

  const planTexts = of("plan", "follow_up").map((f) => `${f.text} ${f.details.when ?? ""}`);
  const planMissed = gold.plan
    .filter((p) => !planTexts.some((t) => matchesGroups(t, p.keywords)))
    .map((p) => p.text);
  const orderedAgain = gold.alreadyDone
    .filter((d) => of("plan").some((f) => matchesGroups(f.text, d.keywords)))
    .map((d) => d.text);

  const warnings = of("warning_sign").map((f) => f.text);
  const warningFound = gold.warningSigns.filter((w) => warnings.some((t) => mentionsAny(t, list(w)))).length;

  return {
    id: gold.id,
    reasonRight,
    reasonText,
    medicines,
    extraMedicines,
    inventedDenied,
    inventedUnsupported,
    diagnosesFound,
    diagnosesRequired: required.length,
    diagnosesMissed,
    planFound: gold.plan.length - planMissed.length,
    planTotal: gold.plan.length,
    planMissed,
    orderedAgain,
    warningFound,
    warningTotal: gold.warningSigns.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Totals
// ---------------------------------------------------------------------------------------------

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((a / b) * 1000) / 1000;
}

export function totals(scores: readonly VisitScore[]) {
  const meds = scores.flatMap((s) => s.medicines);
  const count = (v: MedicineVerdict) => meds.filter((m) => m.verdict === v).length;
  const right = count("right");
  const wrong = count("wrong");
  const missed = count("missed");
  const sum = (pick: (s: VisitScore) => number) => scores.reduce((n, s) => n + pick(s), 0);
  return {
    visits: scores.length,
    reason: {
      right: scores.filter((s) => s.reasonRight === true).length,
      scored: scores.filter((s) => s.reasonRight !== null).length,
      share: ratio(
        scores.filter((s) => s.reasonRight === true).length,
        scores.filter((s) => s.reasonRight !== null).length,
      ),
    },
    medicines: {
      gold: right + wrong + missed,
      right,
      wrong,
      missed,
      extra: sum((s) => s.extraMedicines.length),
      optionalAbsent: count("absent-optional"),
      fullyRightShare: ratio(right, right + wrong + missed),
      wrongStatus: meds.filter((m) => m.problems.some((p) => p.startsWith("status"))).length,
      wrongDose: meds.filter((m) => m.problems.some((p) => p.startsWith("dose"))).length,
      wrongFrequency: meds.filter((m) => m.problems.some((p) => p.startsWith("frequency"))).length,
    },
    diagnoses: {
      inventedFromDenialOrTalk: sum((s) => s.inventedDenied.length),
      matchingNoGoldDiagnosis: sum((s) => s.inventedUnsupported.length),
      visitsWithAnInvented: scores.filter((s) => s.inventedDenied.length + s.inventedUnsupported.length > 0)
        .length,
      recall: ratio(
        sum((s) => s.diagnosesFound),
        sum((s) => s.diagnosesRequired),
      ),
    },
    plan: {
      found: sum((s) => s.planFound),
      total: sum((s) => s.planTotal),
      recall: ratio(
        sum((s) => s.planFound),
        sum((s) => s.planTotal),
      ),
      alreadyDoneOrderedAgain: sum((s) => s.orderedAgain.length),
    },
    warningSigns: {
      found: sum((s) => s.warningFound),
      total: sum((s) => s.warningTotal),
      recall: ratio(
        sum((s) => s.warningFound),
        sum((s) => s.warningTotal),
      ),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Running the engine on the gold set's dialogues
// ---------------------------------------------------------------------------------------------

export function loadGold(name: string): GoldFile {
  return goldFileSchema.parse(JSON.parse(readFileSync(new URL(name, GOLD_DIR), "utf8")));
}

export interface GoldSource {
  name: string;
  file: string;
  dialogues: (dataDir: string, ids: Set<string>) => Promise<Map<string, EvalDialogue>>;
}

const csvDialogues =
  (csv: string, idColumn: string) =>
  async (dataDir: string, ids: Set<string>): Promise<Map<string, EvalDialogue>> => {
    const out = new Map<string, EvalDialogue>();
    for (const r of parseCsv(await readFile(path.join(dataDir, csv), "utf8"))) {
      const id = r[idColumn] ?? "";
      if (ids.has(id)) out.set(id, { id, turns: dialogueTurns(r.dialogue ?? "") });
    }
    return out;
  };

/** The validation gold (scored by default) and the training gold (`--split train`, for tuning). */
export const GOLD_SPLITS: Record<"valid" | "train", GoldSource[]> = {
  valid: [
    {
      name: "aci-valid",
      file: "aci-valid.json",
      dialogues: csvDialogues("aci-bench/valid.csv", "encounter_id"),
    },
    {
      name: "primock57",
      file: "primock57.json",
      dialogues: (dataDir, ids) => {
        const dir = path.join(dataDir, "primock57");
        const known = new Set(primockIds(dir));
        return Promise.resolve(
          new Map([...ids].filter((id) => known.has(id)).map((id) => [id, readPrimock(dir, id)] as const)),
        );
      },
    },
    { name: "mts-valid", file: "mts-valid.json", dialogues: csvDialogues("mts-dialog/valid.csv", "ID") },
  ],
  train: [
    {
      name: "aci-train",
      file: "train/aci-train.json",
      dialogues: csvDialogues("aci-bench/train.csv", "encounter_id"),
    },
    {
      name: "mts-train",
      file: "train/mts-train.json",
      dialogues: csvDialogues("mts-dialog/train.csv", "ID"),
    },
  ],
};
const splitSchema = z.enum(["valid", "train"]);

/** The built-in engine, keeping each dialogue's full findings (the eval output drops the details). */
function recording(engine: FindingsEngine, seen: Map<string, FindingsResult>): FindingsEngine {
  return {
    ...engine,
    extract: async (transcript) => {
      const result = await engine.extract(transcript);
      const id = transcript[0]?.id.replace(/#\d+$/, "");
      if (id !== undefined) seen.set(id, result);
      return result;
    },
  };
}

async function scoreSource(
  dataDir: string,
  source: GoldSource,
  half?: Half,
): Promise<VisitScore[] | undefined> {
  let gold: GoldFile;
  try {
    gold = loadGold(source.file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  if (half) gold = { ...gold, visits: gold.visits.filter((v) => trainHalf(v.id) === half) };
  const dialogues = await source.dialogues(dataDir, new Set(gold.visits.map((v) => v.id)));
  const missing = gold.visits.filter((v) => !dialogues.has(v.id)).map((v) => v.id);
  if (missing.length > 0) throw new Error(`${source.name}: no dialogue for ${missing.join(", ")}`);
  const key = (id: string) => `${source.name}:${id}`;
  const jsonl = gold.visits.map((v) => JSON.stringify({ ...dialogues.get(v.id), id: key(v.id) })).join("\n");
  const seen = new Map<string, FindingsResult>();
  await runDialogues(parseDialogues(jsonl), recording(createBuiltinEngine(), seen));
  return gold.visits.map((v) => scoreVisit(v, seen.get(key(v.id))?.findings ?? []));
}

const pct = (x: number | null) => (x === null ? "  –  " : `${(x * 100).toFixed(0).padStart(3)} %`);

function table(name: string, scores: VisitScore[], verbose: boolean): string {
  const rows = [
    `${name}`,
    `${"visit".padEnd(20)} reason  meds R/W/M/+extra  invented(denied/unsupported)  plan   again  warn`,
  ];
  for (const s of scores) {
    const c = (v: MedicineVerdict) => s.medicines.filter((m) => m.verdict === v).length;
    rows.push(
      [
        s.id.padEnd(20),
        (s.reasonRight === null ? "–" : s.reasonRight ? "yes" : "no").padEnd(7),
        `${c("right")}/${c("wrong")}/${c("missed")}/+${s.extraMedicines.length}`.padEnd(18),
        `${s.inventedDenied.length}/${s.inventedUnsupported.length}`.padEnd(29),
        `${s.planFound}/${s.planTotal}`.padEnd(6),
        String(s.orderedAgain.length).padEnd(6),
        `${s.warningFound}/${s.warningTotal}`,
      ].join(" "),
    );
    if (verbose) {
      rows.push(`    reason: ${s.reasonText || "(none)"}`);
      for (const m of s.medicines.filter((x) => x.verdict === "wrong" || x.verdict === "missed"))
        rows.push(`    ${m.verdict} ${m.drug}${m.engine ? ` ← "${m.engine}"` : ""} ${m.problems.join("; ")}`);
      for (const e of s.extraMedicines) rows.push(`    extra medicine: ${e}`);
      for (const d of s.inventedDenied) rows.push(`    invented (denied/talk): ${d}`);
      for (const d of s.inventedUnsupported) rows.push(`    assessment matching no gold diagnosis: ${d}`);
      for (const d of s.diagnosesMissed) rows.push(`    diagnosis missed: ${d}`);
      for (const p of s.planMissed) rows.push(`    plan missed: ${p}`);
      for (const a of s.orderedAgain) rows.push(`    already done, ordered again: ${a}`);
    }
  }
  const t = totals(scores);
  rows.push(
    `  total: reason ${pct(t.reason.share)}; medicines fully right ${pct(t.medicines.fullyRightShare)} (${t.medicines.right} right, ${t.medicines.wrong} wrong, ${t.medicines.missed} missed, ${t.medicines.extra} extra); diagnosis recall ${pct(t.diagnoses.recall)}; invented diagnoses ${t.diagnoses.inventedFromDenialOrTalk} from denials/talk, ${t.diagnoses.matchingNoGoldDiagnosis} matching no gold diagnosis; plan recall ${pct(t.plan.recall)}, ${t.plan.alreadyDoneOrderedAgain} already done ordered again; warning signs ${pct(t.warningSigns.recall)}`,
    "",
  );
  return rows.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      verbose: { type: "boolean" },
      split: { type: "string", default: "valid" },
      half: { type: "string" },
    },
  });
  const half = parseHalf(values.half);
  if (half.error) {
    console.error(half.error);
    process.exitCode = 2;
    return;
  }
  const split = splitSchema.safeParse(values.split);
  if (!split.success) {
    console.error(`--split must be valid or train, not "${values.split}"`);
    process.exitCode = 2;
    return;
  }
  const dataDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.data ?? path.join(REPO, "../shared/data"),
  );
  const bySource: Record<string, ReturnType<typeof totals>> = {};
  const all: VisitScore[] = [];
  for (const source of GOLD_SPLITS[split.data]) {
    const scores = await scoreSource(dataDir, source, half.half);
    if (!scores) continue;
    console.log(table(source.name, scores, values.verbose ?? false));
    bySource[source.name] = totals(scores);
    all.push(...scores);
  }
  console.log(
    JSON.stringify({
      engine: "builtin",
      split: split.data,
      half: half.half ?? "both",
      sources: bySource,
      total: totals(all),
    }),
  );
}

// Run only as a script, so tests can import the matchers without scoring.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
