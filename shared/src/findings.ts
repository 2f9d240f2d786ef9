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

/** "once": given one time (in the ER, at the visit), not a medicine to keep taking. */
export const medicationStatuses = ["started", "stopped", "changed", "continued", "once"] as const;
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
  /** The name a medicine was called in the visit when it is not the generic ("Synthroid"). */
  saidAs: detail.optional(),
  /** Refills prescribed, as said ("11"). */
  refills: detail.optional(),
  /**
   * The verifier could not support every fact of this finding from its citations: the clinician
   * sees it marked "not sure, please check"; the patient never reads it.
   */
  uncertain: z.boolean().optional(),
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
  /** What the verifier did: findings checked, dropped (no traceable source), marked uncertain. */
  verification: z
    .object({ checked: z.number().int(), dropped: z.number().int(), uncertain: z.number().int() })
    .optional(),
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

/** The digits a patient dials in an emergency where the clinic is: 911, 999, 112. */
export const emergencyNumberSchema = z
  .string()
  .regex(/^\d{2,4}$/, "Use the 2 to 4 digits dialled in an emergency, such as 911 or 999");

/** Evaluation contract: one JSONL input line. */
export const evalSpeakers = ["doctor", "patient", "other"] as const;
export const evalDialogueSchema = z.object({
  id: z.string().min(1),
  turns: z.array(z.object({ speaker: z.enum(evalSpeakers), text: z.string() })),
  /** The patient's language (BCP 47): the summary is written in it ("es": Spanish); English by default. */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language code such as en or es")
    .optional(),
  /** What the patient dials in an emergency where the visit took place ("999" in the UK); 911 by default. */
  emergencyNumber: emergencyNumberSchema.optional(),
});
export type EvalDialogue = z.infer<typeof evalDialogueSchema>;

/** What a patient's pages say before anyone signs in: the number to dial in an emergency there. */
export const clinicInfoSchema = z.object({ emergencyNumber: emergencyNumberSchema });
export type ClinicInfo = z.infer<typeof clinicInfoSchema>;

// ---------------------------------------------------------------------------------------
// The after-visit summary the patient keeps: one document, composed on the server from the
// approved findings, shown by the same component to the patient and (as a preview) to the
// clinician, and flattened into titled sections of plain text for the evaluation contract.
// ---------------------------------------------------------------------------------------

/** What happens to a medicine, as the patient reads it. */
/**
 * "given once": a dose given at the visit or in the ER; "ask us": no status was said (never "keep
 * taking"); "taking": the patient takes it (said so, or read from the chart) and the clinician gave no
 * instruction about it, so the row says what is true, not "keep taking".
 */
export const medicineChanges = [
  "new",
  "changed",
  "stopped",
  "keep taking",
  "not taking now",
  "given once",
  "ask us",
  "taking",
] as const;
export const medicineChangeSchema = z.enum(medicineChanges);
export type MedicineChange = z.infer<typeof medicineChangeSchema>;

/** A quote from the visit, with who said it ("You", the clinician's name). */
export const summaryQuoteSchema = z.object({ speaker: z.string(), text: z.string() });
export type SummaryQuote = z.infer<typeof summaryQuoteSchema>;

/** One row of "Your medicines": the name the patient knows, the generic where it differs. */
export const summaryMedicineSchema = z.object({
  findingId: z.string(),
  name: z.string(),
  generic: z.string().optional(),
  dose: z.string().optional(),
  how: z.string().optional(),
  purpose: z.string().optional(),
  change: medicineChangeSchema,
  /** One tip or warning in proportion ("Take it with food."). */
  note: z.string().optional(),
});
export type SummaryMedicine = z.infer<typeof summaryMedicineSchema>;

/** A titled entry (a test, a condition, a word): the title is a name, the text plain sentences. */
export const summaryEntrySchema = z.object({
  findingIds: z.array(z.string()),
  title: z.string(),
  text: z.string(),
  quotes: z.array(summaryQuoteSchema).default([]),
});
export type SummaryEntry = z.infer<typeof summaryEntrySchema>;

export const patientSummarySchema = z.object({
  /** BCP 47 language tag of the text. */
  language: z.string(),
  inShort: z.object({
    why: z.string(),
    thinks: z.string().optional(),
    /** The two to four things to do. */
    todo: z.array(z.string()).max(4),
    help: z.string(),
  }),
  medicines: z.array(summaryMedicineSchema),
  testsAndReferrals: z.array(summaryEntrySchema),
  nextVisit: z.string().optional(),
  /** The clinician's own words for when to get help now, once, and what to do then. */
  getHelp: z.object({ signs: z.array(z.string()), action: z.string() }),
  talkedAbout: z.array(summaryEntrySchema),
  words: z.array(summaryEntrySchema),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

/** The languages an after-visit summary is written in (its texts, titles and labels). */
export const summaryLanguages = ["en", "es"] as const;
export type SummaryLanguage = (typeof summaryLanguages)[number];

/** "es-MX" → "es"; a language we do not write summaries in → "en". */
export function summaryLanguageOf(tag: string | undefined): SummaryLanguage {
  const base = tag?.toLowerCase().split("-")[0];
  return summaryLanguages.find((l) => l === base) ?? "en";
}

/** Everything a summary shows around its own sentences, per language: titles, labels, leads. */
export const summaryLabels = {
  en: {
    /** The section titles, in reading order: the page and the evaluation text use these. */
    titles: {
      inShort: "Your visit in short",
      medicines: "Your medicines",
      tests: "Tests and referrals",
      next: "Your next visit",
      help: "Get help right away if",
      talked: "What we talked about",
      words: "Words to know",
      questions: "Your questions",
      feedback: "Tell us how we did",
    },
    /** The four lines of "Your visit in short", as labelled on the page. */
    inShort: { why: "Why you came", thinks: "What we think", todo: "What to do", help: "When to get help" },
    changes: {
      new: "new",
      changed: "changed",
      stopped: "stopped",
      "keep taking": "keep taking",
      "not taking now": "not taking now",
      "given once": "given to you once",
      "ask us": "ask us if you should take it",
      taking: "you take it now",
    },
    questionsLead: (clinicianName: string): string =>
      `Write to ${clinicianName} if something here is not clear.`,
    feedbackLead: "Answer ten short questions about your visit.",
  },
  es: {
    titles: {
      inShort: "Su consulta en breve",
      medicines: "Sus medicinas",
      tests: "Pruebas y otros médicos",
      next: "Su próxima cita",
      help: "Pida ayuda ya si",
      talked: "De qué hablamos",
      words: "Palabras que debe saber",
      questions: "Sus preguntas",
      feedback: "Díganos cómo lo hicimos",
    },
    inShort: { why: "Por qué vino", thinks: "Qué creemos", todo: "Qué hacer", help: "Cuándo pedir ayuda" },
    changes: {
      new: "nueva",
      changed: "cambió",
      stopped: "deje de tomarla",
      "keep taking": "siga tomándola",
      "not taking now": "no la toma ahora",
      "given once": "se le dio una vez",
      "ask us": "pregúntenos si debe tomarla",
      taking: "usted la toma ahora",
    },
    questionsLead: (clinicianName: string): string => `Escriba a ${clinicianName} si algo no está claro.`,
    feedbackLead: "Conteste diez preguntas cortas sobre su consulta.",
  },
} as const satisfies Record<
  SummaryLanguage,
  {
    titles: Record<string, string>;
    inShort: Record<string, string>;
    changes: Record<MedicineChange, string>;
    questionsLead: (clinicianName: string) => string;
    feedbackLead: string;
  }
>;

/** The summary's section titles in English (the evaluation's default language). */
export const summarySectionTitles = summaryLabels.en.titles;

/** The four lines of "Your visit in short", in English. */
export const inShortLabels = summaryLabels.en.inShort;

/** The lines under "Your questions" and "Tell us how we did", in English. */
export const summaryQuestionsLead = summaryLabels.en.questionsLead;
export const summaryFeedbackLead = summaryLabels.en.feedbackLead;

/** A medicine row's name: the name the patient knows, the generic in brackets where it differs. */
export function medicineLabel(m: SummaryMedicine): string {
  return m.generic ? `${m.name} (${m.generic})` : m.name;
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A medicine row's details without its change: "50 mcg, every morning, to help your thyroid." */
export function medicineDetails(m: SummaryMedicine): string {
  const parts = [m.dose, m.how, m.purpose].filter(Boolean).join(", ");
  const line = parts ? `${capitalized(parts)}.` : "";
  return [line, m.note].filter(Boolean).join(" ");
}

/** A medicine row's words after its name: "50 mcg, every morning, to help your thyroid; keep taking." */
export function medicineLine(m: SummaryMedicine, language: SummaryLanguage = "en"): string {
  const parts = [m.dose, m.how, m.purpose].filter(Boolean).join(", ");
  const change = summaryLabels[language].changes[m.change];
  const line = capitalized(parts ? `${parts}; ${change}.` : `${change}.`);
  return m.note ? `${line} ${m.note}` : line;
}

/** The summary as plain sections, in reading order: what the evaluation contract carries. */
export const summarySectionSchema = z.object({ title: z.string(), items: z.array(z.string()) });
export type SummarySection = z.infer<typeof summarySectionSchema>;

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
  /** Everything the patient would read: `text` is the sections' titles and items, in order. */
  summary: z.object({
    language: z.string(),
    sections: z.array(summarySectionSchema),
    text: z.string(),
    /** A Spanish summary's readability (Fernández-Huerta, whole text): English sentences carry grades instead. */
    readability: z
      .object({ formula: z.literal("fernandez-huerta"), score: z.number(), level: z.string() })
      .optional(),
  }),
  /** The draft clinical note as plain text (issue 14). */
  note: z.string(),
  /** The FHIR R4 Bundle for the dialogue, with placeholder names (issue 14). */
  fhir: z.record(z.string(), z.unknown()),
});
export type EvalResult = z.infer<typeof evalResultSchema>;
export const evalOutputSchema = z.record(z.string(), evalResultSchema);
export type EvalOutput = z.infer<typeof evalOutputSchema>;

// ---------------------------------------------------------------------------------------
// Stored findings: clinician review, release and the patient's after-visit summary.
// ---------------------------------------------------------------------------------------

/** A review finding's life: drafts come from the engine or the clinician; only approved ones can be released. */
export const findingStatuses = ["draft", "approved", "removed"] as const;
export const findingStatusSchema = z.enum(findingStatuses);
export type FindingStatus = z.infer<typeof findingStatusSchema>;

/** Who wrote a finding: an engine, or the clinician by hand. */
export const findingSources = [...findingsEngineNames, "clinician"] as const;
export const findingSourceSchema = z.enum(findingSources);
export type FindingSource = z.infer<typeof findingSourceSchema>;

export const segmentStatuses = ["ok", "failed"] as const;
export const segmentStatusSchema = z.enum(segmentStatuses);
export type SegmentStatus = z.infer<typeof segmentStatusSchema>;

/** One transcript segment as the clinician reads it in review. */
export const reviewSegmentSchema = z.object({
  id: z.uuid(),
  speakerName: z.string(),
  role: transcriptSpeakerSchema,
  startMs: z.number().int(),
  endMs: z.number().int(),
  text: z.string(),
  /** Primary subtag of the language the text is in, as the scribe heard it ("es"); null when unknown. */
  language: z.string().nullable(),
  status: segmentStatusSchema,
});
export type ReviewSegment = z.infer<typeof reviewSegmentSchema>;

/** A stored citation: the segment (by id) and words copied verbatim from its text. */
export const storedEvidenceSchema = z.object({
  segmentId: z.uuid(),
  quote: z.string().trim().min(1).max(2_000),
});
export type StoredEvidence = z.infer<typeof storedEvidenceSchema>;

export const reviewFindingSchema = z.object({
  id: z.uuid(),
  kind: findingKindSchema,
  text: z.string(),
  term: z.string().optional(),
  details: findingDetailsSchema,
  evidence: z.array(storedEvidenceSchema),
  status: findingStatusSchema,
  source: findingSourceSchema,
  editedByClinician: z.boolean(),
  /** Words this finding cited were deleted at the speaker's request: check it before releasing. */
  evidenceWithdrawn: z.boolean().optional(),
  updatedAt: z.iso.datetime(),
});
export type ReviewFinding = z.infer<typeof reviewFindingSchema>;

export const visitReviewSchema = z.object({
  visit: z.object({
    id: z.uuid(),
    patientDisplayName: z.string(),
    state: z.enum(["scheduled", "waiting", "in_call", "ended"]),
    endedAt: z.iso.datetime().nullable(),
    releasedAt: z.iso.datetime().nullable(),
    /** When the release was last corrected (released again), if it was. */
    revisedAt: z.iso.datetime().nullable(),
    /** The findings the patient can read now (the last release), whatever has changed since. */
    releasedFindingIds: z.array(z.uuid()),
  }),
  transcript: z.array(reviewSegmentSchema),
  findings: z.array(reviewFindingSchema),
  /** The last extraction run, when there was one. */
  extraction: z
    .object({
      engine: findingsEngineNameSchema,
      fallbackReason: z.string().optional(),
      at: z.iso.datetime(),
    })
    .nullable(),
});
export type VisitReview = z.infer<typeof visitReviewSchema>;

const findingText = z.string().trim().min(1, "Write what was found").max(500);
const findingTerm = z.string().trim().min(1).max(200);

/** A finding the clinician adds by hand. Evidence is optional: not everything known was said aloud. */
export const addFindingRequestSchema = z.strictObject({
  kind: findingKindSchema,
  text: findingText,
  term: findingTerm.optional(),
  details: findingDetailsSchema.strict().default({}),
  evidence: z.array(storedEvidenceSchema.strict()).max(20).default([]),
});
export type AddFindingRequest = z.input<typeof addFindingRequestSchema>;

/** An edit: any subset of the fields; `term: null` clears the term. */
export const editFindingRequestSchema = z
  .strictObject({
    kind: findingKindSchema.optional(),
    text: findingText.optional(),
    term: findingTerm.nullable().optional(),
    details: findingDetailsSchema.strict().optional(),
    evidence: z.array(storedEvidenceSchema.strict()).max(20).optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), "Change at least one field");
export type EditFindingRequest = z.input<typeof editFindingRequestSchema>;

export const setFindingStatusRequestSchema = z.strictObject({ status: findingStatusSchema });
export type SetFindingStatusRequest = z.infer<typeof setFindingStatusRequestSchema>;

export const extractFindingsResponseSchema = z.object({
  engine: findingsEngineNameSchema,
  fallbackReason: z.string().optional(),
  /** Drafts the run wrote; approved, edited and hand-written findings were kept. */
  added: z.number().int(),
  kept: z.number().int(),
  /** What the verifier dropped (no traceable source) and marked "not sure, please check". */
  verification: z.object({ dropped: z.number().int(), uncertain: z.number().int() }).optional(),
});
export type ExtractFindingsResponse = z.infer<typeof extractFindingsResponseSchema>;

export const releaseResponseSchema = z.object({
  releasedAt: z.iso.datetime(),
  revisedAt: z.iso.datetime().nullable(),
  released: z.number().int(),
});
export type ReleaseResponse = z.infer<typeof releaseResponseSchema>;

/** One released finding as the patient reads it: four graded parts and the words from the visit. */
export const afterVisitItemSchema = z.object({
  findingId: z.uuid(),
  kind: findingKindSchema,
  about: gradedTextSchema,
  meaning: gradedTextSchema,
  next: gradedTextSchema,
  help: gradedTextSchema,
  /** Verbatim quotes, with who said them. */
  quotes: z.array(z.object({ speaker: z.string(), text: z.string() })),
  terms: z.array(z.string()),
});
export type AfterVisitItem = z.infer<typeof afterVisitItemSchema>;

export const afterVisitSummarySchema = z.object({
  clinicianName: z.string(),
  visitDate: z.iso.datetime(),
  releasedAt: z.iso.datetime(),
  /** Set when the clinician corrected the summary after first sharing it. */
  revisedAt: z.iso.datetime().nullable(),
  items: z.array(afterVisitItemSchema),
  glossary: z.array(glossaryEntrySchema),
  /** The after-visit summary as composed at release, in the visit's language: what the patient reads. */
  document: patientSummarySchema,
  /** The same summary in the other languages the patient can switch to (English for a Spanish visit). */
  alternates: z.array(patientSummarySchema).default([]),
  /** Questions this patient already asked, newest last, so the screen can show them. */
  questions: z.array(z.object({ findingId: z.uuid(), text: z.string(), askedAt: z.iso.datetime() })),
  feedbackGiven: z.boolean(),
  /** Until when this page can be opened with the same link. */
  availableUntil: z.iso.datetime(),
});
export type AfterVisitSummary = z.infer<typeof afterVisitSummarySchema>;

/** What the clinician previews before releasing: the same document the patient will read. */
export const summaryPreviewSchema = z.object({
  patientDisplayName: z.string(),
  clinicianName: z.string(),
  visitDate: z.iso.datetime(),
  /** Approved findings the document is composed from (0: nothing would be released). */
  approved: z.number().int(),
  /** In the visit's preferred language, as the patient will first read it. */
  document: patientSummarySchema,
  alternates: z.array(patientSummarySchema).default([]),
  /**
   * What the summary's last gate kept from the patient, for the clinician to check ("not sure, please
   * check"): lines resting on no affirmed statement of the visit (a "keep taking" nobody said, a
   * leaflet beside a named cause, reassurance nobody gave), each with why.
   */
  notSure: z
    .array(z.object({ text: z.string(), why: z.string(), findingIds: z.array(z.string()) }))
    .default([]),
});
export type SummaryPreview = z.infer<typeof summaryPreviewSchema>;

export const askQuestionRequestSchema = z.strictObject({
  findingId: z.uuid(),
  text: z.string().trim().min(1, "Write your question").max(1_000, "Please keep it under 1,000 letters"),
});
export type AskQuestionRequest = z.infer<typeof askQuestionRequestSchema>;

export const patientQuestionSchema = z.object({
  id: z.uuid(),
  findingId: z.uuid(),
  findingText: z.string(),
  text: z.string(),
  askedBy: z.string(),
  askedAt: z.iso.datetime(),
  /** Not opened by the clinician before this answer. */
  isNew: z.boolean(),
});
export type PatientQuestion = z.infer<typeof patientQuestionSchema>;

/** GET /api/visits/:visitId/questions: the patient's questions about the released findings. */
export const patientQuestionsSchema = z.object({ questions: z.array(patientQuestionSchema) });
export type PatientQuestions = z.infer<typeof patientQuestionsSchema>;

/** POST /api/after-visit/questions: the question stored. */
export const questionAskedSchema = z.object({ id: z.uuid(), askedAt: z.iso.datetime() });
export type QuestionAsked = z.infer<typeof questionAskedSchema>;

/**
 * The CARE measure (Mercer et al., 2004): ten items about the clinician's relational
 * empathy, each rated 1–5 or "does not apply". The wording is the instrument's and is
 * kept as published, since changing it would void its validation.
 */
export const careItems = [
  {
    title: "Making you feel at ease",
    detail: "being friendly and warm towards you, treating you with respect; not cold or abrupt",
  },
  {
    title: "Letting you tell your \u201cstory\u201d",
    detail:
      "giving you time to fully describe your illness in your own words; not interrupting or diverting you",
  },
  {
    title: "Really listening",
    detail:
      "paying close attention to what you were saying; not looking at the notes or computer as you were talking",
  },
  {
    title: "Being interested in you as a whole person",
    detail:
      "asking/knowing relevant details about your life, your situation; not treating you as \u201cjust a number\u201d",
  },
  {
    title: "Fully understanding your concerns",
    detail:
      "communicating that he/she had accurately understood your concerns; not overlooking or dismissing anything",
  },
  {
    title: "Showing care and compassion",
    detail:
      "seeming genuinely concerned, connecting with you on a human level; not being indifferent or \u201cdetached\u201d",
  },
  {
    title: "Being positive",
    detail:
      "having a positive approach and a positive attitude; being honest but not negative about your problems",
  },
  {
    title: "Explaining things clearly",
    detail:
      "fully answering your questions, explaining clearly, giving you adequate information; not being vague",
  },
  {
    title: "Helping you to take control",
    detail:
      "exploring with you what you can do to improve your health yourself; encouraging rather than \u201clecturing\u201d you",
  },
  {
    title: "Making a plan of action with you",
    detail:
      "discussing the options, involving you in decisions as much as you want to be involved; not ignoring your views",
  },
] as const;
export const careRatingLabels = ["Poor", "Fair", "Good", "Very good", "Excellent"] as const;
/** A CARE answer: 1 (poor) … 5 (excellent), or null for "does not apply". */
export const careAnswerSchema = z.union([z.number().int().min(1).max(5), z.null()]);
export type CareAnswer = z.infer<typeof careAnswerSchema>;

export const submitFeedbackRequestSchema = z.strictObject({
  care: z.array(careAnswerSchema).length(careItems.length, `Answer all ${careItems.length} questions`),
  comment: z.string().trim().max(2_000, "Please keep it under 2,000 letters").optional(),
});
export type SubmitFeedbackRequest = z.infer<typeof submitFeedbackRequestSchema>;

/**
 * The CARE score (10–50) as its authors define it: up to two "does not apply" answers are
 * replaced by the mean of the others; with more than two the response has no score.
 */
export function careScore(answers: readonly CareAnswer[]): number | null {
  const given = answers.filter((a): a is number => a !== null);
  const missing = answers.length - given.length;
  if (answers.length !== careItems.length || missing > 2 || given.length === 0) return null;
  const sum = given.reduce((a, b) => a + b, 0);
  return Math.round((sum + (missing * sum) / given.length) * 10) / 10;
}

export const feedbackAggregateSchema = z.object({
  responses: z.number().int(),
  /** Responses with a CARE score (at most two "does not apply"). */
  scored: z.number().int(),
  meanScore: z.number().nullable(),
  /** Per item: the mean of the 1–5 answers and how many said "does not apply". */
  items: z.array(
    z.object({ title: z.string(), mean: z.number().nullable(), notApplicable: z.number().int() }),
  ),
  /** The latest comments, without names: feedback is for reflection, not for follow-up. */
  comments: z.array(z.object({ text: z.string(), at: z.iso.datetime() })),
});
export type FeedbackAggregate = z.infer<typeof feedbackAggregateSchema>;

/** POST /api/after-visit/feedback: the CARE score of the answers (null with three or more "does not apply"). */
export const feedbackSubmittedSchema = z.object({ score: z.number().nullable() });
export type FeedbackSubmitted = z.infer<typeof feedbackSubmittedSchema>;
