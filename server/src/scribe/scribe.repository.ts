// What the scribe reads and writes besides transcript segments: who is in a visit with which
// check-in consent, and the append-only log of consent changes made during the call.
import type { ParticipantRole, ScribeAction, ScribeScope } from "@bedside/shared";
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

    /** Visits whose call is running: their agents are resumed when a server starts. */
    async inCallVisitIds(): Promise<string[]> {
      const rows = await db.selectFrom("visits").select("id").where("state", "=", "in_call").execute();
      return rows.map((r) => r.id);
    },
  };
}
export type ScribeRepository = ReturnType<typeof createScribeRepository>;
