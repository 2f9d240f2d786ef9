import type { QueueEntry } from "@bedside/shared";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { useClinicStore } from "./clinic-store";
import { CommandFailure } from "./QueuePage";

// A socket whose every command is refused the way the server refuses a stale admit (a 409).
const refused = { ok: false, error: { code: "conflict", message: "Pat is not in the waiting room." } };
const sent: Array<[string, unknown]> = [];
vi.mock(import("../../lib/socket"), async (original) => ({
  ...(await original()),
  connectSocket: vi.fn(
    () =>
      ({
        connected: true,
        on: () => undefined,
        disconnect: () => undefined,
        timeout: () => ({
          emitWithAck: async (event: string, payload: unknown) => {
            sent.push([event, payload]);
            return refused;
          },
        }),
      }) as never,
  ),
}));

const pat: QueueEntry = {
  visitId: "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01",
  participantId: "6c2e8d2f-2c2b-4b6a-8b66-1d8e2e4f1b02",
  role: "patient",
  displayName: "Pat",
  waitingSince: new Date().toISOString(),
  connection: "online",
  scribeConsent: "granted",
  deviceCheck: { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 },
  interpreterNeeded: false,
};

describe("a refused command, in words for the clinician", () => {
  const dom = useDomRoot();

  it("says who could not be admitted and why, until dismissed", async () => {
    useClinicStore.getState().connect();
    useClinicStore.setState({ entries: [pat] });
    act(() => dom.root.render(<CommandFailure />));
    expect(dom.host.textContent).toBe("");

    let ok: boolean | undefined;
    await act(async () => {
      ok = await useClinicStore.getState().admit(pat.participantId);
    });
    expect(ok).toBe(false);
    expect(sent).toEqual([["visit:admit", { participantId: pat.participantId }]]);
    const alert = dom.host.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain("Could not admit Pat: Pat is not in the waiting room.");

    act(() => dom.host.querySelector("button")!.click());
    expect(dom.host.querySelector('[role="alert"]')).toBeNull();
    useClinicStore.getState().disconnect();
  });

  it("says so when ending the visit fails, and the call is not marked ended", async () => {
    useClinicStore.getState().connect();
    let ok: boolean | undefined;
    await act(async () => {
      ok = await useClinicStore.getState().endVisit(pat.visitId);
    });
    expect(ok).toBe(false);
    expect(useClinicStore.getState().failure).toBe(
      "Could not end the visit: Pat is not in the waiting room.",
    );
    useClinicStore.getState().disconnect();
  });
});
