// Issue 25: over every ACI-Bench encounter and MTS-Dialog dialogue of train and valid, the
// built-in note pastes no run of eight transcript words, keeps no disfluency or dictation
// command or fragment a clinician could not sign, and is rarely empty (pnpm note:check prints the same counts with examples). Skipped,
// saying why, when the data folder is absent; CI has ../shared/data (BEDSIDE_DATA_DIR names another).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkSplit, loadCheckCases } from "./note.check.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const DATA = process.env.BEDSIDE_DATA_DIR ?? path.join(REPO, "..", "shared", "data");
const present = existsSync(path.join(DATA, "aci-bench")) && existsSync(path.join(DATA, "mts-dialog"));
if (!present) console.warn(`note.check.int.test: skipped, no data folder at ${DATA} (set BEDSIDE_DATA_DIR)`);

describe.skipIf(!present)("the note on every train and valid dialogue", () => {
  for (const split of ["train", "valid"]) {
    it(
      `${split}: nothing pasted, no filler, no dictation command, rarely empty`,
      { timeout: 120_000 },
      async () => {
        const result = await checkSplit(await loadCheckCases(DATA, split), 5);
        expect(result.notes).toBeGreaterThan(100);
        expect(result.examples.copied).toEqual([]);
        expect(result.sentencesWithCopiedSpan).toBe(0);
        expect(result.examples.disfluency).toEqual([]);
        expect(result.examples.dictation).toEqual([]);
        // Every sentence reads as a clinical sentence in the third person (note.check malformed).
        expect(result.examples.malformed).toEqual([]);
        expect(result.malformedSentences).toBe(0);
        // Before issue 25 half the notes were empty; what is left is small talk the note cannot chart.
        expect(result.emptyNotes / result.notes).toBeLessThan(0.2);
        expect(result.exam.withSection).toBeGreaterThan(0);
        expect(result.results.withSection).toBeGreaterThan(0);
      },
    );
  }
});
