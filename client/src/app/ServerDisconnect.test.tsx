// Issue 12: when the server ends a connection (a revoked or expired link, a session signed out
// elsewhere), people are told in words where they stand, never left on an endless "reconnecting".
import { act } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket } from "../test/fake-socket";
import { useDomRoot } from "../test/dom";
import { en } from "../locales/en";
import { App } from "./App";

let sockets: FakeSocket[] = [];
vi.mock(import("../lib/socket"), async (original) => ({
  ...(await original()),
  connectSocket: vi.fn(() => {
    const s = new FakeSocket((event) => {
      if (event === "waiting:join") {
        return {
          ok: true,
          data: {
            clinicianName: "Dr. Rivera",
            clinicianStatus: { status: "available", lateMinutes: null, message: null },
            waitingSince: new Date().toISOString(),
            state: "waiting",
          },
        };
      }
      if (event === "queue:watch") {
        return {
          ok: true,
          data: {
            status: { status: "available", lateMinutes: null, message: null },
            entries: [],
            inCall: [],
            visits: [],
            questions: [],
          },
        };
      }
      // The waiting room's chat (issue 30): nothing written yet.
      if (event === "chat:watch") return { ok: true, data: { messages: [] } };
      return { ok: false, error: { code: "not_found", message: "No." } };
    });
    sockets.push(s);
    return s as never;
  }),
}));

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const clinician = {
  id: "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01",
  email: "rivera@example.org",
  displayName: "Dr. Rivera",
  speechLanguage: "en",
  clinicId: "7d0c2a8e-3b1f-4c6d-8e9a-0f1b2c3d4e5f",
  roles: ["clinician" as const],
};
const secret = "a".repeat(43);

describe("a connection the server ends", () => {
  const dom = useDomRoot();
  beforeEach(() => {
    sockets = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) => {
        // The real /api/auth/me always says whether two-factor must be set up first.
        if (url === "/api/auth/me") return json({ clinician, mfaSetupRequired: false });
        if (url.startsWith("/api/join/")) {
          return json({
            role: "patient",
            clinicianName: "Dr. Rivera",
            scheduledAt: new Date().toISOString(),
            visitState: "waiting",
            suggestedName: "Sam",
            preferredLanguage: "en",
          });
        }
        return json({ error: { code: "not_found", message: "Not found." } }, 404);
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  const render = async (path: string) => {
    await act(async () =>
      dom.root.render(
        <MemoryRouter initialEntries={[path]}>
          <App />
        </MemoryRouter>,
      ),
    );
  };
  const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

  it("tells a patient whose link stopped working so, instead of reconnecting forever", async () => {
    // A patient already checked in on this tab (the token a reload keeps).
    sessionStorage.setItem(
      `bedside:participant:${secret.slice(0, 12)}`,
      JSON.stringify({ token: "t".repeat(43), audioOnly: false }),
    );
    await render(`/join/${secret}`);
    await settle();
    const socket = sockets[0]!;
    await act(async () => socket.open());
    await settle();
    expect(dom.host.textContent).toContain("Dr. Rivera");

    // The clinic revoked the link: the server disconnects, and the handshake now refuses it.
    socket.refuseHandshakeWith = "unauthorized";
    await act(async () => socket.serverDisconnects());
    await settle();
    expect(dom.host.querySelector('[role="alert"]')?.textContent).toBe(en.errors.linkGone);
    expect(socket.connectCalls).toBe(1);
  });

  it("takes the place again when the server only restarted (the handshake accepts the link)", async () => {
    sessionStorage.setItem(
      `bedside:participant:${secret.slice(0, 12)}`,
      JSON.stringify({ token: "t".repeat(43), audioOnly: false }),
    );
    await render(`/join/${secret}`);
    await settle();
    const socket = sockets[0]!;
    await act(async () => socket.open());
    await act(async () => socket.serverDisconnects());
    await settle();
    expect(dom.host.textContent).not.toMatch(/reconnecting/i);
    expect(dom.host.querySelector('[role="alert"]')).toBeNull();
    expect(socket.connectCalls).toBe(1);
  });

  it("sends a clinician whose session ended back to sign-in, saying why", async () => {
    await render("/clinic");
    await settle();
    const socket = sockets[0]!;
    await act(async () => socket.open());
    await settle();
    expect(dom.host.querySelector("h1")?.textContent).not.toMatch(/sign in/i);

    // Signed out in another tab: the server disconnects, and the handshake refuses the session.
    socket.refuseHandshakeWith = "unauthorized";
    await act(async () => socket.serverDisconnects());
    await settle();
    expect(dom.host.textContent).toContain("Your session has ended. Please sign in again.");
    expect(dom.host.querySelector('input[type="password"]')).not.toBeNull();
    expect(socket.connectCalls).toBe(1);
  });
});
