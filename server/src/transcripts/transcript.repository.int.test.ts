import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { databaseKinds, openTestDatabase } from "../../test/harness.js";
import { createScribeRepository } from "../scribe/scribe.repository.js";
import { createTranscriptRepository } from "./transcript.repository.js";

describe.each(databaseKinds)("transcript repository on %s", (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  let visitId: string;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(kind));
    const c = await db
      .insertInto("clinicians")
      .values({
        email: "t@example.org",
        display_name: "Dr. T",
        password_hash: "x",
        clinic_id: (await db.selectFrom("clinics").select("id").executeTakeFirstOrThrow()).id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const v = await db
      .insertInto("visits")
      .values({
        clinician_id: c.id,
        patient_display_name: "Sam",
        preferred_language: "en",
        interpreter_needed: false,
        scheduled_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    visitId = v.id;
  });
  afterAll(() => drop());

  it("stores segments and lists them in call-time order, not insertion order", async () => {
    const repo = createTranscriptRepository(db);
    const base = {
      visitId,
      participantIdentity: "clinician-x",
      participantId: null,
      role: "clinician" as const,
      confidence: 0.9,
      engine: "local",
      status: "ok" as const,
    };
    await repo.insert({ ...base, startMs: 5_000, endMs: 6_000, text: "second" });
    await repo.insert({ ...base, startMs: 1_000, endMs: 2_500, text: "first" });
    const failed = await repo.insert({
      ...base,
      startMs: 9_000,
      endMs: 8_000,
      text: "",
      confidence: null,
      status: "failed",
      failureReason: "timeout",
    });
    expect(failed?.end_ms).toBe(9_000);
    expect(failed?.failure_reason).toBe("timeout");
    const rows = await repo.listByVisit(visitId);
    expect(rows.map((r) => r.text)).toEqual(["first", "second", ""]);
    expect(rows[0]?.confidence).toBeCloseTo(0.9);
    expect(await repo.listByVisit("00000000-0000-4000-8000-000000000000")).toEqual([]);
  });

  it("keeps one segment of words two scribe jobs both heard (a worker's hand-over): the longer, a transcription before a gap, whichever arrives first", async () => {
    const repo = createTranscriptRepository(db);
    const identity = `clinician-${randomUUID()}`;
    const say = (startMs: number, endMs: number, text: string, status: "ok" | "failed" = "ok") =>
      repo.insert({
        id: randomUUID(),
        visitId,
        participantIdentity: identity,
        participantId: null,
        role: "clinician",
        startMs,
        endMs,
        text,
        confidence: status === "ok" ? 0.9 : null,
        engine: "test",
        status,
        ...(status === "failed" && { failureReason: "timeout" }),
      });
    const stored = async () =>
      (await repo.listByVisit(visitId))
        .filter((s) => s.participant_identity === identity)
        .map((s) => `${s.start_ms}-${s.end_ms} ${s.status} ${s.text}`);

    // The stopping worker's job heard the whole sentence; the new one joined mid-sentence.
    expect(await say(20_000, 22_000, "what brings you in today")).toBeDefined();
    expect(await say(21_200, 22_050, "in today")).toBeUndefined();
    // The other way round: the cut one stored first is replaced by the whole one.
    expect(await say(31_200, 32_050, "in today")).toBeDefined();
    expect(await say(30_000, 32_000, "what brings you in today")).toBeDefined();
    // The old job's cut copy holds the sentence's first word, the new one all of it: a cut copy
    // shares little of its time but lies within the whole one, each job timing it by its own clock.
    expect(await say(80_000, 80_760, "take")).toBeDefined();
    expect(await say(80_240, 83_000, "take the tablets with food")).toBeDefined();
    expect(await say(90_240, 93_000, "take the tablets with food")).toBeDefined();
    expect(await say(90_000, 90_760, "take")).toBeUndefined();
    // Each job holds a part the other lacks (the old one cut at its end, the new one joined late):
    // both are kept, or that part's words are lost.
    expect(await say(70_000, 72_000, "what brings you")).toBeDefined();
    expect(await say(71_000, 73_000, "brings you in today")).toBeDefined();
    // Both jobs heard it whole and store it at the same moment (each job's clock a little apart).
    await Promise.all([
      say(40_000, 41_500, "take them with food"),
      say(40_080, 41_580, "take them with food"),
    ]);
    // Not the same words: consecutive sentences whose times touch across the two jobs' clocks.
    await say(50_000, 51_500, "it hurts");
    await say(51_300, 53_000, "when I climb the stairs");
    // A gap (speech the engine failed on) gives way to the other job's transcription of it.
    await say(60_000, 61_500, "", "failed");
    await say(60_050, 61_400, "twice a day");
    expect(await say(60_000, 61_600, "", "failed")).toBeUndefined();

    const rows = await stored();
    expect(rows.filter((r) => r.startsWith("4"))).toHaveLength(1);
    expect(rows.filter((r) => !r.startsWith("4"))).toEqual([
      "20000-22000 ok what brings you in today",
      "30000-32000 ok what brings you in today",
      "50000-51500 ok it hurts",
      "51300-53000 ok when I climb the stairs",
      "60050-61400 ok twice a day",
      "70000-72000 ok what brings you",
      "71000-73000 ok brings you in today",
      "80240-83000 ok take the tablets with food",
      "90240-93000 ok take the tablets with food",
    ]);
    // Another person talking over them is not a duplicate.
    expect(
      await repo.insert({
        visitId,
        participantIdentity: `other-${identity}`,
        participantId: null,
        role: "other",
        startMs: 20_000,
        endMs: 22_000,
        text: "sorry, go on",
        confidence: 0.9,
        engine: "test",
        status: "ok",
      }),
    ).toBeDefined();
  });

  it("rejects a role outside the shared set at the database", async () => {
    await expect(
      db
        .insertInto("transcript_segments")
        .values({
          visit_id: visitId,
          participant_identity: "x",
          participant_id: null,
          role: "robot" as never,
          start_ms: 0,
          end_ms: 1,
          text: "hi",
          confidence: null,
          engine: "local",
          status: "ok",
          failure_reason: null,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it("stores nothing of a guest once they withdrew, even racing the withdrawal and its deletion (issue 24, finding 6)", async () => {
    const repo = createTranscriptRepository(db);
    const guest = await db
      .insertInto("participants")
      .values({
        visit_id: visitId,
        role: "patient",
        display_name: "Sam",
        scribe_consent: "granted",
        scribe_consent_at: new Date(),
        device_check: JSON.stringify({}),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const say = (i: number) =>
      repo.insert({
        id: randomUUID(),
        visitId,
        participantIdentity: guest.id,
        participantId: guest.id,
        role: "patient",
        startMs: i * 1_000,
        endMs: i * 1_000 + 500,
        text: `utterance ${i}`,
        confidence: 0.9,
        engine: "test",
        status: "ok",
      });
    const theirs = async () =>
      (
        await db
          .selectFrom("transcript_segments")
          .select("id")
          .where("participant_id", "=", guest.id)
          .execute()
      ).length;
    expect(await say(0)).toBeDefined();
    // Inserts keep arriving (a scribe worker's outbox) while the guest withdraws and deletes.
    const writes: Array<Promise<unknown>> = [];
    for (let i = 1; i <= 20; i++) writes.push(say(i));
    const forget = (async () => {
      await createScribeRepository(db).record(visitId, {
        actorIdentity: guest.id,
        actorRole: "patient",
        action: "withdraw",
        scope: "self",
      });
      await repo.deleteBySpeaker(visitId, guest.id);
    })();
    for (let i = 21; i <= 40; i++) writes.push(say(i));
    await Promise.all([forget, ...writes]);
    expect(await theirs()).toBe(0);
    expect(await say(41)).toBeUndefined();
    expect(await theirs()).toBe(0);
  });
});
