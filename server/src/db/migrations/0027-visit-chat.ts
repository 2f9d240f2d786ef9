import { sql, type Kysely } from "kysely";

/**
 * Issue 30: the visit's chat, in the waiting room and in the call. The sender's role and name are
 * copied in (a guest's name changes with a new check-in; what was shown then is what is kept).
 * What people write in a visit is clinical text: retention deletes it with the transcript.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("visit_chat_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("sender_role", "text", (c) =>
      c.notNull().check(sql`sender_role in ('patient', 'interpreter', 'clinician', 'front_desk')`),
    )
    // A participant's or a staff account's id: which table depends on the role, so no foreign key.
    .addColumn("sender_id", "uuid", (c) => c.notNull())
    .addColumn("sender_name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 1 and 2000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("visit_chat_messages_visit")
    .on("visit_chat_messages")
    .columns(["visit_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("visit_chat_messages").execute();
}
