// Issue 14 against the real app (PGlite and PostgreSQL): the draft note, the clinician's edits,
// the signature (who, when, audited, read-only after) and the FHIR R4 export of the signed visit.
import type { AuditTrail, ReviewFinding, VisitNote, VisitWithLinks } from "@bedside/shared";
import { visitNoteSchema } from "@bedside/shared";
import type { Bundle } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, jsonOf, startTestApp, type TestApp } from "../../test/harness.js";
import { fhirIssues } from "../../tools/notes/fhir.validate.js";

const said = [
  { role: "clinician", text: "Sam is a 40-year-old who presents today with a cough." },
  { role: "patient", text: "I've had a bad cough for two weeks and a fever since Monday." },
  { role: "clinician", text: "Your blood pressure is 150 over 90 today. I think this is bronchitis." },
  {
    role: "clinician",
    text: "Let's start amoxicillin 500 mg three times a day for seven days. I want to see you again in two weeks.",
  },
  { role: "patient", text: "I'm allergic to penicillin." },
] as const;

describe.each(databaseKinds)("the clinical note and its FHIR export on %s", (kind) => {
  let t: TestApp;
  let cookie: string;
  let otherCookie: string;
  let visitId: string;
  let segmentIds: string[];

  const call = (method: string, path: string, opts: { body?: unknown; as?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        cookie: opts.as ?? cookie,
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
  const getNote = async () => {
    const res = await call("GET", `/api/visits/${visitId}/note`);
    expect(res.status).toBe(200);
    return visitNoteSchema.parse(await res.json());
  };
  const trail = async () =>
    ((await jsonOf(await call("GET", `/api/visits/${visitId}/audit`))) as AuditTrail).events;

  beforeAll(async () => {
    t = await startTestApp({}, kind);
    const signIn = async (email: string, name: string) => {
      const c = await t.app.repos.clinicians.create({ email, displayName: name, passwordHash: "x" });
      return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
    };
    const rivera = await signIn("rivera@example.org", "Dr. Rivera");
    cookie = rivera.cookie;
    otherCookie = (await signIn("other@example.org", "Dr. Other")).cookie;
    const res = await call("POST", "/api/visits", {
      body: {
        patientDisplayName: "Sam Lee",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
    });
    const { visit } = (await res.json()) as VisitWithLinks;
    visitId = visit.id;
    segmentIds = [];
    let ms = 0;
    for (const s of said) {
      const row = await t.app.repos.transcripts.insert({
        visitId,
        participantIdentity: `${s.role}-x`,
        participantId: null,
        role: s.role,
        startMs: ms,
        endMs: ms + 3_000,
        text: s.text,
        confidence: 0.9,
        engine: "test",
        status: "ok",
      });
      segmentIds.push(row!.id);
      ms += 4_000;
    }
  });
  afterAll(() => t.close());

  it("is written once the visit has ended, for the visit's own clinician only", async () => {
    expect((await call("GET", `/api/visits/${visitId}/note`)).status).toBe(409);
    expect(await t.app.repos.visits.transition(visitId, "ended")).toBe(true);
    expect((await call("GET", `/api/visits/${visitId}/note`, { as: "" })).status).toBe(401);
    expect((await call("GET", `/api/visits/${visitId}/note`, { as: otherCookie })).status).toBe(404);
    expect((await call("GET", `/api/visits/${visitId}/fhir`, { as: otherCookie })).status).toBe(404);
  });

  it("drafts from the approved findings only, each sentence tracing to the visit's segments", async () => {
    const empty = await getNote();
    expect(empty).toMatchObject({ status: "draft", stored: false, engine: "builtin", signed: null });
    expect(empty.note.sections.find((s) => s.key === "medications")?.sentences).toEqual([]);

    expect((await call("POST", `/api/visits/${visitId}/findings/extract`)).status).toBe(200);
    const review = (await jsonOf(await call("GET", `/api/visits/${visitId}/review`))) as {
      findings: ReviewFinding[];
    };
    for (const f of review.findings) {
      const res = await call("PUT", `/api/visits/${visitId}/findings/${f.id}/status`, {
        body: { status: "approved" },
      });
      expect(res.status).toBe(200);
    }
    const draft = await getNote();
    const meds = draft.note.sections.find((s) => s.key === "medications")?.sentences ?? [];
    expect(meds.map((s) => s.text).join(" ")).toMatch(/amoxicillin 500 mg three times a day/i);
    const all = draft.note.sections.flatMap((s) => s.sentences);
    for (const s of all) for (const id of s.segmentIds) expect(segmentIds).toContain(id);
    expect((await trail()).some((e) => e.action === "note.read")).toBe(true);
  });

  it("exports nothing before the note is signed", async () => {
    const res = await call("GET", `/api/visits/${visitId}/fhir`);
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).error.message).toMatch(/Sign the note/);
  });

  it("saves the clinician's edits; a trace must be a segment of this visit", async () => {
    const { note } = await getNote();
    const hpi = note.sections[1]!;
    hpi.sentences[0] = { ...hpi.sentences[0]!, text: "Sam is a 40-year-old man with a cough.", edited: true };
    hpi.sentences.push({ text: "Non-smoker.", segmentIds: [], edited: true });
    const bad = structuredClone(note);
    bad.sections[1]!.sentences[0]!.segmentIds = ["00000000-0000-4000-8000-000000000000"];
    expect((await call("PUT", `/api/visits/${visitId}/note`, { body: { note: bad } })).status).toBe(400);
    expect(
      (await call("PUT", `/api/visits/${visitId}/note`, { body: { note: { sections: [] } } })).status,
    ).toBe(400);

    const res = await call("PUT", `/api/visits/${visitId}/note`, { body: { note } });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as VisitNote;
    expect(saved).toMatchObject({ status: "draft", stored: true, signed: null });
    const again = await getNote();
    expect(again.note.sections[1]?.sentences[0]?.text).toBe("Sam is a 40-year-old man with a cough.");
    expect(again.note.sections[1]?.sentences.at(-1)).toEqual({
      text: "Non-smoker.",
      segmentIds: [],
      edited: true,
    });
    expect((await trail()).some((e) => e.action === "note.changed" && e.detail.change === "edited")).toBe(
      true,
    );
  });

  it("signs: who and when are recorded and audited, and the signed note is read-only", async () => {
    const { note } = await getNote();
    const before = Date.now();
    const res = await call("POST", `/api/visits/${visitId}/note/sign`, { body: { note } });
    expect(res.status).toBe(200);
    const signed = visitNoteSchema.parse(await res.json());
    expect(signed.status).toBe("signed");
    expect(signed.signed?.by).toBe("Dr. Rivera");
    expect(new Date(signed.signed!.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await getNote()).status).toBe("signed");
    expect((await trail()).filter((e) => e.action === "note.signed")).toHaveLength(1);

    const edit = structuredClone(note);
    edit.sections[0]!.sentences[0]!.text = "Changed after signing.";
    expect((await call("PUT", `/api/visits/${visitId}/note`, { body: { note: edit } })).status).toBe(409);
    expect((await call("POST", `/api/visits/${visitId}/note/sign`, { body: { note: edit } })).status).toBe(
      409,
    );
    expect((await call("POST", `/api/visits/${visitId}/note/draft`)).status).toBe(409);
    expect((await getNote()).note).toEqual(note);
  });

  it("exports the signed visit as a FHIR R4 Bundle that validates, audited as an export", async () => {
    const res = await call("GET", `/api/visits/${visitId}/fhir`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
    const bundle = (await res.json()) as Bundle;
    expect(await fhirIssues(bundle)).toEqual([]);
    const resources = (bundle.entry ?? []).map((e) => e.resource!);
    expect(resources.find((r) => r.resourceType === "Patient")).toMatchObject({
      name: [{ text: "Sam Lee" }],
    });
    const note = resources.find((r) => r.resourceType === "DocumentReference");
    expect(note).toMatchObject({ docStatus: "final", authenticator: { display: "Dr. Rivera" } });
    const text = Buffer.from(
      (note as { content: { attachment: { data: string } }[] }).content[0]!.attachment.data,
      "base64",
    ).toString();
    expect(text).toContain("Sam is a 40-year-old man with a cough.");
    expect(resources.map((r) => r.resourceType)).toEqual(
      expect.arrayContaining(["Condition", "MedicationStatement", "AllergyIntolerance", "Provenance"]),
    );
    const exports = (await trail()).filter((e) => e.action === "export" && e.detail.format === "fhir-r4");
    expect(exports).toHaveLength(1);
  });
});
