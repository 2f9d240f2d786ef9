import { sql, type Kysely } from "kysely";

/**
 * Who did what to which visit, and when: reads of clinical text, changes, releases, links issued and
 * revoked, deletions. Append-only: the database itself refuses UPDATE and DELETE on it. No foreign
 * key: the trail outlives what it describes (a purged transcript keeps the record that it was read).
 * Never clinical text: `detail` holds ids, roles and counts only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("audit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("visit_id", "uuid")
    .addColumn("actor_kind", "text", (c) =>
      c.notNull().check(sql`actor_kind in ('clinician', 'patient', 'interpreter', 'system')`),
    )
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("audit_events_visit").on("audit_events").columns(["visit_id", "id"]).execute();
  // Installed in every new PostgreSQL and PGlite database, yet an embedded database made by an
  // earlier build was found without it (migration 0009 then failed and the app did not start).
  await sql`create extension if not exists plpgsql`.execute(db);
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("audit_events").execute();
  await sql`drop function audit_events_append_only()`.execute(db);
}
