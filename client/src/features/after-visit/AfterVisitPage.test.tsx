import type { AfterVisitSummary } from "@bedside/shared";
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { AfterVisitPage } from "./AfterVisitPage";

const graded = (text: string) => ({ text, grade: 2 });
const summary: AfterVisitSummary = {
  clinicianName: "Dr. Rivera",
  visitDate: "2026-11-22T09:00:00.000Z",
  releasedAt: "2026-11-22T10:00:00.000Z",
  revisedAt: null,
  items: [
    {
      findingId: "7d3f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01",
      kind: "symptom",
      about: graded("You told us about a headache."),
      meaning: graded("This is a sign from your body."),
      next: graded("Keep track of it."),
      help: graded("If you feel much worse, get help now."),
      quotes: [{ speaker: "You", text: "i have had a bad headache for three days" }],
      terms: [],
    },
  ],
  glossary: [],
  alternates: [],
  document: {
    language: "en",
    inShort: {
      why: "You came to see Dr. Rivera about a headache.",
      thinks: "Dr. Rivera thinks you have a migraine.",
      todo: ["Start taking Imitrex when a headache starts."],
      help: "Call 911 if you have the worst headache of your life.",
    },
    medicines: [
      {
        findingId: "7d3f7c1e-1b1a-4a59-9a55-0c7f1d3f0a02",
        name: "Imitrex",
        generic: "sumatriptan",
        dose: "50 mg",
        purpose: "to stop or ease bad headaches",
        change: "new",
      },
    ],
    testsAndReferrals: [],
    getHelp: {
      signs: ["The worst headache of your life"],
      action: "Call 911 or go to the emergency room right away.",
    },
    talkedAbout: [
      {
        findingIds: ["7d3f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01"],
        title: "Headache",
        text: "You told us about a headache, for three days.",
        quotes: [{ speaker: "You", text: "i have had a bad headache for three days" }],
      },
    ],
    words: [],
  },
  questions: [],
  feedbackGiven: true,
  availableUntil: "2026-12-22T10:00:00.000Z",
};

/** The server before and after the clinician releases the summary. */
function server() {
  let released = false;
  const calls: string[] = [];
  const fetch = vi.fn((url: string, init: RequestInit) => {
    // The clinic's emergency number (a UK clinic's here), asked once by the page's emergency line.
    if (url === "/api/clinic") return Promise.resolve(Response.json({ emergencyNumber: "999" }));
    calls.push(`${url} ${String((init.headers as Record<string, string>).authorization)}`);
    return Promise.resolve(
      released
        ? new Response(JSON.stringify(summary), { status: 200 })
        : new Response(
            JSON.stringify({ error: { code: "not_found", message: "Your summary is not ready yet." } }),
            { status: 404 },
          ),
    );
  });
  return { fetch, calls, release: () => (released = true) };
}

describe("AfterVisitPage", () => {
  const dom = useDomRoot();
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("says the summary is not ready, then shows it by itself once released", async () => {
    const s = server();
    vi.stubGlobal("fetch", s.fetch);
    await act(async () => dom.root.render(<AfterVisitPage participantToken="secret-1" />));
    expect(dom.host.querySelector('[role="status"]')?.textContent).toMatch(
      /^Your summary is not ready yet\./,
    );
    expect(dom.host.textContent).not.toContain("Your visit in short");

    // Still not released at the next look: nothing changes. Meanwhile, what to do if it gets worse,
    // with the clinic's own emergency number.
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(dom.host.textContent).not.toContain("Your visit in short");
    expect(dom.host.textContent).toContain("In an emergency, call 999.");

    s.release();
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    // "Your visit in short" comes first, then the medicine by the name the patient knows.
    expect([...dom.host.querySelectorAll("h2")].map((h) => h.textContent).slice(0, 3)).toEqual([
      "Your visit in short",
      "Your medicines",
      "Get help right away if",
    ]);
    expect(dom.host.querySelector(".summary-short")?.textContent).toContain(
      "Dr. Rivera thinks you have a migraine.",
    );
    expect(dom.host.querySelector(".summary-medicine")?.textContent).toContain("Imitrex (sumatriptan)");
    expect(dom.host.querySelector("blockquote")?.textContent).toContain(
      "i have had a bad headache for three days",
    );
    expect(s.calls).toEqual([
      "/api/after-visit Bearer secret-1",
      "/api/after-visit Bearer secret-1",
      "/api/after-visit Bearer secret-1",
    ]);

    // Once shown, it stops asking.
    await act(() => vi.advanceTimersByTimeAsync(120_000));
    expect(s.calls).toHaveLength(3);
  });

  it("keeps the ten feedback questions behind one clear step, so the summary ends sooner", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() =>
        Promise.resolve(new Response(JSON.stringify({ ...summary, feedbackGiven: false }), { status: 200 })),
      ),
    );
    await act(async () => dom.root.render(<AfterVisitPage participantToken="secret-1" />));
    expect(dom.host.textContent).toContain("Your visit in short");
    expect(dom.host.querySelectorAll('input[type="radio"]')).toHaveLength(0);
    const start = [...dom.host.querySelectorAll("button")].find(
      (b) => b.textContent === "Answer 10 short questions",
    );
    await act(async () => start?.click());
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(dom.host.querySelectorAll("fieldset.after-care")).toHaveLength(10);
    expect(document.activeElement?.id).toBe("care-0-0");
  });
});
