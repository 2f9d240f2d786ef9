export interface TextGridInterval {
  /** Seconds, as written by Praat. */
  xmin: number;
  xmax: number;
  text: string;
}

export interface TextGridTier {
  name: string;
  intervals: TextGridInterval[];
}

const TIER = /item \[\d+\]:\s*class = "IntervalTier"\s*name = "((?:[^"]|"")*)"/g;
const INTERVAL = /intervals \[\d+\]:\s*xmin = ([-+\d.eE]+)\s*xmax = ([-+\d.eE]+)\s*text = "((?:[^"]|"")*)"/g;

/**
 * Interval tiers of a Praat TextGrid in the long ("ooTextFile") text format, which PriMock57
 * uses. Point tiers and the short format are refused rather than misread. Praat doubles a quote
 * inside a string, and a string may span lines.
 */
export function parseTextGrid(source: string): TextGridTier[] {
  if (!/File type = "ooTextFile"/.test(source) || !/Object class = "TextGrid"/.test(source)) {
    throw new Error("not a long-format Praat TextGrid");
  }
  if (/class = "TextTier"/.test(source)) throw new Error("point tiers are not supported");
  const starts = [...source.matchAll(TIER)];
  return starts.map((tier, i) => {
    const body = source.slice((tier.index ?? 0) + tier[0].length, starts[i + 1]?.index ?? source.length);
    const intervals = [...body.matchAll(INTERVAL)].map((m) => {
      const xmin = Number(m[1]);
      const xmax = Number(m[2]);
      if (!Number.isFinite(xmin) || !Number.isFinite(xmax) || xmax < xmin) {
        throw new Error(`bad interval times ${m[1]}–${m[2]} in tier "${tier[1]}"`);
      }
      return { xmin, xmax, text: (m[3] ?? "").replaceAll('""', '"') };
    });
    return { name: (tier[1] ?? "").replaceAll('""', '"'), intervals };
  });
}
