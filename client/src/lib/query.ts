import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api";

/**
 * The app's one cache of server state (TanStack Query). Reads of clinical text are audited on the
 * server, so nothing is fetched again behind the clinician's back (window focus, reconnect): a
 * query refetches when a change invalidates it or its screen mounts again. Only a failure to reach
 * the server is retried; a refusal or an answer that fails validation is shown at once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, err) => err instanceof ApiError && err.code === "network" && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * Every visit's server state sits under `["visit", id]`, one key per thing the server keeps, so a
 * change invalidates exactly what it may have changed (the note drafted from the findings, the
 * preview, the audit trail), whichever feature reads them. Not the whole prefix: each read of
 * clinical text is audited.
 */
export const visitKeys = {
  review: (visitId: string) => ["visit", visitId, "review"] as const,
  questions: (visitId: string) => ["visit", visitId, "questions"] as const,
  note: (visitId: string) => ["visit", visitId, "note"] as const,
  insights: (visitId: string) => ["visit", visitId, "insights"] as const,
  chat: (visitId: string) => ["visit", visitId, "chat"] as const,
  attachments: (visitId: string) => ["visit", visitId, "attachments"] as const,
  audit: (visitId: string) => ["visit", visitId, "audit"] as const,
  preview: (visitId: string) => ["visit", visitId, "preview"] as const,
};
/** The clinician's CARE feedback across all their visits. */
export const feedbackKey = ["feedback-summary"] as const;
