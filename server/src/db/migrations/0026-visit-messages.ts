import { sql, type Kysely } from "kysely";

/**
 * Issue 28: each invitation or reminder sent about a visit, one row per channel, with what became
 * of it; and the numbers that replied STOP (kept after the visit: a stopped number is never texted
 * again). A delivery's destination and the provider's words about it are personal data: retention
 * clears them with the visit's names.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("visit_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('invitation', 'rescheduled', 'cancelled', 'reminder-24h', 'reminder-10m', 'ready')`,
        ),
    )
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn("destination", "text")
    .addColumn("provider", "text")
    .addColumn("provider_message_id", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('queued', 'sent', 'delivered', 'failed', 'opted_out')`),
    )
    .addColumn("problem", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("visit_messages_visit")
    .on("visit_messages")
    .columns(["visit_id", "created_at"])
    .execute();
  // Status callbacks name the provider's message id.
  await db.schema
    .createIndex("visit_messages_provider_id")
    .on("visit_messages")
    .columns(["provider", "provider_message_id"])
    .unique()
    .where(sql.ref("provider_message_id"), "is not", null)
    .execute();
  await db.schema
    .createTable("sms_opt_outs")
    .addColumn("phone", "text", (c) => c.primaryKey())
    .addColumn("opted_out_at", "timestamptz")
    .addColumn("opted_in_at", "timestamptz")
    .addColumn("last_keyword", "text")
    .addColumn("last_reply_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sms_opt_outs").execute();
  await db.schema.dropTable("visit_messages").execute();
}
