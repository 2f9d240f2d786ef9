import type { Kysely } from "kysely";

/**
 * Retention and "delete what the AI helper wrote down of me". A finding whose cited words were
 * deleted is flagged for the clinician (`evidence_withdrawn_at`); what the purge cleared is
 * remembered on the visit so it is not redone (`purged` columns).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("findings").addColumn("evidence_withdrawn_at", "timestamptz").execute();
  await db.schema.alterTable("visits").addColumn("names_purged_at", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visits").dropColumn("names_purged_at").execute();
  await db.schema.alterTable("findings").dropColumn("evidence_withdrawn_at").execute();
}
