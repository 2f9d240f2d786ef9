import type { DeskSnapshot } from "@bedside/shared";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { DeskPage } from "./DeskPage";
import { useDeskStore } from "./desk-store";

const available = { status: "available", lateMinutes: null, message: null } as const;
const a = crypto.randomUUID();
const b = crypto.randomUUID();
const visitId = crypto.randomUUID();
const snapshot: DeskSnapshot = {
  clinicians: [
    { id: a, displayName: "Dr. Ames", status: available },
    { id: b, displayName: "Dr. Bell", status: { status: "running_late", lateMinutes: 10, message: null } },
  ],
  waiting: [
    {
      visitId,
      participantId: crypto.randomUUID(),
      role: "patient",
      displayName: "Pat Diaz",
      waitingSince: new Date(Date.now() - 12 * 60_000).toISOString(),
      connection: "online",
      deviceCheck: { camera: "ok", microphone: "denied", speakerTested: true, connectionRttMs: 20 },
      interpreterNeeded: true,
      preferredLanguage: "es",
      clinicianId: a,
      clinicianName: "Dr. Ames",
    },
  ],
  visits: [],
};

describe("the front desk's screen", () => {
  const dom = useDomRoot();

  it("shows each waiting patient with clinician, wait, device check, language and interpreter; transfers to another clinician only", async () => {
    const transfer = vi.fn(() => Promise.resolve(true));
    useDeskStore.setState({ connect: () => undefined, transfer, snapshot, link: "live" });
    await act(async () => dom.root.render(<DeskPage />));
    const row = dom.host.querySelector(".queue__item")!;
    expect(row.textContent).toContain("Pat Diaz");
    expect(row.textContent).toContain("for Dr. Ames");
    expect(row.textContent).toContain("waiting 12 min");
    expect(row.textContent).toContain("camera ok · mic denied");
    expect(row.textContent).toContain("language: es");
    expect(row.textContent).toContain("Interpreter needed");
    const select = row.querySelector("select")!;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(["Choose…", "Dr. Bell"]);
    await act(async () => {
      select.value = b;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const button = Array.from(row.querySelectorAll("button")).find((x) => x.textContent === "Transfer")!;
    await act(async () => button.click());
    expect(transfer).toHaveBeenCalledWith(visitId, b);
    expect(dom.host.textContent).toContain("Dr. Bell — running late");
  });
});
