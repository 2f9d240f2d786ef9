// Clinician review and release of findings, and the patient's after-visit summary.
// Nothing reaches the patient unless it is in finding_explanations, which only a release
// writes, and a release takes only approved findings.
import {
  type AddFindingRequest,
  type AuditAction,
  type AfterVisitSummary,
  type Explanation,
  careItems,
  careScore,
  type EditFindingRequest,
  type ExtractFindingsResponse,
  type FeedbackAggregate,
  type Finding,
  type FindingDetails,
  findingKinds,
  type FindingStatus,
  type PatientQuestion,
  type ReleaseResponse,
  type ReviewFinding,
  type StoredEvidence,
  type SubmitFeedbackRequest,
  type AskQuestionRequest,
  type PatientSummary,
  type SummaryPreview,
  type SummaryQuote,
  type VisitReview,
} from "@bedside/shared";

import type { TranscriptService } from "../transcripts/transcript.service.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { Auditor } from "../audit/audit.service.js";
import type { FindingsEngine } from "./findings.engine.js";
import type { FindingsRepository, NewFinding, StoredFinding } from "./findings.repository.js";
import { explainFindings } from "./plain-language.js";
import { composeSummaries, composeSummaryChecked, legacySummary } from "./summary.compose.js";
import { notSureLines } from "./summary.gate.js";
import { DomainError } from "../access/access.errors.js";

/** The patient behind a summary link. */
export type AfterVisitReader = Awaited<ReturnType<VisitAccess["afterVisitPatient"]>>;

export interface FindingsServiceDeps {
  findings: FindingsRepository;
  transcripts: TranscriptService;
  /** Who may read what: the clinician's own visits, the patient's after-visit secret. */
  access: Pick<VisitAccess, "ownedVisit">;
  engine: FindingsEngine;
  /** Every read of clinical text and every change is recorded before the answer goes out. */
  audit: Auditor;
  /** What the patient's summary says to dial in an emergency (EMERGENCY_NUMBER). */
  emergencyNumber?: string;
  /** A clinician's new (unseen) patient questions changed: their queue shows them. */
  onQuestionsChanged?: (clinicianId: string) => void;
}

/** Bounds how many questions one visit can collect, so a stuck button cannot flood the clinician. */
export const MAX_QUESTIONS_PER_VISIT = 50;

/**
 * "Not sure, please check" is the verifier's mark on an engine's draft. What the clinician writes,
 * edits or approves is theirs: checked, so the mark goes (and the patient may read it).
 */
function checkedByClinician(details: FindingDetails): FindingDetails {
  const { uncertain: _checked, ...rest } = details;
  return rest;
}

/** A stored finding as the engine's contract has it (what the summary is composed from). */
const toFinding = (f: StoredFinding): Finding => ({
  id: f.id,
  kind: f.kind,
  text: f.text,
  ...(f.term ? { term: f.term } : {}),
  details: f.details,
  evidence: f.evidence,
});

const toReviewFinding = (f: StoredFinding): ReviewFinding => ({
  ...toFinding(f),
  status: f.status,
  source: f.source,
  editedByClinician: f.edited_by_clinician,
  ...(f.evidence_withdrawn_at ? { evidenceWithdrawn: true } : {}),
  updatedAt: f.updated_at.toISOString(),
});

const mean = (xs: number[]) =>
  xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;

export function createFindingsService(deps: FindingsServiceDeps) {
  const { findings, transcripts, engine } = deps;
  const byClinician = (
    clinicianId: string,
    visitId: string,
    action: AuditAction,
    detail?: Record<string, string | number | boolean>,
  ) => deps.audit.record({ visitId, actor: { kind: "clinician", id: clinicianId }, action, detail });

  /** The clinician's own visit (else a 404) with its release, if any. */
  async function ownedVisit(clinicianId: string, visitId: string) {
    const visit = await deps.access.ownedVisit(clinicianId, visitId);
    const release = await findings.releaseOf(visitId);
    return {
      id: visit.id,
      patientDisplayName: visit.patient_display_name,
      state: visit.state,
      endedAt: visit.ended_at,
      releasedAt: release?.released_at ?? null,
      revisedAt: release?.revised_at ?? null,
      revision: release?.revision ?? null,
    };
  }

  /**
   * Review changes need an ended visit: the transcript is complete. After a release they are a
   * correction in progress; the patient keeps reading the released snapshot until the next release.
   */
  async function reviewableVisit(clinicianId: string, visitId: string) {
    const visit = await ownedVisit(clinicianId, visitId);
    if (visit.state !== "ended") {
      throw new DomainError("conflict", "Findings can be reviewed once the visit has ended.");
    }
    return visit;
  }

  async function ownedFinding(visitId: string, findingId: string) {
    const f = await findings.find(visitId, findingId);
    if (!f) throw new DomainError("not_found", "No such finding.");
    return f;
  }

  /** Every quote must be a verbatim substring of the cited, successfully transcribed segment of this visit. */
  async function checkEvidence(visitId: string, evidence: StoredEvidence[]): Promise<void> {
    const segments = await transcripts.namedByIds(visitId, [...new Set(evidence.map((e) => e.segmentId))]);
    const byId = new Map(segments.map((s) => [s.id, s.text]));
    evidence.forEach((e, i) => {
      const text = byId.get(e.segmentId);
      if (text === undefined) {
        throw new DomainError("bad_request", `evidence.${i}.segmentId: not a segment of this visit`);
      }
      if (!text.includes(e.quote)) {
        throw new DomainError(
          "bad_request",
          `evidence.${i}.quote: must be copied word for word from the cited segment, or removed`,
        );
      }
    });
  }

  /**
   * The summary the patient will read for these findings: composed with the speakers' names
   * for the quotes. Release stores it; the clinician's preview shows it before that.
   */
  async function documentFor(
    visitId: string,
    names: { clinicianName: string; preferredLanguage: string },
    approved: Finding[],
  ): Promise<{ document: PatientSummary; alternates: PatientSummary[] }> {
    const segments = await transcripts.namedByIds(visitId, [
      ...new Set(approved.flatMap((f) => f.evidence.map((e) => e.segmentId))),
    ]);
    const speakerOf = new Map(segments.map((s) => [s.id, speakerName(s)]));
    const quotesOf = (f: Finding): SummaryQuote[] =>
      uniqueBy(
        f.evidence.map((e) => ({ speaker: speakerOf.get(e.segmentId) ?? "", text: e.quote })),
        (q) => `${q.speaker}\u0000${q.text.toLowerCase()}`,
      ).slice(0, 2);
    // In the visit's preferred language (Spanish, English), with the other languages to switch to.
    return composeSummaries(approved, {
      clinicianName: names.clinicianName,
      quotesOf,
      language: names.preferredLanguage,
      ...(deps.emergencyNumber ? { emergencyNumber: deps.emergencyNumber } : {}),
    });
  }

  async function approvedFindings(visitId: string): Promise<Finding[]> {
    return (await findings.list(visitId)).filter((f) => f.status === "approved").map(toFinding);
  }

  return {
    async review(clinicianId: string, visitId: string): Promise<VisitReview> {
      const visit = await ownedVisit(clinicianId, visitId);
      const [segments, rows, run, released] = await Promise.all([
        transcripts.named(visitId),
        findings.list(visitId),
        findings.lastRun(visitId),
        findings.released(visitId),
      ]);
      await byClinician(clinicianId, visitId, "transcript.read", { segments: segments.length });
      await byClinician(clinicianId, visitId, "findings.read", { findings: rows.length });
      return {
        visit: {
          id: visit.id,
          patientDisplayName: visit.patientDisplayName,
          state: visit.state,
          endedAt: visit.endedAt?.toISOString() ?? null,
          releasedAt: visit.releasedAt?.toISOString() ?? null,
          revisedAt: visit.revisedAt?.toISOString() ?? null,
          releasedFindingIds: released.map((r) => r.id),
        },
        transcript: segments.map((s) => ({
          id: s.id,
          speakerName:
            s.participantName ??
            (s.role === "clinician" ? s.clinicianName : s.role === "other" ? "Someone else" : s.role),
          role: s.role,
          startMs: s.start_ms,
          endMs: s.end_ms,
          text: s.text,
          language: s.language,
          status: s.status,
        })),
        // A note's reading order; within a kind, the order they were found or added.
        findings: rows
          .map(toReviewFinding)
          .sort((a, b) => findingKinds.indexOf(a.kind) - findingKinds.indexOf(b.kind)),
        extraction: run
          ? {
              engine: run.engine === "openai-compatible" ? "openai-compatible" : "builtin",
              ...(run.fallback_reason ? { fallbackReason: run.fallback_reason } : {}),
              at: run.ran_at.toISOString(),
            }
          : null,
      };
    },

    async extract(clinicianId: string, visitId: string): Promise<ExtractFindingsResponse> {
      await reviewableVisit(clinicianId, visitId);
      const segments = (await transcripts.listByVisit(visitId)).filter(
        (s) => s.status === "ok" && s.text.trim().length > 0,
      );
      const byId = new Map(segments.map((s) => [s.id, s.text]));
      const result = await engine.extract(segments.map((s) => ({ id: s.id, speaker: s.role, text: s.text })));
      const drafts: NewFinding[] = [];
      for (const f of result.findings) {
        // Re-checked here even though the engines promise it: stored evidence is always verbatim.
        const evidence = f.evidence.filter((e) => byId.get(e.segmentId)?.includes(e.quote) ?? false);
        if (evidence.length === 0) continue;
        drafts.push({
          kind: f.kind,
          text: f.text,
          term: f.term ?? null,
          details: f.details,
          evidence,
          source: result.engine,
        });
      }
      const { added, kept } = await findings.replaceDrafts(
        visitId,
        { engine: result.engine, fallbackReason: result.fallbackReason },
        drafts,
      );
      const verification = result.verification
        ? { dropped: result.verification.dropped, uncertain: result.verification.uncertain }
        : undefined;
      await byClinician(clinicianId, visitId, "findings.changed", {
        change: "extracted",
        added,
        kept,
        ...(verification ?? {}),
      });
      return {
        engine: result.engine,
        ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
        added,
        kept,
        ...(verification ? { verification } : {}),
      };
    },

    async add(clinicianId: string, visitId: string, input: AddFindingRequest): Promise<ReviewFinding> {
      await reviewableVisit(clinicianId, visitId);
      const evidence = input.evidence ?? [];
      await checkEvidence(visitId, evidence);
      const row = await findings.insert(visitId, {
        kind: input.kind,
        text: input.text,
        term: input.term ?? null,
        details: checkedByClinician(input.details ?? {}),
        evidence,
        source: "clinician",
        editedByClinician: true,
      });
      await byClinician(clinicianId, visitId, "findings.changed", { change: "added", findingId: row.id });
      return toReviewFinding(row);
    },

    async edit(
      clinicianId: string,
      visitId: string,
      findingId: string,
      input: EditFindingRequest,
    ): Promise<ReviewFinding> {
      await reviewableVisit(clinicianId, visitId);
      const current = await ownedFinding(visitId, findingId);
      if (input.evidence) await checkEvidence(visitId, input.evidence);
      const row = await findings.update(visitId, findingId, {
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.term !== undefined ? { term: input.term } : {}),
        details: checkedByClinician(input.details ?? current.details),
        ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
        editedByClinician: true,
        // What gets released is what was approved: a changed finding needs approving again.
        ...(current.status === "approved" ? { status: "draft" as const } : {}),
      });
      await byClinician(clinicianId, visitId, "findings.changed", { change: "edited", findingId });
      return toReviewFinding(row);
    },

    async setStatus(
      clinicianId: string,
      visitId: string,
      findingId: string,
      status: FindingStatus,
    ): Promise<ReviewFinding> {
      await reviewableVisit(clinicianId, visitId);
      const current = await ownedFinding(visitId, findingId);
      const row = await findings.update(visitId, findingId, {
        status,
        ...(status === "approved" && current.details.uncertain
          ? { details: checkedByClinician(current.details) }
          : {}),
      });
      await byClinician(clinicianId, visitId, "findings.changed", { change: "status", findingId, status });
      return toReviewFinding(row);
    },

    /** A speaker's words were deleted: findings that quoted them lose those quotes and are flagged. */
    withdrawEvidence: (visitId: string, segmentIds: string[]) =>
      findings.withdrawEvidence(visitId, segmentIds),

    /** Exactly what the patient would read if the approved findings were released now. */
    async preview(clinicianId: string, visitId: string): Promise<SummaryPreview> {
      const visit = await ownedVisit(clinicianId, visitId);
      const approved = await approvedFindings(visitId);
      const names = await findings.visitNames(visitId);
      await byClinician(clinicianId, visitId, "findings.read", { preview: true, findings: approved.length });
      return {
        patientDisplayName: visit.patientDisplayName,
        clinicianName: names.clinicianName,
        visitDate: names.visitDate.toISOString(),
        approved: approved.length,
        ...(await documentFor(visitId, names, approved)),
        // What the gate kept from the patient, for the clinician to check before releasing.
        notSure: notSureLines(
          composeSummaryChecked(approved, { language: names.preferredLanguage }).withheld,
        ),
      };
    },

    async release(clinicianId: string, visitId: string): Promise<ReleaseResponse> {
      const visit = await reviewableVisit(clinicianId, visitId);
      const asFindings = await approvedFindings(visitId);
      if (asFindings.length === 0) {
        throw new DomainError(
          "conflict",
          "Approve at least one finding before releasing. Nothing was sent to the patient.",
        );
      }
      const { explanations, glossary } = explainFindings(asFindings);
      const { document, alternates } = await documentFor(
        visitId,
        await findings.visitNames(visitId),
        asFindings,
      );
      // What the patient will read, kept as released: later corrections do not leak into it.
      const snapshot = asFindings.flatMap((f, i) => {
        const explanation = explanations[i];
        return explanation ? [{ explanation, kind: f.kind, evidence: f.evidence }] : [];
      });
      const current = visit.revision !== null ? await findings.releaseOf(visitId) : undefined;
      if (
        visit.revision !== null &&
        sameRelease(snapshot, await findings.released(visitId)) &&
        sameJson(document, current?.summary ?? null) &&
        sameJson(alternates, current?.summary_alternates ?? [])
      ) {
        throw new DomainError(
          "conflict",
          "Nothing changed since the last release. The patient already has this version.",
        );
      }
      const released = await findings.release(
        visitId,
        clinicianId,
        snapshot,
        glossary,
        document,
        alternates,
        visit.revision,
      );
      if (!released) {
        throw new DomainError(
          "conflict",
          "These findings were released from somewhere else at the same time. Reload to see what the patient has.",
        );
      }
      await byClinician(clinicianId, visitId, "summary.released", {
        findings: explanations.length,
        corrected: visit.revision !== null,
      });
      return {
        releasedAt: released.releasedAt.toISOString(),
        revisedAt: released.revisedAt?.toISOString() ?? null,
        released: explanations.length,
      };
    },

    /**
     * For the clinical note and its export (issue 14), after the notes service checked the owner:
     * the approved findings, the names, and the patient's summary (the released one, else what a
     * release would give now). Not audited here: the notes service records its own reads.
     */
    async forNote(visitId: string): Promise<{
      approved: Finding[];
      clinicianName: string;
      visitDate: Date;
      summary: PatientSummary;
    }> {
      const approved = await approvedFindings(visitId);
      const names = await findings.visitNames(visitId);
      const release = await findings.releaseOf(visitId);
      return {
        approved,
        clinicianName: names.clinicianName,
        visitDate: names.visitDate,
        summary: release?.summary ?? (await documentFor(visitId, names, approved)).document,
      };
    },

    /** The clinician opened the visit's questions: they leave the queue's "questions" list. */
    async questionsSeen(clinicianId: string, visitId: string): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      if ((await findings.markQuestionsSeen(visitId)) > 0) deps.onQuestionsChanged?.(clinicianId);
    },

    /** For the clinician's queue: visits whose patients asked questions not opened yet. */
    questionsWaiting: (clinicianId: string) => findings.questionsWaiting(clinicianId),

    async questions(clinicianId: string, visitId: string): Promise<PatientQuestion[]> {
      await ownedVisit(clinicianId, visitId);
      const rows = await findings.questions(visitId);
      // The patient's own words about their care: a read of clinical text like any other.
      await byClinician(clinicianId, visitId, "questions.read", { questions: rows.length });
      return rows.map(({ seenAt, ...q }) => ({
        ...q,
        askedAt: q.askedAt.toISOString(),
        isNew: seenAt === null,
      }));
    },

    async feedbackAggregate(clinicianId: string): Promise<FeedbackAggregate> {
      const rows = await findings.feedbackForClinician(clinicianId);
      const scores = rows.map((r) => r.care_score).filter((s): s is number => s !== null);
      return {
        responses: rows.length,
        scored: scores.length,
        meanScore: mean(scores),
        items: careItems.map((item, i) => {
          const answers = rows.map((r) => r.care[i]);
          return {
            title: item.title,
            mean: mean(answers.filter((a): a is number => typeof a === "number")),
            notApplicable: answers.filter((a) => a === null).length,
          };
        }),
        comments: rows
          .filter((r) => r.comment)
          .slice(0, 20)
          .map((r) => ({ text: r.comment ?? "", at: r.created_at.toISOString() })),
      };
    },

    /** The patient's summary, for the reader of a summary link (resolved by access.afterVisitPatient). */
    async summary(g: AfterVisitReader): Promise<AfterVisitSummary> {
      const release = await findings.releaseOf(g.visitId);
      if (!release) {
        throw new DomainError(
          "not_found",
          `Your summary is not ready yet. ${g.clinicianName} will share it once the notes from your visit are checked. Please check back later.`,
        );
      }
      const rows = await findings.released(g.visitId);
      const segments = await transcripts.namedByIds(g.visitId, [
        ...new Set(rows.flatMap((r) => r.evidence.map((e) => e.segmentId))),
      ]);
      const speakerOf = new Map(segments.map((s) => [s.id, speakerName(s)]));
      const [questions, feedbackGiven] = await Promise.all([
        findings.questions(g.visitId),
        findings.hasFeedback(g.visitId),
      ]);
      await deps.audit.record({
        visitId: g.visitId,
        actor: { kind: "patient", id: g.id },
        action: "summary.read",
        detail: { revision: release.revision },
      });
      return {
        clinicianName: g.clinicianName,
        visitDate: (g.startedAt ?? g.scheduledAt).toISOString(),
        releasedAt: release.released_at.toISOString(),
        revisedAt: release.revised_at?.toISOString() ?? null,
        items: rows.map((r) => ({
          findingId: r.id,
          kind: r.kind,
          about: r.explanation.about,
          meaning: r.explanation.meaning,
          next: r.explanation.next,
          help: r.explanation.help,
          // The same words said twice are one quote for the patient (the clinician sees both).
          quotes: uniqueBy(
            r.evidence.map((e) => ({ speaker: speakerOf.get(e.segmentId) ?? "", text: e.quote })),
            (q) => `${q.speaker}\u0000${q.text.toLowerCase()}`,
          ),
          terms: r.explanation.terms,
        })),
        glossary: release.glossary,
        // Releases from before the composed summary are shown from their explanations.
        document:
          release.summary ??
          legacySummary(
            rows.map((r) => ({ id: r.id, kind: r.kind, explanation: r.explanation })),
            deps.emergencyNumber,
          ),
        alternates: release.summary_alternates ?? [],
        questions: questions.map((q) => ({
          findingId: q.findingId,
          text: q.text,
          askedAt: q.askedAt.toISOString(),
        })),
        feedbackGiven,
        availableUntil: g.availableUntil.toISOString(),
      };
    },

    async ask(g: AfterVisitReader, input: AskQuestionRequest): Promise<{ id: string; askedAt: string }> {
      if (!(await findings.isReleasedFinding(g.visitId, input.findingId))) {
        throw new DomainError("not_found", "We could not find that item in your summary.");
      }
      const q = await findings.addQuestion(
        { visitId: g.visitId, findingId: input.findingId, participantId: g.id, text: input.text },
        MAX_QUESTIONS_PER_VISIT,
      );
      if (!q) {
        throw new DomainError(
          "conflict",
          "You have sent a lot of questions. Please call the clinic so we can talk.",
        );
      }
      deps.onQuestionsChanged?.(g.clinicianId);
      return { id: q.id, askedAt: q.created_at.toISOString() };
    },

    async submitFeedback(
      g: AfterVisitReader,
      input: SubmitFeedbackRequest,
    ): Promise<{ score: number | null }> {
      if (!g.endedAt) throw new DomainError("conflict", "You can rate your visit once it has ended.");
      const score = careScore(input.care);
      const stored = await findings.addFeedback({
        visitId: g.visitId,
        participantId: g.id,
        care: input.care,
        score,
        comment: input.comment ? input.comment : null,
      });
      if (!stored) throw new DomainError("conflict", "You already rated this visit. Thank you!");
      return { score };
    },
  };
}
export type FindingsService = ReturnType<typeof createFindingsService>;

/** Who said a quote, as the patient reads it: "You", the clinician's name, or the speaker's. */
function speakerName(s: { role: string; clinicianName: string; participantName: string | null }): string {
  return s.role === "patient"
    ? "You"
    : s.role === "clinician"
      ? s.clinicianName
      : (s.participantName ?? "Someone in the visit");
}

/** Deep equality of two JSON values whatever their key order (jsonb does not keep it). */
function sameJson(a: unknown, b: unknown): boolean {
  const sorted = (v: unknown) =>
    JSON.stringify(v, (_, x: unknown) =>
      x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q)))
        : x,
    );
  return sorted(a) === sorted(b);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether a release would give the patient exactly what they already read. */
function sameRelease(
  next: { explanation: Explanation; kind: string; evidence: StoredEvidence[] }[],
  current: { id: string; kind: string; evidence: StoredEvidence[]; explanation: Explanation }[],
): boolean {
  // jsonb does not keep key order, so compare with keys sorted.
  const key = (r: { explanation: Explanation; kind: string; evidence: StoredEvidence[] }) =>
    JSON.stringify([r.explanation, r.kind, r.evidence], (_, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v,
    );
  const have = new Set(current.map(key));
  return next.length === current.length && next.every((r) => have.has(key(r)));
}
