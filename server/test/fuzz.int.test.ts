// Issue 12: property-based fuzzing (fast-check) of every HTTP body and every socket payload. The
// routes, their methods and body schemas come from the route contract (issue 26).
// One app on the test PostgreSQL server; HTTP through Fastify's inject (no sockets), socket events over one real
// connection per sender. Properties: no 5xx / "internal", and a rejected input writes nothing
// (row counts unchanged around every stretch of refused inputs). Cases per endpoint: FUZZ_RUNS (see RUNS below).
import {
  clientEventSchemas,
  contract,
  noteSectionKeys,
  type ClientToServerEvents,
  type RouteContract,
  type ServerToClientEvents,
} from "@bedside/shared";
import fc from "fast-check";
import { generate } from "otplib";
import { sql } from "kysely";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import twilio from "twilio";
import { formFields } from "../src/messaging/messaging.routes.js";
import { twilioReplySchema, twilioStatusSchema } from "../src/messaging/twilio.provider.js";
import { createPresenceRepository } from "../src/presence/presence.repository.js";
import { startTestApp, type TestApp, validSocketPayloads } from "./harness.js";

// Cases per endpoint: FUZZ_RUNS, 300 by default (`pnpm test:unit` and `npm test`, CI);
// `pnpm test:fuzz` runs the issue's 10,000 per endpoint.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Cases per fast-check run (the refused ones are checked for writes between row counts). */
const BATCH = 100;
/** Generous: 10,000 cases of a slow route on a loaded 2-core machine. */
const FUZZ_TIMEOUT_MS = Math.max(30_000, RUNS * 40);
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 } as const;
const emptyNote = { sections: noteSectionKeys.map((key) => ({ key, sentences: [] })) };
const twilioEnv = {
  TWILIO_ACCOUNT_SID: `AC${"f".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "fuzz-auth-token-0123456789abcdef",
  TWILIO_FROM: "+15005550006",
  TWILIO_API_BASE_URL: "http://127.0.0.1:9",
};

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
  /** The patient of a visit not yet over (issue 30: only they send photos and documents). */
  let liveToken: string;
  let summaryToken: string;
  let participantId: string;
  let ownerId: string;
  let adminCookie: string;
  let spareId: string;
  /** A booked visit of the owner's (issue 28), without contact: moving it queues no message. */
  let bookedId: string;

  /**
   * Rows inserted or deleted so far, in every table of the schema: what a rejected input must leave
   * unchanged (it changes whenever a row count does, and also when an insert and a delete cancel
   * out). Kept by row triggers (installed in `beforeAll`) in one row, so reading it costs the same
   * however large the tables grow; counting the rows of 14 tables cost up to 10 ms a case.
   */
  const rowCounts = async () => {
    const r = await sql<{ n: string }>`select n::text from fuzz_row_changes`.execute(t.db);
    return r.rows[0]!.n;
  };
  const countRowChanges = async () => {
    await sql`create table fuzz_row_changes (n bigint not null)`.execute(t.db);
    await sql`insert into fuzz_row_changes values (0)`.execute(t.db);
    await sql`create function fuzz_row_changed() returns trigger language plpgsql as $$
      begin update fuzz_row_changes set n = n + 1; return null; end $$`.execute(t.db);
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'
        and table_name not in ('fuzz_row_changes', 'kysely_migration', 'kysely_migration_lock')`.execute(
      t.db,
    );
    // The tables a rejected input could write, all of them (a new table is covered without a change here).
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(["visits", "participants", "sessions", "visit_notes", "audit_events"]),
    );
    for (const { name } of tables.rows) {
      await sql`create trigger fuzz_row_changed after insert or delete on ${sql.id(name)}
        for each row execute function fuzz_row_changed()`.execute(t.db);
    }
  };

  /**
   * Runs RUNS cases of `input` through `send` (which checks each answer and says whether the input
   * was accepted), BATCH at a time. Every stretch of refused inputs lies between two row counts,
   * taken where nothing else can write: before the stretch's first input, and before the next input
   * the schema lets through (`mayPass`: only those can be accepted) or at the end of the batch. A
   * refused input must write nothing: when a stretch's counts differ, halves of it are replayed
   * until the one input that wrote is found, and the test fails naming it.
   */
  async function fuzzInBatches<T>(
    input: fc.Arbitrary<T>,
    mayPass: (value: T) => boolean,
    send: (value: T) => Promise<boolean>,
  ) {
    let counts = 0;
    const count = () => {
      counts++;
      return rowCounts();
    };
    const writes = async (values: T[]) => {
      const before = await count();
      for (const v of values) await send(v);
      return (await count()) !== before;
    };
    const failNamingTheWriter = async (refused: T[]) => {
      let suspects = refused;
      if (await writes(suspects)) {
        while (suspects.length > 1) {
          const half = suspects.slice(0, Math.ceil(suspects.length / 2));
          suspects = (await writes(half)) ? half : suspects.slice(half.length);
        }
      }
      expect.fail(`a refused input wrote to the database: ${JSON.stringify(suspects)}`);
    };
    // Generators repeat small inputs ({} or null) thousands of times: an input already answered
    // three times is not sent again (a fourth identical request tests nothing new, and accepted
    // ones can be costly, e.g. a findings extraction). Batches are generated until RUNS cases
    // have been sent.
    const seen = new Map<string, number>();
    let sent = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        if (sent >= RUNS) return;
        /** The refused inputs sent since `before` was counted (undefined: not counted since a write). */
        let refused: T[] = [];
        let before: string | undefined;
        const closeStretch = async () => {
          const now = await count();
          if (refused.length > 0 && now !== before) await failNamingTheWriter(refused);
          refused = [];
          before = now;
        };
        for (const value of batch) {
          const key = JSON.stringify(value) ?? "undefined";
          const n = seen.get(key) ?? 0;
          if (n >= 3 || sent >= RUNS) continue;
          seen.set(key, n + 1);
          sent++;
          const passes = mayPass(value);
          if (passes) await closeStretch();
          else if (before === undefined) before = await count();
          if (await send(value)) {
            // Only what the schema lets through is accepted (`send` checks the refusal of the rest).
            if (!passes) expect.fail(`accepted, yet its schema refuses it: ${key}`);
            before = undefined;
          } else refused.push(value);
        }
        if (refused.length > 0) await closeStretch();
      }),
      // The failure names its input itself; shrinking a whole batch would only cost time.
      // Up to 4× the batches RUNS needs: a third to a half of generated inputs are repeats.
      { numRuns: Math.max(1, Math.ceil((4 * RUNS) / BATCH)), endOnFailure: true },
    );
    expect(sent).toBe(RUNS);
    if (process.env.FUZZ_LOG) {
      const name = expect.getState().currentTestName ?? "";
      console.error(
        `fuzz ${name.split(">").pop()?.split(":")[0]?.trim()}: ${sent} sent, ${counts} row counts, in ${Date.now() - started} ms`,
      );
    }
  }

  beforeAll(async () => {
    // On the test PostgreSQL server (the production database): its work runs on the other core,
    // where embedded PGlite would run every query on this thread (measured: 30–50 % less per case).
    t = await startTestApp(
      {
        SCRIBE_ENABLED: "false",
        RATE_LIMIT_SCALE: "100000",
        SOCKET_EVENTS_PER_SECOND: "1000000",
        // Twilio's webhooks are read once their signature verifies: the fuzz signs with this token.
        // Nothing is sent (no accepted body texts anyone); the API base is a closed loopback port.
        ...twilioEnv,
      },
      "postgres",
    );
    await countRowChanges();
    const c = await t.app.repos.clinicians.create({
      email: "f@example.org",
      displayName: "Dr. F",
      passwordHash: "x",
    });
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
    ownerId = c.id;
    // Issue 27: the clinic's admin routes, on a second person of the clinic.
    const admin = await t.app.repos.clinicians.create({
      email: "admin@example.org",
      displayName: "Admin",
      passwordHash: "x",
      roles: ["admin"],
    });
    adminCookie = `bedside_session=${(await t.app.repos.sessions.create(admin.id)).token}`;
    // Admins act only with two-factor on (auth/mfa.routes.ts): set up with a real code.
    const enrol = await t.app.http.inject({
      method: "POST",
      url: "/api/auth/mfa/enrol",
      headers: { cookie: adminCookie },
    });
    const { secret } = enrol.json<{ secret: string }>();
    const confirmed = await t.app.http.inject({
      method: "POST",
      url: "/api/auth/mfa/confirm",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      payload: JSON.stringify({ code: await generate({ secret }) }),
    });
    expect(confirmed.statusCode).toBe(200);
    spareId = (
      await t.app.repos.clinicians.create({
        email: "spare@example.org",
        displayName: "Spare",
        passwordHash: "x",
      })
    ).id;
    // A status change is stored just behind its ack (presence.service), and its first store is an
    // insert: with the row already there, an accepted `clinician:set-status` cannot land its insert
    // inside the next stretch of refused inputs.
    await createPresenceRepository(t.db).setStatus(c.id, {
      status: "available",
      lateMinutes: null,
      message: null,
    });
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
    const clinicId = (await t.app.repos.clinicians.findById(c.id))!.clinicId;
    bookedId = (
      await t.app.schedule.book(
        { userId: c.id, clinicId, roles: ["clinician"] },
        {
          patientDisplayName: "Booked",
          preferredLanguage: "en",
          interpreterNeeded: false,
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          durationMinutes: 15,
          timeZone: "UTC",
          contact: { consent: false },
        },
        "http://x",
      )
    ).visit.id;
    const live = await t.app.visits.createVisit(
      c.id,
      {
        patientDisplayName: "Live",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
      "http://x",
    );
    liveToken = (
      await t.app.visits.checkIn(live.links[0]!.url.split("/join/")[1]!, {
        displayName: "Live",
        scribeConsent: "granted",
        deviceCheck,
      })
    ).participantToken;
    // The setup's own writes were counted: the triggers are live.
    expect(await rowCounts()).not.toBe("0");
  });
  afterAll(() => t.close());

  /**
   * A route's method, path pattern and the body schema the contract validates it with (a route
   * that reads no JSON body: any body, which it must ignore).
   */
  const from = (c: RouteContract) => ({
    method: c.method as "POST" | "PUT" | "PATCH",
    path: c.path,
    schema: c.body ?? z.any(),
  });
  /**
   * Twilio's webhooks take form fields signed by Twilio: each fuzzed value is sent as a form (an
   * object's fields, other values as the raw body) with a valid X-Twilio-Signature over what the
   * server will read, so the fields reach their schema.
   */
  const twilioWebhook = (url: string, valid: Record<string, unknown>, schema: z.ZodType) => {
    const host = "bedside.test";
    const payloadOf = (body: unknown) =>
      body !== null && typeof body === "object" && !Array.isArray(body)
        ? new URLSearchParams(
            Object.entries(body).map(([k, v]): [string, string] => [
              k,
              typeof v === "string" ? v : (JSON.stringify(v) ?? ""),
            ]),
          ).toString()
        : (JSON.stringify(body) ?? "");
    return {
      method: "POST" as const,
      path: url,
      url,
      headers: {},
      valid,
      schema,
      encode: (body: unknown) => {
        const payload = payloadOf(body);
        const signature = twilio.getExpectedTwilioSignature(
          twilioEnv.TWILIO_AUTH_TOKEN,
          `http://${host}${url}`,
          formFields(payload),
        );
        return {
          payload,
          headers: {
            host,
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": signature,
          },
        };
      },
      seenAs: (body: unknown) => formFields(payloadOf(body)),
    };
  };
  /** Each fuzzed route: how to call it and the schema its body must pass (to know what must be refused). */
  const routes: Record<
    string,
    () => {
      method: "POST" | "PUT" | "PATCH";
      /** The contract's path pattern, which `url` fills in. */
      path: string;
      url: string;
      headers: Record<string, string>;
      valid: Record<string, unknown>;
      schema: z.ZodType;
      /** Puts back what an accepted body changed that later routes depend on. */
      restore?: () => Promise<unknown>;
      /** How the body goes on the wire (default: JSON), and what the server reads from it. */
      encode?: (body: unknown) => { payload: string | Buffer; headers: Record<string, string> };
      seenAs?: (body: unknown) => unknown;
    }
  > = {
    "POST /api/accounts/setup/check": () => ({
      ...from(contract.setupCheck),
      url: "/api/accounts/setup/check",
      headers: {},
      valid: { token: "Q".repeat(43) },
    }),
    "POST /api/accounts/setup": () => ({
      ...from(contract.setup),
      url: "/api/accounts/setup",
      headers: {},
      valid: {
        token: "Q".repeat(43),
        clinicName: "C",
        email: "s@example.org",
        displayName: "S",
        password: "x",
        alsoClinician: true,
      },
    }),
    "POST /api/accounts/invitation": () => ({
      ...from(contract.invitation),
      url: "/api/accounts/invitation",
      headers: {},
      valid: { token: "Q".repeat(43) },
    }),
    "POST /api/accounts/invitation/accept": () => ({
      ...from(contract.acceptInvitation),
      url: "/api/accounts/invitation/accept",
      headers: {},
      valid: { token: "Q".repeat(43), displayName: "I", password: "x" },
    }),
    "POST /api/auth/password-reset": () => ({
      ...from(contract.passwordReset),
      url: "/api/auth/password-reset",
      headers: {},
      valid: { email: "nobody@example.org" },
    }),
    "POST /api/auth/password-reset/complete": () => ({
      ...from(contract.completePasswordReset),
      url: "/api/auth/password-reset/complete",
      headers: {},
      valid: { token: "Q".repeat(43), password: "x" },
    }),
    "POST /api/auth/sign-in/code": () => ({
      ...from(contract.signInCode),
      url: "/api/auth/sign-in/code",
      headers: {},
      valid: { pendingToken: "Q".repeat(43), code: "123456" }, // no such pending sign-in: a 401
    }),
    "POST /api/auth/mfa/confirm": () => ({
      ...from(contract.mfaConfirm),
      url: "/api/auth/mfa/confirm",
      headers: { cookie },
      valid: { code: "123456" }, // nothing being set up: a 409
    }),
    "POST /api/auth/mfa/disable": () => ({
      ...from(contract.mfaDisable),
      url: "/api/auth/mfa/disable",
      headers: { cookie },
      valid: { password: "not it", code: "123456" }, // the wrong password: a 400
    }),
    "PUT /api/admin/clinic/security": () => ({
      ...from(contract.setClinicSecurity),
      url: "/api/admin/clinic/security",
      headers: { cookie: adminCookie },
      valid: { mfaRequired: false }, // as it is: nothing written
      // A fuzzed `{ mfaRequired: true }` is accepted, and would hold every later session of the
      // clinic until it sets up two-factor (403 "Set up two-factor sign-in first").
      restore: () =>
        t.app.http.inject({
          method: "PUT",
          url: "/api/admin/clinic/security",
          headers: { cookie: adminCookie, "content-type": "application/json" },
          payload: JSON.stringify({ mfaRequired: false }),
        }),
    }),
    "POST /api/auth/password": () => ({
      ...from(contract.changePassword),
      url: "/api/auth/password",
      headers: { cookie },
      valid: { currentPassword: "not it", newPassword: "x" },
    }),
    "POST /api/admin/invitations": () => ({
      ...from(contract.invite),
      url: "/api/admin/invitations",
      headers: { cookie: adminCookie },
      valid: { email: "f@example.org", roles: ["clinician"] }, // taken: a 409, nothing written
    }),
    "PUT /api/admin/people/:userId/roles": () => ({
      ...from(contract.setRoles),
      url: `/api/admin/people/${spareId}/roles`,
      headers: { cookie: adminCookie },
      valid: { roles: ["clinician"] },
    }),
    "POST /api/admin/people/:userId/deactivate": () => ({
      ...from(contract.deactivate),
      url: `/api/admin/people/${spareId}/deactivate`,
      headers: { cookie: adminCookie },
      valid: {},
    }),
    "POST /api/admin/people/:userId/reactivate": () => ({
      ...from(contract.reactivate),
      url: `/api/admin/people/${spareId}/reactivate`,
      headers: { cookie: adminCookie },
      valid: {},
    }),
    "POST /api/auth/sign-in": () => ({
      ...from(contract.signIn),
      url: "/api/auth/sign-in",
      headers: {},
      valid: { email: "f@example.org", password: "not the password" },
    }),
    "PATCH /api/auth/me": () => ({
      ...from(contract.updateMe),
      url: "/api/auth/me",
      headers: { cookie },
      valid: { speechLanguage: "en" },
    }),
    "POST /api/visits": () => ({
      ...from(contract.createVisit),
      url: "/api/visits",
      headers: { cookie },
      valid: {
        patientDisplayName: "P",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
    }),
    "POST /api/visits/:visitId/links/:role": () => ({
      ...from(contract.reissueLink),
      url: `/api/visits/${visitId}/links/patient`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/visits/:visitId/summary-link": () => ({
      ...from(contract.issueSummaryLink),
      url: `/api/visits/${visitId}/summary-link`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/visits/:visitId/findings/extract": () => ({
      ...from(contract.extractFindings),
      url: `/api/visits/${visitId}/findings/extract`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/visits/:visitId/findings": () => ({
      ...from(contract.addFinding),
      url: `/api/visits/${visitId}/findings`,
      headers: { cookie },
      valid: { kind: "plan", text: "Walk." },
    }),
    "PATCH /api/visits/:visitId/findings/:findingId": () => ({
      ...from(contract.editFinding),
      url: `/api/visits/${visitId}/findings/${findingId}`,
      headers: { cookie },
      valid: { text: "Rest more." },
    }),
    "PUT /api/visits/:visitId/findings/:findingId/status": () => ({
      ...from(contract.setFindingStatus),
      url: `/api/visits/${visitId}/findings/${findingId}/status`,
      headers: { cookie },
      valid: { status: "approved" },
    }),
    "POST /api/visits/:visitId/release": () => ({
      ...from(contract.release),
      url: `/api/visits/${visitId}/release`,
      headers: { cookie },
      valid: {},
    }),
    "PUT /api/visits/:visitId/questions/seen": () => ({
      ...from(contract.questionsSeen),
      url: `/api/visits/${visitId}/questions/seen`,
      headers: { cookie },
      valid: {},
    }),
    "PUT /api/visits/:visitId/note": () => ({
      ...from(contract.saveNote),
      url: `/api/visits/${visitId}/note`,
      headers: { cookie },
      valid: { note: emptyNote },
    }),
    "POST /api/visits/:visitId/note/draft": () => ({
      ...from(contract.redraftNote),
      url: `/api/visits/${visitId}/note/draft`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/visits/:visitId/note/sign": () => ({
      ...from(contract.signNote),
      url: `/api/visits/${visitId}/note/sign`,
      headers: { cookie },
      valid: { note: emptyNote },
    }),
    // Issue 28. Bookings without contact (no messages queued: their jobs would write in the background).
    "POST /api/schedule/visits": () => ({
      ...from(contract.book),
      url: "/api/schedule/visits",
      headers: { cookie },
      valid: {
        patientDisplayName: "P",
        preferredLanguage: "en",
        interpreterNeeded: false,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        durationMinutes: 15,
        timeZone: "UTC",
        contact: { consent: false },
      },
    }),
    "POST /api/schedule/visits/:visitId/reschedule": () => ({
      ...from(contract.reschedule),
      url: `/api/schedule/visits/${bookedId}/reschedule`,
      headers: { cookie },
      valid: { startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), durationMinutes: 30 },
    }),
    // The ended visit: cancelling, resending and "ready" are refused (409) once the body passes.
    "POST /api/schedule/visits/:visitId/cancel": () => ({
      ...from(contract.cancelBooking),
      url: `/api/schedule/visits/${visitId}/cancel`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/schedule/visits/:visitId/resend": () => ({
      ...from(contract.resendLink),
      url: `/api/schedule/visits/${visitId}/resend`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/schedule/visits/:visitId/ready": () => ({
      ...from(contract.ready),
      url: `/api/schedule/visits/${visitId}/ready`,
      headers: { cookie },
      valid: {},
    }),
    "POST /api/join/:secret/check-in": () => ({
      ...from(contract.checkIn),
      url: `/api/join/${link}/check-in`,
      headers: {},
      valid: { displayName: "X", scribeConsent: "granted", deviceCheck },
    }),
    "POST /api/after-visit/link": () => ({
      ...from(contract.summaryLinkForPatient),
      url: "/api/after-visit/link",
      headers: { authorization: `Bearer ${participantToken}` },
      valid: {},
    }),
    "POST /api/after-visit/questions": () => ({
      ...from(contract.askQuestion),
      url: "/api/after-visit/questions",
      headers: { authorization: `Bearer ${summaryToken}` },
      valid: { findingId, text: "Why?" },
    }),
    "POST /api/after-visit/feedback": () => ({
      ...from(contract.submitFeedback),
      url: "/api/after-visit/feedback",
      headers: { authorization: `Bearer ${summaryToken}` },
      valid: { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] },
    }),
  };

  /**
   * Issue 30: the patient's upload is a multipart form with one file. A body of the schema's shape
   * is sent as that file (its name and bytes, a byte per character), anything else as a form field,
   * which the route refuses like a form without a file.
   */
  const uploadSchema = z.strictObject({ name: z.string(), bytes: z.string() });
  const multipart = (body: unknown) => {
    const boundary = "bedside-fuzz-boundary";
    const file = uploadSchema.safeParse(body);
    const head = file.success
      ? `Content-Disposition: form-data; name="file"; filename="${encodeURIComponent(file.data.name)}"\r\n` +
        "Content-Type: application/octet-stream"
      : 'Content-Disposition: form-data; name="body"';
    const content = file.success
      ? Buffer.from(file.data.bytes, "latin1")
      : Buffer.from(JSON.stringify(body) ?? "", "utf8");
    return {
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    };
  };
  const tinyPng = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ).toString("latin1");

  Object.assign(routes, {
    "POST /api/guest/attachments": () => ({
      ...from(contract.sendAttachment),
      url: "/api/guest/attachments",
      headers: { authorization: `Bearer ${liveToken}` },
      valid: { name: "photo.png", bytes: tinyPng },
      schema: uploadSchema,
      encode: multipart,
    }),
    "POST /api/messaging/twilio/status": () =>
      twilioWebhook(
        "/api/messaging/twilio/status",
        // No such message: accepted (204), nothing written.
        {
          MessageSid: `SM${"0".repeat(32)}`,
          MessageStatus: "delivered",
          AccountSid: twilioEnv.TWILIO_ACCOUNT_SID,
        },
        twilioStatusSchema,
      ),
    "POST /api/messaging/twilio/inbound": () =>
      twilioWebhook(
        "/api/messaging/twilio/inbound",
        { From: "+15005550100", Body: "HELP", AccountSid: twilioEnv.TWILIO_ACCOUNT_SID },
        twilioReplySchema,
      ),
  } satisfies typeof routes);

  it("fuzzes every route that takes a body (the route contract)", () => {
    const withBody = Object.values(contract)
      .filter((c) => ["POST", "PUT", "PATCH"].includes(c.method))
      .map((c) => `${c.method} ${c.path}`)
      // Takes no body and reads none: nothing to fuzz.
      .filter((r) => r !== "POST /api/auth/sign-out")
      // Take no body either (two-factor's setup, the sessions, an admin's reset).
      .filter(
        (r) =>
          ![
            "POST /api/auth/mfa/enrol",
            "POST /api/auth/sessions/sign-out-everywhere",
            "POST /api/admin/people/:userId/mfa/reset",
          ].includes(r),
      )
      // Read only once LiveKit's signature over its exact bytes verifies (an unsigned body is a
      // 401, in the authorization matrix); signed events are tested in visit.livekit.int.test.ts.
      .filter((r) => r !== "POST /api/livekit/webhook");
    expect(withBody.sort()).toEqual(Object.keys(routes).sort());
  });

  /**
   * A body its schema refuses must be answered 400; any body may be accepted or refused later (say a
   * 409), and a refused body must write nothing. Counting rows around every case would cost two
   * queries a case, so cases run in batches: each case once (its answer checked), then the batch's
   * refused cases again between two row counts; if the counts differ, halving that list finds the
   * body that wrote (see `refusedWriteNothing`).
   */
  it.each(Object.keys(routes))(
    "%s: no 5xx, schema-refused bodies are 400, and refused bodies write nothing",
    async (name) => {
      // Earlier routes revoke and replace summary links: the patient's routes get a current one.
      if (name.startsWith("POST /api/after-visit/")) {
        summaryToken = (await t.app.visits.issueSummaryLink(ownerId, visitId, "http://x")).token;
      }
      const r = routes[name]!();
      // The URL is the contract's path filled in (the name is the contract's method and path).
      expect(name).toBe(`${r.method} ${r.path}`);
      expect(r.url).toMatch(new RegExp(`^${r.path.replace(/:\w+/g, "[^/]+")}$`));
      const encode =
        r.encode ??
        ((body: unknown) => ({
          payload: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        }));
      const seenAs = r.seenAs ?? ((body: unknown) => body);
      const send = async (body: unknown) => {
        const wire = encode(body);
        const res = await t.app.http.inject({
          method: r.method,
          url: r.url,
          headers: { ...r.headers, ...wire.headers },
          payload: wire.payload,
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (!r.schema.safeParse(seenAs(body)).success) expect(res.statusCode, res.body).toBe(400);
        return res.statusCode < 400;
      };
      try {
        await fuzzInBatches(bodies(r.valid), (body) => r.schema.safeParse(seenAs(body)).success, send);
      } finally {
        await r.restore?.();
      }
    },
    FUZZ_TIMEOUT_MS,
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
        const send = async ([payload, asGuest]: [unknown, boolean]) => {
          const s = asGuest ? guestSocket : clinicianSocket;
          const ack = (await s.timeout(5_000).emitWithAck(event, payload as never)) as
            { ok: true } | { ok: false; error: { code: string } };
          if (!ack.ok) expect(ack.error.code).not.toBe("internal");
          if (!schema.safeParse(payload).success) {
            expect(ack).toMatchObject({ ok: false, error: { code: "bad_request" } });
          }
          return ack.ok;
        };
        await fuzzInBatches(
          fc.tuple(bodies(valid[event]()), fc.boolean()),
          ([payload]) => schema.safeParse(payload).success,
          send,
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  });
});
