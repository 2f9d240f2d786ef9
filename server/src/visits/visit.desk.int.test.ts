// The front desk's work on waiting patients, end to end over real HTTP and socket.io clients:
// the place in line and estimated wait, transfer to another clinician, messages to the waiting room.
import type { DeskSnapshot, ServerToClientEvents, VisitWithLinks, WaitEstimate } from "@bedside/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketClients, startTestApp, type ClientSocket, type TestApp } from "../../test/harness.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

let t: TestApp;
const clients = socketClients(() => t.url);

beforeAll(async () => {
  t = await startTestApp({ SOCKET_EVENTS_PER_SECOND: "1000" });
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

async function staff(email: string, displayName: string) {
  const c = await t.app.repos.clinicians.create({ email, displayName, passwordHash: "x" });
  return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
}

const open = clients.open;

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

describe("transferring a waiting patient to another clinician", () => {
  it("moves the visit: the link keeps working, the waiting room follows the new clinician live, both queues change, audited", async () => {
    const a = await staff("a@example.org", "Dr. A");
    const b = await staff("b@example.org", "Dr. B");
    const p = await waitingPatient(a.cookie, "Moved");
    const drA = open({ cookie: a.cookie });
    const drB = open({ cookie: b.cookie });
    const queueOf = async (s: ClientSocket) => {
      const ack = await s.emitWithAck("queue:watch", {});
      if (!ack.ok) throw new Error(ack.error.message);
      return ack.data.entries.map((e) => e.participantId);
    };
    expect(await queueOf(drA)).toEqual([p.participantId]);
    expect(await queueOf(drB)).toEqual([]);
    // Dr. A follows the visit's scribe (the call room): that ends with the transfer.
    expect((await drA.emitWithAck("scribe:watch", { visitId: p.visitId })).ok).toBe(true);
    const late = { status: "running_late", lateMinutes: 10, message: null } as const;
    await drB.emitWithAck("clinician:set-status", late);

    const seenA: string[][] = [];
    const seenB: string[][] = [];
    drA.on("queue:changed", (q) => seenA.push(q.entries.map((e) => e.participantId)));
    drB.on("queue:changed", (q) => seenB.push(q.entries.map((e) => e.participantId)));
    const told = next(p.socket, "visit:transferred");
    expect(await drA.emitWithAck("visit:transfer", { visitId: p.visitId, toClinicianId: b.id })).toEqual({
      ok: true,
      data: {},
    });
    expect(await told).toEqual({ clinicianName: "Dr. B", clinicianStatus: late });
    await expect.poll(() => seenA.at(-1)).toEqual([]);
    await expect.poll(() => seenB.at(-1)).toEqual([p.participantId]);
    expect(await t.app.io.in(`call:${p.visitId}`).fetchSockets()).toHaveLength(0);

    // The patient now hears the new clinician's status, and no longer the old one's.
    const statuses: unknown[] = [];
    p.socket.on("clinician:status-changed", (s) => statuses.push(s));
    await drA.emitWithAck("clinician:set-status", { status: "away", lateMinutes: null, message: null });
    const available = { status: "available", lateMinutes: null, message: null } as const;
    await drB.emitWithAck("clinician:set-status", available);
    await expect.poll(() => statuses).toEqual([available]);

    // The same link and connection: the waiting room and the join page name Dr. B.
    const again = await p.socket.emitWithAck("waiting:join", {});
    expect(again.ok && again.data.clinicianName).toBe("Dr. B");
    expect(again.ok && again.data.waitingSince).toBe(p.joined.waitingSince);
    const join = (await (await fetch(`${t.url}/api/join/${p.secret}`)).json()) as { clinicianName: string };
    expect(join.clinicianName).toBe("Dr. B");

    // Dr. A can no longer act on it; Dr. B admits the patient.
    expect(await drA.emitWithAck("visit:admit", { participantId: p.participantId })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    const admitted = next(p.socket, "visit:admitted");
    expect(await drB.emitWithAck("visit:admit", { participantId: p.participantId })).toEqual({
      ok: true,
      data: {},
    });
    await admitted;

    const audit = await t.db
      .selectFrom("audit_events")
      .select(["actor_id", "action", "detail"])
      .where("visit_id", "=", p.visitId)
      .where("action", "=", "visit.transferred")
      .execute();
    expect(audit).toEqual([
      { actor_id: a.id, action: "visit.transferred", detail: { from: a.id, to: b.id, by: "clinician" } },
    ]);
  });

  it("is refused to others, to the same clinician, to nobody, and once the call has begun", async () => {
    const a = await staff("a2@example.org", "Dr. A2");
    const b = await staff("b2@example.org", "Dr. B2");
    const p = await waitingPatient(a.cookie);
    const drA = open({ cookie: a.cookie });
    const drB = open({ cookie: b.cookie });
    const transfer = (s: ClientSocket, toClinicianId: string) =>
      s.emitWithAck("visit:transfer", { visitId: p.visitId, toClinicianId });
    expect(await transfer(drB, b.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await transfer(p.socket, b.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await transfer(drA, a.id)).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await transfer(drA, "00000000-0000-4000-8000-000000000000")).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    await drA.emitWithAck("visit:admit", { participantId: p.participantId });
    expect(await transfer(drA, b.id)).toMatchObject({ ok: false, error: { code: "conflict" } });
    const owner = await t.db
      .selectFrom("visits")
      .select("clinician_id")
      .where("id", "=", p.visitId)
      .executeTakeFirst();
    expect(owner?.clinician_id).toBe(a.id);
  });
});

describe("messages to a waiting patient", () => {
  it("reach the waiting room as written, stay with the visit, are limited in length and rate, audited", async () => {
    const dr = await staff("msg@example.org", "Dr. Msg");
    const p = await waitingPatient(dr.cookie, "Waiting");
    const clinician = open({ cookie: dr.cookie });
    const text = "Dr. Msg is 10 minutes behind — <b>thank you</b> for waiting!";
    const arrived = next(p.socket, "waiting:message-sent");
    const ack = await clinician.emitWithAck("waiting:send-message", { visitId: p.visitId, text });
    expect(ack).toMatchObject({ ok: true, data: { text } });
    expect((await arrived).text).toBe(text);
    // A reload shows it again.
    const again = await p.socket.emitWithAck("waiting:join", {});
    expect(again.ok && again.data.messages.map((m) => m.text)).toEqual([text]);

    const send = (s: ClientSocket, t_: string) =>
      s.emitWithAck("waiting:send-message", { visitId: p.visitId, text: t_ });
    expect(await send(clinician, "x".repeat(281))).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
    expect(await send(clinician, "   ")).toMatchObject({ ok: false, error: { code: "bad_request" } });
    expect(await send(p.socket, "hi")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const other = await staff("msg-other@example.org", "Dr. Other");
    expect(await send(open({ cookie: other.cookie }), "hi")).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    // Five a minute per sender and visit: the sixth is refused and not stored.
    const results = [];
    for (let i = 2; i <= 6; i++) results.push((await send(clinician, `Message ${i}`)).ok);
    expect(results).toEqual([true, true, true, true, false]);
    const stored = await t.db
      .selectFrom("waiting_messages")
      .select("body")
      .where("visit_id", "=", p.visitId)
      .execute();
    expect(stored).toHaveLength(5);
    const audited = await t.db
      .selectFrom("audit_events")
      .select("detail")
      .where("visit_id", "=", p.visitId)
      .where("action", "=", "waiting.message-sent")
      .execute();
    expect(audited).toHaveLength(5);
    expect(audited[0]!.detail).toEqual({ length: text.length, by: "clinician" });

    // Retention: once the visit's names are purged, its messages are gone too.
    await t.app.visits.end(dr.id, p.visitId);
    await t.db
      .updateTable("visits")
      .set({ ended_at: new Date(Date.now() - 400 * 86_400_000) })
      .where("id", "=", p.visitId)
      .execute();
    await t.app.retention.purge();
    expect(
      await t.db.selectFrom("waiting_messages").select("id").where("visit_id", "=", p.visitId).execute(),
    ).toEqual([]);
  });
});

describe("the front desk", () => {
  it("books a visit for a clinician, watches the clinic's waiting room live, messages and transfers the patient, sends links; reads no clinical text", async () => {
    const a = await staff("desk-a@example.org", "Dr. DeskA");
    const b = await staff("desk-b@example.org", "Dr. DeskB");
    const d = await t.app.repos.clinicians.create({
      email: "frontdesk@example.org",
      displayName: "Front Desk",
      passwordHash: "x",
      roles: ["front_desk"],
    });
    const deskCookie = `bedside_session=${(await t.app.repos.sessions.create(d.id)).token}`;
    const post = (path: string, body: unknown) =>
      fetch(`${t.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: deskCookie },
        body: JSON.stringify(body),
      });
    const booking = {
      patientDisplayName: "Booked",
      preferredLanguage: "es",
      interpreterNeeded: true,
      scheduledAt: new Date().toISOString(),
    };
    // The front desk must say for whom; another clinic's or an unknown clinician is refused.
    expect((await post("/api/visits", booking)).status).toBe(400);
    expect(
      (await post("/api/visits", { ...booking, clinicianId: "00000000-0000-4000-8000-000000000000" })).status,
    ).toBe(404);
    const colleagues = (await (
      await fetch(`${t.url}/api/colleagues`, { headers: { cookie: deskCookie } })
    ).json()) as { colleagues: Array<{ id: string; displayName: string }> };
    expect(colleagues.colleagues.map((c) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(colleagues.colleagues.map((c) => c.id)).not.toContain(d.id);

    const res = await post("/api/visits", { ...booking, clinicianId: a.id });
    expect(res.status).toBe(201);
    const { visit, links } = (await res.json()) as VisitWithLinks;
    const owner = await t.db
      .selectFrom("visits")
      .select("clinician_id")
      .where("id", "=", visit.id)
      .executeTakeFirst();
    expect(owner?.clinician_id).toBe(a.id);

    const desk = open({ cookie: deskCookie });
    const snap = await desk.emitWithAck("desk:watch", {});
    expect(snap.ok && snap.data.clinicians.map((c) => c.displayName)).toEqual(
      expect.arrayContaining(["Dr. DeskA", "Dr. DeskB"]),
    );
    expect(snap.ok && snap.data.visits.find((v) => v.id === visit.id)?.clinicianName).toBe("Dr. DeskA");

    // The patient checks in: the desk sees them live, with clinician, language, device check, interpreter.
    let latest: DeskSnapshot | undefined;
    desk.on("desk:changed", (s) => (latest = s));
    const secret = links.find((l) => l.role === "patient")!.url.split("/join/")[1]!;
    const checkIn = (await (
      await fetch(`${t.url}/api/join/${secret}/check-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: "Booked", scribeConsent: "granted", deviceCheck }),
      })
    ).json()) as { participantId: string; participantToken: string };
    const patient = open({ participantToken: checkIn.participantToken });
    expect((await patient.emitWithAck("waiting:join", {})).ok).toBe(true);
    await expect
      .poll(() => latest?.waiting.find((w) => w.participantId === checkIn.participantId))
      .toMatchObject({
        clinicianId: a.id,
        clinicianName: "Dr. DeskA",
        preferredLanguage: "es",
        interpreterNeeded: true,
        deviceCheck,
        connection: "online",
      });
    expect(JSON.stringify(latest)).not.toContain("scribeConsent");

    // Message, then transfer to Dr. DeskB, who admits.
    const message = next(patient, "waiting:message-sent");
    expect(
      (await desk.emitWithAck("waiting:send-message", { visitId: visit.id, text: "Un momento, por favor." }))
        .ok,
    ).toBe(true);
    expect((await message).text).toBe("Un momento, por favor.");
    const moved = next(patient, "visit:transferred");
    expect(await desk.emitWithAck("visit:transfer", { visitId: visit.id, toClinicianId: b.id })).toEqual({
      ok: true,
      data: {},
    });
    expect((await moved).clinicianName).toBe("Dr. DeskB");
    await expect
      .poll(() => latest?.waiting.find((w) => w.participantId === checkIn.participantId)?.clinicianName)
      .toBe("Dr. DeskB");

    // The desk reissues the interpreter's link; it never reads clinical text or admits.
    expect((await post(`/api/visits/${visit.id}/links/interpreter`, {})).status).toBe(201);
    expect(
      (await fetch(`${t.url}/api/visits/${visit.id}/review`, { headers: { cookie: deskCookie } })).status,
    ).toBe(403);
    expect(await desk.emitWithAck("visit:admit", { participantId: checkIn.participantId })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const drB = open({ cookie: b.cookie });
    expect(await drB.emitWithAck("visit:admit", { participantId: checkIn.participantId })).toEqual({
      ok: true,
      data: {},
    });
    const actions = await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_id", "detail"])
      .where("visit_id", "=", visit.id)
      .where("action", "in", ["visit.transferred", "waiting.message-sent"])
      .orderBy("id")
      .execute();
    expect(actions.map((e) => [e.action, e.actor_id, e.detail.by])).toEqual([
      ["waiting.message-sent", d.id, "front_desk"],
      ["visit.transferred", d.id, "front_desk"],
    ]);
  });
});
