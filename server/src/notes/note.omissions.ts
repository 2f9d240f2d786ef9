// What was said that the note and the findings leave out (issue 25), for the clinician beside the
// note: a medicine named, a number with a unit, a symptom the patient affirmed, an order the
// clinician gave. Each comes with its quote and segment, so the clinician can add it in one click
// or dismiss it. Pure: the same segments, findings and note give the same list. It errs toward
// showing: a thing counts as covered only when a finding or a note sentence names it.
import type { ClinicalNote, Finding, NoteOmission, Transcript } from "@bedside/shared";
import { drugMatcher } from "../findings/drug.matcher.js";
import {
  referralMatcher,
  symptomMatcher,
  testMatcher,
  treatmentMatcher,
} from "../findings/lexicon.matcher.js";
import { chartUnits } from "./note.phrasing.js";

/** At most this many, in spoken order: a list the clinician can read in a glance. */
const MAX_OMISSIONS = 20;

const NUMBER_WITH_UNIT =
  /\b\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?\s*(?:%|percent\b|mg\b|milligrams?\b|mcg\b|micrograms?\b|units?\b|ml\b|milliliters?\b|grams?\b|kg\b|kilograms?\b|pounds?\b|lbs?\b|degrees?\b|mmhg\b|beats per minute\b|bpm\b|over \d+\b|times (?:a|per) (?:day|week)\b|(?:pills?|tablets?|puffs?|drops?) (?:a|per) day\b)/gi;
const ORDER_CUE =
  /\b(?:order(?:ed|ing)?|prescrib(?:e|ed|ing)|refer(?:ral|ring|red)?|schedul(?:e|ed|ing)|send you (?:for|to)|get (?:a|an|some)|i want you to (?:get|have|see|start|take))\b/i;
const NEGATED =
  /\b(?:no|not|never|denies|denied|without|don't|do n't|didn't|did n't|haven't|have n't|hasn't|none|nor)\b[^.?!,;]{0,30}$/i;
const QUESTION =
  /\?\s*$|^\W*(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why)\b/i;

/** The sentence of `text` around [start, end), verbatim, cut to about 160 characters. */
function quoteAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(0, before.search(/[^.?!]*$/));
  const after = text.slice(end).search(/[.?!]/);
  const to = after < 0 ? text.length : end + after + 1;
  let q = text.slice(from, to).trim();
  if (q.length > 160) {
    const a = Math.max(from, start - 70);
    const b = Math.min(text.length, end + 70);
    q = text.slice(a, b).trim();
  }
  return q;
}

const norm = (s: string): string => chartUnits(s.toLowerCase()).replace(/\s+/g, " ");

export interface OmissionsInput {
  transcript: Transcript;
  findings: Finding[];
  note: ClinicalNote;
}

/** Clinically relevant things said that no finding and no note sentence covers, in spoken order. */
export function findOmissions({ transcript, findings, note }: OmissionsInput): NoteOmission[] {
  const said = norm(
    [
      ...findings.flatMap((f) => [f.text, f.term ?? "", ...Object.values(f.details).map(String)]),
      ...note.sections.flatMap((s) => s.sentences.map((x) => x.text)),
    ].join(" \n "),
  );
  const covered = (...names: string[]): boolean => names.some((n) => n.length > 0 && said.includes(norm(n)));
  const out: NoteOmission[] = [];
  const seen = new Set<string>();
  const push = (o: Omit<NoteOmission, "suggestion">) => {
    const key = `${o.kind}:${o.term.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...o, suggestion: omissionSentence(o) });
  };

  for (const seg of transcript) {
    const text = seg.text;
    for (const m of drugMatcher.find(text)) {
      if (covered(m.term, m.said)) continue;
      push({
        kind: "medicine",
        term: m.said || m.term,
        quote: quoteAround(text, m.start, m.end),
        segmentId: seg.id,
      });
    }
    for (const m of text.matchAll(NUMBER_WITH_UNIT)) {
      const value = m[0].trim();
      const digits = /\d+(?:[.,]\d+)?/.exec(value)?.[0] ?? value;
      // Covered when the number itself is in a finding or the note (units are written variously).
      if (new RegExp(`(?<![\\d.])${digits.replace(".", "\\.")}(?![\\d])`).test(said)) continue;
      push({
        kind: "number",
        term: chartUnits(value),
        quote: quoteAround(text, m.index, m.index + m[0].length),
        segmentId: seg.id,
      });
    }
    if (seg.speaker !== "clinician") {
      for (const sentence of text.split(/(?<=[.?!])\s+/)) {
        if (QUESTION.test(sentence.trim())) continue;
        const offset = text.indexOf(sentence);
        for (const m of symptomMatcher.find(sentence)) {
          if (NEGATED.test(sentence.slice(0, m.start)) || covered(m.term)) continue;
          push({
            kind: "symptom",
            term: m.term,
            quote: quoteAround(text, offset + m.start, offset + m.end),
            segmentId: seg.id,
          });
        }
      }
    } else {
      for (const sentence of text.split(/(?<=[.?!])\s+/)) {
        if (!ORDER_CUE.test(sentence) || /\?\s*$/.test(sentence.trim())) continue;
        const offset = text.indexOf(sentence);
        for (const matcher of [testMatcher, referralMatcher, treatmentMatcher]) {
          for (const m of matcher.find(sentence)) {
            if (NEGATED.test(sentence.slice(0, m.start)) || covered(m.term)) continue;
            push({
              kind: "order",
              term: m.term,
              quote: quoteAround(text, offset + m.start, offset + m.end),
              segmentId: seg.id,
            });
          }
        }
      }
    }
  }
  return out.slice(0, MAX_OMISSIONS);
}

/** The sentence "Add to note" writes for an omission, and the section it goes to. */
export function omissionSentence(o: Pick<NoteOmission, "kind" | "term">): NoteOmission["suggestion"] {
  const name = o.term.charAt(0).toUpperCase() + o.term.slice(1);
  switch (o.kind) {
    case "medicine":
      return { section: "medications", text: `${name} discussed; status to confirm.` };
    case "symptom":
      return { section: "hpi", text: `Reports ${o.term}.` };
    case "order":
      return { section: "assessment_plan", text: `${name}.` };
    case "number":
      return { section: "hpi", text: `${name} noted.` };
  }
}
