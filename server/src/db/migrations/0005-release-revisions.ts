import { sql, type Kysely } from "kysely";

/**
 * A release can be corrected: the clinician edits and releases again, and the patient reads the
 * new version. So what the patient reads is a snapshot: each released explanation keeps the
 * finding's kind and quotes as released (before, they were read live from `findings`), and the
 * release counts its revisions (the optimistic lock against two racing re-releases).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("finding_explanations").addColumn("kind", "text").execute();
  await db.schema.alterTable("finding_explanations").addColumn("evidence", "jsonb").execute();
  await sql`update finding_explanations e set kind = f.kind, evidence = f.evidence from findings f where f.id = e.finding_id`.execute(
    db,
  );
  await db.schema
    .alterTable("finding_explanations")
    .alterColumn("kind", (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable("finding_explanations")
    .alterColumn("evidence", (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable("visit_releases")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable("visit_releases").addColumn("revised_at", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visit_releases").dropColumn("revised_at").execute();
  await db.schema.alterTable("visit_releases").dropColumn("revision").execute();
  await db.schema.alterTable("finding_explanations").dropColumn("evidence").execute();
  await db.schema.alterTable("finding_explanations").dropColumn("kind").execute();
}
