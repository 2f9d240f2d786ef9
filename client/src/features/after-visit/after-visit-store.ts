import { contract, type AfterVisitSummary, type CareAnswer } from "@bedside/shared";
import { create } from "zustand";
import { ApiError, call } from "../../lib/api";
import { errorText } from "../../lib/errors";
import { i18n } from "../../lib/i18n";

type Phase = "loading" | "ready" | "not-ready" | "unavailable";

interface AfterVisitState {
  token: string | undefined;
  phase: Phase;
  summary: AfterVisitSummary | undefined;
  message: string | undefined;
  /** The last failure with its code, for the screen's own words. */
  failure: unknown;
  load(token: string): Promise<void>;
  /** Resolves to an error message, or undefined when the question was sent. */
  ask(findingId: string, text: string): Promise<string | undefined>;
  sendFeedback(care: CareAnswer[], comment: string): Promise<string | undefined>;
}

/** In the language on screen: the server's words are English. */
const messageOf = (err: unknown) => errorText(i18n.t, err);

export const useAfterVisitStore = create<AfterVisitState>()((set, get) => ({
  token: undefined,
  phase: "loading",
  summary: undefined,
  message: undefined,
  failure: undefined,

  async load(token) {
    if (get().token !== token)
      set({ token, phase: "loading", summary: undefined, message: undefined, failure: undefined });
    try {
      const summary = await call(contract.afterVisit, { bearer: token });
      if (get().token === token) set({ phase: "ready", summary, message: undefined });
    } catch (err) {
      if (get().token !== token) return;
      // 404 is "not released yet": a normal, temporary state, not an error.
      const notReady = err instanceof ApiError && err.status === 404;
      set({ phase: notReady ? "not-ready" : "unavailable", message: messageOf(err), failure: err });
    }
  },

  async ask(findingId, text) {
    const { token, summary } = get();
    if (!token || !summary) return i18n.t("errors.reload");
    try {
      const q = await call(contract.askQuestion, {
        bearer: token,
        body: { findingId, text },
      });
      set({
        summary: {
          ...summary,
          questions: [...summary.questions, { findingId, text: text.trim(), askedAt: q.askedAt }],
        },
      });
      return undefined;
    } catch (err) {
      return messageOf(err);
    }
  },

  async sendFeedback(care, comment) {
    const { token, summary } = get();
    if (!token || !summary) return i18n.t("errors.reload");
    try {
      await call(contract.submitFeedback, {
        bearer: token,
        body: { care, ...(comment.trim() ? { comment } : {}) },
      });
      set({ summary: { ...summary, feedbackGiven: true } });
      return undefined;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409)
        set({ summary: { ...summary, feedbackGiven: true } });
      return messageOf(err);
    }
  },
}));
