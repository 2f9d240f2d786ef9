import { sql, type Kysely } from "kysely";

/**
 * Every scribe consent change made during a call: who (LiveKit identity and role), what
 * (pause, resume, withdraw), for whom (their own voice or everyone) and when. Append-only: the
 * current state is the fold of these rows over the check-in consent in `participants`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scribe_consent_events")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("actor_identity", "text", (c) => c.notNull())
    .addColumn("actor_role", "text", (c) =>
      c.notNull().check(sql`actor_role in ('clinician', 'patient', 'interpreter')`),
    )
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('pause', 'resume', 'withdraw')`))
    .addColumn("scope", "text", (c) => c.notNull().check(sql`scope in ('self', 'everyone')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema
    .createIndex("scribe_consent_events_visit")
    .on("scribe_consent_events")
    .columns(["visit_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("scribe_consent_events").execute();
}
