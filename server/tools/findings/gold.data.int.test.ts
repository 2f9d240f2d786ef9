import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dialogueTurns, parseCsv } from "./findings.evaluate.js";
import {
  doseTokens,
  frequencyCodes,
  loadGold,
  mentionsAny,
  normalize,
  type GoldVisit,
} from "./gold.score.js";
import { numbersSaid } from "../../src/findings/verifier.js";
import { readPrimock } from "./primock57.reader.js";

/** The team's public data sits beside the repository, never inside it; BEDSIDE_DATA_DIR names it elsewhere. */
const DATA =
  process.env.BEDSIDE_DATA_DIR ??
  path.resolve(fileURLToPath(new URL("../../../", import.meta.url)), "../shared/data");

function csvTexts(file: string, idColumn: string): Map<string, string> {
  const csv = path.join(DATA, file);
  if (!existsSync(csv)) throw new Error(`${file} not found under ${DATA}`);
  return new Map(
    parseCsv(readFileSync(csv, "utf8")).map((r) => [
      r[idColumn] ?? "",
      dialogueTurns(r.dialogue ?? "")
        .map((t) => t.text)
        .join("\n"),
    ]),
  );
}

/**
 * What an annotator can get wrong by hand and a script can catch: a drug, dose, plan item or
 * schedule that is not in the dialogue at all (a typo, a visit mixed up with another).
 */
function problems(v: GoldVisit, text: string): string[] {
  const out: string[] = [];
  const norm = normalize(text);
  const said = numbersSaid(text);
  const list = (x: string | string[] | null) => (x === null ? [] : Array.isArray(x) ? x : [x]);
  for (const m of v.medicines) {
    // An optional drug may be named too faintly to transcribe ("it begins with an M").
    if (!m.optional && !mentionsAny(text, [m.drug, ...m.synonyms])) out.push(`drug ${m.drug} not named`);
    // One dose of several accepted ones is enough (a garbled "three hundred, twenty… 25").
    const doses = list(m.dose);
    if (
      doses.length > 0 &&
      !doses.some((d) =>
        doseTokens(d).every((t) => {
          const n = t.split(" ")[0] ?? "";
          // "twelve . five" (12.5) is "12 5" once punctuation is gone: the engine's reading of numbers.
          return norm.includes(n) || said.has(Number(n));
        }),
      )
    )
      out.push(`${m.drug}: dose ${doses.join("/")} not said`);
    for (const q of list(m.frequency))
      if (frequencyCodes(q).size === 0) out.push(`${m.drug}: schedule "${q}" unreadable`);
  }
  for (const p of [...v.plan, ...v.alreadyDone])
    if (!p.keywords.every((g) => mentionsAny(text, g))) out.push(`"${p.text}": keywords not in the dialogue`);
  for (const w of v.warningSigns)
    if (!mentionsAny(text, list(w))) out.push(`warning sign ${list(w)[0]} not said`);
  if ((v.reason === null) !== (v.reasonKeywords.length === 0)) out.push("reason and reasonKeywords disagree");
  return out;
}

function check(found: string[], file: string, textOf: (id: string) => string | undefined): void {
  for (const v of loadGold(file).visits) {
    const text = textOf(v.id);
    if (text === undefined) found.push(`${file} ${v.id}: no dialogue`);
    else found.push(...problems(v, text).map((p) => `${file} ${v.id}: ${p}`));
  }
}

describe("the gold set against its dialogues", () => {
  it("names only drugs, doses, plan items and warning signs that were said (validation)", () => {
    const aci = csvTexts("aci-bench/valid.csv", "encounter_id");
    const mts = csvTexts("mts-dialog/valid.csv", "ID");
    const found: string[] = [];
    check(found, "aci-valid.json", (id) => aci.get(id));
    check(found, "mts-valid.json", (id) => mts.get(id));
    check(found, "primock57.json", (id) =>
      readPrimock(path.join(DATA, "primock57"), id)
        .turns.map((t) => t.text)
        .join("\n"),
    );
    expect(found).toEqual([]);
  });

  it("names only drugs, doses, plan items and warning signs that were said (training)", () => {
    const aci = csvTexts("aci-bench/train.csv", "encounter_id");
    const mts = csvTexts("mts-dialog/train.csv", "ID");
    const found: string[] = [];
    check(found, "train/aci-train.json", (id) => aci.get(id));
    check(found, "train/mts-train.json", (id) => mts.get(id));
    expect(found).toEqual([]);
  });
});
