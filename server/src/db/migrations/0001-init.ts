import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("clinicians")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("clinician_id", "uuid", (c) => c.notNull().references("clinicians.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("visits")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("clinician_id", "uuid", (c) => c.notNull().references("clinicians.id"))
    .addColumn("patient_display_name", "text", (c) => c.notNull())
    .addColumn("preferred_language", "text", (c) => c.notNull())
    .addColumn("interpreter_needed", "boolean", (c) => c.notNull())
    .addColumn("scheduled_at", "timestamptz", (c) => c.notNull())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("scheduled")
        .check(sql`state in ('scheduled', 'waiting', 'in_call', 'ended')`),
    )
    .addColumn("started_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("visits_clinician_scheduled")
    .on("visits")
    .columns(["clinician_id", "scheduled_at"])
    .execute();

  await db.schema
    .createTable("visit_links")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('patient', 'interpreter')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("visit_links_visit").on("visit_links").column("visit_id").execute();

  await db.schema
    .createTable("participants")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("link_id", "uuid", (c) => c.references("visit_links.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('clinician', 'patient', 'interpreter')`))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("checked_in")
        .check(sql`state in ('checked_in', 'waiting', 'admitted', 'left')`),
    )
    .addColumn("scribe_consent", "text", (c) =>
      c.notNull().check(sql`scribe_consent in ('granted', 'refused')`),
    )
    .addColumn("scribe_consent_at", "timestamptz", (c) => c.notNull())
    .addColumn("device_check", "jsonb", (c) => c.notNull())
    .addColumn("waiting_since", "timestamptz")
    .addColumn("admitted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("participants_visit").on("participants").column("visit_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["participants", "visit_links", "visits", "sessions", "clinicians"]) {
    await db.schema.dropTable(table).execute();
  }
}
