import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, openTestDatabase } from "../../test/harness.js";
import { createClinicianRepository } from "../auth/clinician.repository.js";
import { createSessionRepository } from "../auth/session.repository.js";
import { createPresenceRepository } from "../presence/presence.repository.js";
import { createVisitRepository } from "../visits/visit.repository.js";
import { checkDatabase, migrateToLatest, migrations, type Database } from "./database.js";

describe.each(databaseKinds)("storage on %s", (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ db, drop } = await openTestDatabase(kind)));
  afterAll(() => drop());

  it("has applied every migration, and applying again changes nothing", async () => {
    await migrateToLatest(db);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
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

  const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 12 } as const;
  const newVisit = (clinicianId: string, interpreterNeeded = false) =>
    createVisitRepository(db).create(clinicianId, {
      patientDisplayName: "Pat",
      preferredLanguage: "en",
      interpreterNeeded,
      scheduledAt: new Date().toISOString(),
    });

  it("enforces the visit state and role vocabularies in the schema", async () => {
    const clinician = await createClinicianRepository(db).create({
      email: `v-${kind}@x.org`,
      displayName: "V",
      passwordHash: "h",
    });
    const visit = await newVisit(clinician.id);
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
        .insertInto("visit_links")
        .values({ visit_id: visit.id, role: "scribe" as never, token_hash: "x", expires_at: new Date() })
        .execute(),
    ).rejects.toThrow();
  });

  it("moves a visit through its states only along allowed transitions", async () => {
    const clinician = await createClinicianRepository(db).create({
      email: `t-${kind}@x.org`,
      displayName: "T",
      passwordHash: "h",
    });
    const visits = createVisitRepository(db);
    const visit = await newVisit(clinician.id);
    expect(await visits.transition(visit.id, ["in_call"], "ended")).toBe(false);
    expect(await visits.transition(visit.id, ["scheduled", "waiting"], "in_call")).toBe(true);
    expect(await visits.transition(visit.id, ["scheduled", "waiting", "in_call"], "ended")).toBe(true);
    // Ended is final: nothing moves it again.
    expect(await visits.transition(visit.id, ["scheduled", "waiting"], "in_call")).toBe(false);
    const row = await visits.findForClinician(visit.id, clinician.id);
    expect(row?.state).toBe("ended");
    expect(row?.started_at).toBeInstanceOf(Date);
    expect(row?.ended_at).toBeInstanceOf(Date);
  });

  it("finds links by secret, and a reissued link revokes the earlier one", async () => {
    const clinician = await createClinicianRepository(db).create({
      email: `l-${kind}@x.org`,
      displayName: "L",
      passwordHash: "h",
    });
    const visits = createVisitRepository(db);
    const visit = await newVisit(clinician.id);
    const expires = new Date(Date.now() + 3600_000);
    await visits.issueLink(visit.id, "patient", "first-secret", expires);
    await visits.issueLink(visit.id, "patient", "second-secret", expires);
    expect((await visits.findLink("first-secret"))?.revokedAt).toBeInstanceOf(Date);
    const second = await visits.findLink("second-secret");
    expect(second).toMatchObject({ role: "patient", visitId: visit.id, revokedAt: null, clinicianName: "L" });
    expect(await visits.findLink("unknown-secret")).toBeUndefined();
    const stored = await db.selectFrom("visit_links").select("token_hash").execute();
    expect(stored.map((l) => l.token_hash)).not.toContain("second-secret");
  });

  it("lists only this clinician's waiting participants, longest wait first, keeping a wait start on rejoin", async () => {
    const clinicians = createClinicianRepository(db);
    const mine = await clinicians.create({ email: `q-${kind}@x.org`, displayName: "Q", passwordHash: "h" });
    const other = await clinicians.create({ email: `o-${kind}@x.org`, displayName: "O", passwordHash: "h" });
    const visits = createVisitRepository(db);
    expect(await visits.guestsIn(mine.id, "waiting")).toEqual([]);

    const join = async (clinicianId: string, name: string, role: "patient" | "interpreter") => {
      const visit = await newVisit(clinicianId, role === "interpreter");
      const secret = `${name}-link`;
      await visits.issueLink(visit.id, role, secret, new Date(Date.now() + 3600_000));
      const link = (await visits.findLink(secret))!;
      return visits.addParticipant(
        link,
        { displayName: name, scribeConsent: "granted", deviceCheck },
        `${name}-token`,
      );
    };
    const first = await join(mine.id, "First", "interpreter");
    const second = await join(mine.id, "Second", "patient");
    await join(mine.id, "Checked in only", "patient");
    const elsewhere = await join(other.id, "Someone else's", "patient");
    const firstSince = await visits.markWaiting(first);
    await visits.markWaiting(second);
    await visits.markWaiting(elsewhere);
    expect(await visits.markWaiting(first)).toEqual(firstSince);

    await createPresenceRepository(db).setConnection(first, "reconnecting");
    const queue = await visits.guestsIn(mine.id, "waiting");
    expect(queue.map((e) => [e.displayName, e.role, e.connection])).toEqual([
      ["First", "interpreter", "reconnecting"],
      ["Second", "patient", "online"],
    ]);
    expect(queue[0]).toMatchObject({ scribeConsent: "granted", deviceCheck, interpreterNeeded: true });
    expect((await visits.findGuestBySecret("Second-token"))?.id).toBe(second);
  });
});
