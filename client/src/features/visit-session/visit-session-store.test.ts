// Issue 24, finding 5: the server no longer recovers a connection's state (rooms, missed events)
// after a network blip. The guest's tab asks again where it stands after every connect and follows
// the answer, so a patient sent back while their connection was down leaves the call screen.
import type { CallGrant, WaitingStatus } from "@bedside/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket } from "../../test/fake-socket";
import { useVisitSessionStore } from "./visit-session-store";

let sockets: FakeSocket[] = [];
const sent: string[] = [];
let placeOnServer: WaitingStatus["state"] = "admitted";
const grant: CallGrant = {
  url: "ws://livekit.test",
  token: "lk-token",
  room: "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01",
  identity: "6c2e8d2f-2c2b-4b6a-8b66-1d8e2e4f1b02",
};
vi.mock(import("../../lib/socket"), async (original) => ({
  ...(await original()),
  connectSocket: vi.fn(() => {
    const s = new FakeSocket((event) => {
      sent.push(event);
      if (event === "waiting:join") {
        return {
          ok: true,
          data: {
            clinicianName: "Dr. Rivera",
            clinicianStatus: { status: "available", lateMinutes: null, message: null },
            waitingSince: new Date().toISOString(),
            state: placeOnServer,
          },
        };
      }
      if (event === "call:join" && placeOnServer === "admitted") return { ok: true, data: grant };
      return { ok: false, error: { code: "forbidden", message: "You have not been admitted yet." } };
    });
    sockets.push(s);
    return s as never;
  }),
}));

const secret = "a".repeat(43);
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("the guest's visit session after a reconnect", () => {
  beforeEach(() => {
    sockets = [];
    sent.length = 0;
    placeOnServer = "admitted";
    sessionStorage.setItem(
      `bedside:participant:${secret.slice(0, 12)}`,
      JSON.stringify({ token: "t".repeat(43), audioOnly: false }),
    );
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              role: "patient",
              clinicianName: "Dr. Rivera",
              scheduledAt: new Date().toISOString(),
              visitState: "in_call",
              suggestedName: "Sam",
              preferredLanguage: "en",
            }),
            { status: 200, headers: { "content-type": "application/json" } },
          ),
      ),
    );
  });
  afterEach(() => {
    useVisitSessionStore.getState().close();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it("asks again where it stands and leaves the call when it was sent back while disconnected", async () => {
    await useVisitSessionStore.getState().open(secret);
    const socket = sockets[0]!;
    socket.open();
    await settle();
    expect(useVisitSessionStore.getState()).toMatchObject({ phase: "call", grant });

    // The network drops; meanwhile the clinician sends the patient back. No visit:sent-back
    // reaches this tab (the server does not replay what a connection missed).
    socket.connected = false;
    socket.emit("disconnect", "transport close");
    placeOnServer = "waiting";
    sent.length = 0;
    socket.open(); // socket.io reconnects by itself after a transport close
    await settle();
    expect(sent).toEqual(["waiting:join"]);
    expect(useVisitSessionStore.getState()).toMatchObject({ phase: "waiting", grant: undefined });
  });

  it("rejoins the call after a reconnect while still admitted", async () => {
    await useVisitSessionStore.getState().open(secret);
    const socket = sockets[0]!;
    socket.open();
    await settle();
    socket.connected = false;
    socket.emit("disconnect", "transport close");
    sent.length = 0;
    socket.open();
    await settle();
    expect(sent).toEqual(["waiting:join", "call:join"]);
    expect(useVisitSessionStore.getState()).toMatchObject({ phase: "call", grant });
  });

  it("ends by itself when the call closes and the visit has ended, though no visit:ended came", async () => {
    await useVisitSessionStore.getState().open(secret);
    sockets[0]!.open();
    await settle();
    expect(useVisitSessionStore.getState().phase).toBe("call");
    // The clinician ended the visit on another instance: LiveKit closed the room, the event was lost.
    vi.mocked(fetch).mockImplementation(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              code: "gone",
              message: "This visit has ended. You can close this page.",
              reason: "ended",
            },
          }),
          { status: 410, headers: { "content-type": "application/json" } },
        ),
    );
    useVisitSessionStore.getState().leaveCall();
    expect(useVisitSessionStore.getState().phase).toBe("left");
    await vi.waitFor(() => expect(useVisitSessionStore.getState().phase).toBe("ended"));
  });

  it("stays on 'you left the call' when the visit goes on", async () => {
    await useVisitSessionStore.getState().open(secret);
    sockets[0]!.open();
    await settle();
    useVisitSessionStore.getState().leaveCall();
    await settle();
    await settle();
    expect(useVisitSessionStore.getState().phase).toBe("left");
  });
});
