// Booked visits' storage (issue 28). The booking lives in the visits table (migration 0025) and
// its links in visit_links, which this domain writes with its own queries, as retention does: a
// booking, its links and its reminders stand or fall in one transaction.
import type { GuestRole } from "@bedside/shared";
import { sql, type Kysely, type Selectable } from "kysely";
import type { DatabaseSchema, VisitTable } from "../db/schema.js";
import { activeClinicians } from "../db/clinicians.query.js";

type Db = Kysely<DatabaseSchema>;

export interface NewBooking {
  clinicianId: string;
  bookedBy: string;
  patientDisplayName: string;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  email: string | null;
  phone: string | null;
  consentAt: Date | null;
  baseUrl: string;
}

/** A booked visit with the names the schedule and the messages need. */
export type BookedRow = Selectable<VisitTable> & {
  clinician_name: string;
  clinic_id: string;
  clinic_name: string;
  booked_by_name: string | null;
};

/** A schedule row: the booking plus the patient's check-in. */
export type ScheduleRow = BookedRow & { checked_in_at: Date | null };

const atomically = <T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

function booked(db: Db) {
  return db
    .selectFrom("visits as v")
    .innerJoin("clinicians as c", "c.id", "v.clinician_id")
    .innerJoin("clinics as k", "k.id", "c.clinic_id")
    .leftJoin("clinicians as b", "b.id", "v.booked_by")
    .selectAll("v")
    .select([
      "c.display_name as clinician_name",
      "c.clinic_id as clinic_id",
      "k.name as clinic_name",
      "b.display_name as booked_by_name",
    ]);
}

export function createScheduleRepository(db: Db) {
  return {
    /** Several writes that stand or fall together; `fn` gets the repository and the transaction. */
    transaction<T>(fn: (repo: ScheduleRepository, tx: Db) => Promise<T>): Promise<T> {
      return atomically(db, (tx) => fn(createScheduleRepository(tx), tx));
    },

    async book(b: NewBooking): Promise<string> {
      const row = await db
        .insertInto("visits")
        .values({
          clinician_id: b.clinicianId,
          booked_by: b.bookedBy,
          patient_display_name: b.patientDisplayName,
          preferred_language: b.preferredLanguage,
          interpreter_needed: b.interpreterNeeded,
          scheduled_at: b.startsAt,
          duration_minutes: b.durationMinutes,
          time_zone: b.timeZone,
          patient_email: b.email,
          patient_phone: b.phone,
          contact_consent_at: b.consentAt,
          link_base_url: b.baseUrl,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Adds a link (earlier ones keep working: the patient may open any message they were sent). */
    async addLink(visitId: string, role: GuestRole, tokenHash: string, expiresAt: Date): Promise<void> {
      await db
        .insertInto("visit_links")
        .values({ visit_id: visitId, role, token_hash: tokenHash, expires_at: expiresAt })
        .execute();
    },

    /** Moves the visit's links' expiry with the visit (a later visit's links must last to its end). */
    async extendLinks(visitId: string, expiresAt: Date): Promise<void> {
      await db
        .updateTable("visit_links")
        .set({ expires_at: expiresAt })
        .where("visit_id", "=", visitId)
        .where("revoked_at", "is", null)
        .where("expires_at", "<", expiresAt)
        .execute();
    },

    async find(visitId: string): Promise<BookedRow | undefined> {
      return booked(db).where("v.id", "=", visitId).executeTakeFirst();
    },

    /** Locks the visit's row for a change that depends on its current state. */
    async findForUpdate(visitId: string): Promise<Selectable<VisitTable> | undefined> {
      return db.selectFrom("visits").selectAll().where("id", "=", visitId).forUpdate().executeTakeFirst();
    },

    async reschedule(visitId: string, startsAt: Date, durationMinutes: number, timeZone: string) {
      await db
        .updateTable("visits")
        .set({ scheduled_at: startsAt, duration_minutes: durationMinutes, time_zone: timeZone })
        .where("id", "=", visitId)
        .execute();
    },

    async cancel(visitId: string, at: Date) {
      await db.updateTable("visits").set({ cancelled_at: at }).where("id", "=", visitId).execute();
    },

    /** Booked visits starting in [from, to), of one clinician or of the whole clinic, by time. */
    async day(
      scope: { clinicId: string; clinicianId?: string },
      from: Date,
      to: Date,
    ): Promise<ScheduleRow[]> {
      let q = booked(db)
        .select((eb) =>
          eb
            .selectFrom("participants as p")
            .select((e) => e.fn.min("p.created_at").as("t"))
            .whereRef("p.visit_id", "=", "v.id")
            .where("p.role", "=", "patient")
            .as("checked_in_at"),
        )
        .where("c.clinic_id", "=", scope.clinicId)
        .where("v.duration_minutes", "is not", null)
        .where("v.scheduled_at", ">=", from)
        .where("v.scheduled_at", "<", to);
      if (scope.clinicianId) q = q.where("v.clinician_id", "=", scope.clinicianId);
      const rows = await q.orderBy("v.scheduled_at").orderBy("v.id").execute();
      return rows.map((r) => ({ ...r, checked_in_at: r.checked_in_at ? new Date(r.checked_in_at) : null }));
    },

    /** Whether someone checked in as the patient and has not left. */
    async patientCheckedIn(visitId: string): Promise<boolean> {
      const row = await db
        .selectFrom("participants")
        .select("id")
        .where("visit_id", "=", visitId)
        .where("role", "=", "patient")
        .where("state", "!=", "left")
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Whether anyone checked in as the patient is connected now (online, or reconnecting within grace). */
    async patientConnected(visitId: string): Promise<boolean> {
      const row = await db
        .selectFrom("participants")
        .select("id")
        .where("visit_id", "=", visitId)
        .where("role", "=", "patient")
        .where("state", "!=", "left")
        .where("connection", "=", "online")
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Claims a reminder before it is sent: true once per visit, kind and start time, whichever
     * instance (or retry) asks first.
     */
    async claimReminder(visitId: string, kind: string, startsAt: Date): Promise<boolean> {
      const row = await db
        .insertInto("visit_reminder_claims")
        .values({ visit_id: visitId, kind, starts_at: startsAt })
        .onConflict((oc) => oc.doNothing())
        .returning(sql<number>`1`.as("claimed"))
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Forgets a claim whose message could not be handed over, so that the job's retry may send it. */
    async releaseReminder(visitId: string, kind: string, startsAt: Date): Promise<void> {
      await db
        .deleteFrom("visit_reminder_claims")
        .where("visit_id", "=", visitId)
        .where("kind", "=", kind)
        .where("starts_at", "=", startsAt)
        .execute();
    },

    /** A clinic's active clinician (someone visits can be booked with), or undefined. */
    async clinicianInClinic(clinicianId: string, clinicId: string) {
      return activeClinicians(db, clinicId)
        .select(["id", "display_name"])
        .where("id", "=", clinicianId)
        .executeTakeFirst();
    },
  };
}
// An interface (not a type alias) so that `transaction` can refer to the repository's own type.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ScheduleRepository extends ReturnType<typeof createScheduleRepository> {}
