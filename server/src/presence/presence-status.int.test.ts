import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketClients, startTestApp, type TestApp, createVisit } from "../../test/harness.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("clinician status and guest connection presence", () => {
  let t: TestApp;
  let cookie: string;
  const clients = socketClients(() => t.url);

  beforeAll(async () => {
    // Polling the queue (expect.poll, every 50 ms) would spend the clinician's one command budget,
    // shared by every socket of theirs in this file: the limit is tested in socket.access.int.test.ts.
    t = await startTestApp({ PRESENCE_GRACE_SECONDS: "1", SOCKET_EVENTS_PER_SECOND: "1000" });
    const c = await t.app.repos.clinicians.create({
      email: "p@example.org",
      displayName: "Dr. P",
      passwordHash: "x",
    });
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
  });
  afterAll(async () => {
    clients.closeAll();
    await t.close();
  });

  const open = clients.open;

  async function waitingGuest() {
    const { links } = await createVisit(t.url, cookie);
    const secret = links[0]!.url.split("/join/")[1]!;
    const checkIn = await fetch(`${t.url}/api/join/${secret}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Pat", scribeConsent: "granted", deviceCheck }),
    });
    const { participantId, participantToken } = (await checkIn.json()) as {
      participantId: string;
      participantToken: string;
    };
    const guest = open({ participantToken });
    const ack = await guest.emitWithAck("waiting:join", {});
    if (!ack.ok) throw new Error(ack.error.message);
    return { guest, participantId, participantToken, joined: ack.data };
  }

  it("shows waiting guests the clinician's status live, and keeps it across the clinician's reload", async () => {
    const { guest, joined } = await waitingGuest();
    expect(joined.clinicianStatus).toEqual({ status: "available", lateMinutes: null, message: null });

    const clinician = open({ cookie });
    const seen = new Promise((resolve) => guest.once("clinician:status-changed", resolve));
    const late = { status: "running_late", lateMinutes: 10, message: "Sorry, a long visit" } as const;
    expect(await clinician.emitWithAck("clinician:set-status", late)).toEqual({ ok: true, data: late });
    expect(await seen).toEqual(late);
    // Written right behind the broadcast: the row is what other instances and restarts read.
    await expect
      .poll(() =>
        t.db.selectFrom("clinician_status").select(["status", "late_minutes", "message"]).executeTakeFirst(),
      )
      .toEqual({ status: "running_late", late_minutes: 10, message: "Sorry, a long visit" });

    clinician.disconnect();
    const reloaded = open({ cookie });
    const snapshot = await reloaded.emitWithAck("queue:watch", {});
    expect(snapshot.ok && snapshot.data.status).toEqual(late);
  });

  it.each([
    ["running late without minutes", { status: "running_late", lateMinutes: null, message: null }],
    ["minutes when not late", { status: "away", lateMinutes: 5, message: null }],
    ["an unknown status", { status: "asleep", lateMinutes: null, message: null }],
    ["a message that is too long", { status: "away", lateMinutes: null, message: "x".repeat(141) }],
    ["too many minutes", { status: "running_late", lateMinutes: 10_000, message: null }],
  ])("rejects a status with %s and changes nothing", async (_name, payload) => {
    const clinician = open({ cookie });
    const before = await clinician.emitWithAck("queue:watch", {});
    const ack = await clinician.emitWithAck("clinician:set-status", payload as never);
    expect(ack).toMatchObject({ ok: false, error: { code: "bad_request" } });
    const after = await clinician.emitWithAck("queue:watch", {});
    expect(before.ok && after.ok && after.data.status).toEqual(before.ok && before.data.status);
  });

  it("refuses status changes from a guest", async () => {
    const { guest } = await waitingGuest();
    const ack = await guest.emitWithAck("clinician:set-status", {
      status: "away",
      lateMinutes: null,
      message: null,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("marks a dropped guest reconnecting, keeps their place, and marks them left after the grace period", async () => {
    const clinician = open({ cookie });
    await clinician.emitWithAck("queue:watch", {});
    const { guest, participantId, participantToken, joined } = await waitingGuest();
    const connectionOf = async () => {
      const s = await clinician.emitWithAck("queue:watch", {});
      return s.ok ? s.data.entries.find((e) => e.participantId === participantId)?.connection : undefined;
    };
    await expect.poll(connectionOf).toBe("online");

    guest.disconnect();
    await expect.poll(connectionOf).toBe("reconnecting");
    // Back within the grace period: online again, same place in the queue.
    const back = open({ participantToken });
    const again = await back.emitWithAck("waiting:join", {});
    expect(again.ok && again.data.waitingSince).toBe(joined.waitingSince);
    await expect.poll(connectionOf).toBe("online");

    back.disconnect();
    await expect.poll(connectionOf, { timeout: 5_000 }).toBe("left");
  });
});
