import { sql, type Kysely } from "kysely";

/**
 * Issue 27: short messages from the clinic (the visit's clinician or the front desk) to the
 * people waiting in a visit. Kept with the visit, removed with its names by retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("waiting_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("sender_id", "uuid", (c) => c.notNull().references("clinicians.id"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 1 and 280`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("waiting_messages_visit")
    .on("waiting_messages")
    .columns(["visit_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("waiting_messages").execute();
}
