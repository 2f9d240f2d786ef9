import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, openTestDatabase } from "../../test/harness.js";
import { createClinicianRepository } from "../auth/clinician.repository.js";
import { createSessionRepository } from "../auth/session.repository.js";
import { createPresenceRepository } from "../presence/presence.repository.js";
import { hashSecret } from "../access/access.secrets.js";
import { createVisitRepository } from "../visits/visit.repository.js";
import { canTransition } from "../visits/visit.states.js";
import { visitStates } from "@bedside/shared";
import { checkDatabase, migrateToLatest, migrations, openDatabase, type Database } from "./database.js";

describe("an embedded database made without PL/pgSQL", () => {
  it("is migrated all the same, and its audit trail is append-only", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    try {
      await sql`drop extension plpgsql`.execute(db);
      await migrateToLatest(db);
      await sql`insert into audit_events (actor_kind, action) values ('system', 'test')`.execute(db);
      await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    } finally {
      await db.destroy();
    }
  });
});

describe.each(databaseKinds)("storage on %s", (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  // Migrated here, not copied from the run's migrated template: these tests are the migrations'.
  beforeAll(async () => ({ db, drop } = await openTestDatabase(kind, { fresh: true })));
  afterAll(() => drop());

  it("has applied every migration, and applying again changes nothing", async () => {
    await migrateToLatest(db);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await checkDatabase(db)).toBe("ok");
  });

  it("refuses TRUNCATE on the audit trail, as it refuses UPDATE and DELETE (issue 24, finding 16)", async () => {
    await sql`insert into audit_events (actor_kind, action) values ('system', 'test')`.execute(db);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    const n = await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(db);
    expect(n.rows[0]!.n).toBeGreaterThan(0);
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
    expect((await sessions.sessionFor(token))?.principal).toEqual({
      userId: clinician.id,
      clinicId: clinician.clinicId,
      roles: ["clinician"],
    });
    const stored = await db.selectFrom("sessions").select("token_hash").execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    await sessions.revoke(token);
    expect(await sessions.sessionFor(token)).toBeUndefined();

    const expired = createSessionRepository(db, -1);
    const old = await expired.create(clinician.id);
    expect(await sessions.sessionFor(old.token)).toBeUndefined();
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

  it("moves a visit through its states only along the transitions in visit.states.ts", async () => {
    const clinician = await createClinicianRepository(db).create({
      email: `t-${kind}@x.org`,
      displayName: "T",
      passwordHash: "h",
    });
    const visits = createVisitRepository(db);
    const visit = await newVisit(clinician.id);
    // Every pair of states, from a visit really in `from`: the repository moves it exactly when
    // the table allows, and otherwise leaves it where it was.
    for (const from of visitStates) {
      for (const to of visitStates) {
        await db.updateTable("visits").set({ state: from }).where("id", "=", visit.id).execute();
        const moved = await visits.transition(visit.id, to);
        expect({ from, to, moved }).toEqual({ from, to, moved: canTransition(from, to) });
        const row = await visits.findForClinician(visit.id, clinician.id);
        expect(row?.state).toBe(moved ? to : from);
      }
    }
    // What the table says, spelled out: forward only, and ended is final.
    expect(visitStates.filter((to) => canTransition("ended", to))).toEqual([]);
    expect(visitStates.filter((from) => canTransition(from, "scheduled"))).toEqual([]);
    expect(visitStates.filter((from) => canTransition(from, "in_call"))).toEqual(["scheduled", "waiting"]);

    // A real visit's life: the start and end are stamped as it moves.
    const life = await newVisit(clinician.id);
    expect(await visits.transition(life.id, "waiting")).toBe(true);
    expect(await visits.transition(life.id, "in_call")).toBe(true);
    expect(await visits.transition(life.id, "ended")).toBe(true);
    expect(await visits.transition(life.id, "in_call")).toBe(false);
    const row = await visits.findForClinician(life.id, clinician.id);
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
    await visits.issueLink(visit.id, "patient", hashSecret("first-secret"), expires);
    await visits.issueLink(visit.id, "patient", hashSecret("second-secret"), expires);
    expect((await visits.findLink(hashSecret("first-secret")))?.revokedAt).toBeInstanceOf(Date);
    const second = await visits.findLink(hashSecret("second-secret"));
    expect(second).toMatchObject({ role: "patient", visitId: visit.id, revokedAt: null, clinicianName: "L" });
    expect(await visits.findLink(hashSecret("unknown-secret"))).toBeUndefined();
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
      await visits.issueLink(visit.id, role, hashSecret(secret), new Date(Date.now() + 3600_000));
      const link = (await visits.findLink(hashSecret(secret)))!;
      const { participantId } = await visits.checkIn(
        link,
        { displayName: name, scribeConsent: "granted", deviceCheck },
        hashSecret(`${name}-token`),
      );
      return participantId;
    };
    const first = await join(mine.id, "First", "interpreter");
    const second = await join(mine.id, "Second", "patient");
    await join(mine.id, "Checked in only", "patient");
    const elsewhere = await join(other.id, "Someone else's", "patient");
    const firstSince = await visits.markWaiting(first);
    await visits.markWaiting(second);
    await visits.markWaiting(elsewhere);
    expect(await visits.markWaiting(first)).toEqual(firstSince);

    await createPresenceRepository(db).setConnections([first], "reconnecting");
    const queue = await visits.guestsIn(mine.id, "waiting");
    expect(queue.map((e) => [e.displayName, e.role, e.connection])).toEqual([
      ["First", "interpreter", "reconnecting"],
      ["Second", "patient", "online"],
    ]);
    expect(queue[0]).toMatchObject({ scribeConsent: "granted", deviceCheck, interpreterNeeded: true });
    const found = await visits.findGuestsByHashes([hashSecret("Second-token"), hashSecret("First-token")]);
    expect(found.map((g) => g.id).sort()).toEqual([first, second].sort());
  });
});

describe("embedded PGlite under a queue of queries", () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ db, drop } = await openTestDatabase("pglite")));
  afterAll(() => drop());

  // PGlite answers synchronously: without a turn of the event loop between queries, 300 queued
  // ones would all run before a timer or a socket is served (pings stop; connections drop).
  it("lets timers and I/O run between queued queries", async () => {
    let done = 0;
    const queries = Array.from({ length: 300 }, () => sql`select 1`.execute(db).then(() => void done++));
    const doneWhenTimerRan = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    await Promise.all(queries);
    expect(done).toBe(300);
    expect(doneWhenTimerRan).toBeLessThan(10);
  });
});
