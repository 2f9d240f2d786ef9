import { z } from "zod";

// ---------------------------------------------------------------------------------------
// The clinical note the clinician signs (issue 14): drafted from the approved findings and the
// transcript, in the sections a chart note has, each sentence tracing to the transcript
// segments it comes from. The built-in composer and an OpenAI-compatible engine both answer
// this schema; the clinician edits it sentence by sentence and signs it.
// ---------------------------------------------------------------------------------------

/** The note's sections, in chart order. */
export const noteSectionKeys = [
  "chief_complaint",
  "hpi",
  "past_history",
  "family_history",
  "social_history",
  "medications",
  "allergies",
  "review_of_systems",
  "physical_exam",
  "results",
  "assessment_plan",
  "follow_up",
] as const;
export const noteSectionKeySchema = z.enum(noteSectionKeys);
export type NoteSectionKey = z.infer<typeof noteSectionKeySchema>;

export const noteSectionTitles: Record<NoteSectionKey, string> = {
  chief_complaint: "Chief complaint",
  hpi: "History of present illness",
  past_history: "Past medical and surgical history",
  family_history: "Family history",
  social_history: "Social history",
  medications: "Medications",
  allergies: "Allergies",
  review_of_systems: "Review of systems",
  physical_exam: "Physical exam",
  results: "Results",
  assessment_plan: "Assessment and plan",
  follow_up: "Follow-up",
};

/** One sentence of the note and the transcript segments it traces to (none for what the clinician typed). */
export const noteSentenceSchema = z.object({
  text: z.string().trim().min(1).max(2_000),
  segmentIds: z.array(z.string().min(1).max(200)).max(50),
  /** In "Assessment and plan": the problem this sentence belongs to. */
  problem: z.string().trim().min(1).max(200).optional(),
  /** The clinician changed or wrote this sentence. */
  edited: z.boolean().optional(),
});
export type NoteSentence = z.infer<typeof noteSentenceSchema>;

export const noteSectionSchema = z.object({
  key: noteSectionKeySchema,
  sentences: z.array(noteSentenceSchema).max(200),
});
export type NoteSection = z.infer<typeof noteSectionSchema>;

/** The sections of the first notes (issue 14), before the exam, results and history sections. */
const firstNoteSectionKeys = [
  "chief_complaint",
  "hpi",
  "medications",
  "allergies",
  "review_of_systems",
  "assessment_plan",
  "follow_up",
];

/**
 * A note stored or written with the first seven sections gets the newer ones, empty, in their
 * places; anything else is left for the schema to judge.
 */
function withEverySection(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const sections = (value as { sections?: unknown }).sections;
  if (
    !Array.isArray(sections) ||
    sections.length !== firstNoteSectionKeys.length ||
    sections.some((s: unknown, i) => (s as { key?: unknown } | null)?.key !== firstNoteSectionKeys[i])
  )
    return value;
  const byKey = new Map<unknown, unknown>(sections.map((s: unknown) => [(s as { key: unknown }).key, s]));
  return { ...value, sections: noteSectionKeys.map((key) => byKey.get(key) ?? { key, sentences: [] }) };
}

/** The note: every section once, in chart order (an empty section has no sentences). */
export const clinicalNoteSchema = z.preprocess(
  withEverySection,
  z
    .object({ sections: z.array(noteSectionSchema).length(noteSectionKeys.length) })
    .refine(
      (n) => n.sections.every((s, i) => s.key === noteSectionKeys[i]),
      `Sections must be the ${noteSectionKeys.length} note sections, in chart order`,
    ),
);
export type ClinicalNote = z.infer<typeof clinicalNoteSchema>;

/** The note as plain text: titles in capitals, each problem under its own line. What "Copy" copies. */
export function noteText(note: ClinicalNote): string {
  const parts: string[] = [];
  for (const section of note.sections) {
    if (section.sentences.length === 0) continue;
    const lines: string[] = [noteSectionTitles[section.key].toUpperCase()];
    let problem: string | undefined;
    let para: string[] = [];
    const flush = () => {
      if (para.length > 0) lines.push(para.join(" "));
      para = [];
    };
    for (const s of section.sentences) {
      if (s.problem !== problem) {
        flush();
        problem = s.problem;
        // The problem's own line ("Lumbar strain.") is its heading; otherwise the name is.
        if (problem && s.text === `${problem}.`) {
          lines.push(s.text);
          continue;
        }
        if (problem) lines.push(`${problem}:`);
      }
      para.push(s.text);
    }
    flush();
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n");
}

export const noteStatuses = ["draft", "signed"] as const;
export type NoteStatus = (typeof noteStatuses)[number];

/** Kinds of things said that a note must not silently drop. */
export const noteOmissionKinds = ["medicine", "number", "symptom", "order"] as const;

/**
 * Something clinically relevant said in the visit that no finding and no note sentence covers:
 * shown beside the note with its quote, for the clinician to add in one click or dismiss.
 */
export const noteOmissionSchema = z.object({
  kind: z.enum(noteOmissionKinds),
  /** What was named: "metformin", "150/90", "chest x-ray". */
  term: z.string().min(1).max(200),
  /** The words around it, verbatim from the segment. */
  quote: z.string().min(1).max(400),
  segmentId: z.string().min(1).max(200),
  /** The sentence "Add to note" writes, and its section. */
  suggestion: z.object({ section: noteSectionKeySchema, text: z.string().min(1).max(400) }),
});
export type NoteOmission = z.infer<typeof noteOmissionSchema>;

/** What the review page shows: the note (stored, or a fresh draft not stored yet) and its signature. */
export const visitNoteSchema = z.object({
  note: clinicalNoteSchema,
  status: z.enum(noteStatuses),
  /** False until the clinician saves or signs: the draft was composed for this answer. */
  stored: z.boolean(),
  engine: z.enum(["builtin", "openai-compatible"]),
  fallbackReason: z.string().optional(),
  updatedAt: z.iso.datetime().nullable(),
  signed: z.object({ by: z.string(), at: z.iso.datetime() }).nullable(),
  /** What was said that neither the findings nor this note cover (empty once signed). */
  omissions: z.array(noteOmissionSchema).default([]),
});
export type VisitNote = z.infer<typeof visitNoteSchema>;

/** The clinician's edited note, saved as a draft or signed as it is. Segment ids are checked against the visit. */
export const saveNoteRequestSchema = z.strictObject({ note: clinicalNoteSchema });
export type SaveNoteRequest = z.infer<typeof saveNoteRequestSchema>;
