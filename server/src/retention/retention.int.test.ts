// Issue 12, finding 11: retention periods with a scheduled purge, and "delete what the AI helper
// wrote down of me" on consent withdrawal. Real app, real PGlite, real socket.io.
import { randomUUID } from "node:crypto";
import {
  type ClientToServerEvents,
  noteSectionKeys,
  type ServerToClientEvents,
  type VisitReview,
  type VisitWithLinks,
} from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, openTestDatabase, startTestApp, type TestApp } from "../../test/harness.js";
import { ConfigError, parseConfig } from "../config.js";
import { createRetentionRepository } from "./retention.repository.js";
import { createRetentionService } from "./retention.service.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };
const DAY = 86_400_000;

describe("retention and deletion", () => {
  let t: TestApp;
  let cookie: string;
  let clinicianId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      SCRIBE_ENABLED: "false",
      RETENTION_TRANSCRIPT_DAYS: "30",
      RETENTION_FINDINGS_DAYS: "60",
      RETENTION_NAMES_DAYS: "30",
      RETENTION_DEVICE_CHECK_DAYS: "1",
    });
    const c = await t.app.repos.clinicians.create({
      email: "r@example.org",
      displayName: "Dr. R",
      passwordHash: "x",
    });
    clinicianId = c.id;
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  async function visit(interpreter = false) {
    const res = await fetch(`${t.url}/api/visits`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        patientDisplayName: "Sam Lee",
        preferredLanguage: "en",
        interpreterNeeded: interpreter,
        scheduledAt: new Date().toISOString(),
      }),
    });
    const { visit: v, links } = (await res.json()) as VisitWithLinks;
    const guests = [];
    for (const link of links) {
      const r = await fetch(`${t.url}/api/join/${link.url.split("/join/")[1]}/check-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: `Guest ${link.role}`, scribeConsent: "granted", deviceCheck }),
      });
      guests.push((await r.json()) as { participantId: string; participantToken: string });
    }
    return { visitId: v.id, guests };
  }
  const say = async (visitId: string, participantId: string | null, text: string) =>
    (await t.app.repos.transcripts.insert({
      visitId,
      participantIdentity: participantId ?? `clinician-${clinicianId}`,
      participantId,
      role: participantId ? "patient" : "clinician",
      startMs: 0,
      endMs: 1000,
      text,
      confidence: 0.9,
      engine: "test",
      status: "ok",
    }))!;
  const finding = (visitId: string, evidence: Array<{ segmentId: string; quote: string }>) =>
    t.app.repos.findings.insert(visitId, {
      kind: "symptom",
      text: "Cough",
      term: null,
      details: {},
      evidence,
      source: "builtin",
    });
  const count = async (table: "transcript_segments" | "findings", visitId: string) =>
    (await t.db.selectFrom(table).select("id").where("visit_id", "=", visitId).execute()).length;

  describe("the scheduled purge", () => {
    it("clears each kind of data after its own period, only for ended visits, once", async () => {
      const old = await visit();
      const recent = await visit();
      for (const v of [old, recent]) {
        const seg = await say(v.visitId, v.guests[0]!.participantId, "I have had a cough for a week.");
        await finding(v.visitId, [{ segmentId: seg.id, quote: "a cough" }]);
        await t.app.visits.end(clinicianId, v.visitId);
        await t.db
          .insertInto("visit_notes")
          .values({
            visit_id: v.visitId,
            note: JSON.stringify({ sections: [] }),
            engine: "builtin",
            fallback_reason: null,
            signed_by: null,
            signed_at: null,
          })
          .execute();
        // A photo the patient sent (issue 30): clinical content, it goes with the findings.
        await t.db
          .insertInto("visit_attachments")
          .values({
            visit_id: v.visitId,
            sender_participant_id: v.guests[0]!.participantId,
            sender_role: "patient",
            content_type: "image/png",
            size_bytes: 3,
            bytes: Buffer.from("png"),
          })
          .execute();
      }
      const attachments = async (visitId: string) =>
        (
          await t.db
            .selectFrom("visit_attachments")
            .select("visit_id")
            .where("visit_id", "=", visitId)
            .execute()
        ).length;
      const notes = async (visitId: string) =>
        (await t.db.selectFrom("visit_notes").select("visit_id").where("visit_id", "=", visitId).execute())
          .length;
      // The old visit ended 40 days ago: past the transcript, names and device-check periods, not the findings'.
      await t.db
        .updateTable("visits")
        .set({ ended_at: new Date(Date.now() - 40 * DAY) })
        .where("id", "=", old.visitId)
        .execute();

      const totals = await t.app.retention.purge();
      expect(totals).toMatchObject({ transcripts: 1, findings: 0, names: 1, deviceChecks: 1 });
      expect(await count("transcript_segments", old.visitId)).toBe(0);
      expect(await count("findings", old.visitId)).toBe(1);
      expect(await notes(old.visitId)).toBe(1);
      expect(await attachments(old.visitId)).toBe(1);
      const v = await t.db
        .selectFrom("visits")
        .select("patient_display_name")
        .where("id", "=", old.visitId)
        .executeTakeFirstOrThrow();
      expect(v.patient_display_name).toBe("Patient");
      const p = await t.db
        .selectFrom("participants")
        .select(["display_name", "device_check"])
        .where("visit_id", "=", old.visitId)
        .executeTakeFirstOrThrow();
      expect(p).toEqual({ display_name: "Patient", device_check: {} });
      // The recent visit keeps everything.
      expect(await count("transcript_segments", recent.visitId)).toBe(1);
      expect(await count("findings", recent.visitId)).toBe(1);

      // Past the findings period too; a second run clears only what is left.
      await t.db
        .updateTable("visits")
        .set({ ended_at: new Date(Date.now() - 61 * DAY) })
        .where("id", "=", old.visitId)
        .execute();
      expect(await t.app.retention.purge()).toEqual({
        transcripts: 0,
        findings: 1,
        names: 0,
        deviceChecks: 0,
      });
      expect(await count("findings", old.visitId)).toBe(0);
      expect(await notes(old.visitId)).toBe(0);
      expect(await notes(recent.visitId)).toBe(1);
      expect(await attachments(old.visitId)).toBe(0);
      expect(await attachments(recent.visitId)).toBe(1);
      expect(await t.app.retention.purge()).toEqual({
        transcripts: 0,
        findings: 0,
        names: 0,
        deviceChecks: 0,
      });

      // Each purge is on the visit's audit trail, by the system.
      const trail = await jsonOf(
        await fetch(`${t.url}/api/visits/${old.visitId}/audit`, { headers: { cookie } }),
      );
      const purged = (
        trail.events as Array<{ action: string; actor: { kind: string }; detail: { kind: string } }>
      )
        .filter((e) => e.action === "retention.purged")
        .map((e) => [e.actor.kind, e.detail.kind]);
      expect(purged).toEqual(
        expect.arrayContaining([
          ["system", "transcripts"],
          ["system", "names"],
          ["system", "deviceChecks"],
          ["system", "findings"],
        ]),
      );
    });

    it("keeps running on its timer after a failed run: errors are logged, never thrown", async () => {
      const broken = await openTestDatabase("pglite");
      await broken.drop(); // every query now fails
      const errors: string[] = [];
      const log = {
        info: () => {},
        error: (o: { err: string }) => errors.push(o.err),
      } as unknown as FastifyBaseLogger;
      const service = createRetentionService({
        config: { transcriptDays: 1, findingsDays: 1, namesDays: 1, deviceCheckDays: 1, purgeIntervalMs: 20 },
        repo: createRetentionRepository(broken.db),
        audit: { record: async () => {} },
        log,
      });
      service.start();
      const deadline = Date.now() + 5_000;
      while (errors.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await service.close();
      // It kept running after the first failure: each tick is independent.
      expect(errors.length).toBeGreaterThanOrEqual(2);
    });

    it("reads its periods from the environment, validated", () => {
      expect(parseConfig({}).retention).toEqual({
        transcriptDays: 90,
        findingsDays: 365,
        namesDays: 90,
        deviceCheckDays: 7,
        purgeIntervalMs: 3_600_000,
      });
      expect(() => parseConfig({ RETENTION_TRANSCRIPT_DAYS: "0" })).toThrow(ConfigError);
      expect(() => parseConfig({ RETENTION_NAMES_DAYS: "soon" })).toThrow(/RETENTION_NAMES_DAYS/);
    });
  });

  describe('"delete what the AI helper wrote down of me"', () => {
    const open = (participantToken: string) => {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(t.url, {
        transports: ["websocket"],
        reconnection: false,
        auth: { participantToken },
      });
      sockets.push(s);
      return s;
    };

    it("deletes the guest's segments on withdrawal, flags the findings that cited them, and records it", async () => {
      const { visitId, guests } = await visit(true);
      const [patient, interpreter] = guests;
      const mine = await say(visitId, patient!.participantId, "My chest hurts when I climb stairs.");
      const theirs = await say(visitId, null, "Let us listen to your chest.");
      const interp = await say(visitId, interpreter!.participantId, "She says it hurts on stairs.");
      const cited = await finding(visitId, [
        { segmentId: mine.id, quote: "chest hurts" },
        { segmentId: theirs.id, quote: "listen to your chest" },
      ]);
      const untouched = await finding(visitId, [{ segmentId: theirs.id, quote: "listen to your chest" }]);
      // An unsigned note (issue 14): a drafted sentence from the patient's words, one the clinician edited.
      const sections = noteSectionKeys.map((key) => ({ key, sentences: [] as object[] }));
      sections[1]!.sentences = [
        { text: "The patient reports their chest hurts when they climb stairs.", segmentIds: [mine.id] },
        { text: "Chest pain on exertion; chest examined.", segmentIds: [mine.id, theirs.id], edited: true },
      ];
      await t.db
        .insertInto("visit_notes")
        .values({
          visit_id: visitId,
          note: JSON.stringify({ sections }),
          engine: "builtin",
          fallback_reason: null,
          signed_by: null,
          signed_at: null,
        })
        .execute();

      const s = open(patient!.participantToken);
      expect((await s.emitWithAck("waiting:join", {})).ok).toBe(true);
      // Plain withdrawal deletes nothing.
      const plain = open(interpreter!.participantToken);
      expect((await plain.emitWithAck("scribe:withdraw", {})).ok).toBe(true);
      expect(await count("transcript_segments", visitId)).toBe(3);

      const ack = await s.emitWithAck("scribe:withdraw", { deleteMine: true });
      expect(ack.ok).toBe(true);
      const left = await t.db
        .selectFrom("transcript_segments")
        .select("id")
        .where("visit_id", "=", visitId)
        .execute();
      expect(left.map((r) => r.id).sort()).toEqual([theirs.id, interp.id].sort());

      const review = (await jsonOf(
        await fetch(`${t.url}/api/visits/${visitId}/review`, { headers: { cookie } }),
      )) as VisitReview;
      const flagged = review.findings.find((f) => f.id === cited.id)!;
      expect(flagged.evidenceWithdrawn).toBe(true);
      expect(flagged.evidence).toEqual([{ segmentId: theirs.id, quote: "listen to your chest" }]);
      expect(review.findings.find((f) => f.id === untouched.id)!.evidenceWithdrawn).toBeUndefined();
      expect(JSON.stringify(review)).not.toMatch(/climb stairs|chest hurts/);
      const note = await t.db
        .selectFrom("visit_notes")
        .select("note")
        .where("visit_id", "=", visitId)
        .executeTakeFirstOrThrow();
      expect(note.note.sections[1]?.sentences).toEqual([
        { text: "Chest pain on exertion; chest examined.", segmentIds: [theirs.id], edited: true },
      ]);

      const trail = await jsonOf(
        await fetch(`${t.url}/api/visits/${visitId}/audit`, { headers: { cookie } }),
      );
      expect(trail.events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: "transcript.deleted",
            actor: { kind: "patient", id: patient!.participantId },
            detail: { segments: 1, findingsFlagged: 1, noteSentencesRemoved: 1 },
          }),
        ]),
      );
    });

    it("stays deleted: a segment still being decoded or waiting in the outbox is not stored after it (issue 24, finding 6)", async () => {
      const { visitId, guests } = await visit(true);
      const [patient, interpreter] = guests;
      await say(visitId, patient!.participantId, "Before I changed my mind.");
      const s = open(patient!.participantToken);
      expect((await s.emitWithAck("scribe:withdraw", { deleteMine: true })).ok).toBe(true);
      const theirs = async (participantId: string) =>
        (
          await t.db
            .selectFrom("transcript_segments")
            .select("id")
            .where("visit_id", "=", visitId)
            .where("participant_id", "=", participantId)
            .execute()
        ).length;
      expect(await theirs(patient!.participantId)).toBe(0);
      // What the scribe worker writes next for them, as its outbox does (an id of its own): the
      // insert answers (so the outbox moves on) and stores nothing.
      await expect(
        t.app.repos.transcripts.insert({
          id: randomUUID(),
          visitId,
          participantIdentity: patient!.participantId,
          participantId: patient!.participantId,
          role: "patient",
          startMs: 5_000,
          endMs: 6_000,
          text: "Words decoded after the deletion.",
          confidence: 0.9,
          engine: "test",
          status: "ok",
        }),
      ).resolves.toBeUndefined();
      await say(visitId, patient!.participantId, "Again, without an id.");
      expect(await theirs(patient!.participantId)).toBe(0);
      // Everyone else is still written down.
      await say(visitId, interpreter!.participantId, "The interpreter still consents.");
      await say(visitId, null, "So does the clinician.");
      expect(await count("transcript_segments", visitId)).toBe(2);
    });

    it("is for guests only: a clinician's deleteMine is refused and deletes nothing", async () => {
      const { visitId } = await visit();
      await say(visitId, null, "Clinician words.");
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(t.url, {
        transports: ["websocket"],
        reconnection: false,
        extraHeaders: { cookie },
      });
      sockets.push(s);
      const ack = await s.emitWithAck("scribe:withdraw", { visitId, deleteMine: true });
      expect(ack).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await count("transcript_segments", visitId)).toBe(1);
    });
  });
});
