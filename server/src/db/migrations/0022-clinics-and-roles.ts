import { sql, type Kysely } from "kysely";

/**
 * Issue 27: a clinic and its people.
 *
 * `clinics`: the organisation that owns its staff (and, through them, its visits). One is created
 * here whatever the database holds, so that a fresh install has a clinic for its first admin and an
 * existing install's accounts all belong to it.
 *
 * `clinicians` keeps its name (every other table's `clinician_id` points at it) and now holds every
 * staff account: `clinic_id`, `roles` (admin, clinician, front_desk; at least one) and
 * `deactivated_at` (a deactivated account signs nothing in and keeps its past visits). Existing
 * accounts were clinicians; the demo seed makes its account an admin too at the next start.
 *
 * `account_tokens`: the single-use secrets of account mail and setup — the first admin's setup
 * link, invitations, password resets — by hash only, with what they were issued for and until when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("clinics")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("mfa_required", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into clinics (name) values ('Bedside clinic')`.execute(db);

  await db.schema
    .alterTable("clinicians")
    .addColumn("clinic_id", "uuid", (c) => c.references("clinics.id"))
    .execute();
  await sql`update clinicians set clinic_id = (select id from clinics limit 1)`.execute(db);
  await sql`alter table clinicians alter column clinic_id set not null`.execute(db);
  await db.schema
    .alterTable("clinicians")
    .addColumn("roles", sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{clinician}'::text[]`)
        .check(sql`cardinality(roles) >= 1 and roles <@ array['admin', 'clinician', 'front_desk']::text[]`),
    )
    .addColumn("deactivated_at", "timestamptz")
    .execute();
  await db.schema.createIndex("clinicians_clinic").on("clinicians").column("clinic_id").execute();

  await db.schema
    .createTable("account_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('setup', 'invitation', 'reset')`))
    .addColumn("clinic_id", "uuid", (c) => c.notNull().references("clinics.id").onDelete("cascade"))
    // A reset's account; an invitation's or a setup's does not exist until the link is used.
    .addColumn("clinician_id", "uuid", (c) => c.references("clinicians.id").onDelete("cascade"))
    .addColumn("email", "text")
    .addColumn("display_name", "text")
    .addColumn("roles", sql`text[]`)
    .addColumn("created_by", "uuid", (c) => c.references("clinicians.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("account_tokens_clinic")
    .on("account_tokens")
    .columns(["clinic_id", "purpose"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("account_tokens").execute();
  await db.schema.dropIndex("clinicians_clinic").execute();
  await db.schema.alterTable("clinicians").dropColumn("deactivated_at").dropColumn("roles").execute();
  await db.schema.alterTable("clinicians").dropColumn("clinic_id").execute();
  await db.schema.dropTable("clinics").execute();
}
