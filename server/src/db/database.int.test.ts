import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, openTestDatabase } from "../../test/harness.js";
import { createClinicianRepository } from "../auth/clinician.repository.js";
import { createSessionRepository } from "../auth/session.repository.js";
import { createVisitRepository } from "../visits/visit.repository.js";
import { checkDatabase, migrateToLatest, type Database } from "./database.js";

describe.each(databaseKinds)("storage on %s", (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ db, drop } = await openTestDatabase(kind)));
  afterAll(() => drop());

  it("has applied every migration, and applying again changes nothing", async () => {
    await migrateToLatest(db);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(["0001-init"]);
    expect(await checkDatabase(db)).toBe("ok");
  });

  it("stores clinicians with unique, case-insensitive emails", async () => {
    const clinicians = createClinicianRepository(db);
    const created = await clinicians.create({
      email: "Ana@Example.org",
      displayName: "Dr. Ana",
      passwordHash: "h",
    });
    expect(created.email).toBe("ana@example.org");
    expect((await clinicians.findByEmail("ANA@example.org"))?.id).toBe(created.id);
    await expect(
      clinicians.create({ email: "ana@example.org", displayName: "x", passwordHash: "h" }),
    ).rejects.toThrow();
  });

  it("keeps only a hash of session tokens, and expired or revoked sessions do not authenticate", async () => {
    const clinician = await createClinicianRepository(db).create({
      email: `s-${kind}@x.org`,
      displayName: "S",
      passwordHash: "h",
    });
    const sessions = createSessionRepository(db, 60_000);
    const { token } = await sessions.create(clinician.id);
    expect(await sessions.clinicianIdFor(token)).toBe(clinician.id);
    const stored = await db.selectFrom("sessions").select("token_hash").execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    await sessions.revoke(token);
    expect(await sessions.clinicianIdFor(token)).toBeUndefined();

    const expired = createSessionRepository(db, -1);
    const old = await expired.create(clinician.id);
    expect(await sessions.clinicianIdFor(old.token)).toBeUndefined();
    expect(await sessions.deleteExpired()).toBeGreaterThanOrEqual(1);
  });

  it("enforces the visit state and role vocabularies in the schema", async () => {
    const clinician = await createClinicianRepository(db).create({
      email: `v-${kind}@x.org`,
      displayName: "V",
      passwordHash: "h",
    });
    const visit = await db
      .insertInto("visits")
      .values({
        clinician_id: clinician.id,
        patient_display_name: "Pat",
        preferred_language: "en",
        interpreter_needed: false,
        scheduled_at: new Date(),
      })
      .returning(["id", "state"])
      .executeTakeFirstOrThrow();
    expect(visit.state).toBe("scheduled");
    await expect(
      db
        .updateTable("visits")
        .set({ state: "paused" as never })
        .where("id", "=", visit.id)
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto("participants")
        .values({ visit_id: visit.id, role: "scribe" as never, display_name: "x" })
        .execute(),
    ).rejects.toThrow();
  });

  it("lists only this clinician's waiting participants, longest wait first", async () => {
    const clinicians = createClinicianRepository(db);
    const mine = await clinicians.create({ email: `q-${kind}@x.org`, displayName: "Q", passwordHash: "h" });
    const other = await clinicians.create({ email: `o-${kind}@x.org`, displayName: "O", passwordHash: "h" });
    const visits = createVisitRepository(db);
    expect(await visits.waitingQueue(mine.id)).toEqual([]);

    const addVisit = (clinicianId: string) =>
      db
        .insertInto("visits")
        .values({
          clinician_id: clinicianId,
          patient_display_name: "P",
          preferred_language: "en",
          interpreter_needed: false,
          scheduled_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const v1 = await addVisit(mine.id);
    const v2 = await addVisit(other.id);
    const now = Date.now();
    await db
      .insertInto("participants")
      .values([
        {
          visit_id: v1.id,
          role: "patient",
          display_name: "Later",
          state: "waiting",
          waiting_since: new Date(now - 1_000),
        },
        {
          visit_id: v1.id,
          role: "interpreter",
          display_name: "Earlier",
          state: "waiting",
          waiting_since: new Date(now - 60_000),
        },
        { visit_id: v1.id, role: "patient", display_name: "Invited only", state: "invited" },
        {
          visit_id: v2.id,
          role: "patient",
          display_name: "Someone else's",
          state: "waiting",
          waiting_since: new Date(now),
        },
      ])
      .execute();
    const queue = await visits.waitingQueue(mine.id);
    expect(queue.map((e) => e.displayName)).toEqual(["Earlier", "Later"]);
    expect(queue[0]?.role).toBe("interpreter");
  });
});
