import type {
  AfterVisitSummary,
  ClientToServerEvents,
  QueueSnapshot,
  ReviewFinding,
  ServerToClientEvents,
  VisitReview,
  VisitWithLinks,
} from "@bedside/shared";
import { summaryPreviewSchema } from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, jsonOf, startTestApp, type TestApp } from "../../test/harness.js";
import { afterVisitUntil } from "../access/access.resolver.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

const said = [
  { role: "clinician", text: "Hi Sam, what brings you in today?" },
  { role: "patient", text: "I've had a bad cough for two weeks and a fever since Monday." },
  { role: "clinician", text: "Your blood pressure is 150 over 90 today. I think this is bronchitis." },
  {
    role: "clinician",
    text: "Let's start amoxicillin 500 mg three times a day for seven days. If you get chest pain or shortness of breath, go to the emergency room. I want to see you again in two weeks.",
  },
  { role: "interpreter", text: "She says she is allergic to penicillin." },
] as const;

describe.each(databaseKinds)("findings review, release and after-visit on %s", (kind) => {
  let t: TestApp;
  let cookie: string;
  let otherCookie: string;
  let clinicianId: string;
  let visitId: string;
  let patientToken: string;
  /** The patient's summary link (issue 12): the only secret the after-visit routes accept. */
  let summaryToken: string;
  let interpreterToken: string;
  let patientLink: string;
  let interpreterLink: string;
  let segmentIds: string[];

  const call = (method: string, path: string, opts: { body?: unknown; as?: string; bearer?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : { cookie: opts.as ?? cookie }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
  const review = async () =>
    (await (await call("GET", `/api/visits/${visitId}/review`)).json()) as VisitReview;
  const checkIn = async (secret: string, displayName: string) => {
    const res = await fetch(`${t.url}/api/join/${secret}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName, scribeConsent: "granted", deviceCheck }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { participantId: string; participantToken: string };
  };

  beforeAll(async () => {
    t = await startTestApp({}, kind);
    const signIn = async (email: string, name: string) => {
      const c = await t.app.repos.clinicians.create({ email, displayName: name, passwordHash: "x" });
      return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
    };
    const rivera = await signIn("rivera@example.org", "Dr. Rivera");
    cookie = rivera.cookie;
    clinicianId = rivera.id;
    otherCookie = (await signIn("other@example.org", "Dr. Other")).cookie;

    const res = await call("POST", "/api/visits", {
      body: {
        patientDisplayName: "Sam Lee",
        preferredLanguage: "es",
        interpreterNeeded: true,
        scheduledAt: new Date().toISOString(),
      },
    });
    const { visit, links } = (await res.json()) as VisitWithLinks;
    visitId = visit.id;
    const secretOf = (role: string) => links.find((l) => l.role === role)!.url.split("/join/")[1]!;
    patientLink = secretOf("patient");
    interpreterLink = secretOf("interpreter");
    const patient = await checkIn(patientLink, "Sam");
    const interpreter = await checkIn(secretOf("interpreter"), "Ana");
    patientToken = patient.participantToken;
    interpreterToken = interpreter.participantToken;
    segmentIds = [];
    let ms = 0;
    for (const s of said) {
      const participantId =
        s.role === "patient"
          ? patient.participantId
          : s.role === "interpreter"
            ? interpreter.participantId
            : null;
      const row = await t.app.repos.transcripts.insert({
        visitId,
        participantIdentity: participantId ?? `clinician-${clinicianId}`,
        participantId,
        role: s.role,
        startMs: ms,
        endMs: ms + 3_000,
        text: s.text,
        // As the scribe stores them; the first as a segment stored before languages were kept.
        language: ms === 0 ? null : "en",
        confidence: 0.9,
        engine: "test",
        status: "ok",
      });
      segmentIds.push(row!.id);
      ms += 4_000;
    }
  });
  afterAll(() => t.close());

  it("refuses strangers: no session is 401, another clinician's visit is 404", async () => {
    expect((await call("GET", `/api/visits/${visitId}/review`, { as: "" })).status).toBe(401);
    expect((await call("GET", `/api/visits/${visitId}/review`, { as: otherCookie })).status).toBe(404);
    expect((await call("POST", `/api/visits/${visitId}/findings/extract`, { as: otherCookie })).status).toBe(
      404,
    );
    expect((await call("GET", `/api/visits/not-a-uuid/review`)).status).toBe(400);
  });

  it("extracts only after the visit ended", async () => {
    const res = await call("POST", `/api/visits/${visitId}/findings/extract`);
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).error.message).toMatch(/once the visit has ended/);
    expect((await review()).findings).toEqual([]);
    expect(await t.app.repos.visits.transition(visitId, "ended")).toBe(true);
  });

  it("extracts drafts with verbatim evidence and shows them beside the named, ordered transcript", async () => {
    const res = await call("POST", `/api/visits/${visitId}/findings/extract`);
    expect(res.status).toBe(200);
    const run = await jsonOf(res);
    expect(run).toMatchObject({ engine: "builtin", kept: 0 });
    expect(run.added).toBeGreaterThanOrEqual(6);
    // Every engine's findings pass the verifier, and the run says what it held back.
    expect(run.verification).toEqual({ dropped: expect.any(Number), uncertain: expect.any(Number) });

    const r = await review();
    expect(r.transcript.map((s) => s.speakerName)).toEqual([
      "Dr. Rivera",
      "Sam",
      "Dr. Rivera",
      "Dr. Rivera",
      "Ana",
    ]);
    expect(r.transcript.map((s) => s.role)).toEqual(said.map((s) => s.role));
    // Each line says the language the scribe heard it in, so the clinician can tell them apart.
    expect(r.transcript.map((s) => s.language)).toEqual([null, "en", "en", "en", "en"]);
    expect(r.findings.length).toBe(run.added);
    const textOf = new Map(r.transcript.map((s) => [s.id, s.text]));
    for (const f of r.findings) {
      expect(f.status).toBe("draft");
      expect(f.editedByClinician).toBe(false);
      for (const e of f.evidence) expect(textOf.get(e.segmentId)).toContain(e.quote);
    }
    expect(r.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(["symptom", "medication", "assessment", "warning_sign", "allergy"]),
    );
    expect(r.extraction?.engine).toBe("builtin");
  });

  it("shows the patient nothing before release, and the interpreter nothing ever", async () => {
    // The patient's browser exchanges its check-in token for a summary link when the visit ends.
    const exchanged = await call("POST", "/api/after-visit/link", { bearer: patientToken });
    expect(exchanged.status).toBe(201);
    summaryToken = (await jsonOf(exchanged)).token as string;
    expect((await call("POST", "/api/after-visit/link", { bearer: interpreterToken })).status).toBe(403);
    const res = await call("GET", "/api/after-visit", { bearer: summaryToken });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toMatch(/Your summary is not ready yet/);
    expect(text).not.toMatch(/bronchitis|amoxicillin/i);
    // A check-in token is not a summary link.
    const interp = await call("GET", "/api/after-visit", { bearer: interpreterToken });
    expect(interp.status).toBe(401);
    expect((await call("GET", "/api/after-visit", { bearer: "x".repeat(43) })).status).toBe(401);
    expect((await call("GET", "/api/after-visit", { as: cookie })).status).toBe(401);
  });

  it("refuses a release with nothing approved, and says so", async () => {
    const res = await call("POST", `/api/visits/${visitId}/release`);
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).error.message).toMatch(/Approve at least one finding/);
    expect((await review()).visit.releasedAt).toBeNull();
  });

  it("rejects bad edits with a clear 400 and changes nothing", async () => {
    const before = await review();
    const target = before.findings.find((f) => f.kind === "assessment")!;
    const path = `/api/visits/${visitId}/findings/${target.id}`;
    const bad: [unknown, RegExp][] = [
      [{ evidence: [{ segmentId: segmentIds[2], quote: "I am sure this is pneumonia." }] }, /word for word/],
      [
        { evidence: [{ segmentId: "00000000-0000-4000-8000-000000000000", quote: "bronchitis" }] },
        /not a segment/,
      ],
      [{ text: "" }, /text/],
      [{ kind: "diagnosis" }, /kind/],
      [{ text: "Bronchitis", secret: true }, /secret|Unrecognized/i],
      [{}, /at least one/],
    ];
    for (const [body, message] of bad) {
      const res = await call("PATCH", path, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await jsonOf(res)).error.message).toMatch(message);
    }
    expect((await call("PUT", `${path}/status`, { body: { status: "published" } })).status).toBe(400);
    expect(
      (await call("POST", `/api/visits/${visitId}/findings`, { body: { kind: "plan", text: "x", extra: 1 } }))
        .status,
    ).toBe(400);
    const after = await review();
    expect(after.findings).toEqual(before.findings);
  });

  it("edits, removes, adds and approves; a re-run replaces only untouched drafts", async () => {
    const r = await review();
    const find = (k: ReviewFinding["kind"]) => r.findings.find((f) => f.kind === k)!;
    const assessment = find("assessment");
    const medication = find("medication");
    const warning = find("warning_sign");
    const measurement = find("measurement");

    // Edit keeps a shorter verbatim quote.
    let res = await call("PATCH", `/api/visits/${visitId}/findings/${assessment.id}`, {
      body: {
        text: "Acute bronchitis",
        evidence: [{ segmentId: segmentIds[2], quote: "I think this is bronchitis." }],
      },
    });
    expect(res.status).toBe(200);
    const edited = (await res.json()) as ReviewFinding;
    expect(edited).toMatchObject({ text: "Acute bronchitis", editedByClinician: true, status: "draft" });

    for (const f of [assessment, medication, warning]) {
      res = await call("PUT", `/api/visits/${visitId}/findings/${f.id}/status`, {
        body: { status: "approved" },
      });
      expect(res.status).toBe(200);
    }
    res = await call("PUT", `/api/visits/${visitId}/findings/${measurement.id}/status`, {
      body: { status: "removed" },
    });
    expect((await jsonOf(res)).status).toBe("removed");

    res = await call("POST", `/api/visits/${visitId}/findings`, {
      body: {
        kind: "plan",
        text: "Rest and drink plenty of fluids",
        // "Not sure" is the verifier's mark on a draft: what the clinician writes is theirs.
        details: { uncertain: true },
        evidence: [{ segmentId: segmentIds[3], quote: "for seven days" }],
      },
    });
    expect(res.status).toBe(201);
    const added = (await res.json()) as ReviewFinding;
    expect(added).toMatchObject({ source: "clinician", status: "draft" });
    expect(added.details.uncertain).toBeUndefined();

    // An edit to an approved finding sends it back for approval.
    res = await call("PATCH", `/api/visits/${visitId}/findings/${medication.id}`, {
      body: {
        details: { dose: "500 mg", frequency: "three times a day", status: "started", uncertain: true },
      },
    });
    const editedMedication = (await jsonOf(res)) as ReviewFinding;
    expect(editedMedication.status).toBe("draft");
    expect(editedMedication.details).toEqual({
      dose: "500 mg",
      frequency: "three times a day",
      status: "started",
    });
    await call("PUT", `/api/visits/${visitId}/findings/${medication.id}/status`, {
      body: { status: "approved" },
    });

    const untouched = r.findings.filter((f) => ![assessment, medication, warning, measurement].includes(f));
    res = await call("POST", `/api/visits/${visitId}/findings/extract`);
    expect(res.status).toBe(200);
    const rerun = await jsonOf(res);
    // Kept: 3 approved + 1 removed + 1 hand-written; re-extracted duplicates of kept ones are skipped.
    expect(rerun.kept).toBe(5);
    const now = await review();
    const ids = new Set(now.findings.map((f) => f.id));
    for (const f of [assessment, medication, warning, measurement, added]) expect(ids.has(f.id)).toBe(true);
    for (const f of untouched) expect(ids.has(f.id)).toBe(false);
    expect(now.findings.filter((f) => f.kind === "warning_sign")).toHaveLength(1);
    expect(now.findings.find((f) => f.id === assessment.id)?.text).toBe("Acute bronchitis");
  });

  it("previews exactly the summary the patient will read, to the visit's clinician only", async () => {
    const res = await call("GET", `/api/visits/${visitId}/preview`);
    expect(res.status).toBe(200);
    const preview = summaryPreviewSchema.parse(await res.json());
    const approved = (await review()).findings.filter((f) => f.status === "approved");
    expect(preview.approved).toBe(approved.length);
    expect(preview.document.inShort.why.length).toBeGreaterThan(0);
    // The visit's preferred language is Spanish: the clinician previews the Spanish text, with
    // the English the patient can switch to beside it.
    expect(preview.document.language).toBe("es");
    expect(preview.document.inShort.why).toMatch(/^Vino /);
    expect(preview.document.inShort.help).toMatch(/911/);
    expect(preview.alternates.map((d) => d.language)).toEqual(["en"]);
    expect(preview.alternates[0]?.inShort.why).toMatch(/^You came /);
    // Composed from approved findings only: the unapproved blood pressure is not in it.
    expect(JSON.stringify(preview.document)).not.toMatch(/150\/90/);
    expect((await call("GET", `/api/visits/${visitId}/preview`, { as: otherCookie })).status).toBe(404);
    // Previewing sends nothing.
    expect((await call("GET", "/api/after-visit", { bearer: summaryToken })).status).toBe(404);
  });

  it("releases only approved findings, with graded explanations, and not twice the same", async () => {
    const before = await review();
    const approved = before.findings.filter((f) => f.status === "approved");
    const { document: previewed, alternates } = summaryPreviewSchema.parse(
      await (await call("GET", `/api/visits/${visitId}/preview`)).json(),
    );
    const res = await call("POST", `/api/visits/${visitId}/release`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toMatchObject({ released: approved.length, revisedAt: null });
    expect((await review()).visit).toMatchObject({ releasedAt: expect.any(String), revisedAt: null });
    // The patient reads the document the clinician previewed, word for word.
    const read = (await (
      await call("GET", "/api/after-visit", { bearer: summaryToken })
    ).json()) as AfterVisitSummary;
    expect(read.document).toEqual(previewed);
    expect(read.alternates).toEqual(alternates);

    const again = await call("POST", `/api/visits/${visitId}/release`);
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).error.message).toMatch(/Nothing changed since the last release/);
    expect((await review()).visit.revisedAt).toBeNull();
  });

  it("gives the patient the released findings in plain language, grade 6 or below, with verbatim quotes", async () => {
    const res = await call("GET", "/api/after-visit", { bearer: summaryToken });
    expect(res.status).toBe(200);
    const s = (await res.json()) as AfterVisitSummary;
    const r = await review();
    const approvedIds = r.findings.filter((f) => f.status === "approved").map((f) => f.id);
    expect(s.items.map((i) => i.findingId).sort()).toEqual([...approvedIds].sort());
    expect(s.clinicianName).toBe("Dr. Rivera");
    const raw = JSON.stringify(s);
    // Removed and unapproved findings never leave the server.
    for (const f of r.findings.filter((f) => f.status !== "approved")) expect(raw).not.toContain(f.id);
    expect(raw).not.toMatch(/150\/90/);
    for (const item of s.items) {
      for (const part of [item.about, item.meaning, item.next, item.help]) {
        expect(part.text.length).toBeGreaterThan(0);
        expect(part.grade).toBeLessThanOrEqual(6);
      }
      expect(item.quotes.length).toBeGreaterThan(0);
      for (const q of item.quotes) expect(said.some((x) => x.text.includes(q.text))).toBe(true);
    }
    const bronchitis = s.items.find((i) => i.kind === "assessment")!;
    expect(bronchitis.quotes).toEqual([{ speaker: "Dr. Rivera", text: "I think this is bronchitis." }]);
    for (const g of s.glossary) expect(g.definition.grade).toBeLessThanOrEqual(6);
    expect(s.feedbackGiven).toBe(false);
    // The visit link is not a bearer for the summary (issue 12, finding 3).
    expect((await call("GET", "/api/after-visit", { bearer: patientLink })).status).toBe(401);
    expect((await call("GET", "/api/after-visit", { bearer: interpreterLink })).status).toBe(401);
    expect(new Date(s.availableUntil).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("lets the patient ask about a released item only, and the clinician sees it", async () => {
    const s = (await (
      await call("GET", "/api/after-visit", { bearer: summaryToken })
    ).json()) as AfterVisitSummary;
    const item = s.items[0]!;
    const removed = (await review()).findings.find((f) => f.status === "removed")!;

    for (const body of [
      { findingId: item.findingId, text: "   " },
      { findingId: "nope", text: "Why?" },
      {},
    ]) {
      expect((await call("POST", "/api/after-visit/questions", { body, bearer: summaryToken })).status).toBe(
        400,
      );
    }
    const hidden = await call("POST", "/api/after-visit/questions", {
      body: { findingId: removed.id, text: "What about this?" },
      bearer: summaryToken,
    });
    expect(hidden.status).toBe(404);
    const interp = await call("POST", "/api/after-visit/questions", {
      body: { findingId: item.findingId, text: "Hi" },
      bearer: interpreterToken,
    });
    expect(interp.status).toBe(401);

    const ok = await call("POST", "/api/after-visit/questions", {
      body: { findingId: item.findingId, text: "  Can I still go to work?  " },
      bearer: summaryToken,
    });
    expect(ok.status).toBe(201);
    const q = await jsonOf(await call("GET", `/api/visits/${visitId}/questions`));
    expect(q.questions).toHaveLength(1);
    expect(q.questions[0]).toMatchObject({
      findingId: item.findingId,
      text: "Can I still go to work?",
      askedBy: "Sam",
    });
    expect((await call("GET", `/api/visits/${visitId}/questions`, { as: otherCookie })).status).toBe(404);
  });

  it("puts new patient questions on the clinician's live queue until they open them", async () => {
    const queue = connect(t.url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
    }) as Socket<ServerToClientEvents, ClientToServerEvents>;
    try {
      const watched = await queue.emitWithAck("queue:watch", {});
      expect(watched.ok && watched.data.questions).toEqual([
        { visitId, patientDisplayName: "Sam Lee", count: 1, lastAskedAt: expect.any(String) },
      ]);
      // The first snapshot that shows what we wait for (an earlier change may still be on its way).
      const until = (ok: (s: QueueSnapshot) => boolean) =>
        new Promise<QueueSnapshot>((resolve) => {
          const listener = (s: QueueSnapshot) => {
            if (!ok(s)) return;
            queue.off("queue:changed", listener);
            resolve(s);
          };
          queue.on("queue:changed", listener);
        });

      // Another question arrives live.
      const item = (
        (await jsonOf(await call("GET", "/api/after-visit", { bearer: summaryToken }))) as AfterVisitSummary
      ).items[0]!;
      const arrived = until((s) => s.questions[0]?.count === 2);
      await call("POST", "/api/after-visit/questions", {
        body: { findingId: item.findingId, text: "How long will the cough last?" },
        bearer: summaryToken,
      });
      expect((await arrived).questions).toMatchObject([{ visitId, count: 2 }]);

      // Another clinician cannot mark them read; the owner opening them clears the queue entry.
      expect((await call("PUT", `/api/visits/${visitId}/questions/seen`, { as: otherCookie })).status).toBe(
        404,
      );
      const listed = await jsonOf(await call("GET", `/api/visits/${visitId}/questions`));
      expect(listed.questions.map((q: { isNew: boolean }) => q.isNew)).toEqual([true, true]);
      const cleared = until((s) => s.questions.length === 0);
      expect((await call("PUT", `/api/visits/${visitId}/questions/seen`)).status).toBe(204);
      expect((await cleared).questions).toEqual([]);
      const again = await jsonOf(await call("GET", `/api/visits/${visitId}/questions`));
      expect(again.questions.map((q: { isNew: boolean }) => q.isNew)).toEqual([false, false]);
    } finally {
      queue.disconnect();
    }
  });

  it("lets the clinician correct a released summary; the patient reads the old one until it is released again", async () => {
    const summary = async () =>
      (await jsonOf(await call("GET", "/api/after-visit", { bearer: summaryToken }))) as AfterVisitSummary;
    const first = await summary();
    const r = await review();
    const approved = r.findings.filter((f) => f.status === "approved");
    expect(approved.length).toBeGreaterThanOrEqual(2);
    const wrong = approved.find((f) => f.kind !== "assessment")!;
    const kept = approved.find((f) => f.id !== wrong.id)!;
    expect(first.items.map((i) => i.findingId)).toContain(wrong.id);

    // The clinician withdraws one item and rewords another: the patient still reads what was released.
    expect(
      (
        await call("PUT", `/api/visits/${visitId}/findings/${wrong.id}/status`, {
          body: { status: "removed" },
        })
      ).status,
    ).toBe(200);
    const quote = kept.evidence[0]!;
    expect(
      (await call("PATCH", `/api/visits/${visitId}/findings/${kept.id}`, { body: { evidence: [quote] } }))
        .status,
    ).toBe(200);
    expect(await summary()).toEqual(first);

    // Released again (the reworded one approved anew): the patient reads the correction, marked as such.
    expect(
      (
        await call("PUT", `/api/visits/${visitId}/findings/${kept.id}/status`, {
          body: { status: "approved" },
        })
      ).status,
    ).toBe(200);
    const [a, b] = await Promise.all([
      call("POST", `/api/visits/${visitId}/release`),
      call("POST", `/api/visits/${visitId}/release`),
    ]);
    // Two clicks racing: one release, one clear refusal, never two versions.
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const corrected = await summary();
    expect(corrected.revisedAt).not.toBeNull();
    expect(corrected.releasedAt).toBe(first.releasedAt);
    expect(corrected.items.map((i) => i.findingId)).not.toContain(wrong.id);
    expect(corrected.items.find((i) => i.findingId === kept.id)?.quotes.map((q) => q.text)).toEqual([
      quote.quote,
    ]);
    expect((await review()).visit.revisedAt).toBe(corrected.revisedAt);
    // The patient's earlier questions stay theirs; asking about the withdrawn item is refused.
    expect(corrected.questions).toEqual(first.questions);
    const ask = await call("POST", "/api/after-visit/questions", {
      body: { findingId: wrong.id, text: "Should I still take it?" },
      bearer: summaryToken,
    });
    expect(ask.status).toBe(404);
  });

  it("takes CARE feedback once, validates it, and shows the clinician only their own aggregate", async () => {
    const bad = [
      { care: [5, 5, 5] },
      { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, 6] },
      { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, "n/a"] },
      { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], comment: "x".repeat(2_001) },
    ];
    for (const body of bad) {
      expect((await call("POST", "/api/after-visit/feedback", { body, bearer: summaryToken })).status).toBe(
        400,
      );
    }
    expect((await jsonOf(await call("GET", "/api/feedback/summary"))).responses).toBe(0);
    expect(
      (
        await call("POST", "/api/after-visit/feedback", {
          body: { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] },
          bearer: interpreterToken,
        })
      ).status,
    ).toBe(401);

    const care = [5, 4, 5, null, 4, 5, 5, 4, null, 5];
    const res = await call("POST", "/api/after-visit/feedback", {
      body: { care, comment: "Thank you for listening." },
      bearer: summaryToken,
    });
    expect(res.status).toBe(201);
    // 37 from eight answers, plus two "does not apply" at their mean (4.625 each).
    expect((await jsonOf(res)).score).toBe(46.3);
    const twice = await call("POST", "/api/after-visit/feedback", {
      body: { care: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
      bearer: summaryToken,
    });
    expect(twice.status).toBe(409);

    const agg = await jsonOf(await call("GET", "/api/feedback/summary"));
    expect(agg).toMatchObject({ responses: 1, scored: 1, meanScore: 46.3 });
    expect(agg.items[3]).toMatchObject({ mean: null, notApplicable: 1 });
    expect(agg.items[1]).toMatchObject({ mean: 4, notApplicable: 0 });
    expect(agg.comments).toEqual([{ text: "Thank you for listening.", at: expect.any(String) }]);
    expect((await jsonOf(await call("GET", "/api/feedback/summary", { as: otherCookie }))).responses).toBe(0);
    const s = await jsonOf(await call("GET", "/api/after-visit", { bearer: summaryToken }));
    expect(s.feedbackGiven).toBe(true);
  });

  it("keeps the summary readable after the visit link expires, until the summary link's own expiry", async () => {
    const past = new Date(Date.now() - 3_600_000);
    await t.db.updateTable("visit_links").set({ expires_at: past }).where("visit_id", "=", visitId).execute();
    // The link no longer works for the live visit…
    expect(await t.app.access.guest(patientToken)).toBeUndefined();
    // …but the after-visit summary still opens.
    expect((await call("GET", "/api/after-visit", { bearer: summaryToken })).status).toBe(200);

    await t.db
      .updateTable("summary_links")
      .set({ expires_at: past })
      .where("visit_id", "=", visitId)
      .execute();
    const gone = await call("GET", "/api/after-visit", { bearer: summaryToken });
    expect(gone.status).toBe(410);
    expect((await jsonOf(gone)).error.message).toMatch(/no longer online/);
    const ask = await call("POST", "/api/after-visit/questions", {
      body: { findingId: "00000000-0000-4000-8000-000000000000", text: "Hi" },
      bearer: summaryToken,
    });
    expect(ask.status).toBe(410);
    // Past the after-visit window, the check-in token cannot be exchanged for a new one either.
    await t.db
      .updateTable("visits")
      .set({ ended_at: new Date(Date.now() - 31 * 86_400_000) })
      .where("id", "=", visitId)
      .execute();
    expect((await call("POST", "/api/after-visit/link", { bearer: patientToken })).status).toBe(410);
  });

  it("closes the summary when the clinic revokes the patient's summary links", async () => {
    await t.db.updateTable("visits").set({ ended_at: new Date() }).where("id", "=", visitId).execute();
    const issued = await call("POST", `/api/visits/${visitId}/summary-link`);
    expect(issued.status).toBe(201);
    const fresh = (await jsonOf(issued)).token as string;
    expect((await call("GET", "/api/after-visit", { bearer: fresh })).status).toBe(200);
    expect((await call("DELETE", `/api/visits/${visitId}/summary-link`)).status).toBe(204);
    expect((await call("GET", "/api/after-visit", { bearer: fresh })).status).toBe(410);
  });
});

describe("afterVisitUntil", () => {
  const day = 86_400_000;
  it("is the link's expiry before the visit ends, and the later of expiry and end + days after", () => {
    const expiry = new Date("2026-01-01T23:59:59Z");
    expect(afterVisitUntil(expiry, null, 30)).toEqual(expiry);
    const ended = new Date("2026-01-01T10:00:00Z");
    expect(afterVisitUntil(expiry, ended, 30).getTime()).toBe(ended.getTime() + 30 * day);
    expect(afterVisitUntil(new Date(ended.getTime() + 60 * day), ended, 30).getTime()).toBe(
      ended.getTime() + 60 * day,
    );
  });
});
