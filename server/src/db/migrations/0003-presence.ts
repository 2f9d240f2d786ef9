import { sql, type Kysely } from "kysely";

/** Presence that must outlive a page reload or a server restart: clinician status and guest connection state. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("clinician_status")
    .addColumn("clinician_id", "uuid", (c) => c.primaryKey().references("clinicians.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('available', 'in_visit', 'away', 'running_late')`),
    )
    .addColumn("late_minutes", "integer")
    .addColumn("message", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable("participants")
    .addColumn("connection", "text", (c) =>
      c
        .notNull()
        .defaultTo("online")
        .check(sql`connection in ('online', 'reconnecting', 'left')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("participants").dropColumn("connection").execute();
  await db.schema.dropTable("clinician_status").execute();
}
