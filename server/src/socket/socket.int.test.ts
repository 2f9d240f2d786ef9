import type { ClientToServerEvents, ScribeState, ServerToClientEvents } from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, startTestApp, type TestApp, createVisit } from "../../test/harness.js";
import { rooms } from "./socket.names.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("the socket backbone: who is connecting, rooms, and who hears what", () => {
  let t: TestApp;
  let cookie: string;
  let clinicianId: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // The scribe agent is not what these tests are about; its state still reaches the call's room.
    t = await startTestApp({ SCRIBE_ENABLED: "false" });
    const c = await t.app.repos.clinicians.create({
      email: "b@example.org",
      displayName: "Dr. B",
      passwordHash: "x",
    });
    clinicianId = c.id;
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  const open = (opts: { participantToken?: string; cookie?: string }) => {
    const s: ClientSocket = connect(t.url, {
      transports: ["websocket"],
      reconnection: false,
      ...(opts.participantToken ? { auth: { participantToken: opts.participantToken } } : {}),
      ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    });
    sockets.push(s);
    return s;
  };
  const connected = (s: ClientSocket) =>
    new Promise<void>((resolve, reject) => {
      if (s.connected) return resolve();
      s.once("connect", () => resolve());
      s.once("connect_error", reject);
    });

  async function visitWithGuests(n: number) {
    const { visit, links } = await createVisit(t.url, cookie, n > 1);
    const guests = [];
    for (const link of links.slice(0, n)) {
      const checkIn = await fetch(`${t.url}/api/join/${link.url.split("/join/")[1]}/check-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: `Guest ${link.role}`, scribeConsent: "granted", deviceCheck }),
      });
      guests.push((await checkIn.json()) as { participantId: string; participantToken: string });
    }
    return { visitId: visit.id, guests };
  }

  const roomSize = (room: string) => t.app.io.of("/").adapter.rooms.get(room)?.size ?? 0;

  it("resolves a burst of handshakes, valid and forged, each to the right person", async () => {
    const { guests } = await visitWithGuests(2);
    const forged = "A".repeat(43);
    const attempts = [...guests.map((g) => g.participantToken), forged, guests[0]!.participantToken];
    const results = await Promise.all(
      attempts.map(async (participantToken) => {
        const s = open({ participantToken });
        try {
          await connected(s);
          const ack = await s.emitWithAck("waiting:join", {});
          return ack.ok ? "joined" : ack.error.code;
        } catch (err) {
          return (err as Error).message;
        }
      }),
    );
    expect(results).toEqual(["joined", "joined", "unauthorized", "joined"]);
  });

  it("checks the payload first, then who is asking, before anything acts", async () => {
    const { guests } = await visitWithGuests(1);
    const guest = open({ participantToken: guests[0]!.participantToken });
    // A malformed payload is a bad request even from someone who may not send the command at all…
    expect(await guest.emitWithAck("visit:admit", { participantId: "nope" } as never)).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
    // …and a well-formed one from the wrong kind of sender is refused without acting.
    expect(await guest.emitWithAck("visit:admit", { participantId: guests[0]!.participantId })).toMatchObject(
      {
        ok: false,
        error: { code: "forbidden" },
      },
    );
    const clinician = open({ cookie });
    const queue = await clinician.emitWithAck("queue:watch", {});
    expect(queue.ok && queue.data.inCall).toEqual([]);
  });

  it("sends the call's roster only to people in the call, and a sent-back guest stops receiving it", async () => {
    const { visitId, guests } = await visitWithGuests(2);
    const [patient, interpreter] = guests.map((g) => open({ participantToken: g.participantToken }));
    for (const s of [patient!, interpreter!]) expect((await s.emitWithAck("waiting:join", {})).ok).toBe(true);
    const clinician = open({ cookie });
    expect((await clinician.emitWithAck("call:join", { visitId })).ok).toBe(true);
    expect(await clinician.emitWithAck("visit:admit", { participantId: guests[0]!.participantId })).toEqual({
      ok: true,
      data: {},
    });
    expect((await patient!.emitWithAck("call:join", {})).ok).toBe(true);

    // The interpreter still waits: no roster, neither by asking nor by broadcast.
    expect(await interpreter!.emitWithAck("scribe:watch", {})).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const rosterSeen: ScribeState[] = [];
    interpreter!.on("scribe:changed", (s) => rosterSeen.push(s));
    const patientSees = new Promise<ScribeState>((resolve) => patient!.once("scribe:changed", resolve));
    const paused = await clinician.emitWithAck("scribe:pause", { visitId, scope: "everyone" });
    expect(paused.ok).toBe(true);
    expect((await patientSees).participants.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Dr. B", "Guest patient", "Guest interpreter"]),
    );
    // A waiting guest acting on their own voice gets back their own line only.
    const own = await interpreter!.emitWithAck("scribe:pause", { scope: "self" });
    expect(own.ok && own.data.participants.map((p) => p.identity)).toEqual([guests[1]!.participantId]);

    // Sent back to wait, the patient leaves the call's room on every connection.
    expect(
      (await clinician.emitWithAck("visit:send-back", { participantId: guests[0]!.participantId })).ok,
    ).toBe(true);
    await expect.poll(() => roomSize(rooms.call(visitId))).toBe(1); // the clinician alone
    await clinician.emitWithAck("scribe:resume", { visitId, scope: "everyone" });
    await new Promise((r) => setTimeout(r, 200));
    expect(rosterSeen).toEqual([]);
  });

  it("empties an ended visit's rooms, and call:leave takes the clinician out of the call's room", async () => {
    const first = await visitWithGuests(1);
    const clinician = open({ cookie });
    expect((await clinician.emitWithAck("call:join", { visitId: first.visitId })).ok).toBe(true);
    expect(roomSize(rooms.call(first.visitId))).toBe(1);
    expect(await clinician.emitWithAck("call:leave", { visitId: first.visitId })).toEqual({
      ok: true,
      data: {},
    });
    expect(roomSize(rooms.call(first.visitId))).toBe(0);

    const guest = open({ participantToken: first.guests[0]!.participantToken });
    expect((await guest.emitWithAck("waiting:join", {})).ok).toBe(true);
    expect((await clinician.emitWithAck("call:join", { visitId: first.visitId })).ok).toBe(true);
    const ended = new Promise((resolve) => guest.once("visit:ended", resolve));
    expect((await clinician.emitWithAck("visit:end", { visitId: first.visitId })).ok).toBe(true);
    expect(await ended).toEqual({ visitId: first.visitId, state: "ended" });
    await expect
      .poll(() => roomSize(rooms.visit(first.visitId)) + roomSize(rooms.call(first.visitId)))
      .toBe(0);

    // Another clinician's visit cannot be left (or probed) by id.
    const other = await t.app.repos.clinicians.create({
      email: "o@example.org",
      displayName: "O",
      passwordHash: "x",
    });
    const otherSocket = open({
      cookie: `bedside_session=${(await t.app.repos.sessions.create(other.id)).token}`,
    });
    expect(await otherSocket.emitWithAck("call:leave", { visitId: first.visitId })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("gives presence insights to the visit's clinician only, once the visit has ended", async () => {
    const { visitId, guests } = await visitWithGuests(1);
    const url = `${t.url}/api/visits/${visitId}/insights`;
    expect((await fetch(url, { headers: { cookie } })).status).toBe(409);
    await t.app.repos.visits.transition(visitId, "ended");
    const patientId = guests[0]!.participantId;
    const say = (role: "patient" | "clinician", startMs: number, endMs: number) =>
      t.app.repos.transcripts.insert({
        visitId,
        participantIdentity: role === "patient" ? patientId : `clinician-${clinicianId}`,
        participantId: role === "patient" ? patientId : null,
        role,
        startMs,
        endMs,
        text: "words",
        confidence: null,
        engine: "test",
        status: "ok",
      });
    await say("patient", 0, 10_000);
    await say("clinician", 6_000, 9_000); // over the patient, 6 s in
    await say("patient", 11_000, 15_000);
    const res = await fetch(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toMatchObject({
      interrupted: true,
      interruptions: 1,
      patientSpeechBeforeFirstInterruptionMs: 6_000,
      talkMs: { patient: 14_000, clinician: 3_000, interpreter: 0 },
      segments: 3,
    });
    // Not for anyone else: no session, another clinician, or the patient's own secret.
    expect((await fetch(url)).status).toBe(401);
    const other = await t.app.repos.clinicians.create({
      email: "i@example.org",
      displayName: "I",
      passwordHash: "x",
    });
    const otherCookie = `bedside_session=${(await t.app.repos.sessions.create(other.id)).token}`;
    expect((await fetch(url, { headers: { cookie: otherCookie } })).status).toBe(404);
    const asPatient = await fetch(url, {
      headers: { authorization: `Bearer ${guests[0]!.participantToken}` },
    });
    expect(asPatient.status).toBe(401);
  });
});
