// What the clinician said a result means, read beside its value: "your a1c was slightly elevated at
// 6.8", "your tsh came back low at 0.2", "potassium 5.9, which is high". The direction words are data
// (RESULT_DIRECTIONS) with the degree said ("slightly", "very"); a reference range ("normal is under
// 5.7", "the normal range is…") and a target ("should be under 7") are no direction of the patient's.
// Shared by the findings' readings (a measurement's text keeps the direction) and any caller that
// has a result's test and value positions in a sentence.

export interface ResultDirectionRule {
  /** As the chart writes it. */
  direction: "high" | "low" | "normal" | "borderline" | "abnormal";
  re: RegExp;
}

export const RESULT_DIRECTIONS: readonly ResultDirectionRule[] = [
  // "at the high end of normal" is normal, not high.
  {
    direction: "normal",
    re: /\b(?:high|upper|low|lower)\s+(?:end|limit)\s+of\s+(?:the\s+)?normal(?:\s+range)?\b/i,
  },
  { direction: "borderline", re: /\bborderline(?:\s+(?:high|low|elevated))?\b/i },
  {
    direction: "high",
    re: /\b(?:elevated|high|raised|too\s+high|above\s+(?:normal|the\s+normal\s+range)|higher\s+than\s+(?:normal|we(?:'d|\s+would)\s+like|(?:it|they)\s+should\s+be|expected))\b/i,
  },
  {
    direction: "low",
    re: /\b(?:low|decreased|suppressed|too\s+low|below\s+(?:normal|the\s+normal\s+range)|deficient|lower\s+than\s+(?:normal|we(?:'d|\s+would)\s+like|(?:it|they)\s+should\s+be|expected))\b/i,
  },
  {
    direction: "normal",
    re: /\b(?:normal|within\s+normal\s+limits|(?:in|within)\s+(?:the\s+)?normal\s+range|unremarkable)\b/i,
  },
  { direction: "abnormal", re: /\babnormal\b/i },
];

/** The degree said before the direction word. */
const DEGREE =
  /\b(?:(slightly|a\s+little(?:\s+bit)?|a\s+(?:tiny\s+)?bit|mildly|somewhat)|(very|really|quite|significantly|markedly|extremely))\s+$/i;
/** A negation right before it: "not elevated". */
const NOT = /\b(?:not|n't|no\s+longer)\s+(?:\w+\s+)?$/i;
/** A reference range or a target, not the patient's: "normal is", "normal range is", "should be under". */
const RANGE_AFTER = /^\s*(?:is|would\s+be|range|ranges|values?|levels?\s+(?:is|are))\b/i;
/** "normal for someone your age" is the reference; "quite low for someone your age" is the patient's. */
const NORMAL_FOR = /^\s*for\s+(?:you|your\s+age|someone|somebody)\b/i;
const TARGET_BEFORE =
  /\b(?:should\s+be|goal|target|ideally|we\s+want|like\s+to\s+see|(?:less|more)\s+than|under|below|above)\s+(?:\w+\s+)?$/i;
/**
 * Where what is said of a result ends: a clause or another subject ("…, your free t4 was normal",
 * "and everything else was normal": that "normal" is not this test's).
 */
const STOP =
  /[.;?!]|\b(?:but|and\s+(?:your|the)|so\s+(?:we|i)|which\s+means|because|except|otherwise|everything|anything|all\s+(?:the|your|of)|the\s+rest|(?:your|her|his|their|my|our)\s+(?!(?:levels?|values?|numbers?|results?)\b)[a-z]+|the\s+(?!(?:low|high|upper|lower|normal)\b)[a-z]+\s+(?:was|is|were|are|came))\b/i;

/** The direction said of the result whose value spans [valueStart, valueEnd), read from `nameStart`. */
export function resultDirection(
  text: string,
  nameStart: number,
  valueStart: number,
  valueEnd: number,
): string | undefined {
  // Between the name and the value ("a1c was slightly elevated at 6.8"), then a few words after the
  // value ("5.9, which is high"), never past a clause break.
  const tail = text.slice(valueEnd);
  const stop = STOP.exec(tail);
  const afterWindow = tail
    .slice(0, stop ? stop.index : tail.length)
    .split(/\s+/)
    .slice(0, 7)
    .join(" ");
  const windows = [
    { from: nameStart, text: text.slice(nameStart, valueStart) },
    { from: valueEnd, text: afterWindow },
  ];
  for (const w of windows) {
    for (const rule of RESULT_DIRECTIONS) {
      const m = rule.re.exec(w.text);
      if (!m) continue;
      const before = w.text.slice(0, m.index);
      const after = w.text.slice(m.index + m[0].length);
      if (RANGE_AFTER.test(after) || TARGET_BEFORE.test(before)) continue;
      if (rule.direction === "normal" && NORMAL_FOR.test(after)) continue;
      const degree = DEGREE.exec(before);
      const said = rule.direction === "borderline" ? m[0].toLowerCase().replace(/\s+/g, " ") : rule.direction;
      const word = degree ? `${degree[1] ? "slightly" : "very"} ${said}` : said;
      return NOT.test(before) ? `not ${word}` : word;
    }
  }
  return undefined;
}
