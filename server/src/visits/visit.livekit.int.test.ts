// Issue 12, findings 8, 9 and 13, against real LiveKit servers: a sent-back patient's token no
// longer gets them into the room (and loses its permissions even while LiveKit refuses the removal),
// an abandoned call ends by itself, and ending a visit while
// LiveKit's API fails still closes its room once LiveKit answers again.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ClientToServerEvents, ServerToClientEvents } from "@bedside/shared";
import { Room } from "@livekit/rtc-node";
import { RoomServiceClient } from "livekit-server-sdk";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freeTcpPort, startLivekit, type RunningLivekit } from "../../../scripts/livekit.mjs";
import { failingLivekitProxy, startTestApp, type TestApp, createVisit } from "../../test/harness.js";
import { createApp } from "../app.js";
import { parseConfig } from "../config.js";
import { createLivekit } from "../livekit/livekit.client.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

async function clinicAndVisit(t: TestApp, sockets: ClientSocket[]) {
  const c = await t.app.repos.clinicians.create({
    email: `c${Math.random()}@example.org`,
    displayName: "Dr. C",
    passwordHash: "x",
  });
  const cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
  const { visit, links } = await createVisit(t.url, cookie);
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
  return { visitId: visit.id, link: links[0]!.url, cookie, clinician: open({ cookie }), open };
}

/** The visit's patient, checked in through the link and in the waiting room. */
async function waitingPatient(t: TestApp, v: Awaited<ReturnType<typeof clinicAndVisit>>) {
  const checkIn = await fetch(`${t.url}/api/join/${v.link.split("/join/")[1]}/check-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ displayName: "Pat", scribeConsent: "granted", deviceCheck }),
  });
  const guest = (await checkIn.json()) as { participantId: string; participantToken: string };
  const patient = v.open({ participantToken: guest.participantToken });
  expect((await patient.emitWithAck("waiting:join", {})).ok).toBe(true);
  return { guest, patient };
}

const stateOf = async (t: TestApp, visitId: string) =>
  (await t.db.selectFrom("visits").select("state").where("id", "=", visitId).executeTakeFirstOrThrow()).state;

describe("LiveKit follows the visit (webhooks from a real LiveKit server)", () => {
  let livekit: RunningLivekit;
  let t: TestApp;
  let rooms: RoomServiceClient;
  const sockets: ClientSocket[] = [];
  const lkRooms: Room[] = [];

  beforeAll(async () => {
    const port = await freeTcpPort();
    livekit = await startLivekit({ webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`] });
    t = await startTestApp({ SCRIBE_ENABLED: "false", CALL_EMPTY_END_SECONDS: "2" }, "pglite", {
      livekit,
      port,
    });
    rooms = new RoomServiceClient(livekit.url.replace(/^ws/, "http"), livekit.apiKey, livekit.apiSecret);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.allSettled(lkRooms.map((r) => r.disconnect()));
    await t?.close();
    await livekit?.stop();
  });

  const identities = async (room: string) => (await rooms.listParticipants(room)).map((p) => p.identity);
  const join = async (url: string, token: string) => {
    const room = new Room();
    lkRooms.push(room);
    await room.connect(url, token, { autoSubscribe: false, dynacast: false });
    return room;
  };

  it("finding 9: a sent-back patient cannot rejoin the room with the token they still hold", async () => {
    const v = await clinicAndVisit(t, sockets);
    const { guest, patient } = await waitingPatient(t, v);
    const clinicianGrant = await v.clinician.emitWithAck("call:join", { visitId: v.visitId });
    if (!clinicianGrant.ok) throw new Error(clinicianGrant.error.message);
    await join(clinicianGrant.data.url, clinicianGrant.data.token);
    expect((await v.clinician.emitWithAck("visit:admit", { participantId: guest.participantId })).ok).toBe(
      true,
    );
    const grant = await patient.emitWithAck("call:join", {});
    if (!grant.ok) throw new Error(grant.error.message);
    await join(grant.data.url, grant.data.token);
    await expect.poll(() => identities(v.visitId), { timeout: 5_000 }).toContain(guest.participantId);

    expect(
      (await v.clinician.emitWithAck("visit:send-back", { participantId: guest.participantId })).ok,
    ).toBe(true);
    await expect.poll(() => identities(v.visitId), { timeout: 5_000 }).not.toContain(guest.participantId);

    // The old token is still within its TTL: LiveKit lets the connection in, the server removes it.
    await join(grant.data.url, grant.data.token).catch(() => undefined);
    await expect
      .poll(() => identities(v.visitId), { timeout: 5_000, interval: 100 })
      .not.toContain(guest.participantId);
    // …and stays out.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await identities(v.visitId)).not.toContain(guest.participantId);
    expect(await identities(v.visitId)).toContain(clinicianGrant.data.identity);
  });

  /** The visit's patient, admitted and connected to the LiveKit room (the clinician is in it too). */
  async function patientInCall(v: Awaited<ReturnType<typeof clinicAndVisit>>) {
    const { guest, patient } = await waitingPatient(t, v);
    const clinicianGrant = await v.clinician.emitWithAck("call:join", { visitId: v.visitId });
    if (!clinicianGrant.ok) throw new Error(clinicianGrant.error.message);
    await join(clinicianGrant.data.url, clinicianGrant.data.token);
    expect((await v.clinician.emitWithAck("visit:admit", { participantId: guest.participantId })).ok).toBe(
      true,
    );
    const grant = await patient.emitWithAck("call:join", {});
    if (!grant.ok) throw new Error(grant.error.message);
    const room = await join(grant.data.url, grant.data.token);
    await expect.poll(() => identities(v.visitId), { timeout: 5_000 }).toContain(guest.participantId);
    return { guest, patient, grant: grant.data, room, clinicianIdentity: clinicianGrant.data.identity };
  }

  it("issue 30: audio only is set by the server on the sender's own participant, for everyone in the call, and only while they are in it", async () => {
    const v = await clinicAndVisit(t, sockets);
    const { guest, patient, clinicianIdentity } = await patientInCall(v);
    const attributesOf = async (identity: string) =>
      (await rooms.listParticipants(v.visitId)).find((p) => p.identity === identity)?.attributes;

    expect(await patient.emitWithAck("call:set-audio-only", { visitId: v.visitId, audioOnly: true })).toEqual(
      {
        ok: true,
        data: {},
      },
    );
    await expect
      .poll(() => attributesOf(guest.participantId), { timeout: 5_000 })
      .toEqual({ role: "patient", audioOnly: "1" });
    // The clinician's participant is not touched by the patient's report.
    expect((await attributesOf(clinicianIdentity))?.audioOnly).toBeUndefined();

    expect(
      await v.clinician.emitWithAck("call:set-audio-only", { visitId: v.visitId, audioOnly: true }),
    ).toEqual({
      ok: true,
      data: {},
    });
    await expect
      .poll(() => attributesOf(clinicianIdentity), { timeout: 5_000 })
      .toMatchObject({ audioOnly: "1" });

    // Back to video: the attribute is gone, the role stays.
    await patient.emitWithAck("call:set-audio-only", { visitId: v.visitId, audioOnly: false });
    await expect
      .poll(() => attributesOf(guest.participantId), { timeout: 5_000 })
      .toEqual({ role: "patient" });

    // Sent back to the waiting room: no longer in the call, so nothing to set.
    await v.clinician.emitWithAck("visit:send-back", { participantId: guest.participantId });
    expect(
      await patient.emitWithAck("call:set-audio-only", { visitId: v.visitId, audioOnly: true }),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
  });

  for (const how of ["revoked", "reissued"] as const) {
    it(`issue 24 finding 2: a guest whose link is ${how} is out of the LiveKit call within 3 s, and their token no longer gets them back in`, async () => {
      const v = await clinicAndVisit(t, sockets);
      const { guest, grant, room, clinicianIdentity } = await patientInCall(v);
      const deadline = Date.now() + 3_000;
      const res = await fetch(`${t.url}/api/visits/${v.visitId}/links/patient`, {
        method: how === "revoked" ? "DELETE" : "POST",
        headers: { cookie: v.cookie },
      });
      expect(res.status).toBe(how === "revoked" ? 204 : 201);
      await expect
        .poll(() => room.isConnected, { timeout: Math.max(1, deadline - Date.now()), interval: 50 })
        .toBe(false);
      await expect
        .poll(() => identities(v.visitId), { timeout: Math.max(1, deadline - Date.now()), interval: 50 })
        .not.toContain(guest.participantId);
      // No longer admitted: the clinician's queue does not show them in the call.
      const queue = await v.clinician.emitWithAck("queue:watch", {});
      if (!queue.ok) throw new Error(queue.error.message);
      expect(queue.data.inCall.map((e) => e.participantId)).not.toContain(guest.participantId);

      // The LiveKit token is still within its TTL: LiveKit lets it in, the webhook removes it at once.
      const again = await join(grant.url, grant.token).catch(() => undefined);
      if (again) await expect.poll(() => again.isConnected, { timeout: 3_000, interval: 50 }).toBe(false);
      await expect
        .poll(() => identities(v.visitId), { timeout: 3_000, interval: 100 })
        .not.toContain(guest.participantId);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await identities(v.visitId)).not.toContain(guest.participantId);
      expect(await identities(v.visitId)).toContain(clinicianIdentity);
    });
  }

  it("issue 24 finding 3: checking in again with the link during the call waits to be admitted again", async () => {
    const v = await clinicAndVisit(t, sockets);
    const { guest, room } = await patientInCall(v);
    // Someone else holding the link (or the patient on a second device) checks in again.
    const again = await fetch(`${t.url}/api/join/${v.link.split("/join/")[1]}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Not Pat", scribeConsent: "granted", deviceCheck }),
    });
    expect(again.status).toBe(201);
    const second = (await again.json()) as { participantId: string; participantToken: string };
    expect(second.participantId).toBe(guest.participantId); // one person per link: the same row
    const s = v.open({ participantToken: second.participantToken });
    const waiting = await s.emitWithAck("waiting:join", {});
    expect(waiting).toMatchObject({ ok: true, data: { state: "waiting" } });
    const refused = await s.emitWithAck("call:join", {});
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // The first check-in's credential is replaced: its LiveKit connection ends as its socket did.
    await expect.poll(() => room.isConnected, { timeout: 3_000, interval: 50 }).toBe(false);
    expect(await identities(v.visitId)).not.toContain(guest.participantId);

    // Once the clinician admits the new check-in, it may join.
    expect((await v.clinician.emitWithAck("visit:admit", { participantId: guest.participantId })).ok).toBe(
      true,
    );
    const grant = await s.emitWithAck("call:join", {});
    expect(grant.ok).toBe(true);
  });

  it("finding 13: a call left with nobody in its room ends by itself after CALL_EMPTY_END_SECONDS", async () => {
    const v = await clinicAndVisit(t, sockets);
    const grant = await v.clinician.emitWithAck("call:join", { visitId: v.visitId });
    if (!grant.ok) throw new Error(grant.error.message);
    const room = await join(grant.data.url, grant.data.token);
    expect(await stateOf(t, v.visitId)).toBe("in_call");
    await room.disconnect(); // the clinician's browser crashed: nobody says visit:end
    await expect.poll(() => stateOf(t, v.visitId), { timeout: 10_000, interval: 250 }).toBe("ended");
  });

  it("a call whose clinician is back within the grace period goes on, and ends once left again", async () => {
    const v = await clinicAndVisit(t, sockets);
    const enter = async () => {
      const grant = await v.clinician.emitWithAck("call:join", { visitId: v.visitId });
      if (!grant.ok) throw new Error(grant.error.message);
      return join(grant.data.url, grant.data.token);
    };
    await (await enter()).disconnect(); // a dropped connection…
    const back = await enter(); // …and the clinician back a moment later
    // Well past the first spell's end (2 s) and the job queue's poll: the call goes on.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await stateOf(t, v.visitId)).toBe("in_call");
    const emptied = await t.db
      .selectFrom("visits")
      .select("room_empty_since")
      .where("id", "=", v.visitId)
      .executeTakeFirstOrThrow();
    expect(emptied.room_empty_since).toBeNull();
    await back.disconnect();
    await expect.poll(() => stateOf(t, v.visitId), { timeout: 10_000, interval: 250 }).toBe("ended");
  });

  it("finding 13: at start, an in-call visit with nobody in LiveKit ends after the grace period", async () => {
    const v = await clinicAndVisit(t, sockets);
    // A call that was running when a server crashed; nobody is in LiveKit any more.
    await t.db
      .updateTable("visits")
      .set({ state: "in_call", started_at: new Date() })
      .where("id", "=", v.visitId)
      .execute();
    // A server starting on the same database reconciles with LiveKit's room list.
    const config = parseConfig({
      PORT: "0",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-test-")),
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      DEMO_SEED: "false",
      LOG_LEVEL: "silent",
      SCRIBE_ENABLED: "false",
      CALL_EMPTY_END_SECONDS: "1",
    });
    const restarted = await createApp({ config, db: t.db, livekit: createLivekit(config.livekit) });
    try {
      await expect.poll(() => stateOf(t, v.visitId), { timeout: 8_000, interval: 250 }).toBe("ended");
    } finally {
      await restarted.close();
    }
  });
});

describe("while LiveKit's API fails (findings 8 and 9)", () => {
  let proxy: Awaited<ReturnType<typeof failingLivekitProxy>>;
  let t: TestApp;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    proxy = await failingLivekitProxy();
    t = await startTestApp({ SCRIBE_ENABLED: "false", LIVEKIT_URL: proxy.url });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
    await proxy.close();
  });

  it("says the visit ended at once, and closes its LiveKit room once LiveKit answers again", async () => {
    const lk = inject("livekit");
    const rooms = new RoomServiceClient(lk.url.replace(/^ws/, "http"), lk.apiKey, lk.apiSecret);
    const v = await clinicAndVisit(t, sockets);
    expect((await v.clinician.emitWithAck("call:join", { visitId: v.visitId })).ok).toBe(true);
    await rooms.createRoom({ name: v.visitId, emptyTimeout: 600 });
    proxy.failing = true;
    expect(await v.clinician.emitWithAck("visit:end", { visitId: v.visitId })).toEqual({
      ok: true,
      data: {},
    });
    expect(await stateOf(t, v.visitId)).toBe("ended");
    const names = async () => (await rooms.listRooms()).map((r) => r.name);
    expect(await names()).toContain(v.visitId);
    proxy.failing = false;
    await expect.poll(names, { timeout: 10_000, interval: 250 }).not.toContain(v.visitId);
  });
  it("finding 9: a sent-back patient can neither publish nor subscribe, even while LiveKit refuses to remove them", async () => {
    const lk = inject("livekit");
    const rooms = new RoomServiceClient(lk.url.replace(/^ws/, "http"), lk.apiKey, lk.apiSecret);
    proxy.failing = false;
    const v = await clinicAndVisit(t, sockets);
    const { guest, patient } = await waitingPatient(t, v);
    expect((await v.clinician.emitWithAck("call:join", { visitId: v.visitId })).ok).toBe(true);
    expect((await v.clinician.emitWithAck("visit:admit", { participantId: guest.participantId })).ok).toBe(
      true,
    );
    const grant = await patient.emitWithAck("call:join", {});
    if (!grant.ok) throw new Error(grant.error.message);
    // The patient's media goes to LiveKit itself (the proxy carries only the server's API calls).
    const room = new Room();
    try {
      await room.connect(lk.url, grant.data.token, { autoSubscribe: false, dynacast: false });
      const permissionOf = async () =>
        (await rooms.listParticipants(v.visitId)).find((p) => p.identity === guest.participantId)?.permission;
      await expect
        .poll(permissionOf, { timeout: 5_000 })
        .toMatchObject({ canPublish: true, canSubscribe: true });

      // LiveKit refuses the removal (it keeps being retried); the permission update goes through.
      proxy.refuses = (p) => p.endsWith("/RemoveParticipant");
      expect(
        (await v.clinician.emitWithAck("visit:send-back", { participantId: guest.participantId })).ok,
      ).toBe(true);
      await expect
        .poll(permissionOf, { timeout: 5_000, interval: 100 })
        .toMatchObject({ canPublish: false, canSubscribe: false, canPublishData: false });
      // Still in the room (the removal has not got through), but with nothing they may do there.
      expect((await rooms.listParticipants(v.visitId)).map((p) => p.identity)).toContain(guest.participantId);
    } finally {
      proxy.refuses = () => false;
      await room.disconnect();
    }
  });
});
