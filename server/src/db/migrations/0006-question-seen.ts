import type { Kysely } from "kysely";

/** When the clinician opened a patient's question: unseen ones are shown on the clinician's queue. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("finding_questions").addColumn("seen_at", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("finding_questions").dropColumn("seen_at").execute();
}
