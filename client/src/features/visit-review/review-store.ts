import type {
  AddFindingRequest,
  EditFindingRequest,
  ExtractFindingsResponse,
  FeedbackAggregate,
  FindingStatus,
  PatientQuestion,
  ReleaseResponse,
  ReviewFinding,
  VisitReview,
} from "@bedside/shared";
import { create } from "zustand";
import { api, ApiError } from "../../lib/api";

interface ReviewState {
  visitId: string | undefined;
  review: VisitReview | undefined;
  questions: PatientQuestion[];
  feedback: FeedbackAggregate | undefined;
  /** What is being saved right now, to disable its buttons. */
  busy: string | undefined;
  error: string | undefined;
  notice: string | undefined;
  load(visitId: string): Promise<void>;
  extract(): Promise<void>;
  add(input: AddFindingRequest): Promise<boolean>;
  edit(findingId: string, input: EditFindingRequest): Promise<boolean>;
  setStatus(findingId: string, status: FindingStatus): Promise<void>;
  /** Resolves to whether the release went out. */
  release(): Promise<boolean>;
}

/** What the review page shows (everything but the bookkeeping `visitId`), for a shallow selector. */
export const reviewView = (s: ReviewState) => ({
  review: s.review,
  questions: s.questions,
  feedback: s.feedback,
  busy: s.busy,
  error: s.error,
  notice: s.notice,
  load: s.load,
  extract: s.extract,
  add: s.add,
  edit: s.edit,
  setStatus: s.setStatus,
  release: s.release,
});

const messageOf = (err: unknown) =>
  err instanceof ApiError ? err.message : "Something went wrong. Please try again.";

export const useReviewStore = create<ReviewState>()((set, get) => {
  /** Runs one change, then reloads the review so the screen shows what the server stored. */
  async function change(label: string, run: (visitId: string) => Promise<string | undefined>) {
    const visitId = get().visitId;
    if (!visitId || get().busy) return false;
    set({ busy: label, error: undefined, notice: undefined });
    try {
      const notice = await run(visitId);
      const review = await api<VisitReview>(`/api/visits/${visitId}/review`);
      set({ review, notice });
      return true;
    } catch (err) {
      set({ error: messageOf(err) });
      return false;
    } finally {
      set({ busy: undefined });
    }
  }

  const replaceFinding = (f: ReviewFinding) => {
    const review = get().review;
    if (review) set({ review: { ...review, findings: review.findings.map((x) => (x.id === f.id ? f : x)) } });
  };

  return {
    visitId: undefined,
    review: undefined,
    questions: [],
    feedback: undefined,
    busy: undefined,
    error: undefined,
    notice: undefined,

    async load(visitId) {
      set({ visitId, review: undefined, questions: [], error: undefined, notice: undefined });
      try {
        const [review, questions, feedback] = await Promise.all([
          api<VisitReview>(`/api/visits/${visitId}/review`),
          api<{ questions: PatientQuestion[] }>(`/api/visits/${visitId}/questions`),
          api<FeedbackAggregate>("/api/feedback/summary"),
        ]);
        if (get().visitId !== visitId) return;
        set({ review, questions: questions.questions, feedback });
        // Shown now: they leave the queue's "questions from patients" (still marked new here).
        if (questions.questions.some((q) => q.isNew))
          await api(`/api/visits/${visitId}/questions/seen`, { method: "PUT" });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    async extract() {
      await change("extract", async (visitId) => {
        const r = await api<ExtractFindingsResponse>(`/api/visits/${visitId}/findings/extract`, {
          method: "POST",
        });
        const fallback = r.fallbackReason
          ? " The AI service did not answer, so the built-in engine was used."
          : "";
        return `Found ${r.added} new draft${r.added === 1 ? "" : "s"}; kept ${r.kept} you had already worked on.${fallback}`;
      });
    },

    add: (input) =>
      change("add", async (visitId) => {
        await api(`/api/visits/${visitId}/findings`, { body: input });
        return "Finding added as a draft.";
      }),

    edit: (findingId, input) =>
      change(findingId, async (visitId) => {
        await api(`/api/visits/${visitId}/findings/${findingId}`, { method: "PATCH", body: input });
        return "Saved. Approve it again to include it in the release.";
      }),

    async setStatus(findingId, status) {
      const visitId = get().visitId;
      if (!visitId || get().busy) return;
      set({ busy: findingId, error: undefined, notice: undefined });
      try {
        replaceFinding(
          await api<ReviewFinding>(`/api/visits/${visitId}/findings/${findingId}/status`, {
            method: "PUT",
            body: { status },
          }),
        );
      } catch (err) {
        set({ error: messageOf(err) });
      } finally {
        set({ busy: undefined });
      }
    },

    release: () =>
      change("release", async (visitId) => {
        const r = await api<ReleaseResponse>(`/api/visits/${visitId}/release`, { method: "POST" });
        const n = `${r.released} finding${r.released === 1 ? "" : "s"}`;
        return r.revisedAt
          ? `Released the corrected summary (${n}) to the patient.`
          : `Released ${n} to the patient.`;
      }),
  };
});
