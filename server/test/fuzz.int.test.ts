// Issue 12: property-based fuzzing (fast-check) of every HTTP body and every socket payload.
// One PGlite-backed app; HTTP through Fastify's inject (no sockets), socket events over one real
// connection per sender. Properties: no 5xx / "internal", and a rejected input writes nothing
// (row counts unchanged). Cases per endpoint: FUZZ_RUNS (see RUNS below).
import {
  addFindingRequestSchema,
  askQuestionRequestSchema,
  checkInRequestSchema,
  clientEventSchemas,
  clinicianSettingsSchema,
  createVisitRequestSchema,
  editFindingRequestSchema,
  noteSectionKeys,
  saveNoteRequestSchema,
  setFindingStatusRequestSchema,
  signInRequestSchema,
  submitFeedbackRequestSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@bedside/shared";
import fc from "fast-check";
import { sql } from "kysely";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestApp, type TestApp, validSocketPayloads } from "./harness.js";

// Measured on the shared 2-core machine: ~5 ms a case, so 10,000 per endpoint (27 endpoints) is
// ~25 minutes: a scheduled CI job sets FUZZ_RUNS=10000; the default keeps `npm test` near a minute.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 } as const;
const emptyNote = { sections: noteSectionKeys.map((key) => ({ key, sentences: [] })) };

/** Arbitrary JSON, and near-valid variants of a valid body: a field replaced, dropped or added. */
function bodies(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  const nearValid = fc.oneof(
    keys.length === 0
      ? fc.constant(valid)
      : fc
          .record({ key: fc.constantFrom(...keys), value: fc.jsonValue() })
          .map(({ key, value }) => ({ ...valid, [key]: value })),
    keys.length === 0
      ? fc.constant(valid)
      : fc
          .constantFrom(...keys)
          .map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc
      .record({ key: fc.string({ maxLength: 12 }), value: fc.jsonValue() })
      .map(({ key, value }) => ({ ...valid, [key]: value })),
  );
  return fc.oneof(fc.jsonValue(), nearValid);
}

describe("fuzzing every HTTP body and socket payload", () => {
  let t: TestApp;
  let cookie: string;
  let visitId: string;
  let findingId: string;
  let link: string;
  let participantToken: string;
  let summaryToken: string;
  let participantId: string;
  let ownerId: string;

  /** Every table's row count in one query: what a rejected input must leave unchanged. */
  const rowCounts = async () => {
    const r = await sql<{ counts: string }>`select concat_ws(',',
      (select count(*) from clinicians), (select count(*) from sessions), (select count(*) from visits),
      (select count(*) from visit_links), (select count(*) from participants),
      (select count(*) from transcript_segments), (select count(*) from findings),
      (select count(*) from visit_releases), (select count(*) from finding_questions),
      (select count(*) from visit_feedback), (select count(*) from scribe_consent_events),
      (select count(*) from summary_links), (select count(*) from clinician_status),
      (select count(*) from visit_notes)) as counts`.execute(t.db);
    return r.rows[0]!.counts;
  };

  beforeAll(async () => {
    t = await startTestApp({
      SCRIBE_ENABLED: "false",
      RATE_LIMIT_SCALE: "100000",
      SOCKET_EVENTS_PER_SECOND: "1000000",
    });
    const c = await t.app.repos.clinicians.create({
      email: "f@example.org",
      displayName: "Dr. F",
      passwordHash: "x",
    });
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
    ownerId = c.id;
    const created = await t.app.visits.createVisit(
      c.id,
      {
        patientDisplayName: "Pat",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
      "http://x",
    );
    visitId = created.visit.id;
    link = created.links[0]!.url.split("/join/")[1]!;
    const g = await t.app.visits.checkIn(link, { displayName: "Pat", scribeConsent: "granted", deviceCheck });
    participantToken = g.participantToken;
    participantId = g.participantId;
    await t.app.visits.end(c.id, visitId);
    const f = await t.app.repos.findings.insert(visitId, {
      kind: "plan",
      text: "Rest.",
      term: null,
      details: {},
      evidence: [],
      source: "clinician",
      status: "approved",
    });
    findingId = f.id;
    const rel = await t.app.http.inject({
      method: "POST",
      url: `/api/visits/${visitId}/release`,
      headers: { cookie },
    });
    expect(rel.statusCode).toBe(200);
    summaryToken = (await t.app.visits.summaryLinkForPatient(participantToken, "http://x")).token;
  });
  afterAll(() => t.close());

  const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);
  /** Each fuzzed route: how to call it and the schema its body must pass (to know what must be refused). */
  const routes: Record<
    string,
    () => {
      method: "POST" | "PUT" | "PATCH";
      url: string;
      headers: Record<string, string>;
      valid: Record<string, unknown>;
      schema: z.ZodType;
    }
  > = {
    "POST /api/auth/sign-in": () => ({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: {},
      valid: { email: "f@example.org", password: "not the password" },
      schema: signInRequestSchema,
    }),
    "PATCH /api/auth/me": () => ({
      method: "PATCH",
      url: "/api/auth/me",
      headers: { cookie },
      valid: { speechLanguage: "en" },
      schema: clinicianSettingsSchema,
    }),
    "POST /api/visits": () => ({
      method: "POST",
      url: "/api/visits",
      headers: { cookie },
      valid: {
        patientDisplayName: "P",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
      schema: createVisitRequestSchema,
    }),
    "POST /api/visits/:visitId/links/:role": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/links/patient`,
      headers: { cookie },
      valid: {},
      schema: z.any(),
    }),
    "POST /api/visits/:visitId/summary-link": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/summary-link`,
      headers: { cookie },
      valid: {},
      schema: noBody,
    }),
    "POST /api/visits/:visitId/findings/extract": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/findings/extract`,
      headers: { cookie },
      valid: {},
      schema: noBody,
    }),
    "POST /api/visits/:visitId/findings": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/findings`,
      headers: { cookie },
      valid: { kind: "plan", text: "Walk." },
      schema: addFindingRequestSchema,
    }),
    "PATCH /api/visits/:visitId/findings/:findingId": () => ({
      method: "PATCH",
      url: `/api/visits/${visitId}/findings/${findingId}`,
      headers: { cookie },
      valid: { text: "Rest more." },
      schema: editFindingRequestSchema,
    }),
    "PUT /api/visits/:visitId/findings/:findingId/status": () => ({
      method: "PUT",
      url: `/api/visits/${visitId}/findings/${findingId}/status`,
      headers: { cookie },
      valid: { status: "approved" },
      schema: setFindingStatusRequestSchema,
    }),
    "POST /api/visits/:visitId/release": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/release`,
      headers: { cookie },
      valid: {},
      schema: noBody,
    }),
    "PUT /api/visits/:visitId/questions/seen": () => ({
      method: "PUT",
      url: `/api/visits/${visitId}/questions/seen`,
      headers: { cookie },
      valid: {},
      schema: z.any(),
    }),
    "PUT /api/visits/:visitId/note": () => ({
      method: "PUT",
      url: `/api/visits/${visitId}/note`,
      headers: { cookie },
      valid: { note: emptyNote },
      schema: saveNoteRequestSchema,
    }),
    "POST /api/visits/:visitId/note/draft": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/note/draft`,
      headers: { cookie },
      valid: {},
      schema: noBody,
    }),
    "POST /api/visits/:visitId/note/sign": () => ({
      method: "POST",
      url: `/api/visits/${visitId}/note/sign`,
      headers: { cookie },
      valid: { note: emptyNote },
      schema: saveNoteRequestSchema,
    }),
    "POST /api/join/:secret/check-in": () => ({
      method: "POST",
      url: `/api/join/${link}/check-in`,
      headers: {},
      valid: { displayName: "X", scribeConsent: "granted", deviceCheck },
      schema: checkInRequestSchema,
    }),
    "POST /api/after-visit/link": () => ({
      method: "POST",
      url: "/api/after-visit/link",
      headers: { authorization: `Bearer ${participantToken}` },
      valid: {},
      schema: noBody,
    }),
    "POST /api/after-visit/questions": () => ({
      method: "POST",
      url: "/api/after-visit/questions",
      headers: { authorization: `Bearer ${summaryToken}` },
      valid: { findingId, text: "Why?" },
      schema: askQuestionRequestSchema,
    }),
    "POST /api/after-visit/feedback": () => ({
      method: "POST",
      url: "/api/after-visit/feedback",
      headers: { authorization: `Bearer ${summaryToken}` },
      valid: { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] },
      schema: submitFeedbackRequestSchema,
    }),
  };

  it("fuzzes every route that takes a body (the app's own route table)", () => {
    const withBody = t.app.routes
      .filter((r) => ["POST", "PUT", "PATCH"].includes(r.method))
      .map((r) => `${r.method} ${r.url}`)
      // Takes no body and reads none: nothing to fuzz.
      .filter((r) => r !== "POST /api/auth/sign-out")
      // Read only once LiveKit's signature over its exact bytes verifies (an unsigned body is a
      // 401, in the authorization matrix); signed events are tested in visit.livekit.int.test.ts.
      .filter((r) => r !== "POST /api/livekit/webhook");
    expect(withBody.sort()).toEqual(Object.keys(routes).sort());
  });

  /**
   * A body its schema refuses must be answered 400 and write nothing; any other body is checked
   * between two row counts (it may be accepted, or refused later, e.g. 409, and then writes nothing).
   * Refused bodies are not counted one by one (that would cost a query each): the counts must still
   * match before the next checked case and at the end, so a write by any of them is caught.
   */
  it.each(Object.keys(routes))(
    "%s: no 5xx, schema-refused bodies are 400, and refused bodies write nothing",
    async (name) => {
      // Earlier routes revoke and replace summary links: the patient's routes get a current one.
      if (name.startsWith("POST /api/after-visit/")) {
        summaryToken = (await t.app.visits.issueSummaryLink(ownerId, visitId, "http://x")).token;
      }
      const r = routes[name]!();
      let baseline = await rowCounts();
      await fc.assert(
        fc.asyncProperty(bodies(r.valid), async (body) => {
          const parses = r.schema.safeParse(body).success;
          if (parses) expect(await rowCounts()).toBe(baseline);
          const res = await t.app.http.inject({
            method: r.method,
            url: r.url,
            headers: { ...r.headers, "content-type": "application/json" },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (!parses) expect(res.statusCode, res.body).toBe(400);
          else if (res.statusCode >= 400) expect(await rowCounts()).toBe(baseline);
          else baseline = await rowCounts();
        }),
        { numRuns: RUNS },
      );
      expect(await rowCounts()).toBe(baseline);
    },
  );

  describe("socket payloads", () => {
    let clinicianSocket: Socket<ServerToClientEvents, ClientToServerEvents>;
    let guestSocket: Socket<ServerToClientEvents, ClientToServerEvents>;
    const open = (opts: { cookie?: string; participantToken?: string }) =>
      new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
        const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(t.url, {
          transports: ["websocket"],
          reconnection: false,
          ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
          ...(opts.participantToken ? { auth: { participantToken: opts.participantToken } } : {}),
        });
        s.once("connect", () => resolve(s));
        s.once("connect_error", reject);
      });
    beforeAll(async () => {
      clinicianSocket = await open({ cookie });
      guestSocket = await open({ participantToken });
    });
    afterAll(() => {
      clinicianSocket.disconnect();
      guestSocket.disconnect();
    });

    const valid = validSocketPayloads(() => ({ visitId, participantId }));

    it.each(Object.keys(clientEventSchemas) as Array<keyof typeof clientEventSchemas>)(
      "%s: always acknowledged, never internal; schema-refused payloads are bad_request and write nothing",
      async (event) => {
        const schema = clientEventSchemas[event] as z.ZodType;
        let baseline = await rowCounts();
        await fc.assert(
          fc.asyncProperty(bodies(valid[event]()), fc.boolean(), async (payload, asGuest) => {
            const s = asGuest ? guestSocket : clinicianSocket;
            const parses = schema.safeParse(payload).success;
            if (parses) expect(await rowCounts()).toBe(baseline);
            const ack = (await s.timeout(5_000).emitWithAck(event, payload as never)) as
              { ok: true } | { ok: false; error: { code: string } };
            if (!ack.ok) expect(ack.error.code).not.toBe("internal");
            if (!parses) expect(ack).toMatchObject({ ok: false, error: { code: "bad_request" } });
            else if (!ack.ok) expect(await rowCounts()).toBe(baseline);
            else baseline = await rowCounts();
          }),
          { numRuns: RUNS },
        );
        expect(await rowCounts()).toBe(baseline);
      },
    );
  });
});
