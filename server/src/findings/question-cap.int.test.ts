// Issue 12, finding 8: the per-visit question cap was count-then-insert, so questions sent at the
// same moment all saw room for one more. Many parallel asks must still stop at the cap.
import type { VisitWithLinks } from "@bedside/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../access/access.errors.js";
import { statusOf } from "../http/http.errors.js";
import { databaseKinds, jsonOf, startTestApp, type TestApp } from "../../test/harness.js";
import { createFindingsRepository } from "./findings.repository.js";
import { createFindingsService, MAX_QUESTIONS_PER_VISIT } from "./findings.service.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe.each(databaseKinds)("the question cap under concurrent asks on %s", (kind) => {
  let t: TestApp;
  let cookie: string;
  let visitId: string;
  let bearer: string;

  const call = (method: string, path: string, opts: { body?: unknown; bearer?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : { cookie }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });

  beforeAll(async () => {
    t = await startTestApp({ SCRIBE_ENABLED: "false" }, kind);
    const c = await t.app.repos.clinicians.create({
      email: "q@example.org",
      displayName: "Dr. Q",
      passwordHash: "x",
    });
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
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
    const secret = created.links[0]!.url.split("/join/")[1]!;
    const guest = (await jsonOf(
      await fetch(`${t.url}/api/join/${secret}/check-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: "Sam", scribeConsent: "granted", deviceCheck }),
      }),
    )) as { participantId: string; participantToken: string };
    await t.app.repos.transcripts.insert({
      visitId,
      participantIdentity: guest.participantId,
      participantId: guest.participantId,
      role: "patient",
      startMs: 0,
      endMs: 3_000,
      text: "I have had a cough for three days and I take ibuprofen.",
      confidence: 0.9,
      engine: "test",
      status: "ok",
    });
    await t.app.visits.end(c.id, visitId);
    await call("POST", `/api/visits/${visitId}/findings/extract`);
    const review = await jsonOf(await call("GET", `/api/visits/${visitId}/review`));
    for (const f of review.findings as Array<{ id: string }>) {
      await call("PUT", `/api/visits/${visitId}/findings/${f.id}/status`, { body: { status: "approved" } });
    }
    expect((await call("POST", `/api/visits/${visitId}/release`)).status).toBe(200);
    // The patient's browser exchanges its check-in token for the summary link.
    const link = await call("POST", "/api/after-visit/link", { bearer: guest.participantToken });
    expect(link.status).toBe(201);
    bearer = (await jsonOf(link)).token as string;
  });
  afterAll(() => t?.close());

  it("stores exactly up to the cap and refuses the rest, even when all arrive in the same tick", async () => {
    const summary = await jsonOf(await call("GET", "/api/after-visit", { bearer }));
    const findingId = summary.items[0].findingId as string;
    // The service itself, over the app's database: every ask() below starts before any finishes
    // (over HTTP, requests trickle in and rarely overlap enough to show the race).
    const service = createFindingsService({
      findings: createFindingsRepository(t.db),
      access: t.app.access,
      audit: { record: async () => {} },
      // ask() uses neither; the question path is what is under test.
      transcripts: undefined as never,
      engine: undefined as never,
    });
    const reader = await t.app.access.afterVisitPatient(bearer);
    const outcomes = await Promise.all(
      Array.from({ length: MAX_QUESTIONS_PER_VISIT + 20 }, (_, i) =>
        service.ask(reader, { findingId, text: `Question ${i}?` }).then(
          () => 201,
          (err: unknown) => (err instanceof DomainError ? statusOf(err) : 500),
        ),
      ),
    );
    expect(outcomes.filter((s) => s === 201)).toHaveLength(MAX_QUESTIONS_PER_VISIT);
    expect(outcomes.filter((s) => s === 409)).toHaveLength(20);
    const stored = await jsonOf(await call("GET", `/api/visits/${visitId}/questions`));
    expect(stored.questions).toHaveLength(MAX_QUESTIONS_PER_VISIT);
  });
});
