import { clientEventSchemas, type ClientToServerEvents, type ServerToClientEvents } from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("socket.io presence gateway", () => {
  let t: TestApp;
  let cookie: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // One clinician sends every malformed command below: what is checked here is validation, not
    // that person's command budget (socket.access.int.test.ts checks that).
    t = await startTestApp({ SOCKET_EVENTS_PER_SECOND: "1000" });
    const clinician = await t.app.repos.clinicians.create({
      email: "q@example.org",
      displayName: "Dr. Q",
      passwordHash: "x",
    });
    const { token } = await t.app.repos.sessions.create(clinician.id);
    cookie = `bedside_session=${token}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  const open = (headers: Record<string, string>) => {
    const s: ClientSocket = connect(t.url, {
      transports: ["websocket"],
      extraHeaders: headers,
      reconnection: false,
    });
    sockets.push(s);
    return s;
  };

  it("refuses a connection without a valid session", async () => {
    for (const headers of [{}, { cookie: "bedside_session=forged" }] as Record<string, string>[]) {
      const s = open(headers);
      const err = await new Promise<Error>((resolve) => s.once("connect_error", resolve));
      expect(err.message).toBe("unauthorized");
    }
  });

  it("answers queue:watch with the clinician's (empty) queue", async () => {
    const s = open({ cookie });
    const ack = await s.emitWithAck("queue:watch", {});
    expect(ack).toEqual({
      ok: true,
      data: {
        status: { status: "available", lateMinutes: null, message: null },
        entries: [],
        inCall: [],
        visits: [],
        questions: [],
      },
    });
  });

  // Every client event, with payloads of the wrong type, missing fields, unknown or oversized fields.
  const badPayloads: Array<[string, unknown]> = [
    ["a string", "hello"],
    ["null", null],
    ["an array", [1]],
    ["an unexpected field", { unexpected: "x" }],
    ["an oversized field", { note: "x".repeat(10_000) }],
    ["a non-uuid id", { participantId: "1; drop table visits", visitId: "../../etc" }],
  ];
  const events = Object.keys(clientEventSchemas) as Array<keyof ClientToServerEvents>;
  it.each(events.flatMap((event) => badPayloads.map(([name, payload]) => [event, name, payload] as const)))(
    "rejects %s with %s in a bad_request ack",
    async (event, _name, payload) => {
      const s = open({ cookie });
      const ack = (await s.emitWithAck(event, payload as never)) as { ok: boolean; error?: { code: string } };
      // One secret holds a few connections at a time: each case gives its place back.
      s.disconnect();
      expect(ack.ok).toBe(false);
      expect(ack.error?.code).toBe("bad_request");
    },
  );

  it("rejects commands that need an id when it is missing", async () => {
    const s = open({ cookie });
    for (const event of ["visit:admit", "visit:send-back", "visit:end"] as const) {
      const ack = await s.emitWithAck(event, {} as never);
      expect(ack.ok).toBe(false);
    }
  });
});
