import type { VisitReview } from "@bedside/shared";
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { VisitReviewPage } from "./VisitReviewPage";

const visitId = "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01";
const review: VisitReview = {
  visit: {
    id: visitId,
    patientDisplayName: "Sam Lee",
    state: "ended",
    endedAt: "2026-12-06T08:30:00.000Z",
    releasedAt: null,
    revisedAt: null,
    releasedFindingIds: [],
  },
  transcript: [],
  findings: [],
  extraction: null,
};

const json = (body: unknown, status = 200) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );

/** The server as the page meets it; `answers` replaces what one path answers. */
function stubServer(answers: Record<string, unknown>) {
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string) => {
      const path = url.replace(`/api/visits/${visitId}`, "");
      if (path in answers) return json(answers[path]);
      if (path === "/review") return json(review);
      if (path === "/questions") return json({ questions: [] });
      if (path === "/chat") return json({ messages: [] });
      if (path === "/audit") return json({ events: [] });
      if (path === "/api/feedback/summary")
        return json({ responses: 0, scored: 0, meanScore: null, items: [], comments: [] });
      return json({ error: { code: "not_found", message: "Not here." } }, 404);
    }),
  );
}

describe("the review page, when an answer is not what the page expects", () => {
  const dom = useDomRoot();
  beforeEach(() => vi.spyOn(console, "error").mockImplementation(() => undefined));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("says so in the panel whose answer it was, and shows the rest of the review", async () => {
    // A server a version behind: the insights without their shares, the audit trail as a list.
    stubServer({ "/insights": { talkMs: { clinician: 1 }, segments: 3 }, "/audit": [] });
    await act(async () => dom.root.render(<VisitReviewPage visitId={visitId} onBack={() => undefined} />));
    const panel = (heading: string) =>
      Array.from(dom.host.querySelectorAll("section")).find(
        (s) => s.querySelector("h2")?.textContent === heading,
      );
    expect(dom.host.querySelector("h1")?.textContent).toBe("Review: Sam Lee");
    expect(panel("Your presence in this visit")?.textContent).toContain("does not understand");
    expect(panel("Access to this visit")?.textContent).toContain("does not understand");
    expect(panel("Chat")?.textContent).toContain("Nobody wrote in this visit's chat.");
    expect(panel("Questions from the patient")?.textContent).toContain("No questions yet.");
  });

  it("says so instead of the review when the review itself is not understood", async () => {
    stubServer({ "/review": { ...review, findings: "none" } });
    await act(async () => dom.root.render(<VisitReviewPage visitId={visitId} onBack={() => undefined} />));
    expect(dom.host.querySelector('[role="alert"]')?.textContent).toContain("does not understand");
    expect(dom.host.querySelector("button")?.textContent).toContain("Back to visits");
  });
});
