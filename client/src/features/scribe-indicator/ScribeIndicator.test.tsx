import type { ScribeState } from "@bedside/shared";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { connectSocket, type BedsideSocket } from "../../lib/socket";
import { useDomRoot } from "../../test/dom";
import { ScribeIndicator } from "./ScribeIndicator";

// The indicator must use the page's socket, never open its own.
vi.mock(import("../../lib/socket"), async (original) => ({
  ...(await original()),
  connectSocket: vi.fn(() => {
    throw new Error("the scribe indicator opened a socket of its own");
  }),
}));

const visitId = "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01";
const me = "participant-1";

function scribeState(mine: "listening" | "paused", forVisit = visitId): ScribeState {
  return {
    visitId: forVisit,
    agent: "listening",
    pausedForEveryone: null,
    participants: [
      {
        identity: me,
        role: "patient",
        name: "Pat",
        state: mine,
        ...(mine === "paused"
          ? {
              reason: "paused-self" as const,
              pausedBy: { identity: me, role: "patient" as const, name: "Pat" },
            }
          : {}),
      },
    ],
  };
}

type Listener = (...args: unknown[]) => void;

/**
 * The page's one socket, as far as the indicator can tell: listeners by event, `connected`, and
 * the `timeout().emitWithAck()` that `command()` uses, answered by a fake server.
 */
function fakeSocket(connected: boolean) {
  const listeners = new Map<string, Listener[]>();
  const sent: { event: string; payload: unknown }[] = [];
  let current = scribeState("listening");
  const fake = {
    connected,
    on(event: string, fn: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
      return fake;
    },
    off(event: string, fn: Listener) {
      listeners.set(
        event,
        (listeners.get(event) ?? []).filter((l) => l !== fn),
      );
      return fake;
    },
    timeout: () => ({
      emitWithAck(event: string, payload: unknown) {
        sent.push({ event, payload });
        if (event === "scribe:pause") current = scribeState("paused");
        if (event === "scribe:resume") current = scribeState("listening");
        return Promise.resolve({ ok: true, data: current });
      },
    }),
  };
  return {
    socket: fake as unknown as BedsideSocket,
    sent,
    /** The server sends an event to this socket. */
    emit(event: string, ...args: unknown[]) {
      for (const fn of listeners.get(event) ?? []) fn(...args);
    },
    count: (event: string) => listeners.get(event)?.length ?? 0,
    connect() {
      fake.connected = true;
      this.emit("connect");
    },
  };
}

describe("ScribeIndicator", () => {
  const dom = useDomRoot();

  const status = () => dom.host.querySelector('[role="status"]')?.textContent;
  const render = (socket: BedsideSocket) =>
    act(async () =>
      dom.root.render(
        <ScribeIndicator socket={socket} identity={me} visitId={visitId} isClinician={false} />,
      ),
    );

  it("watches on the page's socket, follows changes, re-watches on reconnect and leaves the socket clean", async () => {
    const s = fakeSocket(true);
    // The store that owns the socket has its own listeners: they must survive the indicator.
    const owner = vi.fn();
    s.socket.on("connect", owner);

    await render(s.socket);
    expect(s.sent).toEqual([{ event: "scribe:watch", payload: { visitId } }]);
    expect(status()).toBe("AI scribe: listening to you");

    await act(async () => s.emit("scribe:changed", scribeState("paused")));
    expect(status()).toBe("AI scribe: paused by you");

    // The clinician's socket is still in earlier calls' rooms: another visit's change is not ours.
    await act(async () => s.emit("scribe:changed", scribeState("listening", crypto.randomUUID())));
    expect(status()).toBe("AI scribe: paused by you");

    await act(async () => s.emit("connect"));
    expect(s.sent.map((c) => c.event)).toEqual(["scribe:watch", "scribe:watch"]);
    expect(status()).toBe("AI scribe: listening to you");

    await act(async () => dom.host.querySelector("button")?.click());
    expect(s.sent.at(-1)).toEqual({ event: "scribe:pause", payload: { scope: "self", visitId } });
    expect(status()).toBe("AI scribe: paused by you");

    act(() => dom.root.unmount());
    expect(s.count("scribe:changed")).toBe(0);
    expect(s.count("connect")).toBe(1);
    s.emit("connect");
    expect(owner).toHaveBeenCalledTimes(2);
    expect(s.sent.filter((c) => c.event === "scribe:watch")).toHaveLength(2);
    expect(connectSocket).not.toHaveBeenCalled();
  });

  it("waits for a socket that is still connecting, then watches", async () => {
    const s = fakeSocket(false);
    await render(s.socket);
    expect(s.sent).toEqual([]);
    expect(dom.host.textContent).toBe("");

    await act(async () => s.connect());
    expect(s.sent).toEqual([{ event: "scribe:watch", payload: { visitId } }]);
    expect(status()).toBe("AI scribe: listening to you");
    expect(connectSocket).not.toHaveBeenCalled();
  });

  it("shows nothing and listens to nothing without a socket", async () => {
    await act(async () =>
      dom.root.render(<ScribeIndicator socket={undefined} identity={me} isClinician={false} />),
    );
    expect(dom.host.textContent).toBe("");
    expect(connectSocket).not.toHaveBeenCalled();
  });
});
