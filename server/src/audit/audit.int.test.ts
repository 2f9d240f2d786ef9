// Issue 12, findings 3 (the summary's own capability) and 10 (the audit trail), against the real app.
import { PassThrough } from "node:stream";
import type { AuditTrail, VisitWithLinks } from "@bedside/shared";
import { sql } from "kysely";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, startTestApp, type TestApp } from "../../test/harness.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("the after-visit summary's own capability, and the audit trail", () => {
  let t: TestApp;
  let cookie: string;
  let otherCookie: string;
  let clinicianId: string;
  let visitId: string;
  let patientLink: string;
  let patientToken: string;
  let patientId: string;
  const logs: Array<Record<string, unknown>> = [];

  const call = (method: string, path: string, opts: { body?: unknown; as?: string; bearer?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : { cookie: opts.as ?? cookie }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
  const trail = async () =>
    ((await jsonOf(await call("GET", `/api/visits/${visitId}/audit`))) as AuditTrail).events;

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on("data", (line: Buffer) => {
      for (const l of line.toString().split("\n").filter(Boolean))
        logs.push(JSON.parse(l) as Record<string, unknown>);
    });
    t = await startTestApp({ SCRIBE_ENABLED: "false", LOG_LEVEL: "info" }, "pglite", { logStream: stream });
    const mk = async (email: string) => {
      const c = await t.app.repos.clinicians.create({ email, displayName: email, passwordHash: "x" });
      return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
    };
    const rivera = await mk("rivera@example.org");
    clinicianId = rivera.id;
    cookie = rivera.cookie;
    otherCookie = (await mk("other@example.org")).cookie;
    const created = (await jsonOf(
      await call("POST", "/api/visits", {
        body: {
          patientDisplayName: "Sam Lee",
          preferredLanguage: "en",
          interpreterNeeded: false,
          scheduledAt: new Date().toISOString(),
        },
      }),
    )) as VisitWithLinks;
    visitId = created.visit.id;
    patientLink = created.links[0]!.url.split("/join/")[1]!;
    const checkIn = await fetch(`${t.url}/api/join/${patientLink}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Sam", scribeConsent: "granted", deviceCheck }),
    });
    ({ participantToken: patientToken, participantId: patientId } = (await checkIn.json()) as {
      participantToken: string;
      participantId: string;
    });
    await t.app.repos.transcripts.insert({
      visitId,
      participantIdentity: patientId,
      participantId: patientId,
      role: "patient",
      startMs: 0,
      endMs: 3_000,
      text: "I have had a cough for three days and I take ibuprofen.",
      confidence: 0.9,
      engine: "test",
      status: "ok",
    });
  });
  afterAll(() => t.close());

  describe("finding 3: the summary is read through its own capability", () => {
    it("gives no summary link before the visit ends", async () => {
      const res = await call("POST", "/api/after-visit/link", { bearer: patientToken });
      expect(res.status).toBe(409);
      expect(await t.db.selectFrom("summary_links").select("id").execute()).toEqual([]);
    });

    it("after the end: the join link opens neither the call nor the summary; the summary link only the summary", async () => {
      await t.app.visits.end(clinicianId, visitId);
      // The join link no longer works for the call…
      expect((await fetch(`${t.url}/api/join/${patientLink}`)).status).toBe(410);
      // …and is not a bearer for the summary, nor is the check-in token.
      expect((await call("GET", "/api/after-visit", { bearer: patientLink })).status).toBe(401);
      expect((await call("GET", "/api/after-visit", { bearer: patientToken })).status).toBe(401);

      // The patient's browser exchanges its check-in token for the summary link.
      const res = await call("POST", "/api/after-visit/link", { bearer: patientToken });
      expect(res.status).toBe(201);
      const link = await jsonOf(res);
      expect(link.url).toBe(`${t.url}/visit/${link.token}/summary`);
      // Not released yet: the summary link works (404 "not ready"), the link secret never does.
      expect((await call("GET", "/api/after-visit", { bearer: link.token })).status).toBe(404);

      // A summary link is not a participant: it opens no socket, so no call.
      const socket = connect(t.url, {
        transports: ["websocket"],
        reconnection: false,
        auth: { participantToken: link.token },
      });
      const outcome = await new Promise<string>((resolve) => {
        socket.once("connect", () => resolve("connected"));
        socket.once("connect_error", (err) => resolve(err.message));
      });
      socket.disconnect();
      expect(outcome).toBe("unauthorized");
    });

    it("is revocable by the clinician only, and every read is audited", async () => {
      await call("POST", `/api/visits/${visitId}/findings/extract`);
      const review = await jsonOf(await call("GET", `/api/visits/${visitId}/review`));
      for (const f of review.findings as Array<{ id: string }>) {
        await call("PUT", `/api/visits/${visitId}/findings/${f.id}/status`, { body: { status: "approved" } });
      }
      expect((await call("POST", `/api/visits/${visitId}/release`)).status).toBe(200);

      expect((await call("POST", `/api/visits/${visitId}/summary-link`, { as: otherCookie })).status).toBe(
        404,
      );
      const issued = await jsonOf(await call("POST", `/api/visits/${visitId}/summary-link`));
      const before = (await trail()).filter((e) => e.action === "summary.read").length;
      expect((await call("GET", "/api/after-visit", { bearer: issued.token })).status).toBe(200);
      expect((await call("GET", "/api/after-visit", { bearer: issued.token })).status).toBe(200);
      const reads = (await trail()).filter((e) => e.action === "summary.read");
      expect(reads.length).toBe(before + 2);
      expect(reads[0]).toMatchObject({ actor: { kind: "patient", id: patientId }, detail: { revision: 1 } });

      expect((await call("DELETE", `/api/visits/${visitId}/summary-link`, { as: otherCookie })).status).toBe(
        404,
      );
      expect((await call("GET", "/api/after-visit", { bearer: issued.token })).status).toBe(200);
      expect((await call("DELETE", `/api/visits/${visitId}/summary-link`)).status).toBe(204);
      const revoked = await call("GET", "/api/after-visit", { bearer: issued.token });
      expect(revoked.status).toBe(410);
      expect((await jsonOf(revoked)).error.message).toMatch(/cancelled/);
      // …and the check-in token the patient's browser still holds cannot mint a new one (issue 24, finding 7).
      const again = await call("POST", "/api/after-visit/link", { bearer: patientToken });
      expect(again.status).toBe(410);
      expect((await jsonOf(again)).error.message).toMatch(/cancelled/);
      const active = await t.db
        .selectFrom("summary_links")
        .select("id")
        .where("visit_id", "=", visitId)
        .where("revoked_at", "is", null)
        .execute();
      expect(active).toEqual([]);
    });
  });

  describe("finding 10: an append-only audit trail the clinician can read", () => {
    it("records who did what to the visit, and when, without clinical text", async () => {
      const events = await trail();
      const actions = new Set(events.map((e) => e.action));
      for (const a of [
        "link.issued",
        "transcript.read",
        "findings.read",
        "findings.changed",
        "summary.released",
        "summary-link.issued",
        "summary-link.revoked",
        "summary.read",
      ] as const) {
        expect(actions, a).toContain(a);
      }
      const byClinician = events.filter((e) => e.actor.kind === "clinician");
      expect(byClinician.every((e) => e.actor.id === clinicianId)).toBe(true);
      for (const e of events) expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 600_000);
      expect(JSON.stringify(events)).not.toMatch(/cough|ibuprofen|Sam/i);
    });

    it("records a revoked visit link", async () => {
      expect((await call("DELETE", `/api/visits/${visitId}/links/patient`)).status).toBe(204);
      expect((await trail())[0]).toMatchObject({ action: "link.revoked", detail: { role: "patient" } });
    });

    it("records the clinician reading the patient's questions, with a count and no text (issue 24)", async () => {
      const link = await jsonOf(await call("POST", `/api/visits/${visitId}/summary-link`));
      const findingId = (
        await t.db.selectFrom("findings").select("id").where("visit_id", "=", visitId).execute()
      )[0]!.id;
      const asked = await call("POST", "/api/after-visit/questions", {
        bearer: link.token,
        body: { findingId, text: "Can I keep taking ibuprofen with my cough syrup?" },
      });
      expect(asked.status).toBe(201);
      const reads = async () => (await trail()).filter((e) => e.action === "questions.read");
      const before = (await reads()).length;
      const res = await call("GET", `/api/visits/${visitId}/questions`);
      expect(res.status).toBe(200);
      expect((await jsonOf(res)).questions).toHaveLength(1);
      // Another clinician's attempt reads nothing and leaves no read behind.
      expect((await call("GET", `/api/visits/${visitId}/questions`, { as: otherCookie })).status).toBe(404);
      const after = await reads();
      expect(after.length).toBe(before + 1);
      expect(after[0]).toMatchObject({
        actor: { kind: "clinician", id: clinicianId },
        detail: { questions: 1 },
      });
      expect(JSON.stringify(after)).not.toMatch(/ibuprofen|syrup/);
    });

    it("shows the trail to the visit's clinician only", async () => {
      expect((await call("GET", `/api/visits/${visitId}/audit`, { as: otherCookie })).status).toBe(404);
      expect((await call("GET", `/api/visits/${visitId}/audit`, { as: "" })).status).toBe(401);
    });

    it("cannot be changed or deleted, even by the database user", async () => {
      await expect(sql`update audit_events set action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
      expect((await trail()).length).toBeGreaterThan(5);
    });

    it("puts the actor and the visit id on request log lines, never names or text", async () => {
      await call("GET", `/api/visits/${visitId}/review`);
      const line = logs
        .filter((l) => l.msg === "request" && l.route === "/api/visits/:visitId/review")
        .at(-1);
      expect(line).toMatchObject({ actor: `clinician:${clinicianId}`, visitId });
      const patientLine = logs
        .filter((l) => l.msg === "request" && l.route === "/api/after-visit" && l.status === 200)
        .at(-1);
      expect(patientLine).toMatchObject({ actor: `patient:${patientId}`, visitId });
      expect(JSON.stringify(logs)).not.toMatch(/cough|ibuprofen|Sam Lee/);
    });
  });
});
