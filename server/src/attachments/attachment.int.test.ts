// The patient's photos and documents (issue 30), over real HTTP (multipart) and socket.io clients
// against the real app and database: what is kept of each kind of file, what is refused and that a
// refusal stores nothing, the visit's limits, who may read them, the audit trail and the FHIR export.
import { readFileSync } from "node:fs";
import { ATTACHMENT_LIMITS, attachmentListSchema, attachmentSchema } from "@bedside/shared";
import type { Media, DocumentReference } from "@medplum/fhirtypes";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fhirIssues } from "../../tools/notes/fhir.validate.js";
import { jsonOf, socketClients, startTestApp, type TestApp, createVisit } from "../../test/harness.js";
import { visitBundle } from "../notes/fhir.bundle.js";
import { createAttachmentRepository } from "./attachment.repository.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

let t: TestApp;
const clients = socketClients(() => t.url);

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_SCALE: "100" });
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

async function staff(email: string) {
  const c = await t.app.repos.clinicians.create({ email, displayName: "Dr. Files", passwordHash: "x" });
  return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
}

/** A new visit of the clinician's with its patient (and interpreter) checked in. */
async function visitWithGuests(cookie: string) {
  const { visit, links } = await createVisit(t.url, cookie, true);
  const checkIn = async (role: string) => {
    const secret = links.find((l) => l.role === role)!.url.split("/join/")[1]!;
    const r = await fetch(`${t.url}/api/join/${secret}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: role, scribeConsent: "granted", deviceCheck }),
    });
    expect(r.status).toBe(201);
    return ((await r.json()) as { participantToken: string }).participantToken;
  };
  return { visitId: visit.id, patient: await checkIn("patient"), interpreter: await checkIn("interpreter") };
}

const upload = (
  token: string | undefined,
  bytes: Uint8Array,
  name: string,
  type = "application/octet-stream",
) => {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type }), name);
  return fetch(`${t.url}/api/guest/attachments`, {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
};

const stored = async (visitId: string) =>
  (await t.db.selectFrom("visit_attachments").select("id").where("visit_id", "=", visitId).execute()).length;

/** A photo as a phone takes it: JPEG with the camera's make and the place it was taken in its EXIF. */
const photoWithLocation = () =>
  sharp({ create: { width: 120, height: 90, channels: 3, background: "#c84" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "CameraModel" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "40/1 26/1 46/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "79/1 58/1 56/1",
      },
    })
    .toBuffer();

async function aPdf() {
  const doc = await PDFDocument.create();
  doc.addPage([300, 200]).drawText("Lab results from another doctor", { x: 20, y: 100, size: 12 });
  return Buffer.from(await doc.save());
}

describe("a photo or document from the patient", () => {
  it("re-encodes a JPEG without its EXIF (location gone), tells the clinician, and audits each opening", async () => {
    const dr = await staff("photo@example.org");
    const v = await visitWithGuests(dr.cookie);
    const clinician = clients.open({ cookie: dr.cookie });
    await new Promise<void>((resolve) => clinician.on("connect", resolve));
    const announced = new Promise((resolve) => clinician.once("attachment:added", resolve));

    const original = await photoWithLocation();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(v.patient, original, "rash.jpg", "image/jpeg");
    expect(res.status).toBe(201);
    const sent = attachmentSchema.parse(await res.json());
    expect(sent).toMatchObject({ visitId: v.visitId, contentType: "image/jpeg", senderRole: "patient" });
    expect(sent).toMatchObject({ width: 120, height: 90 });
    expect(await announced).toEqual(sent);

    const list = attachmentListSchema.parse(
      await (
        await fetch(`${t.url}/api/visits/${v.visitId}/attachments`, { headers: { cookie: dr.cookie } })
      ).json(),
    );
    expect(list.attachments).toEqual([sent]);

    const file = await fetch(`${t.url}/api/visits/${v.visitId}/attachments/${sent.id}`, {
      headers: { cookie: dr.cookie },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(file.headers.get("content-disposition")).toMatch(/^inline/);
    const bytes = Buffer.from(await file.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 120, height: 90 });
    expect(meta.exif).toBeUndefined();
    for (const trace of ["Exif", "PhoneMaker", "CameraModel"]) expect(bytes.includes(trace)).toBe(false);
    // The clinician's page asks again after a failed load (`?try=1`): the same file, opened again.
    const again = await fetch(`${t.url}/api/visits/${v.visitId}/attachments/${sent.id}?try=1`, {
      headers: { cookie: dr.cookie },
    });
    expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes);

    const trail = (await jsonOf(
      await fetch(`${t.url}/api/visits/${v.visitId}/audit`, { headers: { cookie: dr.cookie } }),
    )) as { events: { action: string; actor: { kind: string }; detail: Record<string, unknown> }[] };
    const opening = expect.objectContaining({
      actor: expect.objectContaining({ kind: "clinician" }),
      detail: { attachmentId: sent.id, contentType: "image/jpeg" },
    });
    expect(trail.events.filter((e) => e.action === "attachment.read")).toEqual([opening, opening]);
    expect(trail.events.some((e) => e.action === "attachment.sent" && e.actor.kind === "patient")).toBe(true);
  });

  it("decodes an iPhone's HEIC into a JPEG and keeps a PNG a PNG", async () => {
    const dr = await staff("heic@example.org");
    const v = await visitWithGuests(dr.cookie);
    // A 64×48 HEIC (HEVC) picture made with libheif's heif-enc (x265), 577 bytes.
    const heic = readFileSync(new URL("./fixtures/photo.heic", import.meta.url));
    const res = await upload(v.patient, heic, "IMG_0001.HEIC", "image/heic");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ contentType: "image/jpeg", width: 64, height: 48 });

    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: "#00f8" } })
      .png()
      .toBuffer();
    const p = await upload(v.patient, png, "screenshot.png");
    expect(p.status).toBe(201);
    expect(await p.json()).toMatchObject({ contentType: "image/png", width: 10, height: 10 });
  });

  it("keeps a PDF as sent and serves it as a download", async () => {
    const dr = await staff("pdf@example.org");
    const v = await visitWithGuests(dr.cookie);
    const pdf = await aPdf();
    const res = await upload(v.patient, pdf, "results.pdf", "application/pdf");
    expect(res.status).toBe(201);
    const sent = attachmentSchema.parse(await res.json());
    expect(sent).toMatchObject({ contentType: "application/pdf", sizeBytes: pdf.length });
    const file = await fetch(`${t.url}/api/visits/${v.visitId}/attachments/${sent.id}`, {
      headers: { cookie: dr.cookie },
    });
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(
      /^attachment; filename="visit-attachment-.*\.pdf"$/,
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it("refuses by the bytes, not the name, with a reason the page can word, and stores nothing", async () => {
    const dr = await staff("refuse@example.org");
    const v = await visitWithGuests(dr.cookie);
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(2000, 7)]);
    const photo = await photoWithLocation();
    const cases: Array<[Uint8Array, string, number, string]> = [
      [exe, "photo.jpg", 415, "unsupported_type"],
      [Buffer.from("just some text, called a PDF"), "letter.pdf", 415, "unsupported_type"],
      // A JPEG's start and nothing after: the kind is right, the picture cannot be read.
      [photo.subarray(0, 200), "cut.jpg", 422, "unreadable"],
      [
        Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot a document\n", "latin1"),
        "broken.pdf",
        422,
        "unreadable",
      ],
      [Buffer.alloc(ATTACHMENT_LIMITS.maxBytes + 1, 0xff), "huge.jpg", 413, "too_large"],
    ];
    for (const [bytes, name, status, reason] of cases) {
      const res = await upload(v.patient, bytes, name, "image/jpeg");
      expect({ name, status: res.status }).toEqual({ name, status });
      expect((await jsonOf(res)).error.reason).toBe(reason);
    }
    // A JSON body, no body, no token, a guest token that is not one: nothing is read.
    const json = await fetch(`${t.url}/api/guest/attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${v.patient}`, "content-type": "application/json" },
      body: JSON.stringify({ file: "x" }),
    });
    expect(json.status).toBe(400);
    expect((await upload(undefined, photo, "a.jpg")).status).toBe(401);
    expect((await upload("not-a-token", photo, "a.jpg")).status).toBe(401);
    // The interpreter translates; the photos are the patient's to send.
    expect((await upload(v.interpreter, photo, "a.jpg")).status).toBe(403);
    expect(await stored(v.visitId)).toBe(0);
  });

  it("holds each visit to its count, and refuses once the visit has ended", async () => {
    const dr = await staff("limits@example.org");
    const v = await visitWithGuests(dr.cookie);
    const participant = await t.db
      .selectFrom("participants")
      .select("id")
      .where("visit_id", "=", v.visitId)
      .where("role", "=", "patient")
      .executeTakeFirstOrThrow();
    const tiny = await sharp({ create: { width: 2, height: 2, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    await t.db
      .insertInto("visit_attachments")
      .values(
        Array.from({ length: ATTACHMENT_LIMITS.perVisitCount }, () => ({
          visit_id: v.visitId,
          sender_participant_id: participant.id,
          sender_role: "patient" as const,
          content_type: "image/png" as const,
          size_bytes: tiny.length,
          bytes: tiny,
        })),
      )
      .execute();
    const full = await upload(v.patient, tiny, "one-more.png");
    expect(full.status).toBe(409);
    expect((await jsonOf(full)).error.reason).toBe("too_many");
    expect(await stored(v.visitId)).toBe(ATTACHMENT_LIMITS.perVisitCount);

    const other = await visitWithGuests(dr.cookie);
    await t.db
      .updateTable("visits")
      .set({ state: "ended", ended_at: new Date() })
      .where("id", "=", other.visitId)
      .execute();
    expect((await upload(other.patient, tiny, "late.png")).status).toBe(410);
    expect(await stored(other.visitId)).toBe(0);
  });

  it("is the visit's clinician's alone to read", async () => {
    const dr = await staff("mine@example.org");
    const stranger = await staff("stranger@example.org");
    const v = await visitWithGuests(dr.cookie);
    const sent = attachmentSchema.parse(await (await upload(v.patient, await aPdf(), "a.pdf")).json());
    for (const path of [
      `/api/visits/${v.visitId}/attachments`,
      `/api/visits/${v.visitId}/attachments/${sent.id}`,
    ]) {
      expect((await fetch(`${t.url}${path}`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
      expect((await fetch(`${t.url}${path}`)).status).toBe(401);
      expect(
        (await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${v.patient}` } })).status,
      ).toBe(401);
    }
    // Another visit's attachment id under this visit is not found either.
    const w = await visitWithGuests(dr.cookie);
    expect(
      (
        await fetch(`${t.url}/api/visits/${w.visitId}/attachments/${sent.id}`, {
          headers: { cookie: dr.cookie },
        })
      ).status,
    ).toBe(404);
  });

  it("goes into the FHIR Bundle as Media (photos) and DocumentReference (PDFs), which validates", async () => {
    const dr = await staff("fhir@example.org");
    const v = await visitWithGuests(dr.cookie);
    const photo = attachmentSchema.parse(
      await (await upload(v.patient, await photoWithLocation(), "a.jpg")).json(),
    );
    const pdf = await aPdf();
    const doc = attachmentSchema.parse(await (await upload(v.patient, pdf, "a.pdf")).json());
    const repo = createAttachmentRepository(t.db);
    const files = await Promise.all([photo, doc].map(async (a) => (await repo.file(v.visitId, a.id))!));
    const bundle = visitBundle({
      visit: {
        id: v.visitId,
        patientDisplayName: "Pat",
        clinicianName: "Dr. Files",
        start: new Date().toISOString(),
      },
      findings: [],
      noteText: "Note.",
      summaryText: "Summary.",
      engine: "rules",
      at: new Date().toISOString(),
      attachments: files,
    });
    expect(await fhirIssues(bundle)).toEqual([]);
    const resources = (bundle.entry ?? []).map((e) => e.resource!);
    const media = resources.filter((r): r is Media => r.resourceType === "Media");
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({
      status: "completed",
      width: 120,
      height: 90,
      content: { contentType: "image/jpeg" },
    });
    const jpeg = Buffer.from(media[0]!.content.data!, "base64");
    expect((await sharp(jpeg).metadata()).exif).toBeUndefined();
    const sentDoc = resources.find(
      (r): r is DocumentReference =>
        r.resourceType === "DocumentReference" && r.content[0]?.attachment.contentType === "application/pdf",
    );
    expect(Buffer.from(sentDoc!.content[0]!.attachment.data!, "base64").equals(pdf)).toBe(true);
  });
});
