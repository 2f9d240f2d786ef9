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
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("visits_clinician_scheduled")
    .on("visits")
    .columns(["clinician_id", "scheduled_at"])
    .execute();

  await db.schema
    .createTable("participants")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('clinician', 'patient', 'interpreter')`))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("invited")
        .check(sql`state in ('invited', 'waiting', 'admitted', 'left')`),
    )
    .addColumn("waiting_since", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("participants_visit").on("participants").column("visit_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["participants", "visits", "sessions", "clinicians"]) {
    await db.schema.dropTable(table).execute();
  }
}
