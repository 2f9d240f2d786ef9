import { z } from "zod";

/** What a finding is about. The order is the order a clinician reads a note in. */
export const findingKinds = [
  "chief_concern",
  "symptom",
  "medication",
  "allergy",
  "measurement",
  "assessment",
  "plan",
  "follow_up",
  "warning_sign",
] as const;
export const findingKindSchema = z.enum(findingKinds);
export type FindingKind = z.infer<typeof findingKindSchema>;

export const findingsEngineNames = ["builtin", "openai-compatible"] as const;
export const findingsEngineNameSchema = z.enum(findingsEngineNames);
export type FindingsEngineName = z.infer<typeof findingsEngineNameSchema>;

/**
 * Who said a transcript segment. The scribe knows it from the audio track's owner;
 * "other" covers family members or anyone the scribe cannot attribute.
 */
export const transcriptSpeakers = ["clinician", "patient", "interpreter", "other"] as const;
export const transcriptSpeakerSchema = z.enum(transcriptSpeakers);
export type TranscriptSpeaker = z.infer<typeof transcriptSpeakerSchema>;

/** One utterance of a visit, as the scribe persisted it (the fields findings need). */
export const transcriptSegmentSchema = z.object({
  id: z.string().min(1).max(200),
  speaker: transcriptSpeakerSchema,
  text: z.string().max(20_000),
});
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;

export const transcriptSchema = z.array(transcriptSegmentSchema).max(5_000);
export type Transcript = z.infer<typeof transcriptSchema>;

/** A citation: the segment and the words in it, verbatim (a substring of the segment's text). */
export const evidenceSchema = z.object({
  segmentId: z.string().min(1),
  quote: z.string().min(1).max(2_000),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const medicationStatuses = ["started", "stopped", "changed", "continued"] as const;
export const medicationStatusSchema = z.enum(medicationStatuses);
export type MedicationStatus = z.infer<typeof medicationStatusSchema>;

export const planCategories = ["test", "referral", "treatment"] as const;
export const planCategorySchema = z.enum(planCategories);
export type PlanCategory = z.infer<typeof planCategorySchema>;

const detail = z.string().min(1).max(200);

/**
 * Structured details a finding may carry. Flat and optional so that one schema serves
 * every kind and an LLM can fill it; which fields make sense depends on the kind
 * (onset/duration/severity for symptoms, dose/frequency/status for medications, …).
 */
export const findingDetailsSchema = z.object({
  onset: detail.optional(),
  duration: detail.optional(),
  severity: detail.optional(),
  dose: detail.optional(),
  frequency: detail.optional(),
  status: medicationStatusSchema.optional(),
  value: detail.optional(),
  category: planCategorySchema.optional(),
  when: detail.optional(),
});
export type FindingDetails = z.infer<typeof findingDetailsSchema>;

export const findingSchema = z.object({
  id: z.string().min(1),
  kind: findingKindSchema,
  /** A short clinical statement, e.g. "Lisinopril 40 mg daily (changed)". */
  text: z.string().min(1).max(500),
  /** The normalised term (lexicon key) when there is one, e.g. "lisinopril", "chest pain". */
  term: z.string().min(1).max(200).optional(),
  details: findingDetailsSchema.default({}),
  evidence: z.array(evidenceSchema).min(1),
});
export type Finding = z.infer<typeof findingSchema>;

/** A patient-facing text and its Flesch-Kincaid grade, as measured when it was written. */
export const gradedTextSchema = z.object({
  text: z.string().min(1),
  grade: z.number(),
});
export type GradedText = z.infer<typeof gradedTextSchema>;

/** The plain-language explanation of one finding, in the four parts the patient reads. */
export const explanationSchema = z.object({
  findingId: z.string().min(1),
  about: gradedTextSchema,
  meaning: gradedTextSchema,
  next: gradedTextSchema,
  help: gradedTextSchema,
  /** Glossary terms used in this explanation or its finding, for tap/hover definitions. */
  terms: z.array(z.string()),
});
export type Explanation = z.infer<typeof explanationSchema>;

export const glossaryEntrySchema = z.object({
  term: z.string().min(1),
  definition: gradedTextSchema,
});
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

export const findingsResultSchema = z.object({
  engine: findingsEngineNameSchema,
  /** Set when the configured engine failed and the built-in one answered instead. */
  fallbackReason: z.string().optional(),
  findings: z.array(findingSchema),
  explanations: z.array(explanationSchema),
  glossary: z.array(glossaryEntrySchema),
});
export type FindingsResult = z.infer<typeof findingsResultSchema>;

/**
 * What an LLM engine must answer (JSON). Ids are assigned by the server, and quotes are
 * re-checked against the transcript after parsing, because a schema cannot know them.
 */
export const llmFindingsAnswerSchema = z.object({
  findings: z
    .array(
      z.object({
        kind: findingKindSchema,
        text: z.string().min(1).max(500),
        term: z.string().min(1).max(200).optional(),
        details: findingDetailsSchema.optional(),
        evidence: z.array(evidenceSchema).min(1).max(20),
      }),
    )
    .max(200),
});
export type LlmFindingsAnswer = z.infer<typeof llmFindingsAnswerSchema>;

/** Evaluation contract: one JSONL input line. */
export const evalSpeakers = ["doctor", "patient", "other"] as const;
export const evalDialogueSchema = z.object({
  id: z.string().min(1),
  turns: z.array(z.object({ speaker: z.enum(evalSpeakers), text: z.string() })),
});
export type EvalDialogue = z.infer<typeof evalDialogueSchema>;

/** Evaluation contract: the output file, one entry per input id. */
export const evalResultSchema = z.object({
  findings: z.array(
    z.object({
      kind: findingKindSchema,
      text: z.string(),
      evidence: z.array(z.object({ quote: z.string() })),
    }),
  ),
  explanations: z.array(z.object({ text: z.string(), grade: z.number() })),
});
export type EvalResult = z.infer<typeof evalResultSchema>;
export const evalOutputSchema = z.record(z.string(), evalResultSchema);
export type EvalOutput = z.infer<typeof evalOutputSchema>;
