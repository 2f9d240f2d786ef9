import { sql, type Kysely } from "kysely";

/**
 * The clinical note of a visit (issue 14): the stored draft with the clinician's edits, the
 * engine that drafted it, and the signature (who and when). A signed note is never changed:
 * the service refuses edits, and `signed_at` is set once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("visit_notes")
    .addColumn("visit_id", "uuid", (c) => c.primaryKey().references("visits.id").onDelete("cascade"))
    .addColumn("note", "jsonb", (c) => c.notNull())
    .addColumn("engine", "text", (c) => c.notNull())
    .addColumn("fallback_reason", "text")
    .addColumn("edited", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("signed_by", "uuid", (c) => c.references("clinicians.id"))
    .addColumn("signed_at", "timestamptz")
    .addCheckConstraint("visit_notes_signed_both", sql`(signed_by is null) = (signed_at is null)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("visit_notes").execute();
}
