// Issue 26: the client parses every answer with a schema from @bedside/shared (client/src/lib/api.ts),
// the route contract's (`call(contract.x)`). This walks the real app through a visit (sign-in, links,
// check-in, scribe words, findings, note, release, the patient's summary, questions and feedback) and
// checks each answer parses with its contract entry's response schema and has its status, so the
// contract, the client and the server cannot drift apart unnoticed.
import { contract, type RouteContract } from "@bedside/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { hashPassword } from "../src/auth/password.js";
import { startTestApp, type TestApp } from "./harness.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("the real server's answers parse with the client's shared schemas", () => {
  let t: TestApp;
  let cookie = "";
  let visitId = "";

  const call = (method: string, path: string, opts: { body?: unknown; bearer?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : { cookie }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });

  /** The answer's status, then its body parsed as the client parses it (every issue shown on failure). */
  async function parsed<S extends z.ZodType>(res: Response, schema: S, status = 200): Promise<z.output<S>> {
    const text = await res.text();
    expect(res.status, `${res.url}: ${text}`).toBe(status);
    const result = schema.safeParse(text === "" ? undefined : JSON.parse(text));
    expect(result.error?.issues, res.url).toBeUndefined();
    return result.data as z.output<S>;
  }
  type Answer<C extends RouteContract> = C["response"] extends z.ZodType
    ? z.output<C["response"]>
    : undefined;
  /** A contract route called as the client calls it, its answer's status and schema the contract's. */
  const read = async <C extends RouteContract>(
    c: C,
    opts: { params?: Record<string, string>; body?: unknown; bearer?: string } = {},
  ): Promise<Answer<C>> => {
    const path = c.path.replace(/:(\w+)/g, (_, name: string) =>
      encodeURIComponent(opts.params?.[name] ?? ""),
    );
    return (await parsed(
      await call(c.method, path, opts),
      c.response ?? z.undefined(),
      c.status,
    )) as Answer<C>;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.repos.clinicians.create({
      email: "rivera@example.org",
      displayName: "Dr. Rivera",
      passwordHash: await hashPassword("a long passphrase", "test"),
    });
  });
  afterAll(() => t.close());

  it("walks a visit from sign-in to the patient's feedback", async () => {
    const signIn = await call("POST", "/api/auth/sign-in", {
      body: { email: "rivera@example.org", password: "a long passphrase" },
    });
    cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(await parsed(signIn, contract.signIn.response)).toHaveProperty("clinician");
    await read(contract.me);
    await read(contract.updateMe, { body: { speechLanguage: "en" } });
    await read(contract.mfaStatus);
    await read(contract.sessions);

    const { visit, links } = await read(contract.createVisit, {
      body: {
        patientDisplayName: "Sam Lee",
        preferredLanguage: "en",
        interpreterNeeded: true,
        scheduledAt: new Date().toISOString(),
      },
    });
    visitId = visit.id;
    const v = { visitId };
    await read(contract.reissueLink, { params: { visitId, role: "interpreter" } });
    const secret = links.find((l) => l.role === "patient")!.url.split("/join/")[1]!;
    await read(contract.joinInfo, { params: { secret } });
    const patient = await read(contract.checkIn, {
      params: { secret },
      body: { displayName: "Sam", scribeConsent: "granted", deviceCheck },
    });

    let ms = 0;
    for (const [role, text] of [
      ["clinician", "What brings you in today?"],
      ["patient", "I've had a bad cough for two weeks and a fever since Monday."],
      ["clinician", "Let's start amoxicillin 500 mg three times a day for seven days."],
    ] as const) {
      await t.app.repos.transcripts.insert({
        visitId,
        participantIdentity: role === "patient" ? patient.participantId : "clinician",
        participantId: role === "patient" ? patient.participantId : null,
        role,
        startMs: ms,
        endMs: ms + 3_000,
        text,
        language: "en",
        confidence: 0.9,
        engine: "test",
        status: "ok",
      });
      ms += 4_000;
    }
    expect(await t.app.repos.visits.transition(visitId, "ended")).toBe(true);
    const summaryLink = await read(contract.summaryLinkForPatient, { bearer: patient.participantToken });

    // The review page: findings, their changes, the note, the preview, the release.
    await read(contract.extractFindings, { params: v });
    const added = await read(contract.addFinding, {
      params: v,
      body: { kind: "plan", text: "Come back in two weeks." },
    });
    const finding = { visitId, findingId: added.id };
    await read(contract.editFinding, {
      params: finding,
      body: { text: "Come back in two weeks if the cough is not better." },
    });
    await read(contract.setFindingStatus, { params: finding, body: { status: "approved" } });
    const review = await read(contract.review, { params: v });
    expect(review.findings.length).toBeGreaterThan(1);
    const note = await read(contract.note, { params: v });
    await read(contract.saveNote, { params: v, body: { note: note.note } });
    await read(contract.redraftNote, { params: v, body: {} });
    await read(contract.preview, { params: v });
    await read(contract.release, { params: v });
    await read(contract.insights, { params: v });
    await read(contract.chat, { params: v });

    // The patient's summary, a question about a finding and their feedback.
    const summary = await read(contract.afterVisit, { bearer: summaryLink.token });
    await read(contract.askQuestion, {
      bearer: summaryLink.token,
      body: { findingId: summary.items[0]!.findingId, text: "How long until the cough goes?" },
    });
    await read(contract.submitFeedback, {
      bearer: summaryLink.token,
      body: { care: Array.from({ length: 10 }, () => 5) },
    });
    const { questions } = await read(contract.questions, { params: v });
    expect(questions).toHaveLength(1);
    // 204s: the client reads no body.
    expect(await read(contract.questionsSeen, { params: v })).toBe(undefined);
    await read(contract.feedbackSummary);
    await read(contract.issueSummaryLink, { params: v, body: {} });
    expect(await read(contract.revokeSummaryLinks, { params: v })).toBe(undefined);
    await read(contract.auditTrail, { params: v });
    // The security page's password change (its answer was once parsed as `{ ok, ended }`).
    await read(contract.changePassword, {
      body: { currentPassword: "a long passphrase", newPassword: "violet tractor seven lantern" },
    });
    await read(contract.signOut);
  });
});
