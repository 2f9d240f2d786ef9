// The retention purge's storage: it clears data across several tables by visit age, so it has its
// own queries (no other domain's repository); every purge is scoped to visits that are over.
import { sql, type ExpressionBuilder } from "kysely";
import type { Database } from "../db/database.js";
import type { DatabaseSchema } from "../db/schema.js";

/**
 * Visits over whose end (or schedule) is older than `cutoff`: ended ones, and booked ones that
 * never will (cancelled, or nobody came: issue 28), so that their patient's contact goes too.
 */
const oldVisits = (cutoff: Date) => (eb: ExpressionBuilder<DatabaseSchema, "visits">) =>
  eb.and([
    eb.or([
      eb("state", "=", "ended"),
      eb("cancelled_at", "is not", null),
      eb.and([eb("duration_minutes", "is not", null), eb("state", "=", "scheduled")]),
    ]),
    eb(eb.fn.coalesce("ended_at", "scheduled_at"), "<", cutoff),
  ]);

export function createRetentionRepository(db: Database) {
  const visitIds = (cutoff: Date) => db.selectFrom("visits").select("id").where(oldVisits(cutoff));
  const countBy = (rows: Array<{ visit_id: string }>) => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.visit_id, (counts.get(r.visit_id) ?? 0) + 1);
    return counts;
  };
  return {
    /** What was said in the visit: the transcript, and what people wrote in its chat (issue 30). */
    async purgeTranscripts(cutoff: Date) {
      return db.transaction().execute(async (tx) => {
        const ids = tx.selectFrom("visits").select("id").where(oldVisits(cutoff));
        const chat = await tx
          .deleteFrom("visit_chat_messages")
          .where("visit_id", "in", ids)
          .returning("visit_id")
          .execute();
        const rows = await tx
          .deleteFrom("transcript_segments")
          .where("visit_id", "in", ids)
          .returning("visit_id")
          .execute();
        return countBy([...rows, ...chat]);
      });
    },
    /** Findings, the clinical note and what was released (summary, explanations, questions); summary links stop. */
    async purgeFindings(cutoff: Date) {
      return db.transaction().execute(async (tx) => {
        const ids = tx.selectFrom("visits").select("id").where(oldVisits(cutoff));
        await tx.deleteFrom("finding_questions").where("visit_id", "in", ids).execute();
        await tx.deleteFrom("finding_explanations").where("visit_id", "in", ids).execute();
        await tx.deleteFrom("visit_releases").where("visit_id", "in", ids).execute();
        await tx.deleteFrom("findings_runs").where("visit_id", "in", ids).execute();
        // The clinical note quotes and restates the visit: it goes with the findings (issue 14).
        await tx.deleteFrom("visit_notes").where("visit_id", "in", ids).execute();
        // The patient's photos and documents (issue 30) are clinical content like the note.
        await tx.deleteFrom("visit_attachments").where("visit_id", "in", ids).execute();
        await tx
          .updateTable("summary_links")
          .set({ revoked_at: new Date() })
          .where("visit_id", "in", ids)
          .where("revoked_at", "is", null)
          .execute();
        const rows = await tx
          .deleteFrom("findings")
          .where("visit_id", "in", ids)
          .returning("visit_id")
          .execute();
        return countBy(rows);
      });
    },
    /** People's names become their role; done once per visit. */
    async purgeNames(cutoff: Date) {
      return db.transaction().execute(async (tx) => {
        const visits = await tx
          .updateTable("visits")
          // The patient's contact (issue 28) is personal data like the name: it goes with it.
          .set({
            patient_display_name: "Patient",
            names_purged_at: new Date(),
            patient_email: null,
            patient_phone: null,
            contact_consent_at: null,
          })
          .where(oldVisits(cutoff))
          .where("names_purged_at", "is", null)
          .returning("id")
          .execute();
        const ids = visits.map((v) => v.id);
        if (ids.length === 0) return new Map<string, number>();
        // What the clinic wrote to the waiting room names and addresses the patient: it goes too.
        await tx.deleteFrom("waiting_messages").where("visit_id", "in", ids).execute();
        // A chat kept longer than the names (its own retention is the transcript's) loses them too.
        await tx
          .updateTable("visit_chat_messages")
          .set({ sender_name: sql<string>`initcap(replace(sender_role, '_', ' '))` })
          .where("visit_id", "in", ids)
          .execute();
        // Where invitations and reminders went, and the providers' words about them (issue 28).
        await tx
          .updateTable("visit_messages")
          .set({ destination: null, error: null })
          .where("visit_id", "in", ids)
          .execute();
        const rows = await tx
          .updateTable("participants")
          .set({ display_name: sql<string>`initcap(role)` })
          .where("visit_id", "in", ids)
          .returning("visit_id")
          .execute();
        const counts = countBy(rows);
        for (const id of ids) if (!counts.has(id)) counts.set(id, 0);
        return counts;
      });
    },
    async purgeDeviceChecks(cutoff: Date) {
      const rows = await db
        .updateTable("participants")
        .set({ device_check: "{}" })
        .where("visit_id", "in", visitIds(cutoff))
        .where(sql<boolean>`device_check <> '{}'::jsonb`)
        .returning("visit_id")
        .execute();
      return countBy(rows);
    },
  };
}
export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
