// What a written note must never do (issue 25), as checks the composer enforces on its own
// sentences and `pnpm note:check` measures over whole datasets: paste a span of eight or more
// consecutive words from the transcript, keep a disfluency ("um", "you know", "I, I think") or a
// dictation command ("hey dragon", "end of dictation"), be empty, or leave out the exam or the
// results when the clinician spoke them. Pure functions over plain text.
import { type ClinicalNote, type Transcript } from "@bedside/shared";

/** A note sentence may share at most this many consecutive words with the transcript. */
export const MAX_COPIED_WORDS = 7;

/** Lower-case words, punctuation and the transcript's spaced contractions ("do n't") folded. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/g, "$1")
      .match(/[a-z0-9]+(?:['.][a-z0-9]+)*/g) ?? []
  );
}

/** An index of every n-word run in the transcript, for the copied-span check. */
export class TranscriptSpans {
  private readonly grams = new Set<string>();
  constructor(
    transcript: Pick<Transcript[number], "text">[],
    readonly n = MAX_COPIED_WORDS + 1,
  ) {
    for (const s of transcript) {
      const w = words(s.text);
      for (let i = 0; i + n <= w.length; i++) this.grams.add(w.slice(i, i + n).join(" "));
    }
  }
  /** The longest runs of `text` (n words or more) that appear in the transcript, as text. */
  copied(text: string): string[] {
    const w = words(text);
    const out: string[] = [];
    let start = -1;
    let end = -1;
    for (let i = 0; i + this.n <= w.length; i++) {
      if (!this.grams.has(w.slice(i, i + this.n).join(" "))) continue;
      if (start >= 0 && i <= end) end = i + this.n;
      else {
        if (start >= 0) out.push(w.slice(start, end).join(" "));
        start = i;
        end = i + this.n;
      }
    }
    if (start >= 0) out.push(w.slice(start, end).join(" "));
    return out;
  }
}

const DISFLUENCY =
  /\b(?:um+|uh+|uhm|erm|hmm+|mm-hmm|uh-huh|you know|i mean|kinda|gonna|wanna|gon na|wan na)\b|\b[a-z]+-(?=\s|$)|\.\.\./i;

/** A filler, a cut-off word ("sh-"), or a word said twice in a row ("I, I think"). */
export function disfluencies(text: string): string[] {
  const out: string[] = [];
  const m = DISFLUENCY.exec(text);
  if (m) out.push(m[0]);
  // A repeated word, not a repeated number ("20 20 vision" is rare; "two two" is a stutter).
  const rep = /\b([a-z]+)(?:\s*,?\s+\1\b)/i.exec(text);
  if (rep && !/^(?:that|had|very|bye|no)$/i.test(rep[1] ?? "")) out.push(rep[0]);
  return out;
}

const DICTATION_COMMAND =
  /\b(?:hey,?\s*dragon|dragon,?\s+(?:show|order|finalize|insert|go)|end of (?:the )?dictation|(?:new|next) paragraph|finalize the note|insert (?:the )?(?:normal|template))\b/i;

/** A command spoken to the dictation software, kept as text. */
export function dictationCommands(text: string): string[] {
  const m = DICTATION_COMMAND.exec(text);
  return m ? [m[0]] : [];
}

/**
 * Did the clinician examine the patient aloud? Words a clinician only says while examining
 * ("on exam", "your lungs are clear", "tenderness to palpation"), or dictates as exam findings.
 */
export const EXAM_CUE =
  /\b(?:(?:physical|on|your|the) exam(?:ination)?\b|let me (?:take a )?(?:listen|look|feel|examine|check)|lungs (?:are|sound) clear|clear to auscultation|heart (?:sounds?|rate is|is regular)|regular rate and rhythm|murmurs?|tender(?:ness)? to palpation|(?:no|some|mild|any) tenderness|range of motion|swelling (?:of|in|on) (?:the|your)|edema|abdomen is (?:soft|tender)|reflexes|sensation is|pulses? (?:are|is)|(?:blood pressure|heart rate|temperature|oxygen saturation|pulse ox(?:imetry)?|vital signs?) (?:is|was|are|were|today|here|looks?)|vital signs)\b/i;

/** Did the clinician read out a test result (labs, imaging, a study)? */
export const RESULTS_CUE =
  /\b(?:show me the|(?:your|the) (?:x-?ray|xray|mri|ct|cat scan|ultrasound|echo(?:cardiogram)?|ekg|ecg|labs?|lab results|blood work|bloodwork|a1c|hemoglobin a1c|creatinine|lipid panel|urinalysis|cbc|biopsy|results?|scan|culture|pft|stress test)\b[^.?]{0,40}\b(?:shows?|showed|was|were|is|are|came back|revealed|demonstrates?|looks?|looked)|(?:results?|x-?ray|mri|ultrasound|labs?) (?:showed|shows|came back|revealed))\b/i;

const QUESTION = /\?\s*$/;

export interface NoteCheck {
  empty: boolean;
  sentences: number;
  copiedSpans: { text: string; span: string }[];
  disfluencies: { text: string; found: string }[];
  dictationCommands: { text: string; found: string }[];
  exam: { spoken: boolean; written: boolean };
  results: { spoken: boolean; written: boolean };
}

/** Every check on one note against the transcript it was written from. */
export function checkNote(note: ClinicalNote, transcript: Transcript): NoteCheck {
  const spans = new TranscriptSpans(transcript);
  const sentences = note.sections.flatMap((s) => s.sentences.map((x) => ({ key: s.key, text: x.text })));
  const clinician = transcript.filter((s) => s.speaker === "clinician" && !QUESTION.test(s.text.trim()));
  const has = (key: string) => note.sections.some((s) => s.key === key && s.sentences.length > 0);
  return {
    empty: sentences.length === 0,
    sentences: sentences.length,
    copiedSpans: sentences.flatMap((s) => spans.copied(s.text).map((span) => ({ text: s.text, span }))),
    disfluencies: sentences.flatMap((s) => disfluencies(s.text).map((found) => ({ text: s.text, found }))),
    dictationCommands: sentences.flatMap((s) =>
      dictationCommands(s.text).map((found) => ({ text: s.text, found })),
    ),
    exam: { spoken: clinician.some((s) => EXAM_CUE.test(s.text)), written: has("physical_exam") },
    results: { spoken: clinician.some((s) => RESULTS_CUE.test(s.text)), written: has("results") },
  };
}
