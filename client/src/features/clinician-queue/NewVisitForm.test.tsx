import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { NewVisitForm } from "./NewVisitForm";

describe("the new visit form", () => {
  const dom = useDomRoot();
  afterEach(() => vi.useRealTimers());

  it("offers the quarter hour under way, so a visit made at 23:52 is today's", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const now = new Date(2026, 11, 7, 23, 52);
    vi.setSystemTime(now);
    await act(async () => dom.root.render(<NewVisitForm onCreate={() => Promise.resolve()} />));
    const time = dom.host.querySelector<HTMLInputElement>('input[name="scheduledAt"]');
    expect(time?.value).toBe("2026-12-07T23:45");
  });
});
