// What the scribe reads and writes besides transcript segments: who is in a visit with which
// check-in consent, and the append-only log of consent changes made during the call.
import type { ParticipantRole, ScribeAction, ScribeScope } from "@bedside/shared";
import { sql } from "kysely";
import type { Database } from "../db/database.js";

export interface ScribeRoster {
  visitId: string;
  clinicianId: string;
  clinicianName: string;
  /** The language the clinician speaks in visits (their setting). */
  clinicianLanguage: string;
  state: "scheduled" | "waiting" | "in_call" | "ended";
  startedAt: Date | null;
  preferredLanguage: string;
  guests: {
    id: string;
    role: Exclude<ParticipantRole, "clinician">;
    displayName: string;
    scribeConsent: "granted" | "refused";
  }[];
}

export interface ConsentEvent {
  actorIdentity: string;
  actorRole: ParticipantRole;
  action: ScribeAction;
  scope: ScribeScope;
  at: Date;
}

/** `now()` less `ms` milliseconds, in the database's clock (shared by every instance). */
const ago = (ms: number) => sql<Date>`now() - ${Math.round(ms)}::int * interval '1 millisecond'`;

export function createScribeRepository(db: Database) {
  return {
    async roster(visitId: string): Promise<ScribeRoster | undefined> {
      const visit = await db
        .selectFrom("visits as v")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .select([
          "v.id",
          "v.clinician_id",
          "c.display_name",
          "c.speech_language",
          "v.state",
          "v.started_at",
          "v.preferred_language",
        ])
        .where("v.id", "=", visitId)
        .executeTakeFirst();
      if (!visit) return undefined;
      const guests = await db
        .selectFrom("participants")
        .select(["id", "role", "display_name", "scribe_consent"])
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .execute();
      return {
        visitId: visit.id,
        clinicianId: visit.clinician_id,
        clinicianName: visit.display_name,
        clinicianLanguage: visit.speech_language,
        state: visit.state,
        startedAt: visit.started_at,
        preferredLanguage: visit.preferred_language,
        guests: guests
          .filter((g) => g.role !== "clinician")
          .map((g) => ({
            id: g.id,
            role: g.role as Exclude<ParticipantRole, "clinician">,
            displayName: g.display_name,
            scribeConsent: g.scribe_consent,
          })),
      };
    },

    async record(visitId: string, e: Omit<ConsentEvent, "at">): Promise<void> {
      await db.transaction().execute(async (tx) => {
        if (e.action === "withdraw" && e.scope === "self" && e.actorRole !== "clinician") {
          // The mark the transcript insert checks (migration 0021): from this commit on, nothing
          // more of theirs is stored, and an insert under way finishes before this returns.
          await tx
            .updateTable("participants")
            .set({ scribe_withdrawn_at: new Date() })
            .where("id", "=", e.actorIdentity)
            .where("visit_id", "=", visitId)
            .where("scribe_withdrawn_at", "is", null)
            .execute();
        }
        await tx
          .insertInto("scribe_consent_events")
          .values({
            visit_id: visitId,
            actor_identity: e.actorIdentity,
            actor_role: e.actorRole,
            action: e.action,
            scope: e.scope,
          })
          .execute();
      });
    },

    /** In the order they happened. */
    async events(visitId: string): Promise<ConsentEvent[]> {
      const rows = await db
        .selectFrom("scribe_consent_events")
        .selectAll()
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map((r) => ({
        actorIdentity: r.actor_identity,
        actorRole: r.actor_role,
        action: r.action,
        scope: r.scope,
        at: r.created_at,
      }));
    },

    /** This deployment's id (its database's): scribe jobs carry it, workers check it. */
    async deploymentId(): Promise<string> {
      const row = await db.selectFrom("deployment").select("id").executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * The scribe's presence in a call's room (migration 0030). Starts tracking a visit; true for the
     * one instance whose insert made the row (it makes the first check, `checked_at` being now).
     */
    async presenceStart(visitId: string): Promise<boolean> {
      const row = await db
        .insertInto("scribe_presence")
        .values({ visit_id: visitId })
        .onConflict((oc) => oc.column("visit_id").doNothing())
        .returning("visit_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Stops tracking a visit; true for the one caller that removed it. */
    async presenceEnd(visitId: string): Promise<boolean> {
      const row = await db
        .deleteFrom("scribe_presence")
        .where("visit_id", "=", visitId)
        .returning("visit_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    async presenceOf(visitId: string) {
      return db.selectFrom("scribe_presence").selectAll().where("visit_id", "=", visitId).executeTakeFirst();
    },

    /** Rows of calls that ended without saying so here (an instance crashed meanwhile). */
    async presencePrune(): Promise<void> {
      await db
        .deleteFrom("scribe_presence")
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("visits")
                .select("visits.id")
                .whereRef("visits.id", "=", "scribe_presence.visit_id")
                .where("visits.state", "=", "in_call"),
            ),
          ),
        )
        .execute();
    },

    /**
     * Claims the visits not checked for `everyMs`: a row claimed by one instance is not due for
     * another (the conditional UPDATE re-reads a row another transaction just claimed, and skips it).
     */
    async presenceClaimDue(everyMs: number, limit = 100): Promise<string[]> {
      const rows = await db
        .updateTable("scribe_presence")
        .set({ checked_at: sql<Date>`now()` })
        .where("visit_id", "in", (eb) =>
          eb
            .selectFrom("scribe_presence")
            .select("visit_id")
            .where("checked_at", "<", ago(everyMs))
            .orderBy("checked_at")
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .where("checked_at", "<", ago(everyMs))
        .returning("visit_id")
        .execute();
      return rows.map((r) => r.visit_id);
    },

    /** The scribe is in the room; true when that is news (it was "starting"). */
    async presenceSeen(visitId: string): Promise<boolean> {
      await db
        .updateTable("scribe_presence")
        .set({ missing_since: null, dispatched_at: sql<Date>`coalesce(dispatched_at, now())` })
        .where("visit_id", "=", visitId)
        .execute();
      const changed = await db
        .updateTable("scribe_presence")
        .set({ status: "listening" })
        .where("visit_id", "=", visitId)
        .where("status", "<>", "listening")
        .returning("visit_id")
        .executeTakeFirst();
      return changed !== undefined;
    },

    /** The scribe is not in the room; true when that is news (it was "listening"). */
    async presenceGone(visitId: string): Promise<boolean> {
      const changed = await db
        .updateTable("scribe_presence")
        .set({ status: "starting" })
        .where("visit_id", "=", visitId)
        .where("status", "<>", "starting")
        .returning("visit_id")
        .executeTakeFirst();
      return changed !== undefined;
    },

    /**
     * The first dispatch is due (none agreed yet, the last failure's wait over): true for the one
     * instance that may ask LiveKit now; it has `leaseMs` before another may.
     */
    async presenceClaimDispatch(visitId: string, leaseMs: number): Promise<number | undefined> {
      const row = await db
        .updateTable("scribe_presence")
        .set({ next_dispatch_at: sql<Date>`now() + ${Math.round(leaseMs)}::int * interval '1 millisecond'` })
        .where("visit_id", "=", visitId)
        .where("dispatched_at", "is", null)
        .where("next_dispatch_at", "<=", sql<Date>`now()`)
        .returning("dispatch_attempts")
        .executeTakeFirst();
      return row?.dispatch_attempts;
    },

    async presenceDispatched(visitId: string): Promise<void> {
      await db
        .updateTable("scribe_presence")
        .set({ dispatched_at: sql<Date>`now()`, dispatch_attempts: 0, missing_since: null })
        .where("visit_id", "=", visitId)
        .execute();
    },

    async presenceDispatchFailed(visitId: string, retryInMs: number): Promise<void> {
      await db
        .updateTable("scribe_presence")
        .set((eb) => ({
          dispatch_attempts: eb("dispatch_attempts", "+", 1),
          next_dispatch_at: sql<Date>`now() + ${Math.round(retryInMs)}::int * interval '1 millisecond'`,
        }))
        .where("visit_id", "=", visitId)
        .execute();
    },

    /**
     * The scribe is missing with a dispatch made: starts its clock, and true for the one instance
     * that finds it missing for longer than `afterMs` (the clock starts again: one re-dispatch).
     */
    async presenceMissingTooLong(visitId: string, afterMs: number): Promise<boolean> {
      await db
        .updateTable("scribe_presence")
        .set({ missing_since: sql<Date>`now()` })
        .where("visit_id", "=", visitId)
        .where("dispatched_at", "is not", null)
        .where("missing_since", "is", null)
        .execute();
      const row = await db
        .updateTable("scribe_presence")
        .set({ missing_since: sql<Date>`now()` })
        .where("visit_id", "=", visitId)
        .where("missing_since", "<", ago(afterMs))
        .returning("visit_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Visits whose call is running: their agents are resumed when a server starts. */
    async inCallVisitIds(): Promise<string[]> {
      const rows = await db.selectFrom("visits").select("id").where("state", "=", "in_call").execute();
      return rows.map((r) => r.id);
    },
  };
}
export type ScribeRepository = ReturnType<typeof createScribeRepository>;
