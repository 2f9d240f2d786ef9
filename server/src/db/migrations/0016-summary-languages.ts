import type { Kysely } from "kysely";

/**
 * A release keeps its summary in the visit's preferred language (`summary`) and, beside it, the
 * same summary in the other languages the patient may switch to (English for a Spanish visit),
 * composed from the same approved findings at the same moment. Null for earlier releases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visit_releases").addColumn("summary_alternates", "jsonb").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visit_releases").dropColumn("summary_alternates").execute();
}
