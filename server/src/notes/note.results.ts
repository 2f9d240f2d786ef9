// Results the clinician read out in an unpunctuated turn (issue 25): "i reviewed the results of
// your barium swallow and it showed that you have two areas of mild narrowing in the mid and
// lower portions of your esophagus that can be found in …" → "Barium swallow: 2 areas of mild
// narrowing in mid and lower portions of esophagus." The sentence-based reading in
// note.spoken.ts needs punctuation; here the test is named, then "showed" / "revealed" within a
// few words, and the finding is the words that follow up to the first word of talk around it
// (what it means, the plan). Only the clinician's statements; never a question or a plan.
import type { Transcript } from "@bedside/shared";
import { malformed, type TranscriptSpans } from "./note.check.js";
import { telegraph } from "./note.phrasing.js";

export interface ResultLine {
  text: string;
  segmentIds: string[];
}

const TEST =
  "chest x-ray|x-rays?|xrays?|radiographs?|ct scan|ct|cat scan|mri|ultrasound|echocardiogram|echo|ekg|ecg|labs?|lab work|blood work|bloodwork|hemoglobin a1c|a1c|urinalysis|biopsy|culture|stress test|pulmonary function tests?|pfts?|emg|nerve conduction study|cbc|lipid panel|barium swallow|colonoscopy|mammogram|liver function tests?|kidney function|creatinine";
/** The test named, a few words, then the verb that reads its result out. */
const READ = new RegExp(
  `\\b(${TEST})\\b((?: of (?:the |your )?(?:left |right )?[a-z]+(?: [a-z]+)?)?)(?: [a-z']+){0,5}? (?:showed|shows|revealed|reveals|demonstrated|demonstrates|came back)(?: that)?(?: you)?(?: do)?(?: have)? ([^.?!;]+)`,
  "g",
);
/** Where the finding ends: what it means, the plan, talk to the patient. */
const STOP =
  /\s(?:that|which|this|so|and that's|and so|because|but|meaning|now|okay|alright|i|we|let's|let me|for your|if|when|just|it's|and i|and we|and you)\s/;
const MAX_WORDS = 14;

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function normalize(text: string): string {
  return ` ${text.toLowerCase()} `
    .replace(/[’‘]/g, "'")
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/g, "$1")
    .replace(/\bgon na\b/g, "going to")
    .replace(/\b(?:um+|uh+|uhm|you know|i mean|kind of|sort of)\b/g, " ")
    .replace(/\s+([,.;:?!])/g, "$1")
    .replace(/\b(\w+)(?:\s+\1\b)+/g, "$1")
    .replace(/\s+/g, " ");
}

/** The results read out in turns the sentence-based reading missed (`skip`: turns already read). */
export function resultLines(transcript: Transcript, spans: TranscriptSpans, skip: Set<string>): ResultLine[] {
  const out: ResultLine[] = [];
  for (const seg of transcript) {
    if (seg.speaker !== "clinician" || skip.has(seg.id)) continue;
    const text = normalize(seg.text);
    for (const m of text.matchAll(READ)) {
      const before = text.slice(Math.max(0, (m.index ?? 0) - 40), m.index ?? 0);
      // "we'll get an x-ray that shows …", "if the mri shows …": not a result.
      if (/\b(?:if|when|will|going to|want to|get|order|need|should|would)\b[^,.]*$/.test(before)) continue;
      let finding = ` ${m[3] ?? ""} `;
      const stop = STOP.exec(finding);
      if (stop) finding = finding.slice(0, stop.index);
      const all = finding.trim().split(/\s+/);
      const words = all.slice(0, MAX_WORDS);
      // Cut at the word limit, the last phrase is unfinished ("with a three millimeter"): end
      // before the last "with" / "and" instead.
      if (all.length > MAX_WORDS) {
        const cut = Math.max(words.lastIndexOf("with"), words.lastIndexOf("and"), words.lastIndexOf("which"));
        if (cut >= 3) words.splice(cut);
      }
      // A finding cut at the word limit ends on a content word, not "of" or "the".
      while (
        words.length > 0 &&
        /^(?:of|the|a|an|and|or|in|at|to|with|for|your|on|is|are|was)$/.test(words[words.length - 1] ?? "")
      )
        words.pop();
      if (words.length < 2) continue;
      const body = telegraph(words.join(" ")).replace(/\.$/, "");
      // "came back from the lab", "came back yesterday": where or when, not what was found.
      if (!body || /^(?:we|i|you|from|to|in|on|at|yet|already|today|yesterday|last|with)\b/i.test(body))
        continue;
      const test =
        `${m[1] ?? ""}${(m[2] ?? "").replace(/\b(?:the|your) /g, "").replace(/ (?:and|or|it|which|that|they)$/, "")}`.trim();
      const label = capital(test.replace(/^x-?rays?\b/, "x-ray").replace(/\bxray/, "x-ray")).replace(
        /^(Mri|Ct|Ekg|Ecg|Emg|Cbc|Pfts?)\b/,
        (w) => w.toUpperCase().replace(/^PFTS$/, "PFTs"),
      );
      const candidates = [
        `${label}: ${body.charAt(0).toLowerCase()}${body.slice(1)}.`,
        `${label}: ${body.charAt(0).toLowerCase()}${body.slice(1).replace(/\b(?:of|in|the|to|with) /g, "")}.`,
      ];
      const line = candidates.find(
        (c) => spans.copied(c).length === 0 && malformed(c, "results").length === 0,
      );
      if (line && !out.some((o) => o.text === line)) out.push({ text: line, segmentIds: [seg.id] });
    }
  }
  return out;
}
