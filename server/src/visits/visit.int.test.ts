import type {
  ClientToServerEvents,
  QueueSnapshot,
  ServerToClientEvents,
  VisitWithLinks,
} from "@bedside/shared";
import { TokenVerifier } from "livekit-server-sdk";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { jsonOf, startTestApp, type TestApp } from "../../test/harness.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("visit journey over HTTP and socket.io", () => {
  let t: TestApp;
  let cookie: string;
  let otherCookie: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: "https://bedside.example", ALLOW_DEV_DEFAULTS: "true" });
    const signIn = async (email: string, name: string) => {
      const c = await t.app.repos.clinicians.create({ email, displayName: name, passwordHash: "x" });
      return `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
    };
    cookie = await signIn("rivera@example.org", "Dr. Rivera");
    otherCookie = await signIn("other@example.org", "Dr. Other");
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  const post = (path: string, body: unknown, as = cookie) =>
    fetch(`${t.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: as },
      body: JSON.stringify(body),
    });
  const createVisit = async (interpreterNeeded = true) => {
    const res = await post("/api/visits", {
      patientDisplayName: "Sam Lee",
      preferredLanguage: "es",
      interpreterNeeded,
      scheduledAt: new Date().toISOString(),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as VisitWithLinks;
  };
  const secretOf = (url: string) => url.split("/join/")[1]!;
  const checkIn = async (secret: string, displayName = "Sam") => {
    const res = await post(
      `/api/join/${secret}/check-in`,
      { displayName, scribeConsent: "granted", deviceCheck },
      "",
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { participantId: string; participantToken: string };
  };
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
  /** The next queue snapshot that satisfies `ok` (other changes may be broadcast first). */
  const snapshotWhere = (s: ClientSocket, ok: (q: QueueSnapshot) => boolean) =>
    new Promise<QueueSnapshot>((resolve) => {
      const listener = (q: QueueSnapshot) => {
        if (!ok(q)) return;
        s.off("queue:changed", listener);
        resolve(q);
      };
      s.on("queue:changed", listener);
    });
  const next = <E extends keyof ServerToClientEvents>(s: ClientSocket, event: E) =>
    new Promise<Parameters<ServerToClientEvents[E]>>((resolve) =>
      s.once(event, ((...args: Parameters<ServerToClientEvents[E]>) => resolve(args)) as never),
    );

  it("creates a visit with unguessable patient and interpreter links", async () => {
    const { visit, links } = await createVisit();
    expect(visit.state).toBe("scheduled");
    expect(links.map((l) => l.role)).toEqual(["patient", "interpreter"]);
    for (const link of links) {
      expect(link.url).toMatch(/^https:\/\/bedside\.example\/join\/[A-Za-z0-9_-]{43}$/);
      expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
    }
    const stored = await t.db.selectFrom("visit_links").select("token_hash").execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(secretOf(links[0]!.url));
  });

  it("rejects a malformed visit with a 400 and creates nothing", async () => {
    const before = (await t.db.selectFrom("visits").select("id").execute()).length;
    const res = await post("/api/visits", {
      patientDisplayName: "",
      preferredLanguage: "English!",
      interpreterNeeded: "no",
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.message).toMatch(/patientDisplayName/);
    expect((await t.db.selectFrom("visits").select("id").execute()).length).toBe(before);
    expect((await post("/api/visits", {}, "")).status).toBe(401);
  });

  it("explains unknown, revoked and expired links, and check-in with bad data changes nothing", async () => {
    const { visit, links } = await createVisit(false);
    const secret = secretOf(links[0]!.url);
    const info = await fetch(`${t.url}/api/join/${secret}`);
    expect(await jsonOf(info)).toMatchObject({
      role: "patient",
      clinicianName: "Dr. Rivera",
      suggestedName: "Sam Lee",
      // The guest's screens open in the visit's language.
      preferredLanguage: "es",
    });

    const unknown = await fetch(`${t.url}/api/join/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error.message).toMatch(/does not work/);

    const bad = await post(
      `/api/join/${secret}/check-in`,
      { displayName: "x".repeat(200), scribeConsent: "maybe" },
      "",
    );
    expect(bad.status).toBe(400);
    expect(
      (await t.db.selectFrom("participants").select("id").where("visit_id", "=", visit.id).execute()).length,
    ).toBe(0);

    const fresh = await post(`/api/visits/${visit.id}/links/patient`, {});
    const freshSecret = secretOf(((await fresh.json()) as { url: string }).url);
    const revoked = await fetch(`${t.url}/api/join/${secret}`);
    expect(revoked.status).toBe(410);
    expect((await jsonOf(revoked)).error.message).toMatch(/cancelled or replaced/);
    // The reason lets the guest's screen say it in their own language.
    expect((await jsonOf(await fetch(`${t.url}/api/join/${secret}`))).error.reason).toBe("revoked");
    // Another clinician cannot touch this visit's links.
    expect((await post(`/api/visits/${visit.id}/links/patient`, {}, otherCookie)).status).toBe(404);

    await t.db
      .updateTable("visit_links")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("visit_id", "=", visit.id)
      .execute();
    const expired = await fetch(`${t.url}/api/join/${freshSecret}`);
    expect(expired.status).toBe(410);
    expect((await jsonOf(expired)).error.message).toMatch(/expired/);
    expect(
      (
        await post(
          `/api/join/${freshSecret}/check-in`,
          { displayName: "Sam", scribeConsent: "granted", deviceCheck },
          "",
        )
      ).status,
    ).toBe(410);
  });

  it("admits a waiting patient, mints a least-privilege token only then, and ends the visit for everyone", async () => {
    const { visit, links } = await createVisit();
    const clinician = open({ cookie });
    const first = await clinician.emitWithAck("queue:watch", {});
    expect(first.ok && first.data.visits.some((v) => v.id === visit.id)).toBe(true);

    const patient = await checkIn(secretOf(links[0]!.url));
    const guest = open({ participantToken: patient.participantToken });
    const queued = snapshotWhere(clinician, (q) =>
      q.entries.some((e) => e.participantId === patient.participantId),
    );
    const waiting = await guest.emitWithAck("waiting:join", {});
    expect(waiting).toMatchObject({ ok: true, data: { clinicianName: "Dr. Rivera", state: "waiting" } });
    const snapshot = await queued;
    expect(snapshot.entries.find((e) => e.participantId === patient.participantId)).toMatchObject({
      displayName: "Sam",
      role: "patient",
      scribeConsent: "granted",
      interpreterNeeded: true,
    });

    // Before admission there is no token, whatever the guest asks for.
    const early = await guest.emitWithAck("call:join", {});
    expect(early).toEqual({
      ok: false,
      error: { code: "forbidden", message: "You have not been admitted yet. Please wait for the clinician." },
    });
    // Another clinician cannot admit someone else's patient; a guest cannot admit anyone.
    const intruder = open({ cookie: otherCookie });
    expect(await intruder.emitWithAck("visit:admit", { participantId: patient.participantId })).toMatchObject(
      { ok: false, error: { code: "not_found" } },
    );
    expect(await guest.emitWithAck("visit:admit", { participantId: patient.participantId })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });

    const admitted = next(guest, "visit:admitted");
    expect(await clinician.emitWithAck("visit:admit", { participantId: patient.participantId })).toEqual({
      ok: true,
      data: {},
    });
    await admitted;

    const other = await createVisit(false);
    expect(await guest.emitWithAck("call:join", { visitId: other.visit.id })).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: "This link is for a different visit." },
    });
    const grant = await guest.emitWithAck("call:join", {});
    if (!grant.ok) throw new Error(grant.error.message);
    const lk = inject("livekit");
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(grant.data.token);
    expect(claims.sub).toBe(patient.participantId);
    expect(claims.video).toMatchObject({
      room: visit.id,
      roomJoin: true,
      canPublish: true,
      canPublishData: false,
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canPublishSources).toEqual(["camera", "microphone"]);
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(300);

    const ended = next(guest, "visit:ended");
    expect(await clinician.emitWithAck("visit:end", { visitId: visit.id })).toEqual({ ok: true, data: {} });
    expect((await ended)[0]).toEqual({ visitId: visit.id, state: "ended" });
    // Idempotent (issue 12, finding 8): ending again only makes sure LiveKit's room is gone.
    expect(await clinician.emitWithAck("visit:end", { visitId: visit.id })).toEqual({ ok: true, data: {} });
    expect(await clinician.emitWithAck("call:join", { visitId: visit.id })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    expect(await guest.emitWithAck("call:join", {})).toMatchObject({ ok: false, error: { code: "gone" } });
    expect((await fetch(`${t.url}/api/join/${secretOf(links[1]!.url)}`)).status).toBe(410);
  });

  it("sends an admitted guest back to wait, keeping their place and withdrawing call access", async () => {
    const { links } = await createVisit(false);
    const clinician = open({ cookie });
    await clinician.emitWithAck("queue:watch", {});
    const patient = await checkIn(secretOf(links[0]!.url));
    const guest = open({ participantToken: patient.participantToken });
    const first = await guest.emitWithAck("waiting:join", {});
    if (!first.ok) throw new Error(first.error.message);
    await clinician.emitWithAck("visit:admit", { participantId: patient.participantId });
    expect((await guest.emitWithAck("call:join", {})).ok).toBe(true);

    const inCall = snapshotWhere(clinician, (q) =>
      q.entries.some((e) => e.participantId === patient.participantId),
    );
    const sentBack = next(guest, "visit:sent-back");
    expect(await clinician.emitWithAck("visit:send-back", { participantId: patient.participantId })).toEqual({
      ok: true,
      data: {},
    });
    await sentBack;
    const snapshot = await inCall;
    expect(snapshot.entries.map((e) => e.participantId)).toContain(patient.participantId);
    expect(snapshot.inCall.map((e) => e.participantId)).not.toContain(patient.participantId);
    expect(await guest.emitWithAck("call:join", {})).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const again = await guest.emitWithAck("waiting:join", {});
    expect(again).toMatchObject({
      ok: true,
      data: { state: "waiting", waitingSince: first.data.waitingSince },
    });
    // Sending back again is idempotent (issue 12, finding 8).
    expect(await clinician.emitWithAck("visit:send-back", { participantId: patient.participantId })).toEqual({
      ok: true,
      data: {},
    });
  });

  it("refuses guest sockets with a forged or revoked participant token", async () => {
    const { visit, links } = await createVisit(false);
    const patient = await checkIn(secretOf(links[0]!.url));
    const forged = open({ participantToken: "B".repeat(43) });
    expect((await new Promise<Error>((r) => forged.once("connect_error", r))).message).toBe("unauthorized");

    const revoke = await fetch(`${t.url}/api/visits/${visit.id}/links/patient`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(revoke.status).toBe(204);
    const revoked = open({ participantToken: patient.participantToken });
    expect((await new Promise<Error>((r) => revoked.once("connect_error", r))).message).toBe("unauthorized");
  });
});
