// Issue 24, finding 5: socket.io's connection-state recovery restored a connection's rooms and
// replayed the events it missed before the handshake's access check ran. Recovery is off: every
// connection starts with no rooms, and the client asks again for what it follows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketClients, startTestApp, type TestApp, createVisit } from "../../test/harness.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };
/** What socket.io-client keeps to ask for recovery (private fields, read the way an attacker would). */
type Resumable = { id?: string; _pid?: string; _lastOffset?: string };
/** socket.io protocol packet types (socket.io-parser's PacketType), as the manager reports them. */
const EVENT = 2;
const CONNECT_ERROR = 4;

describe("a reconnecting socket starts afresh (no connection-state recovery)", () => {
  let t: TestApp;
  let clinicianId: string;
  const clients = socketClients(() => t.url);

  beforeAll(async () => {
    t = await startTestApp({ SCRIBE_ENABLED: "false" });
    clinicianId = (
      await t.app.repos.clinicians.create({ email: "r@example.org", displayName: "Dr. R", passwordHash: "x" })
    ).id;
  });
  afterAll(async () => {
    clients.closeAll();
    await t.close();
  });

  const newSession = async () => `bedside_session=${(await t.app.repos.sessions.create(clinicianId)).token}`;
  const { open, connected } = clients;
  const serverSockets = async () => (await t.app.io.fetchSockets()).length;
  const ok = async <T>(ack: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) => {
    const a = await ack;
    if (!a.ok) throw new Error(a.error.message);
    return a.data;
  };

  it("a patient sent back while their connection was down reconnects without the call's room or its missed events", async () => {
    const cookie = await newSession();
    const clinician = open({ cookie });
    await connected(clinician);
    const { visit, links } = await createVisit(t.url, cookie);
    const res = await fetch(`${t.url}/api/join/${links[0]!.url.split("/join/")[1]}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Pat", scribeConsent: "granted", deviceCheck }),
    });
    const guest = (await res.json()) as { participantId: string; participantToken: string };
    const patient = open({ participantToken: guest.participantToken });
    await connected(patient);
    await ok(patient.emitWithAck("waiting:join", {}));
    await ok(clinician.emitWithAck("visit:admit", { participantId: guest.participantId }));
    await ok(patient.emitWithAck("call:join", {}));
    const heard: unknown[] = [];
    patient.on("scribe:changed", (s) => heard.push(s));
    // In the call, the patient hears the scribe's changes (what a recovered session would replay).
    await ok(clinician.emitWithAck("scribe:pause", { visitId: visit.id, scope: "everyone" }));
    await expect.poll(() => heard.length, { timeout: 2_000 }).toBe(1);

    // The patient's network drops (not a sign-out: the transport just closes).
    const before = await serverSockets();
    patient.io.engine.close();
    await expect.poll(serverSockets, { timeout: 2_000 }).toBe(before - 1);
    await ok(clinician.emitWithAck("visit:send-back", { participantId: guest.participantId }));
    await ok(clinician.emitWithAck("scribe:resume", { visitId: visit.id, scope: "everyone" }));

    patient.connect();
    await connected(patient);
    // The client asks for its place again, as it does after every connect: it is waiting.
    expect(await ok(patient.emitWithAck("waiting:join", {}))).toMatchObject({ state: "waiting" });
    await ok(clinician.emitWithAck("scribe:pause", { visitId: visit.id, scope: "everyone" }));
    await new Promise((r) => setTimeout(r, 500));
    // Neither the change it missed nor the one after: it is no longer in the call's room.
    const onServer = [...t.app.io.of("/").sockets.values()].find(
      (x) => x.data.principal.kind === "guest" && x.data.principal.participantId === guest.participantId,
    );
    expect({
      recovered: Boolean(patient.recovered), // undefined when the server offers no session to recover
      recoveredOnServer: onServer?.recovered,
      heard: heard.length,
    }).toEqual({ recovered: false, recoveredOnServer: false, heard: 1 });
  });

  it("a raw client presenting a signed-out connection's session id and offset receives no event", async () => {
    const cookie = await newSession();
    const otherDevice = await newSession();
    const s = open({ cookie });
    await connected(s);
    await ok(s.emitWithAck("queue:watch", {}));
    // The same clinician on another device keeps the queue's room alive (its events keep coming).
    const other = open({ cookie: otherDevice });
    await connected(other);
    await ok(other.emitWithAck("queue:watch", {}));
    const queueEvent = new Promise((resolve) => s.once("queue:changed", resolve));
    await createVisit(t.url, otherDevice);
    await queueEvent;
    const { _pid, _lastOffset, id } = s as unknown as Resumable;

    const before = await serverSockets();
    s.io.engine.close();
    await expect.poll(serverSockets, { timeout: 2_000 }).toBe(before - 1);
    expect((await fetch(`${t.url}/api/auth/sign-out`, { method: "POST", headers: { cookie } })).status).toBe(
      200,
    );
    // A queue event the signed-out connection misses (broadcast once the other device has it).
    const missed = new Promise((resolve) => other.once("queue:changed", resolve));
    await createVisit(t.url, otherDevice);
    await missed;

    // Whatever identifies the old connection (with recovery off there is no session id: its id).
    const raw = open({ cookie, auth: { pid: _pid ?? id, offset: _lastOffset ?? "0-0" } });
    // Every packet that reaches this client, before socket.io decides whether to surface it.
    const packets: Array<{ type: number }> = [];
    raw.io.on("packet", (p: { type: number }) => packets.push(p));
    await expect(connected(raw)).rejects.toThrow("unauthorized");
    await createVisit(t.url, otherDevice);
    await new Promise((r) => setTimeout(r, 500));
    expect(packets.filter((p) => p.type === EVENT)).toEqual([]);
    expect(packets.map((p) => p.type)).toContain(CONNECT_ERROR);
  });
});
