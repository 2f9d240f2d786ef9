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
