// The front desk's work on waiting patients, end to end over real HTTP and socket.io clients:
// the place in line and estimated wait, transfer to another clinician, messages to the waiting room.
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  VisitWithLinks,
  WaitEstimate,
} from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp({ SOCKET_EVENTS_PER_SECOND: "1000" });
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await t.close();
});

async function staff(email: string, displayName: string) {
  const c = await t.app.repos.clinicians.create({ email, displayName, passwordHash: "x" });
  return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
}

function open(auth: { participantToken?: string; cookie?: string }): ClientSocket {
  const s: ClientSocket = connect(t.url, {
    transports: ["websocket"],
    reconnection: false,
    ...(auth.participantToken ? { auth: { participantToken: auth.participantToken } } : {}),
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
  });
  sockets.push(s);
  return s;
}

async function createVisit(cookie: string, patientDisplayName = "Pat") {
  const res = await fetch(`${t.url}/api/visits`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({
      patientDisplayName,
      preferredLanguage: "en",
      interpreterNeeded: false,
      scheduledAt: new Date().toISOString(),
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as VisitWithLinks;
}

/** A patient of a new visit, checked in and in the waiting room. */
async function waitingPatient(cookie: string, name = "Pat") {
  const { visit, links } = await createVisit(cookie, name);
  const secret = links[0]!.url.split("/join/")[1]!;
  const res = await fetch(`${t.url}/api/join/${secret}/check-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ displayName: name, scribeConsent: "granted", deviceCheck }),
  });
  const { participantId, participantToken } = (await res.json()) as {
    participantId: string;
    participantToken: string;
  };
  const socket = open({ participantToken });
  const ack = await socket.emitWithAck("waiting:join", {});
  if (!ack.ok) throw new Error(ack.error.message);
  return { visitId: visit.id, secret, participantId, participantToken, socket, joined: ack.data };
}

const next = <E extends keyof ServerToClientEvents>(s: ClientSocket, event: E) =>
  new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve) =>
    s.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => resolve(payload)) as never),
  );

describe("the patient's place in line and estimated wait", () => {
  it("counts the people ahead times today's median visit, and follows the line live", async () => {
    const dr = await staff("line@example.org", "Dr. Line");
    // Today the clinician's visits took 20, 20 and 50 minutes: a typical visit is 20.
    const now = Date.now();
    for (const minutes of [20, 20, 50]) {
      await t.db
        .insertInto("visits")
        .values({
          clinician_id: dr.id,
          patient_display_name: "Earlier",
          preferred_language: "en",
          interpreter_needed: false,
          scheduled_at: new Date(now - 60 * 60_000),
          state: "ended",
          started_at: new Date(now - (minutes + 1) * 60_000),
          ended_at: new Date(now - 60_000),
        })
        .execute();
    }
    const first = await waitingPatient(dr.cookie, "First");
    expect(first.joined.line).toEqual({ place: 1, aboutMinutes: 0 });
    const second = await waitingPatient(dr.cookie, "Second");
    expect(second.joined.line).toEqual({ place: 2, aboutMinutes: 20 });

    // The clinician admits the first: the second is now first in line, behind a call just begun.
    let latest: WaitEstimate | undefined;
    second.socket.on("waiting:line-changed", (line) => (latest = line));
    const clinician = open({ cookie: dr.cookie });
    expect(await clinician.emitWithAck("visit:admit", { participantId: first.participantId })).toEqual({
      ok: true,
      data: {},
    });
    await expect.poll(() => latest).toEqual({ place: 1, aboutMinutes: 20 });
  });
});
