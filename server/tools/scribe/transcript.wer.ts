/**
 * Word error rate for evaluating speech-to-text, with the normalisation stated once so every
 * report means the same thing: lower-case; sentence markers (<s>, </s>) and
 * bracketed/angled tags (<UNSURE>, [NOISE]) dropped; anything but letters, digits and
 * apostrophes becomes a space; a few title abbreviations are spelled out (reference texts
 * write "mister", recognisers "mr"). Numbers are not converted between digits and words.
 */
export function normaliseForWer(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/<\/?[a-z_]+\/?>|\[[a-z_]+\]/g, " ")
    .replace(/[^a-z0-9']+/g, " ")
    .replace(/(^|\s)'+|'+(?=\s|$)/g, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => ABBREVIATIONS[w] ?? w);
}

const ABBREVIATIONS: Record<string, string> = { mr: "mister", mrs: "missus", dr: "doctor", st: "saint" };

export interface WerCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Words in the reference. */
  referenceWords: number;
}

/** Levenshtein alignment over words; ties prefer substitutions so counts are stable. */
export function werCounts(reference: string[], hypothesis: string[]): WerCounts {
  const n = reference.length;
  const m = hypothesis.length;
  // cost[j] and the operation counts that achieved it, one row at a time.
  type Cell = { cost: number; s: number; d: number; i: number };
  let previous: Cell[] = Array.from({ length: m + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let r = 1; r <= n; r++) {
    const row: Cell[] = [{ cost: r, s: 0, d: r, i: 0 }];
    for (let j = 1; j <= m; j++) {
      const diag = previous[j - 1] as Cell;
      const up = previous[j] as Cell;
      const left = row[j - 1] as Cell;
      const same = reference[r - 1] === hypothesis[j - 1];
      const candidates: Cell[] = [
        { cost: diag.cost + (same ? 0 : 1), s: diag.s + (same ? 0 : 1), d: diag.d, i: diag.i },
        { cost: up.cost + 1, s: up.s, d: up.d + 1, i: up.i },
        { cost: left.cost + 1, s: left.s, d: left.d, i: left.i + 1 },
      ];
      row.push(candidates.reduce((best, c) => (c.cost < best.cost ? c : best)));
    }
    previous = row;
  }
  const last = previous[m] as Cell;
  return { substitutions: last.s, deletions: last.d, insertions: last.i, referenceWords: n };
}

/** (S + D + I) / N over the normalised words; 0 for two empty texts. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const c = werCounts(normaliseForWer(reference), normaliseForWer(hypothesis));
  const errors = c.substitutions + c.deletions + c.insertions;
  if (c.referenceWords === 0) return errors === 0 ? 0 : 1;
  return errors / c.referenceWords;
}
