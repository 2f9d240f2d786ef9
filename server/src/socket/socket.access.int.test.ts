// Issue 12, findings 1, 2 and 12: access is re-checked where it changes (revocation, sign-out,
// expiry, and on every command), one link checks in one person, and a socket cannot flood.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  socketClients,
  startTestApp,
  type ClientSocket,
  type TestApp,
  createVisit,
} from "../../test/harness.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("socket access follows the secret it was opened with", () => {
  let t: TestApp;
  let clinicianId: string;
  const clients = socketClients(() => t.url);

  beforeAll(async () => {
    // HTTP check-in limits are tested in http.security.int.test.ts; this file checks in often.
    t = await startTestApp({ SCRIBE_ENABLED: "false", RATE_LIMIT_SCALE: "100" });
    clinicianId = (
      await t.app.repos.clinicians.create({ email: "a@example.org", displayName: "Dr. A", passwordHash: "x" })
    ).id;
  });
  afterAll(async () => {
    clients.closeAll();
    await t.close();
  });

  const newSession = async () => `bedside_session=${(await t.app.repos.sessions.create(clinicianId)).token}`;
  const open = (opts: { participantToken?: string; cookie?: string }) =>
    clients.connected(clients.open(opts));
  const disconnected = (s: ClientSocket) =>
    new Promise<string>((resolve) => (s.disconnected ? resolve("already") : s.once("disconnect", resolve)));
  const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);

  async function visit(cookie: string, interpreterNeeded = false) {
    return createVisit(t.url, cookie, interpreterNeeded);
  }
  const checkIn = async (linkUrl: string, displayName = "Pat") => {
    const res = await fetch(`${t.url}/api/join/${linkUrl.split("/join/")[1]}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName, scribeConsent: "granted", deviceCheck }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { participantId: string; participantToken: string };
  };

  it("finding 1: revoking a link disconnects the guest at once, and the token no longer connects", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const guest = await checkIn(links[0]!.url);
    const s = await open({ participantToken: guest.participantToken });
    expect((await s.emitWithAck("waiting:join", {})).ok).toBe(true);
    const gone = disconnected(s);
    const res = await fetch(`${t.url}/api/visits/${v.id}/links/patient`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(res.status).toBe(204);
    expect(await within(gone, 2_000)).toBe("io server disconnect");
    await expect(open({ participantToken: guest.participantToken })).rejects.toThrow("unauthorized");
  });

  it("finding 1: a replaced link (reissued) disconnects whoever checked in with the old one", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const guest = await checkIn(links[0]!.url);
    const s = await open({ participantToken: guest.participantToken });
    const gone = disconnected(s);
    expect(
      (await fetch(`${t.url}/api/visits/${v.id}/links/patient`, { method: "POST", headers: { cookie } }))
        .status,
    ).toBe(201);
    expect(await within(gone, 2_000)).toBe("io server disconnect");
  });

  it("finding 1: signing out disconnects every socket of that session, and only that session", async () => {
    const cookie = await newSession();
    const other = await newSession();
    const [a, b, keep] = await Promise.all([open({ cookie }), open({ cookie }), open({ cookie: other })]);
    expect((await a.emitWithAck("queue:watch", {})).ok).toBe(true);
    const gone = Promise.all([disconnected(a), disconnected(b)]);
    const res = await fetch(`${t.url}/api/auth/sign-out`, { method: "POST", headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await within(gone, 2_000)).toEqual(["io server disconnect", "io server disconnect"]);
    expect((await keep.emitWithAck("queue:watch", {})).ok).toBe(true);
  });

  it("finding 1: every command re-checks the principal (a session deleted behind the socket's back)", async () => {
    const cookie = await newSession();
    const { visit: v } = await visit(cookie);
    const [a, b] = await Promise.all([open({ cookie }), open({ cookie })]);
    expect((await a.emitWithAck("queue:watch", {})).ok).toBe(true);
    // No sign-out event: the session simply stops existing (deleted elsewhere, or by an admin).
    await t.db.deleteFrom("sessions").execute();
    for (const ack of [
      await a.emitWithAck("queue:watch", {}),
      await b.emitWithAck("call:join", { visitId: v.id }),
    ]) {
      expect(ack).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    }
    expect(a.connected || b.connected).toBe(false);
    // …and the visit was not touched by the refused call:join.
    const row = await t.db
      .selectFrom("visits")
      .select("state")
      .where("id", "=", v.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe("scheduled");
  });

  it("finding 1: a session that expires disconnects its socket on time", async () => {
    const cookie = await newSession();
    await t.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() + 1_500) })
      .where("clinician_id", "=", clinicianId)
      .execute();
    const s = await open({ cookie });
    expect(await within(disconnected(s), 4_000)).toBe("io server disconnect");
  });

  it("finding 1: a link that expires disconnects its guest on time", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const guest = await checkIn(links[0]!.url);
    await t.db
      .updateTable("visit_links")
      .set({ expires_at: new Date(Date.now() + 1_500) })
      .where("visit_id", "=", v.id)
      .execute();
    const s = await open({ participantToken: guest.participantToken });
    expect(await within(disconnected(s), 4_000)).toBe("io server disconnect");
  });

  it("finding 1: a link whose expiry moved later disconnects its guest at the new expiry, not a minute on", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const guest = await checkIn(links[0]!.url);
    const expireIn = (ms: number) =>
      t.db
        .updateTable("visit_links")
        .set({ expires_at: new Date(Date.now() + ms) })
        .where("visit_id", "=", v.id)
        .execute();
    await expireIn(1_000);
    const s = await open({ participantToken: guest.participantToken });
    const gone = disconnected(s);
    // Moved before the first timer fires (as a timer firing early sees it): the check then finds it valid.
    await expireIn(2_500);
    const started = Date.now();
    expect(await within(gone, 6_000)).toBe("io server disconnect");
    expect(Date.now() - started).toBeGreaterThan(1_500);
  });

  it("finding 2: a link checks in one person: a second check-in replaces the first and keeps the place", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const first = await checkIn(links[0]!.url, "Pat");
    const firstSocket = await open({ participantToken: first.participantToken });
    const waited = await firstSocket.emitWithAck("waiting:join", {});
    expect(waited.ok).toBe(true);
    const gone = disconnected(firstSocket);
    const second = await checkIn(links[0]!.url, "Pat (reloaded)");
    const third = await checkIn(links[0]!.url, "Pat (again)");
    expect(await within(gone, 2_000)).toBe("io server disconnect");
    // The same person: same id, same place in the queue; only the newest token works.
    expect(new Set([first.participantId, second.participantId, third.participantId]).size).toBe(1);
    const s = await open({ participantToken: third.participantToken });
    const again = await s.emitWithAck("waiting:join", {});
    expect(again.ok && waited.ok && again.data.waitingSince).toBe(waited.ok && waited.data.waitingSince);
    await expect(open({ participantToken: second.participantToken })).rejects.toThrow("unauthorized");
    const rows = await t.db
      .selectFrom("participants")
      .select("display_name")
      .where("visit_id", "=", v.id)
      .execute();
    expect(rows).toEqual([{ display_name: "Pat (again)" }]);
    const clinician = await open({ cookie });
    const queue = await clinician.emitWithAck("queue:watch", {});
    expect(
      queue.ok && queue.data.entries.filter((e) => e.visitId === v.id).map((e) => e.displayName),
    ).toEqual(["Pat (again)"]);
  });

  it("finding 2: check-ins with one link at the same moment still make one person", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    await Promise.all(Array.from({ length: 5 }, (_, i) => checkIn(links[0]!.url, `Pat ${i}`)));
    const { n } = (
      await sql<{ n: number }>`select count(*)::int as n from participants where visit_id = ${v.id}`.execute(
        t.db,
      )
    ).rows[0]!;
    expect(n).toBe(1);
  });

  it("finding 12: 20,000 consent events from one socket write a bounded number of rows; the rest are refused", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const guest = await checkIn(links[0]!.url);
    const s = await open({ participantToken: guest.participantToken });
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from scribe_consent_events where visit_id = ${v.id}`.execute(t.db)
      ).rows[0]!.n;
    const before = await count();
    const codes = new Map<string, number>();
    const acks: Array<Promise<void>> = [];
    for (let i = 0; i < 20_000; i++) {
      const event = i % 2 === 0 ? "scribe:pause" : "scribe:resume";
      acks.push(
        s.emitWithAck(event, { scope: "self" }).then((ack) => {
          const code = ack.ok ? "ok" : ack.error.code;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }),
      );
    }
    await Promise.all(acks);
    const written = (await count()) - before;
    expect(codes.get("rate_limited") ?? 0).toBeGreaterThan(19_000);
    expect(written).toBeLessThanOrEqual(100);
    // The socket still works once the burst has passed.
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await s.emitWithAck("scribe:pause", { scope: "self" })).ok).toBe(true);
  }, 60_000);

  it("issue 24, finding 9: 50 sockets on one participant token share one person's command budget", async () => {
    const cookie = await newSession();
    const { visit: v, links } = await visit(cookie);
    const guest = await checkIn(links[0]!.url);
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from scribe_consent_events where visit_id = ${v.id}`.execute(t.db)
      ).rows[0]!.n;
    const before = await count();
    const opened = await Promise.allSettled(
      Array.from({ length: 50 }, () => open({ participantToken: guest.participantToken })),
    );
    const connected = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const refused = opened.flatMap((o) => (o.status === "rejected" ? [(o.reason as Error).message] : []));
    // A few tabs' worth of connections per secret; the rest are refused at the handshake.
    expect(connected.length).toBeGreaterThan(0);
    expect(connected.length).toBeLessThanOrEqual(10);
    expect(new Set(refused)).toEqual(new Set(refused.length > 0 ? ["too_many_connections"] : []));
    const started = Date.now();
    const acks: Array<Promise<unknown>> = [];
    // Each socket: 40 pause/resume commands spread over 2 s.
    for (let i = 0; i < 40; i++) {
      for (const s of connected) {
        acks.push(s.emitWithAck(i % 2 === 0 ? "scribe:pause" : "scribe:resume", { scope: "self" }));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all(acks);
    const written = (await count()) - before;
    // One person's budget (SOCKET_EVENTS_PER_SECOND 10: 20 per 2 s window) for the time it took.
    const windows = Math.ceil((Date.now() - started) / 2_000) + 1;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(20 * windows);
    // Closing them frees the places: the person can connect again.
    connected.forEach((s) => s.disconnect());
    await new Promise((r) => setTimeout(r, 200));
    const again = await open({ participantToken: guest.participantToken });
    expect(again.connected).toBe(true);
  }, 60_000);
});
