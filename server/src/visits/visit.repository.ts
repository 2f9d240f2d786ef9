import type {
  CheckInRequest,
  CreateVisitRequest,
  DeviceCheck,
  GuestRole,
  ParticipantRole,
  ParticipantState,
  QueueEntry,
  VisitState,
  VisitSummary,
} from "@bedside/shared";
import { sql, type Kysely, type Selectable } from "kysely";
import type { DatabaseSchema, GuestConnection, VisitTable } from "../db/schema.js";
import { activeClinicians } from "../db/clinicians.query.js";
import { statesBefore } from "./visit.states.js";

export const toVisitSummary = (v: Selectable<VisitTable>): VisitSummary => ({
  id: v.id,
  patientDisplayName: v.patient_display_name,
  preferredLanguage: v.preferred_language,
  interpreterNeeded: v.interpreter_needed,
  scheduledAt: v.scheduled_at.toISOString(),
  state: v.state,
});

/** A participant with what decisions about them need from their visit. */
const participantColumns = [
  "p.id",
  "p.visit_id as visitId",
  "p.role",
  "p.display_name as displayName",
  "p.state",
  "p.waiting_since as waitingSince",
  "p.admitted_at as admittedAt",
  "v.state as visitState",
  "v.clinician_id as clinicianId",
] as const;

type Db = Kysely<DatabaseSchema>;

/** What revoking links took away: the links, and the people who had checked in with them. */
export interface Revoked {
  linkIds: string[];
  /** Participants who checked in with those links: they have left (whatever they were doing). */
  participantIds: string[];
}

/**
 * Revokes a role's still-active links for a visit and marks everyone who checked in with them as
 * having left, so that nothing keeps them admitted (the LiveKit webhook refuses a participant who
 * is not). Runs inside the caller's transaction.
 */
async function revokeActiveLinks(tx: Db, visitId: string, role: GuestRole): Promise<Revoked> {
  const rows = await tx
    .updateTable("visit_links")
    .set({ revoked_at: new Date() })
    .where("visit_id", "=", visitId)
    .where("role", "=", role)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  const linkIds = rows.map((r) => r.id);
  if (linkIds.length === 0) return { linkIds, participantIds: [] };
  const people = await tx
    .updateTable("participants")
    .set({ state: "left" })
    .where("link_id", "in", linkIds)
    .where("state", "!=", "left")
    .returning("id")
    .execute();
  return { linkIds, participantIds: people.map((p) => p.id) };
}

/**
 * Cancels every summary link of the visit. With `closeExchange` (the clinician's "cancel summary
 * links") the patient's check-in token can no longer mint another: the mark is set first, on the
 * visit's row, so an exchange under way either finishes before (and its link is cancelled here)
 * or waits and is refused.
 */
async function revokeSummaryLinks(db: Db, visitId: string, closeExchange = false) {
  const now = new Date();
  if (closeExchange) {
    await db.updateTable("visits").set({ summary_links_revoked_at: now }).where("id", "=", visitId).execute();
  }
  const res = await db
    .updateTable("summary_links")
    .set({ revoked_at: now })
    .where("visit_id", "=", visitId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Runs `fn` in a transaction, or in the caller's one if `db` already is a transaction. */
const atomically = <T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** A guest's row in a waiting list, as the clinician's queue and the front desk both show it. */
function guestRow(r: {
  id: string;
  visit_id: string;
  role: ParticipantRole;
  display_name: string;
  waiting_since: Date | null;
  connection: GuestConnection;
  device_check: DeviceCheck;
  interpreter_needed: boolean;
}) {
  return {
    visitId: r.visit_id,
    participantId: r.id,
    role: r.role,
    displayName: r.display_name,
    waitingSince: (r.waiting_since ?? new Date()).toISOString(),
    connection: r.connection,
    deviceCheck: r.device_check,
    interpreterNeeded: r.interpreter_needed,
  };
}

export function createVisitRepository(db: Db) {
  return {
    /** Several writes that stand or fall together: `fn` gets this repository bound to one transaction. */
    transaction<T>(fn: (repo: VisitRepository) => Promise<T>): Promise<T> {
      return atomically(db, (tx) => fn(createVisitRepository(tx)));
    },

    async create(clinicianId: string, input: CreateVisitRequest): Promise<Selectable<VisitTable>> {
      return db
        .insertInto("visits")
        .values({
          clinician_id: clinicianId,
          patient_display_name: input.patientDisplayName,
          preferred_language: input.preferredLanguage,
          interpreter_needed: input.interpreterNeeded,
          scheduled_at: new Date(input.scheduledAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Revokes the role's earlier links for this visit and stores the new one (only its hash). */
    async issueLink(visitId: string, role: GuestRole, tokenHash: string, expiresAt: Date): Promise<Revoked> {
      return atomically(db, async (tx) => {
        const revoked = await revokeActiveLinks(tx, visitId, role);
        await tx
          .insertInto("visit_links")
          .values({ visit_id: visitId, role, token_hash: tokenHash, expires_at: expiresAt })
          .execute();
        return revoked;
      });
    },

    revokeLinks: (visitId: string, role: GuestRole) =>
      atomically(db, (tx) => revokeActiveLinks(tx, visitId, role)),

    /** The link with this hash, with its visit and clinician, whatever its state: access decides what is usable. */
    async findLink(tokenHash: string) {
      return db
        .selectFrom("visit_links as l")
        .innerJoin("visits as v", "v.id", "l.visit_id")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .select([
          "l.id as linkId",
          "l.role",
          "l.expires_at as expiresAt",
          "l.revoked_at as revokedAt",
          "v.id as visitId",
          "v.state as visitState",
          "v.scheduled_at as scheduledAt",
          "v.patient_display_name as patientDisplayName",
          "v.preferred_language as preferredLanguage",
          "v.clinician_id as clinicianId",
          "c.display_name as clinicianName",
          "v.duration_minutes as durationMinutes",
          "v.time_zone as timeZone",
          "v.cancelled_at as cancelledAt",
          "v.link_opened_at as linkOpenedAt",
        ])
        .where("l.token_hash", "=", tokenHash)
        .executeTakeFirst();
    },

    /** The patient opened a link to the visit (the schedule's "not opened" ends); the first time counts. */
    async markLinkOpened(visitId: string): Promise<void> {
      await db
        .updateTable("visits")
        .set({ link_opened_at: new Date() })
        .where("id", "=", visitId)
        .where("link_opened_at", "is", null)
        .execute();
    },

    async clinicianName(clinicianId: string): Promise<string> {
      const row = await db
        .selectFrom("clinicians")
        .select("display_name")
        .where("id", "=", clinicianId)
        .executeTakeFirstOrThrow();
      return row.display_name;
    },

    /**
     * Moves a visit not yet in a call to another clinician, in one conditional UPDATE: it fails
     * (false) if the visit changed hands or entered a call meanwhile.
     */
    async transfer(visitId: string, from: string, to: string): Promise<boolean> {
      const res = await db
        .updateTable("visits")
        .set({ clinician_id: to })
        .where("id", "=", visitId)
        .where("clinician_id", "=", from)
        .where("state", "in", ["scheduled", "waiting"])
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async addMessage(visitId: string, senderId: string, body: string) {
      return db
        .insertInto("waiting_messages")
        .values({ visit_id: visitId, sender_id: senderId, body })
        .returning(["id", "body", "created_at"])
        .executeTakeFirstOrThrow();
    },

    async messages(visitId: string) {
      return db
        .selectFrom("waiting_messages")
        .select(["id", "body", "created_at"])
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
    },

    async clinicOf(clinicianId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom("clinicians")
        .select("clinic_id")
        .where("id", "=", clinicianId)
        .executeTakeFirst();
      return row?.clinic_id;
    },

    /** Every guest waiting in the clinic, with their clinician: the front desk's waiting room. */
    async clinicWaiting(clinicId: string) {
      const rows = await db
        .selectFrom("participants as p")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .select([
          "p.id",
          "p.visit_id",
          "p.role",
          "p.display_name",
          "p.waiting_since",
          "p.device_check",
          "p.connection",
          "v.interpreter_needed",
          "v.preferred_language",
          "v.clinician_id",
          "c.display_name as clinician_name",
        ])
        .where("c.clinic_id", "=", clinicId)
        .where("p.state", "=", "waiting")
        .where("v.state", "!=", "ended")
        .orderBy("p.waiting_since")
        .orderBy("p.created_at")
        .execute();
      return rows.map((r) => ({
        ...guestRow(r),
        preferredLanguage: r.preferred_language,
        clinicianId: r.clinician_id,
        clinicianName: r.clinician_name,
      }));
    },

    /** The clinic's visits of a day (and any still running), with their clinician. */
    async clinicVisitsForDay(clinicId: string, from: Date, to: Date) {
      const rows = await db
        .selectFrom("visits as v")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .selectAll("v")
        .select("c.display_name as clinician_name")
        .where("c.clinic_id", "=", clinicId)
        .where((eb) =>
          eb.or([
            eb.and([eb("v.scheduled_at", ">=", from), eb("v.scheduled_at", "<", to)]),
            eb("v.state", "in", ["waiting", "in_call"]),
          ]),
        )
        .orderBy("v.scheduled_at")
        .execute();
      return rows.map((r) => ({
        ...toVisitSummary(r),
        clinicianId: r.clinician_id,
        clinicianName: r.clinician_name,
      }));
    },

    /** The clinic's active clinicians (whom a visit can be given to), by name. */
    async clinicClinicians(clinicId: string) {
      return activeClinicians(db, clinicId)
        .select(["id", "display_name as displayName"])
        .orderBy("display_name")
        .orderBy("id")
        .execute();
    },

    /** A visit of one of the clinic's staff (the front desk works on all of them). */
    async findInClinic(visitId: string, clinicId: string) {
      return db
        .selectFrom("visits as v")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .selectAll("v")
        .where("v.id", "=", visitId)
        .where("c.clinic_id", "=", clinicId)
        .executeTakeFirst();
    },

    async findForClinician(visitId: string, clinicianId: string) {
      return db
        .selectFrom("visits")
        .selectAll()
        .where("id", "=", visitId)
        .where("clinician_id", "=", clinicianId)
        .executeTakeFirst();
    },

    async findById(visitId: string) {
      return db.selectFrom("visits").selectAll().where("id", "=", visitId).executeTakeFirst();
    },

    async states(ids: string[]): Promise<Map<string, VisitState>> {
      const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (valid.length === 0) return new Map();
      const rows = await db.selectFrom("visits").select(["id", "state"]).where("id", "in", valid).execute();
      return new Map(rows.map((r) => [r.id, r.state]));
    },

    /** An in-call visit's room is empty: since when (the first time it was seen empty, kept). */
    async markRoomEmpty(visitId: string): Promise<Date | undefined> {
      const row = await db
        .updateTable("visits")
        .set({ room_empty_since: sql<Date>`coalesce(room_empty_since, now())` })
        .where("id", "=", visitId)
        .where("state", "=", "in_call")
        .returning("room_empty_since")
        .executeTakeFirst();
      return row?.room_empty_since ?? undefined;
    },

    async markRoomOccupied(visitId: string): Promise<void> {
      await db
        .updateTable("visits")
        .set({ room_empty_since: null })
        .where("id", "=", visitId)
        .where("room_empty_since", "is not", null)
        .execute();
    },

    async inCallIds(): Promise<string[]> {
      const rows = await db.selectFrom("visits").select("id").where("state", "=", "in_call").execute();
      return rows.map((r) => r.id);
    },

    async listForDay(clinicianId: string, from: Date, to: Date): Promise<VisitSummary[]> {
      const rows = await db
        .selectFrom("visits")
        .selectAll()
        .where("clinician_id", "=", clinicianId)
        .where((eb) =>
          eb.or([
            eb.and([eb("scheduled_at", ">=", from), eb("scheduled_at", "<", to)]),
            eb("state", "in", ["waiting", "in_call"]),
          ]),
        )
        .orderBy("scheduled_at")
        .execute();
      return rows.map(toVisitSummary);
    },

    /**
     * Moves a visit to `to` in one conditional UPDATE, from only the states `visit.states.ts`
     * allows, so two racing requests cannot both win. Returns false if the visit was not in one
     * of them.
     */
    async transition(visitId: string, to: VisitState): Promise<boolean> {
      const from = statesBefore(to);
      if (from.length === 0) return false;
      const now = new Date();
      const res = await db
        .updateTable("visits")
        .set({
          state: to,
          ...(to === "in_call" ? { started_at: now } : {}),
          ...(to === "ended" ? { ended_at: now } : {}),
        })
        .where("id", "=", visitId)
        .where("state", "in", from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /**
     * Checks a person in with a link: one person per link. A second check-in with the same link
     * (a second device, or someone else holding the link) takes over the first one's row — same
     * id, same place in the queue — under a new token; the old token is returned so its
     * connections can be ended. Admission is not taken over: whoever checks in again waits to be
     * admitted again (`wasAdmitted` says the first one must leave the call). The link's row is
     * locked so that two check-ins at once cannot both insert.
     */
    async checkIn(
      link: { linkId: string; visitId: string; role: GuestRole },
      input: CheckInRequest,
      tokenHash: string,
    ): Promise<{ participantId: string; replacedTokenHash: string | undefined; wasAdmitted: boolean }> {
      return atomically(db, async (tx) => {
        await tx.selectFrom("visit_links").select("id").where("id", "=", link.linkId).forUpdate().execute();
        const details = {
          display_name: input.displayName,
          token_hash: tokenHash,
          scribe_consent: input.scribeConsent,
          scribe_consent_at: new Date(),
          device_check: JSON.stringify(input.deviceCheck),
        };
        const existing = await tx
          .selectFrom("participants")
          .select(["id", "token_hash", "state"])
          .where("link_id", "=", link.linkId)
          .orderBy("created_at", "desc")
          .limit(1)
          .executeTakeFirst();
        if (existing) {
          const wasAdmitted = existing.state === "admitted";
          await tx
            .updateTable("participants")
            .set({ ...details, ...(wasAdmitted ? { state: "waiting" as const } : {}) })
            .where("id", "=", existing.id)
            .execute();
          return {
            participantId: existing.id,
            replacedTokenHash: existing.token_hash ?? undefined,
            wasAdmitted,
          };
        }
        const row = await tx
          .insertInto("participants")
          .values({ visit_id: link.visitId, link_id: link.linkId, role: link.role, ...details })
          .returning("id")
          .executeTakeFirstOrThrow();
        return { participantId: row.id, replacedTokenHash: undefined, wasAdmitted: false };
      });
    },

    /**
     * Guests by the hashes of their participant tokens, only while their link is neither revoked
     * nor expired and their visit not cancelled: one query for a whole batch of socket handshakes.
     */
    async findGuestsByHashes(tokenHashes: string[], now = new Date()) {
      if (tokenHashes.length === 0) return [];
      return db
        .selectFrom("participants as p")
        .innerJoin("visit_links as l", "l.id", "p.link_id")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .select([
          ...participantColumns,
          "p.token_hash as tokenHash",
          "p.link_id as linkId",
          "l.expires_at as linkExpiresAt",
        ])
        .where("p.token_hash", "in", tokenHashes)
        .where("l.revoked_at", "is", null)
        .where("l.expires_at", ">", now)
        .where("v.cancelled_at", "is", null)
        .execute();
    },

    /**
     * The guest behind a participant token (from check-in), whatever the link's expiry: the
     * after-visit exchange applies its own window, and a revoked link still shuts the door.
     */
    async findAfterVisitGuest(tokenHash: string) {
      return db
        .selectFrom("participants as p")
        .innerJoin("visit_links as l", "l.id", "p.link_id")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .select([
          "p.id",
          "p.visit_id as visitId",
          "p.role",
          "l.expires_at as linkExpiresAt",
          "l.revoked_at as linkRevokedAt",
          "v.summary_links_revoked_at as summaryLinksRevokedAt",
          "v.scheduled_at as scheduledAt",
          "v.started_at as startedAt",
          "v.ended_at as endedAt",
          "v.clinician_id as clinicianId",
          "c.display_name as clinicianName",
        ])
        .where("p.token_hash", "=", tokenHash)
        .executeTakeFirst();
    },

    /**
     * A patient's summary link (hash only). At most `max` may be active per visit ("full" if that
     * many are); one the patient asks for (`byPatient`) is refused ("closed") once the clinician
     * cancelled the visit's summary links.
     */
    async addSummaryLink(
      visitId: string,
      participantId: string,
      tokenHash: string,
      expiresAt: Date,
      opts: { revokeOthers: boolean; max: number; byPatient: boolean },
    ): Promise<"added" | "full" | "closed"> {
      return atomically(db, async (tx) => {
        if (opts.byPatient) {
          // Locks the visit's row: a cancellation under way is waited for, then seen.
          const open = await tx
            .selectFrom("visits")
            .select("id")
            .where("id", "=", visitId)
            .where("summary_links_revoked_at", "is", null)
            .forShare()
            .executeTakeFirst();
          if (!open) return "closed";
        }
        if (opts.revokeOthers) await revokeSummaryLinks(tx, visitId);
        const active = await tx
          .selectFrom("summary_links")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("visit_id", "=", visitId)
          .where("revoked_at", "is", null)
          .where("expires_at", ">", new Date())
          .executeTakeFirstOrThrow();
        if (Number(active.n) >= opts.max) return "full";
        await tx
          .insertInto("summary_links")
          .values({
            visit_id: visitId,
            participant_id: participantId,
            token_hash: tokenHash,
            expires_at: expiresAt,
          })
          .execute();
        return "added";
      });
    },
    /** The clinician's "cancel summary links": every one, and no more exchanged for a check-in token. */
    revokeSummaryLinks: (visitId: string) => atomically(db, (tx) => revokeSummaryLinks(tx, visitId, true)),
    /** The patient behind a summary link's hash, with what the after-visit routes show and check. */
    async findSummaryReader(tokenHash: string) {
      return db
        .selectFrom("summary_links as s")
        .innerJoin("participants as p", "p.id", "s.participant_id")
        .innerJoin("visits as v", "v.id", "s.visit_id")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .select([
          "p.id",
          "s.visit_id as visitId",
          "p.role",
          "s.expires_at as expiresAt",
          "s.revoked_at as revokedAt",
          "v.scheduled_at as scheduledAt",
          "v.started_at as startedAt",
          "v.ended_at as endedAt",
          "v.clinician_id as clinicianId",
          "c.display_name as clinicianName",
        ])
        .where("s.token_hash", "=", tokenHash)
        .executeTakeFirst();
    },
    /** The patient who checked in most recently for a visit (who the clinician's summary link is for). */
    async latestPatient(visitId: string) {
      return db
        .selectFrom("participants")
        .select("id")
        .where("visit_id", "=", visitId)
        .where("role", "=", "patient")
        .orderBy("created_at", "desc")
        .limit(1)
        .executeTakeFirst();
    },
    async findParticipant(participantId: string) {
      return db
        .selectFrom("participants as p")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .select(participantColumns)
        .where("p.id", "=", participantId)
        .executeTakeFirst();
    },

    async setParticipantState(participantId: string, state: ParticipantState): Promise<void> {
      const now = new Date();
      await db
        .updateTable("participants")
        .set({
          state,
          ...(state === "admitted" ? { admitted_at: now } : {}),
        })
        .where("id", "=", participantId)
        .execute();
    },

    /** Marks a guest as waiting, keeping their original place (wait start) if they had one. */
    async markWaiting(participantId: string): Promise<Date> {
      const row = await db
        .updateTable("participants")
        .set((eb) => ({
          state: "waiting",
          waiting_since: eb.fn.coalesce("waiting_since", eb.val(new Date())),
        }))
        .where("id", "=", participantId)
        .returning("waiting_since")
        .executeTakeFirstOrThrow();
      return row.waiting_since ?? new Date();
    },

    async endParticipants(visitId: string): Promise<void> {
      await db.updateTable("participants").set({ state: "left" }).where("visit_id", "=", visitId).execute();
    },

    /**
     * What a clinician's waiting line is estimated from: the visits waiting (by their earliest
     * guest still there: a guest who left does not hold a place), the start of the call they are
     * in, and the lengths of their visits ended since `dayStart`.
     */
    async waitingLine(clinicianId: string, dayStart: Date) {
      const [waiting, current, ended] = await Promise.all([
        db
          .selectFrom("participants as p")
          .innerJoin("visits as v", "v.id", "p.visit_id")
          .select(["p.visit_id", (eb) => eb.fn.min("p.waiting_since").as("since")])
          .where("v.clinician_id", "=", clinicianId)
          .where("v.state", "in", ["scheduled", "waiting"])
          .where("p.state", "=", "waiting")
          .where("p.connection", "!=", "left")
          .groupBy("p.visit_id")
          .orderBy("since")
          .orderBy("p.visit_id")
          .execute(),
        db
          .selectFrom("visits")
          .select("started_at")
          .where("clinician_id", "=", clinicianId)
          .where("state", "=", "in_call")
          .orderBy("started_at", "desc")
          .limit(1)
          .executeTakeFirst(),
        db
          .selectFrom("visits")
          .select(["started_at", "ended_at"])
          .where("clinician_id", "=", clinicianId)
          .where("state", "=", "ended")
          .where("ended_at", ">=", dayStart)
          .where("started_at", "is not", null)
          .execute(),
      ]);
      return {
        waiting: waiting.map((w) => w.visit_id),
        currentStartedAt: current?.started_at ?? null,
        endedTodayMs: ended.map((e) => e.ended_at!.getTime() - e.started_at!.getTime()),
      };
    },

    /** This clinician's guests in one state (waiting, or admitted to a call), longest wait first. */
    async guestsIn(clinicianId: string, state: "waiting" | "admitted"): Promise<QueueEntry[]> {
      const rows = await db
        .selectFrom("participants as p")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .select([
          "p.id",
          "p.visit_id",
          "p.role",
          "p.display_name",
          "p.waiting_since",
          "p.scribe_consent",
          "p.device_check",
          "p.connection",
          "v.interpreter_needed",
        ])
        .where("v.clinician_id", "=", clinicianId)
        .where("p.state", "=", state)
        .where("v.state", "!=", "ended")
        .orderBy("p.waiting_since")
        .orderBy("p.created_at")
        .execute();
      return rows.map((r) => ({ ...guestRow(r), scribeConsent: r.scribe_consent }));
    },
  };
}
// An interface (not a type alias) so that `transaction` can refer to the repository's own type.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VisitRepository extends ReturnType<typeof createVisitRepository> {}
