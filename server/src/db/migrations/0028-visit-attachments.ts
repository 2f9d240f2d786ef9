import { sql, type Kysely } from "kysely";

/**
 * Issue 30: photos and documents a patient sends during a visit, kept in the database with the
 * visit (no file store to back up or secure apart). Only what the server made of an upload is
 * stored: images re-encoded without metadata, PDFs that passed a structural check. Removed with
 * the visit's clinical text by retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("visit_attachments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("sender_participant_id", "uuid", (c) =>
      c.notNull().references("participants.id").onDelete("cascade"),
    )
    .addColumn("sender_role", "text", (c) =>
      c.notNull().check(sql`sender_role in ('patient', 'interpreter')`),
    )
    .addColumn("content_type", "text", (c) =>
      c.notNull().check(sql`content_type in ('image/jpeg', 'image/png', 'application/pdf')`),
    )
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes between 1 and 10485760`))
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("bytes", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("visit_attachments_visit")
    .on("visit_attachments")
    .columns(["visit_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("visit_attachments").execute();
}
