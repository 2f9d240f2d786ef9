// What the scribe's benches share: the nearest-rank percentile they report, and a logger that
// keeps only errors (the services' info and warnings would bury the bench's own lines).

/** The nearest-rank p-th percentile of `xs` (NaN when empty). */
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

export const quiet = {
  info() {},
  warn() {},
  error(o: object, m: string) {
    console.error(m, o);
  },
};
