import type { Attachment } from "@bedside/shared";
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { VisitAttachments } from "./VisitAttachments";

const visitId = "0b6c1d9e-7f0a-4c3e-9a55-2f1f0c7a9d10";
const photo: Attachment = {
  id: "5a0e8f3c-1b2d-4e6f-8a9b-0c1d2e3f4a5b",
  visitId,
  contentType: "image/jpeg",
  sizeBytes: 2048,
  senderRole: "patient",
  width: 160,
  height: 120,
  sentAt: "2026-12-07T10:00:00.000Z",
};

describe("VisitAttachments", () => {
  const dom = useDomRoot();
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("asks again for a photo whose request failed, then says plainly that it could not be shown", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(JSON.stringify({ attachments: [photo] })))),
    );
    await act(async () => dom.root.render(<VisitAttachments visitId={visitId} />));
    const img = () => dom.host.querySelector("img");
    const url = `/api/visits/${visitId}/attachments/${photo.id}`;
    expect(img()?.getAttribute("src")).toBe(url);

    const fail = () => act(async () => void img()!.dispatchEvent(new Event("error")));
    await fail();
    // Not at once: a second later.
    expect(img()?.getAttribute("src")).toBe(url);
    await act(async () => void vi.advanceTimersByTime(1000));
    expect(img()?.getAttribute("src")).toBe(`${url}?try=1`);
    await fail();
    await act(async () => void vi.advanceTimersByTime(2000));
    expect(img()?.getAttribute("src")).toBe(`${url}?try=2`);
    await fail();
    await act(async () => void vi.advanceTimersByTime(4000));
    expect(img()?.getAttribute("src")).toBe(`${url}?try=3`);
    await fail();

    expect(img()).toBeNull();
    expect(dom.host.textContent).toContain("This photo could not be shown. Open it");
    expect(dom.host.querySelector("a")?.getAttribute("href")).toBe(url);
  });
});
