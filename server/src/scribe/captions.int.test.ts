import { CAPTIONS_ATTRIBUTE, type CallGrant } from "@bedside/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketClients, startTestApp, type TestApp, createVisit } from "../../test/harness.js";
import { Speaker } from "../../tools/scribe/scribe.fixtures.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

/**
 * `captions:set` on the real app and a real LiveKit server: the choice becomes the person's own
 * participant attribute (read here by another person in the room, as the scribe reads it), for
 * the people in the call only. What the scribe then sends is in worker/scribe.worker.int.test.ts.
 */
describe("captions:set", () => {
  let t: TestApp;
  let cookie: string;
  let otherCookie: string;
  const sockets = socketClients(() => t.url);
  const speakers: Speaker[] = [];

  beforeAll(async () => {
    t = await startTestApp({ SCRIBE_ENABLED: "false" });
    const session = async (email: string) => {
      const c = await t.app.repos.clinicians.create({ email, displayName: email, passwordHash: "x" });
      return `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
    };
    cookie = await session("captions@example.org");
    otherCookie = await session("captions-other@example.org");
  });
  afterAll(async () => {
    sockets.closeAll();
    await Promise.all(speakers.map((s) => s.leave().catch(() => {})));
    await t.close();
  });

  async function visitInCall() {
    const { visit, links } = await createVisit(t.url, cookie, true);
    const guests = [];
    for (const link of links) {
      const checkIn = await fetch(`${t.url}/api/join/${link.url.split("/join/")[1]}/check-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: `Guest ${link.role}`, scribeConsent: "granted", deviceCheck }),
      });
      const g = (await checkIn.json()) as { participantId: string; participantToken: string };
      const s = await sockets.connected(sockets.open({ participantToken: g.participantToken }));
      expect((await s.emitWithAck("waiting:join", {})).ok).toBe(true);
      guests.push({ ...g, socket: s });
    }
    const clinician = await sockets.connected(sockets.open({ cookie }));
    const grant = await clinician.emitWithAck("call:join", { visitId: visit.id });
    if (!grant.ok) throw new Error(grant.error.message);
    for (const g of guests) {
      expect((await clinician.emitWithAck("visit:admit", { participantId: g.participantId })).ok).toBe(true);
    }
    return {
      visitId: visit.id,
      clinician,
      clinicianGrant: grant.data,
      patient: guests[0]!,
      interpreter: guests[1]!,
    };
  }

  const join = async (grant: CallGrant) => {
    const s = new Speaker();
    await s.join(grant.url, grant.token);
    speakers.push(s);
    return s;
  };

  it("sets the asker's own attribute, on and off, for the people in the call only", async () => {
    const v = await visitInCall();
    const patientGrant = await v.patient.socket.emitWithAck("call:join", {});
    if (!patientGrant.ok) throw new Error(patientGrant.error.message);

    // Not in the LiveKit room yet: nothing to set it on (the call screen asks again once connected).
    expect(await v.patient.socket.emitWithAck("captions:set", { on: true })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });

    const clinicianRoom = await join(v.clinicianGrant);
    await join(patientGrant.data);
    const attributeSeen = () =>
      clinicianRoom.room.remoteParticipants.get(v.patient.participantId)?.attributes[CAPTIONS_ATTRIBUTE];

    expect(await v.patient.socket.emitWithAck("captions:set", { on: true })).toEqual({
      ok: true,
      data: { on: true },
    });
    await expect.poll(attributeSeen, { timeout: 10_000 }).toBe("on");
    expect(await v.patient.socket.emitWithAck("captions:set", { on: false })).toEqual({
      ok: true,
      data: { on: false },
    });
    await expect.poll(attributeSeen, { timeout: 10_000 }).toBe("off");

    // A guest names no other visit; another clinician's visit does not exist for them.
    const elsewhere = await visitInCall();
    expect(
      await v.patient.socket.emitWithAck("captions:set", { visitId: elsewhere.visitId, on: true }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const other = await sockets.connected(sockets.open({ cookie: otherCookie }));
    expect(await other.emitWithAck("captions:set", { visitId: v.visitId, on: true })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    // A clinician names the visit.
    expect(await v.clinician.emitWithAck("captions:set", { on: true })).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
    expect(await v.clinician.emitWithAck("captions:set", { visitId: v.visitId, on: true })).toEqual({
      ok: true,
      data: { on: true },
    });

    // Sent back to the waiting room, the patient may no longer ask.
    expect(
      (await v.clinician.emitWithAck("visit:send-back", { participantId: v.patient.participantId })).ok,
    ).toBe(true);
    expect(await v.patient.socket.emitWithAck("captions:set", { on: true })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  }, 60_000);
});
