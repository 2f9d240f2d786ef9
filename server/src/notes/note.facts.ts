// The note's facts that are not findings (issue 25, session 12): results read out and what the
// patient said a medicine did. Each is parsed into fields — a test, its value and unit, the
// interpretation said; a medicine and whether it helped — and the note renders the fields with
// its own templates ("X-ray: no fracture, mild arthritis.", "Tried ibuprofen without relief."),
// so no clause of the transcript reaches the note. What does not fill a field is left out (the
// omissions list shows what was said).
import type { Finding, Transcript } from "@bedside/shared";
import {
  conditionMatcher,
  medicationMatcher,
  symptomMatcher,
  testMatcher,
} from "../findings/lexicon.matcher.js";
import { dictatedResults } from "../findings/result.extract.js";
import { resultDirection } from "../findings/result.parse.js";

/** Values read in labs that are not tests of the lexicon ("your ldl was 166"). */
const ANALYTE =
  /\b(?<!non-)(?:total cholesterol|cholesterol|ldl|hdl|triglycerides|creatinine|gfr|potassium|sodium|hemoglobin(?! a1c)|white (?:blood )?count|white blood cells?|platelets?|glucose|blood sugars?|tsh|vitamin d|b12|alkaline phosphatase|bun|a c e levels?|sed rate|ejection fraction|pumping function|psa|inr|troponin|bnp|ferritin|iron)\b/gi;

/** What was found, in the chart's words: a closed vocabulary, so only these can be charted. */
const FINDING_NOUN =
  "fractures?|dislocation|tears?|arthritis|osteoarthritis|narrowing|effusion|degeneration|stenosis|herniation|herniated disc|bulging disc|pneumonia|infiltrates?|nodules?|mass|masses|cysts?|stones?|blockages?|enlargement|cardiomegaly|fluid|infection|inflammation|swelling|bleeding|clots?|polyps?|lesions?|spurs?|bone spurs?|sprain|strain|tendinitis|tendonitis|bursitis|anemia|murmur|regurgitation|hypertrophy|ischemia|atelectasis|edema";
const INTERPRETATION = new RegExp(
  `\\b(?:no (?:evidence of |signs? of |acute )?(?:${FINDING_NOUN})|(?:(?:mild|moderate|severe|small|large|significant|slight|nondisplaced|displaced|avulsion|hairline|stress|compression|soft tissue) ){1,3}(?:${FINDING_NOUN})|(?:${FINDING_NOUN})|within normal limits|(?:(?:a little bit|a tiny bit|a little|a bit|slightly|mildly) )?(?:normal|unremarkable|abnormal|negative|positive|elevated|high|low|decreased|increased|stable|improved|worse))\\b`,
  "gi",
);
/** A reading told from before today: "in the past", "last time", "previously". */
const PAST_READING = /\b(?:in the past|last time|previously|used to|back then|years? ago|at that time)\b/;
/** An interpretation that says which way a value went: `resultDirection` decides it. */
const DIRECTION_WORD =
  /^(?:(?:a little bit|a tiny bit|a little|a bit|slightly|mildly) )?(?:normal|unremarkable|abnormal|elevated|high|low|decreased|within normal limits)$/;
/** A negation before an interpretation, with no "but" or clause break between them. */
const NEGATED =
  /(?:\bno|\bnot|n't|\bwithout|\bnegative for|\bnever)\b(?![^,.;]*\b(?:but|although|however|though)\b)[^,.;]{0,30}$/;
/** The interpretation as charted: "a tiny bit high" → "slightly high"; "not" kept, never lost. */
function charted(found: string, before: string): string {
  const t = found
    .replace(/\s+/g, " ")
    .replace(/^(?:a little bit|a tiny bit|a little|a bit|mildly) /, "slightly ");
  if (/^no /.test(t) || !NEGATED.test(before)) return t;
  return new RegExp(`^(?:${FINDING_NOUN})$`).test(t) ? `no ${t}` : `not ${t}`;
}
/** Exam or plan talk: a sentence that no longer reads the result shown before it. */
const OTHER_TALK =
  /\b(?:heart|lungs?|abdomen|belly|exam|examine|press|palpat\w*|listen|impression|assessment|diagnosis|plan|prescribe|medication|refer)\b/i;
/** What reads a test named or shown: "the x-ray showed …", "there's no fracture", "i see …". */
const READ_ON =
  /\b(?:show\w*|reveal\w*|demonstrat\w+|came back|was|were|is|are|may be|might be|there's|see|seeing|looks?|looked|appears?)\b|'s\b/i;
/** Talk of a test to come, or a condition: "if the mri shows …", "we'll get an x-ray". */
const NOT_YET =
  /\b(?:if|assuming|suppose|hopefully|hope|expect|whether|will|would|going to|gon na|want to|wanna|order|get|getting|need|needs|should|let's|we'll|schedule|check|repeat|recheck|hopefully|make sure)\b/i;
const QUESTION =
  /\?\s*$|^(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why)\b/i;
/** A value as charted: a number with its unit ("8.2", "150/90", "40 %"). */
const VALUE =
  /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d*\.?\d+(?:\/\d+)?)(?:\s*(%|percent|mg\/dl|milligrams per deciliter|units|mmol|nanograms))?(?![\w/])/i;

/** An exam manoeuvre named before "stress test" / "test": the exam's, not a result. */
const MANOEUVRE_BEFORE =
  /\b(?:valgus|varus|drawer|lachman|mcmurray'?s?|apley'?s?|thompson'?s?|spurling'?s?|phalen'?s?|tinel'?s?|finkelstein'?s?|hawkins'?|neer'?s?|faber|romberg|straight leg raise|empty can|lift[- ]off|belly[- ]press)\s+(?:and\s+\w+\s+)?$/;

/** A direction said before the analyte: "a low tsh", "an elevated creatinine", "a normal blood count". */
const READ_BEFORE =
  /\b(?:a|an|your|her|his|the)\s+(?:(slightly|mildly|a little|a bit)\s+)?(low|high|elevated|normal|decreased|increased|raised|abnormal)\s+(\w[\w ]*)/g;

/** What may follow an analyte read that way: the sentence going on, not a noun it qualifies. */
const READING_ENDS =
  /^(?:\s*$|\s*[,.;]|\s+(?:levels?|counts?|and|but|so|which|that|on|in|at|of|today|again|too|as well|this|from|for)\b)/;

/** Words that make the number after them a range or a goal, not the reading. */
const RANGE_BEFORE =
  /\b(?:normal(?:\s+range)?(?:\s+is|\s+being|\s+would\s+be|\s+for\s+\w+\s+is)|range|between|goal|target|should\s+be|ideally|less\s+than|we\s+(?:want|like)\s+(?:it|to\s+see\s+it))\b[^.;]*$/;

/** How far after the test its value and interpretation may be said, in words. */
const MAX_VALUE_WORDS = 8;
const MAX_WORDS = 14;
/** A panel named before the analyte it reports ("your labs showed an elevated alkaline phosphatase"). */
const PANEL = /^(?:blood work|lipid panel|metabolic panel|complete blood count|thyroid test)$/i;

export interface ResultFact {
  /** The test or analyte as charted ("X-ray", "Hemoglobin A1c", "LDL"). */
  test: string;
  value?: string;
  unit?: string;
  /** The interpretations said, in the chart's words ("no fracture", "elevated"). */
  interpretation: string[];
  segmentId: string;
  /** Other turns the same result was read in (merged by `mergedResults`). */
  alsoIn?: string[];
}

const LABEL: Record<string, string> = {
  "x-ray": "X-ray",
  mri: "MRI",
  "ct scan": "CT scan",
  ekg: "EKG",
  "hemoglobin a1c": "Hemoglobin A1c",
  "psa test": "PSA",
  "complete blood count": "CBC",
  ldl: "LDL",
  hdl: "HDL",
  tsh: "TSH",
  gfr: "GFR",
  psa: "PSA",
  inr: "INR",
  bnp: "BNP",
  b12: "B12",
  "vitamin d": "Vitamin D",
  bun: "BUN",
  "a c e level": "ACE level",
  "a c e levels": "ACE level",
};
const label = (t: string): string =>
  LABEL[t.toLowerCase()] ?? t.charAt(0).toUpperCase() + t.slice(1).toLowerCase();

/** Where a test looked, said before ("left wrist x-ray") or after it ("x-ray of your left wrist"). */
const REGION =
  "(?:(?:left|right) )?(?:chest|abdominal|abdomen|pelvic|wrist|hand|finger|knee|foot|ankle|shoulder|elbow|hip|spine|lumbar spine|cervical spine|back|neck|head|brain|kidneys?|renal|thyroid|femur|arm|leg)";
const REGION_BEFORE = new RegExp(`\\b(${REGION}) $`);
const REGION_AFTER = new RegExp(`^ of (?:the |your )?(${REGION})\\b`);

function withRegion(sentence: string, m: { term: string; start: number; end: number }): string {
  const before = REGION_BEFORE.exec(sentence.slice(0, m.start))?.[1];
  if (before) return `${label(before)} ${m.term.toLowerCase()}`;
  const after = REGION_AFTER.exec(sentence.slice(m.end))?.[1];
  return after ? `${label(m.term)} of ${after}` : label(m.term);
}

/** The subject of a reading verb: "your folate came back", "her magnesium level was". */
const SUBJECT_READ =
  /\b(?:your|her|his|their|the)\s+((?:[a-z][a-z0-9-]*\s+){0,2}?[a-z][a-z0-9-]*?)(\s+levels?)?\s+(?:came back|comes back|was|were|is|are)\b/;
/** Subjects that are no analyte, whatever is said of them. */
const NOT_ANALYTE =
  /\b(?:pain|breathing|heart|lungs?|blood pressure|pressure|weight|pulse|temperature|exam|result|results|labs?|lab work|blood work|bloodwork|work|test|tests|everything|rest|plan|problem|issue|number|numbers|range|goal|target|dose|medicine|medication|insurance|appointment|it|this|that)\b/;

/**
 * An analyte the lexicon lacks, read from the sentence's grammar: the noun before a reading verb,
 * when it is called a level ("your folate level was low") or a panel was just shown ("i have your
 * labs here. her folate came back low"). A symptom, condition or drug is never one.
 */
function subjectAnalyte(sentence: string, panelShown: boolean): { term: string; end: number } | undefined {
  const m = SUBJECT_READ.exec(sentence);
  const term = m?.[1];
  if (!m || !term || (!m[2] && !panelShown)) return undefined;
  if (
    NOT_ANALYTE.test(term) ||
    symptomMatcher.find(term).length > 0 ||
    conditionMatcher.find(term).length > 0
  )
    return undefined;
  if (medicationMatcher.find(term).length > 0) return undefined;
  return { term, end: m.index + m[0].length };
}

const MOSTLY = /\b(?:for the most part|mostly|largely|mainly|except|apart from|other than)\b/;

/** Sentences of a turn; a tag question at the end (", okay?") does not make a statement a question. */
const sentencesOf = (text: string): string[] =>
  text
    .replace(/\s+([,.?!;])(?=\s|$)/g, "$1")
    .replace(/,\s*(?:okay|ok|right|alright|all right)\s*\?/g, ".")
    .split(/(?<=[.?!;])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The results the clinician read out: in a statement (never a question or a test to come), a test
 * or analyte named, then the verb that reads it, then its value and interpretation from a closed
 * vocabulary. Several analytes in one sentence ("total cholesterol 247, ldl 166") each get their
 * own value: each takes the words up to the next one named.
 */
export function resultFacts(transcript: Transcript): ResultFact[] {
  const out: ResultFact[] = [];
  const push = (seg: string, term: string, said: string) => {
    const cut = said.search(
      /[,;]\s*(?:so|and)\s+(?:we'll|we will|we need|we're going|i|let's|you should|you need|we can)\b|\b(?:which means|what that means|because|concerned|worried|wondering|and we|we'll|we will|i want|i'd like|let's|if)\b/,
    );
    // What is said of a test is said close to it: a number or a word further on is about
    // something else ("your creatinine was .7 … your bun may be a tiny bit elevated at 23").
    const text = (cut >= 0 ? said.slice(0, cut) : said).split(/\s+/).slice(0, MAX_WORDS).join(" ");
    const found = VALUE.exec(text.split(/\s+/).slice(0, MAX_VALUE_WORDS).join(" "));
    // A date ("3/2021", "2021") or the tail of a spoken decimal ("one point 7") is not the value.
    // A reference range or a goal said after the reading ("the tsh was low, normal is 0.4 to 4") is
    // not its value: charting "TSH: 0.4, low" would be a number nobody measured.
    const value =
      found &&
      !RANGE_BEFORE.test(text.slice(0, found.index)) &&
      !/point\s*$/.test(text.slice(0, found.index)) &&
      !/\/\d{3,}/.test(found[1] ?? "") &&
      !/^(?:19|20)\d\d$/.test(found[1] ?? "")
        ? found
        : null;
    // Which way the result went is read by the findings' own parser (`resultDirection`): from
    // the words that state it, for any wording ("below the normal range", "deficient"), and a
    // range or target ("normal is under 5.7") gives none. A direction word it does not confirm is
    // left out, never charted as "normal".
    // A reading from before ("they were borderline in the past") is not today's result.
    if (PAST_READING.test(value ? text.slice(0, value.index) : text)) return;
    const at = value ? value.index : text.length;
    // The word said for it: "elevated" when that was said, else the parser's ("high", "low").
    const direction = resultDirection(text, 0, at, value ? at + value[0].length : text.length)?.replace(
      /\bhigh\b/,
      (w) => (/\belevated\b/.test(text) ? "elevated" : w),
    );
    let placed = false;
    const interpretation = [
      ...new Set(
        [...text.matchAll(INTERPRETATION)].flatMap((x) => {
          if (!DIRECTION_WORD.test(x[0])) return [charted(x[0], text.slice(0, x.index))];
          if (placed || !direction) return [];
          placed = true;
          return [direction];
        }),
      ),
    ];
    if (direction && !placed) interpretation.push(direction);
    if (!value && interpretation.length === 0) return;
    // "Everything looks normal for the most part. You do have abnormal levels for sodium…": mostly
    // normal is not "normal" (blind audit s19, false reassurance).
    if (!value && interpretation.join(" ") === "normal" && MOSTLY.test(said)) return;
    const test = term;
    if (out.some((o) => o.segmentId === seg && o.test === test)) return;
    out.push({
      test,
      ...(value?.[1] ? { value: value[1].replace(/^\./, "0.") } : {}),
      ...(value?.[2] ? { unit: value[2] === "percent" ? "%" : value[2] } : {}),
      interpretation,
      segmentId: seg,
    });
  };
  for (const seg of transcript) {
    if (seg.speaker !== "clinician") continue;
    // The test shown ("hey dragon, show me the knee x-ray.") is what the next sentences of the
    // turn read, until they turn to the exam or the plan, or name another.
    let shown: { term: string; left: number } | undefined;
    for (const sentence of sentencesOf(seg.text.toLowerCase())) {
      if (QUESTION.test(sentence)) continue;
      const named = [
        ...testMatcher.find(sentence).map((m) => ({ term: m.term, start: m.start, end: m.end })),
        ...[...sentence.matchAll(ANALYTE)].map((m) => ({
          term: /pumping/.test(m[0]) ? "ejection fraction" : m[0],
          start: m.index,
          end: m.index + m[0].length,
        })),
      ]
        // "valgus stress test is negative" is an exam manoeuvre, not the cardiac stress test.
        .filter((m) => !MANOEUVRE_BEFORE.test(sentence.slice(0, m.start)))
        .filter(
          (m, i, all) =>
            !all.some(
              (o, j) => j !== i && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start,
            ),
        )
        .sort((a, b) => a.start - b.start);
      // A test to come ("if the mri shows …"), or the exam or plan: no result, and what was shown
      // before is no longer being read. (With two tests named, the second may still read one.)
      const read = named[0]?.start ?? READ_ON.exec(sentence)?.index ?? sentence.length;
      const toCome = NOT_YET.test(sentence.slice(0, read));
      // An analyte read with its direction before it: "the labs showed a low tsh and a normal
      // blood count" — each its own, never the panel's.
      const before = [...sentence.matchAll(READ_BEFORE)].filter(
        (m) => !NOT_YET.test(sentence.slice(0, m.index)) && !NEGATED.test(sentence.slice(0, m.index)),
      );
      let readBefore = false;
      for (const m of before) {
        const at = (m.index ?? 0) + m[0].length - (m[3] ?? "").length;
        const analyte = named.find((n) => n.start === at && !PANEL.test(n.term));
        // "a low sodium diet", "a high cholesterol meal": the words name something else.
        if (!analyte || !READING_ENDS.test(sentence.slice(analyte.end))) continue;
        readBefore = true;
        // Its value may follow ("the low pumping function, at about 45 %"), up to the next one named.
        const next = named.find((n) => n.start > analyte.end)?.start;
        const rest = sentence.slice(analyte.end, next);
        push(seg.id, withRegion(sentence, analyte), `${m[1] ? "slightly " : ""}${m[2] ?? ""}${rest}`);
      }
      // What else such a sentence says is left to the omissions list rather than read twice.
      if (readBefore) {
        shown = undefined;
        continue;
      }
      if (OTHER_TALK.test(sentence) || (toCome && named.length < 2)) {
        // The wrap-up reads results too ("for your thyroid, your tsh came back low, so we'll lower
        // the dose"): the findings' own reader (`dictatedResults`) takes what the sentence states,
        // with its direction from the words that state it; a plan or a test to come gives none.
        if (!toCome)
          for (const r of dictatedResults(sentence)) {
            // In the chart's words: no articles ("small tear of medial meniscus").
            const shows = r.shows?.replace(/\b(?:a|an|the|your|his|her)\s+/g, "").trim();
            const interpretation = shows ? [shows] : r.direction ? [r.direction] : [];
            if (!r.value && interpretation.length === 0) continue;
            const test = label(r.name);
            if (out.some((o) => o.segmentId === seg.id && o.test.toLowerCase() === test.toLowerCase()))
              continue;
            const value = r.value ? /^(\d+(?:\.\d+)?)(%|\s+\S+)?$/.exec(r.value) : null;
            out.push({
              test,
              ...(value?.[1] ? { value: value[1] } : r.value ? { value: r.value } : {}),
              ...(value?.[2] ? { unit: value[2].trim() } : {}),
              interpretation,
              segmentId: seg.id,
            });
          }
        shown = undefined;
        continue;
      }
      if (named.length === 0) {
        // Outside the lexicon, the analyte is the subject the reading verb is said of: "her folate
        // came back low" after the labs were shown, or "your magnesium level was 1.2" anywhere.
        const subject = subjectAnalyte(sentence, shown !== undefined && PANEL.test(shown.term));
        if (subject) {
          push(seg.id, label(subject.term), sentence.slice(subject.end));
          continue;
        }
        if (shown && shown.left-- > 0 && READ_ON.test(sentence)) push(seg.id, shown.term, sentence);
        continue;
      }
      let carried: string | undefined;
      named.forEach((m, i) => {
        const here = withRegion(sentence, m);
        // "your x-ray" after "show me the right knee x-ray" is that x-ray.
        const test =
          here === label(m.term) && shown?.term.toLowerCase().endsWith(m.term.toLowerCase())
            ? shown.term
            : here;
        shown = { term: test, left: 3 };
        const before = sentence.slice(named[i - 1]?.end ?? 0, m.start);
        const after = sentence.slice(m.end, named[i + 1]?.start);
        // An earlier "we got an x-ray" does not make the later "the x-ray showed …" a plan.
        if (NOT_YET.test(before)) return;
        // The panel is where the analyte named after it was measured: what is said is the analyte's.
        const next = named[i + 1];
        if (next && PANEL.test(m.term) && !PANEL.test(next.term)) {
          shown = undefined;
          const between = sentence.slice(m.end, next.start);
          const adjective = /\b(elevated|high|low|normal|abnormal)\s*$/.exec(between)?.[1];
          if (adjective) carried = adjective;
          return;
        }
        const verb = READ_ON.exec(after);
        // The verb must read this test, within a few words of it.
        if (!verb || after.slice(0, verb.index).split(/\s+/).filter(Boolean).length > 8) return;
        // "it does not show any fracture": the negation before the verb belongs to what it reads.
        const not = /(?:\b(?:does|do|did|is|was|are|were)\s*)?(?:\bnot|n't|\bnever)\s+$/.exec(
          after.slice(0, verb.index),
        );
        const read = after.slice(not ? not.index : verb.index);
        push(seg.id, test, carried ? `${carried} ${read}` : read);
        carried = undefined;
      });
    }
  }
  return out;
}

const UP = /\b(?:elevated|high|increased|positive|abnormal|worse)\b/;
const DOWN = /\b(?:low|decreased|negative|normal|unremarkable|within normal limits|improved|stable)\b/;
const wordsOf = (t: string) => t.split(/\s+/);

/**
 * One line per test: the same test read again ("your hemoglobin is low … it's 8.2, low") is
 * merged when nothing said conflicts — at most one value, no "high" beside "low" — and an
 * interpretation that says no more than another ("low" beside "slightly low") is dropped. Two
 * values, or two directions, stay two lines: which is today's is the clinician's to say.
 */
export function mergedResults(facts: ResultFact[]): ResultFact[] {
  const out: ResultFact[] = [];
  for (const f of facts) {
    const same = out.find((o) => o.test.toLowerCase() === f.test.toLowerCase());
    const values = new Set([same?.value, f.value].filter(Boolean));
    const all = [...(same?.interpretation ?? []), ...f.interpretation];
    const negated = (t: string) => /^(?:no|not)\b/.test(t);
    const up = all.some((t) => UP.test(t) && !negated(t));
    const down = all.some((t) => DOWN.test(t) && !negated(t));
    if (!same || values.size > 1 || (up && down) || (same.unit && f.unit && same.unit !== f.unit)) {
      out.push({ ...f, interpretation: [...f.interpretation] });
      continue;
    }
    // "high" and "elevated" say the same: the chart's word is kept.
    const unique = [...new Set(all.map((t) => t.replace(/\bhigh\b/, "elevated")))];
    same.interpretation = unique.filter(
      (t) => !unique.some((u) => u !== t && wordsOf(t).every((w) => wordsOf(u).includes(w))),
    );
    if (!same.value && f.value) {
      same.value = f.value;
      if (f.unit) same.unit = f.unit;
    }
    if (f.segmentId !== same.segmentId && !(same.alsoIn ?? []).includes(f.segmentId))
      same.alsoIn = [...(same.alsoIn ?? []), f.segmentId];
  }
  return out;
}

/** A result fact as the chart writes it: "LDL: 166, elevated." */
export function resultLine(f: ResultFact): string {
  const value = f.value ? `${f.value}${f.unit ? (f.unit === "%" ? "%" : ` ${f.unit}`) : ""}` : "";
  return `${f.test}: ${[value, ...f.interpretation].filter(Boolean).join(", ")}.`;
}

/** What the patient said a medicine they tried did. */
export interface MedicineTried {
  drug: string;
  helped: "yes" | "no" | "some";
  segmentId: string;
}

const NO_HELP =
  /\b(?:(?:did ?n[o']?t|does ?n[o']?t|do ?n[o']?t|not|never|wo ?n't)\s+(?:really\s+|seem to\s+|even\s+)?(?:help|work|do anything|do much|touch)|no (?:relief|help|difference)|nothing helps?)\b/i;
const SOME_HELP =
  /\b(?:helps? (?:a little|a bit|some)|helped (?:a little|a bit|some)|some relief|takes? the edge off|kind of helps?)\b/i;
const HELPED = /\b(?:helps|helped|relief|works|worked)\b/i;

/**
 * From the patient's own sentences that name a medicine found in the visit: whether it helped
 * ("i took some tylenol but it did not help" → tylenol, no). Only the patient's statements.
 */
export function medicinesTried(findings: Finding[], transcript: Transcript): MedicineTried[] {
  const drugs = new Set(findings.filter((f) => f.kind === "medication").map((f) => f.term?.toLowerCase()));
  const out: MedicineTried[] = [];
  for (const seg of transcript) {
    if (seg.speaker !== "patient") continue;
    for (const sentence of sentencesOf(seg.text.toLowerCase())) {
      if (QUESTION.test(sentence)) continue;
      const found = medicationMatcher.find(sentence).filter((m) => drugs.has(m.term.toLowerCase()));
      if (found.length !== 1) continue;
      const drug = found[0]?.term ?? "";
      const helped = NO_HELP.test(sentence)
        ? "no"
        : SOME_HELP.test(sentence)
          ? "some"
          : HELPED.test(sentence)
            ? "yes"
            : undefined;
      if (!helped || out.some((o) => o.drug === drug)) continue;
      out.push({ drug, helped, segmentId: seg.id });
    }
  }
  return out;
}

export function medicineTriedLine(m: MedicineTried): string {
  const verb = { no: "without relief", some: "with some relief", yes: "with relief" }[m.helped];
  return `Tried ${m.drug} ${verb}.`;
}
