import type { Kysely } from "kysely";

/**
 * The after-visit summary is one composed document (visit in short, medicines, tests, when to
 * get help, …), stored with the release so the patient reads exactly what the clinician
 * previewed and released. Releases made before this have none; they are shown from their
 * per-finding explanations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visit_releases").addColumn("summary", "jsonb").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visit_releases").dropColumn("summary").execute();
}
