import {
  contract,
  type ClinicalNote,
  type AddFindingRequest,
  type EditFindingRequest,
  type FindingStatus,
  type VisitNote,
} from "@bedside/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError, call } from "../../lib/api";
import { feedbackKey, visitKeys } from "../../lib/query";

// The review page's server state: one query per thing the server keeps, one mutation per change,
// each change invalidating what it changes (when findings change: the review, the note drafted from
// them, the preview composed from them and the audit trail that records them).

/** What a failed request says on screen (the server's own sentence, or a plain one). */
export const messageOf = (err: unknown, fallback = "Something went wrong. Please try again.") =>
  err instanceof ApiError ? err.message : fallback;

export const useReview = (visitId: string) =>
  useQuery({
    queryKey: visitKeys.review(visitId),
    queryFn: ({ signal }) => call(contract.review, { params: { visitId }, signal }),
  });

/** The patient's questions; shown now, so they leave the queue's "questions from patients". */
export function useQuestions(visitId: string) {
  const query = useQuery({
    queryKey: visitKeys.questions(visitId),
    queryFn: ({ signal }) => call(contract.questions, { params: { visitId }, signal }),
  });
  const unseen = query.data?.questions.some((q) => q.isNew) ?? false;
  useEffect(() => {
    // They stay marked "New" on this page; the server only stops counting them as waiting.
    if (unseen) void call(contract.questionsSeen, { params: { visitId } }).catch(() => undefined);
  }, [visitId, unseen]);
  return query;
}

export const useFeedback = () =>
  useQuery({
    queryKey: feedbackKey,
    queryFn: ({ signal }) => call(contract.feedbackSummary, { signal }),
  });

export const useNote = (visitId: string) =>
  useQuery({
    queryKey: visitKeys.note(visitId),
    queryFn: ({ signal }) => call(contract.note, { params: { visitId }, signal }),
  });

export const useInsights = (visitId: string) =>
  useQuery({
    queryKey: visitKeys.insights(visitId),
    queryFn: ({ signal }) => call(contract.insights, { params: { visitId }, signal }),
  });

export const useChatLog = (visitId: string) =>
  useQuery({
    queryKey: visitKeys.chat(visitId),
    queryFn: ({ signal }) => call(contract.chat, { params: { visitId }, signal }),
  });

export const useAuditTrail = (visitId: string) =>
  useQuery({
    queryKey: visitKeys.audit(visitId),
    queryFn: ({ signal }) => call(contract.auditTrail, { params: { visitId }, signal }),
  });

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A change to the findings, with the sentence the page says when it is done. */
export type FindingsChange =
  | { kind: "extract" }
  | { kind: "add"; input: AddFindingRequest }
  | { kind: "edit"; findingId: string; input: EditFindingRequest }
  | { kind: "status"; findingId: string; status: FindingStatus }
  | { kind: "release" };

async function runChange(visitId: string, change: FindingsChange): Promise<string | undefined> {
  switch (change.kind) {
    case "extract": {
      const r = await call(contract.extractFindings, { params: { visitId } });
      const fallback = r.fallbackReason
        ? " The AI service did not answer, so the built-in engine was used."
        : "";
      return `Found ${r.added} new draft${r.added === 1 ? "" : "s"}; kept ${r.kept} you had already worked on.${fallback}`;
    }
    case "add":
      await call(contract.addFinding, { params: { visitId }, body: change.input });
      return "Finding added as a draft.";
    case "edit":
      await call(contract.editFinding, {
        params: { visitId, findingId: change.findingId },
        body: change.input,
      });
      return "Saved. Approve it again to include it in the release.";
    case "status":
      await call(contract.setFindingStatus, {
        params: { visitId, findingId: change.findingId },
        body: { status: change.status },
      });
      return undefined;
    case "release": {
      const r = await call(contract.release, { params: { visitId } });
      const n = plural(r.released, "finding");
      return r.revisedAt
        ? `Released the corrected summary (${n}) to the patient.`
        : `Released ${n} to the patient.`;
    }
  }
}

/**
 * Every change to the findings and their release. When it is done the review shows what the server
 * stored, and a note nobody has edited is drafted again from the findings approved now.
 */
export function useFindingsChange(visitId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: FindingsChange) => runChange(visitId, change),
    // Only what the findings feed: every read of the transcript, chat or questions is audited, so
    // those are not fetched again for a change that cannot have changed them.
    onSettled: () =>
      Promise.all(
        [visitKeys.review, visitKeys.note, visitKeys.preview, visitKeys.audit].map((key) =>
          queryClient.invalidateQueries({ queryKey: key(visitId) }),
        ),
      ),
  });
}

/** What the note panel asks of the server: its edits saved or signed, or a new draft. */
export type NoteChange = { action: "save" | "sign"; note: ClinicalNote } | { action: "draft" };

/** Saving, signing or drafting the note again: the answer is the note as stored now. */
export function useNoteChange(visitId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (c: NoteChange) => {
      const params = { visitId };
      switch (c.action) {
        case "save":
          return call(contract.saveNote, { params, body: { note: c.note } });
        case "sign":
          return call(contract.signNote, { params, body: { note: c.note } });
        case "draft":
          return call(contract.redraftNote, { params, body: {} });
      }
    },
    onSuccess: (note: VisitNote) => {
      queryClient.setQueryData(visitKeys.note(visitId), note);
      void queryClient.invalidateQueries({ queryKey: visitKeys.audit(visitId) });
    },
  });
}

/** The patient's links from the review page: a new summary link, or cancelling one kind. */
export function useLinkChange(visitId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: "issue-summary" | "revoke-summary" | "revoke-join") => {
      if (action === "issue-summary")
        return call(contract.issueSummaryLink, { params: { visitId }, body: {} });
      if (action === "revoke-summary") await call(contract.revokeSummaryLinks, { params: { visitId } });
      else await call(contract.revokeLink, { params: { visitId, role: "patient" } });
      return undefined;
    },
    // Whether it worked or not, the trail shows what happened.
    onSettled: () => queryClient.invalidateQueries({ queryKey: visitKeys.audit(visitId) }),
  });
}
