// Who writes the draft note: the built-in composer (deterministic, offline), or the
// OpenAI-compatible model configured for findings (FINDINGS_ENGINE=openai-compatible), whose
// answer must match the shared note schema and cite only segments of this transcript, every
// sentence at least one; on any failure the built-in draft answers and says why.
import {
  type ClinicalNote,
  clinicalNoteSchema,
  type Finding,
  type FindingsEngineName,
  noteSectionKeys,
  type Transcript,
} from "@bedside/shared";
import { askForJson, ChatFailure, type OpenAiConfig } from "../findings/chat.completions.js";
import type { FindingsConfig } from "../findings/findings.config.js";
import type { FindingsDeps } from "../findings/findings.types.js";
import {
  COPIED_PHRASE_WORDS,
  copiedPhrases,
  disfluencies,
  dictationCommands,
  TranscriptSpans,
} from "./note.check.js";
import { composeNote } from "./note.compose.js";

export interface NoteDraft {
  note: ClinicalNote;
  engine: FindingsEngineName;
  /** Set when the configured engine failed and the built-in draft answered instead. */
  fallbackReason?: string;
}

export interface NoteInput {
  findings: Finding[];
  transcript: Transcript;
}

export interface NoteEngine {
  readonly name: FindingsEngineName;
  draft(input: NoteInput): Promise<NoteDraft>;
}

export function createBuiltinNoteEngine(): NoteEngine {
  return {
    name: "builtin",
    draft: (input) => Promise.resolve({ note: composeNote(input), engine: "builtin" }),
  };
}

export function createNoteEngine(config: FindingsConfig, deps: FindingsDeps = {}): NoteEngine {
  return config.engine === "openai-compatible"
    ? createOpenAiNoteEngine(config, deps)
    : createBuiltinNoteEngine();
}

const SYSTEM_PROMPT = [
  "You write the clinical note of a doctor-patient visit from its approved findings and transcript.",
  `Answer with one JSON object only: {"sections": [...]} with exactly these ${noteSectionKeys.length} sections in this order, by key:`,
  `${noteSectionKeys.join(", ")} (a section with nothing to say has no sentences).`,
  'Each section: {"key": ..., "sentences": [{"text": ..., "segmentIds": [...], "problem"?: ...}]}.',
  "Write in the third person, concisely, as a clinician charts. Every sentence lists the ids of the",
  "transcript segments it comes from (at least one). In assessment_plan, set problem to the problem",
  "each sentence belongs to. State only what the findings and transcript support. Do not copy the",
  "transcript: chart it in your own words, with no filler words and no dictation commands.",
].join(" ");

export function createOpenAiNoteEngine(config: OpenAiConfig, deps: FindingsDeps = {}): NoteEngine {
  const doFetch = deps.fetch ?? fetch;

  async function ask({ findings, transcript }: NoteInput): Promise<ClinicalNote> {
    const user = JSON.stringify({
      findings: findings.map((f) => ({
        kind: f.kind,
        text: f.text,
        details: f.details,
        segmentIds: f.evidence.map((e) => e.segmentId),
      })),
      segments: transcript.map((s) => ({ id: s.id, speaker: s.speaker, text: s.text })),
    });
    const json = await askForJson(config, doFetch, SYSTEM_PROMPT, user);
    const parsed = clinicalNoteSchema.safeParse(json);
    if (!parsed.success) {
      throw new ChatFailure(`answer does not match the note schema (${parsed.error.issues.length} issues)`);
    }
    const ids = new Set(transcript.map((s) => s.id));
    const sentences = parsed.data.sections.flatMap((s) => s.sentences);
    if (sentences.length === 0) throw new ChatFailure("the note is empty");
    const untraced = sentences.filter(
      (s) => s.segmentIds.length === 0 || s.segmentIds.some((id) => !ids.has(id)),
    );
    if (untraced.length > 0) {
      throw new ChatFailure(`${untraced.length} sentences cite no segment of the transcript`);
    }
    // The model's sentences meet the note's own rules: nothing pasted from the transcript, no
    // filler, no dictation command. What breaks them is dropped and counted, never shown.
    const spans = new TranscriptSpans(transcript);
    const phrases = new TranscriptSpans(transcript, COPIED_PHRASE_WORDS);
    const fits = (text: string) =>
      spans.copied(text).length === 0 &&
      copiedPhrases(text, phrases).length === 0 &&
      disfluencies(text).length === 0 &&
      dictationCommands(text).length === 0;
    const kept = sentences.filter((s) => fits(s.text)).length;
    if (kept === 0) throw new ChatFailure("every sentence pasted the transcript or kept a filler or command");
    if (kept < sentences.length)
      deps.logger?.warn(
        { engine: "openai-compatible", dropped: sentences.length - kept, kept },
        "note engine sentences dropped by the note checks",
      );
    // The model does not mark its own sentences as the clinician's edits.
    return {
      sections: parsed.data.sections.map((s) => ({
        key: s.key,
        sentences: s.sentences.filter((x) => fits(x.text)).map(({ edited: _edited, ...rest }) => rest),
      })),
    };
  }

  return {
    name: "openai-compatible",
    async draft(input: NoteInput): Promise<NoteDraft> {
      try {
        return { note: await ask(input), engine: "openai-compatible" };
      } catch (err) {
        const reason = err instanceof ChatFailure ? err.reason : "unexpected error";
        // Reason and size only: nothing from the transcript or the model's answer.
        deps.logger?.warn(
          { engine: "openai-compatible", reason, segments: input.transcript.length },
          "note engine failed; using builtin",
        );
        return { note: composeNote(input), engine: "builtin", fallbackReason: reason };
      }
    },
  };
}
