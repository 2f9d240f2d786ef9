import { sql, type Kysely } from "kysely";

/**
 * Issue 29: whether each in-call visit's scribe is in its room, kept in the database rather than in
 * one instance's memory, so that every instance reads the same indicator, one instance at a time
 * checks a visit (`checked_at` is the claim), the scribe is dispatched again once across instances,
 * and the check goes on after a restart. A row exists while the visit's call runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scribe_presence")
    .addColumn("visit_id", "uuid", (c) => c.primaryKey().references("visits.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("starting")
        .check(sql`status in ('starting', 'listening')`),
    )
    // When LiveKit last agreed to a dispatch; null until it has.
    .addColumn("dispatched_at", "timestamptz")
    .addColumn("dispatch_attempts", "integer", (c) => c.notNull().defaultTo(0))
    // A failed dispatch is asked again from then on (backoff across instances).
    .addColumn("next_dispatch_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Since when the scribe has been missing from the room with a dispatch made.
    .addColumn("missing_since", "timestamptz")
    .addColumn("checked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("scribe_presence_checked_at")
    .on("scribe_presence")
    .column("checked_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("scribe_presence").execute();
}
