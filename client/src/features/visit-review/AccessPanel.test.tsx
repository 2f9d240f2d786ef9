import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { AccessPanel } from "./AccessPanel";

const visitId = "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01";
const events = [
  {
    at: "2026-12-06T09:00:00.000Z",
    actor: { kind: "clinician", id: "c1" },
    action: "link.issued",
    detail: { role: "interpreter" },
  },
  {
    at: "2026-12-06T08:59:00.000Z",
    actor: { kind: "clinician", id: "c1" },
    action: "link.issued",
    detail: { role: "patient" },
  },
];

/** The server as the panel meets it: the audit trail, and 204s for the cancellations. */
function stubServer() {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${url}`);
      if (init?.method === "DELETE") return Promise.resolve(new Response(null, { status: 204 }));
      if (url.endsWith("/summary-link"))
        return Promise.resolve(
          new Response(
            JSON.stringify({
              url: "https://bedside.example/visit/tok/summary",
              token: "tok",
              expiresAt: "2027-01-05T09:00:00.000Z",
            }),
            { status: 201 },
          ),
        );
      return Promise.resolve(new Response(JSON.stringify({ events }), { status: 200 }));
    }),
  );
  return calls;
}

const button = (host: HTMLElement, text: string) =>
  Array.from(host.querySelectorAll("button")).find(
    (b) => (b.getAttribute("aria-label") ?? b.textContent) === text,
  );

describe("AccessPanel", () => {
  const dom = useDomRoot();
  afterEach(() => vi.unstubAllGlobals());

  it("cancels the patient's join link, and every summary link, only after asking", async () => {
    const calls = stubServer();
    await act(async () => dom.root.render(<AccessPanel visitId={visitId} />));
    // Which link was sent, not "sent a visit link" twice.
    expect(dom.host.textContent).toContain("You sent the interpreter's visit link");
    expect(dom.host.textContent).toContain("You sent the patient's visit link");

    await act(async () => button(dom.host, "Cancel the patient's visit link")?.click());
    expect(calls.filter((c) => c.startsWith("DELETE"))).toEqual([]);
    expect(dom.host.querySelector('[role="alertdialog"]')?.textContent).toContain(
      "Cancel the patient's visit link?",
    );
    await act(async () => button(dom.host, "Keep it")?.click());
    expect(calls.filter((c) => c.startsWith("DELETE"))).toEqual([]);
    await act(async () => button(dom.host, "Cancel the patient's visit link")?.click());
    await act(async () => button(dom.host, "Cancel the visit link")?.click());
    expect(calls).toContain(`DELETE /api/visits/${visitId}/links/patient`);
    expect(dom.host.querySelector('[role="status"]')?.textContent).toContain(
      "The patient's visit link is cancelled.",
    );

    await act(async () => button(dom.host, "Cancel summary links")?.click());
    expect(calls).not.toContain(`DELETE /api/visits/${visitId}/summary-link`);
    await act(async () => button(dom.host, "Cancel the summary links")?.click());
    expect(calls).toContain(`DELETE /api/visits/${visitId}/summary-link`);
  });

  it("shows a new summary link in a field with its own Copy button", async () => {
    stubServer();
    await act(async () => dom.root.render(<AccessPanel visitId={visitId} />));
    await act(async () => button(dom.host, "New summary link for the patient")?.click());
    const field = Array.from(dom.host.querySelectorAll("label")).find((l) =>
      l.textContent?.startsWith("Summary link"),
    );
    expect(field?.querySelector("input")?.value).toBe("https://bedside.example/visit/tok/summary");
    expect(button(dom.host, "Copy the summary link")).toBeDefined();
  });
});
