import { sql, type Kysely } from "kysely";

/**
 * Issue 27: two-factor sign-in and the sessions list.
 *
 * `totp_credentials`: one authenticator per account. The secret is stored encrypted (AES-256-GCM,
 * auth/totp.ts) so a leaked table opens nothing; `confirmed_at` is null while an enrolment waits for
 * its first code; `last_step` is the last time step a code was accepted for, so a code cannot be
 * replayed within its window (the update that raises it is the check).
 *
 * `recovery_codes`: ten per enrolment, by hash only, each spent once.
 *
 * `pending_sign_ins`: the step between a correct password and a correct code. A short-lived,
 * single-use secret (by hash), never a session: it opens nothing but the code check.
 *
 * `sessions` gains an id (to be named in the sessions list without its secret), when it was last
 * used and the browser that opened it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("totp_credentials")
    .addColumn("clinician_id", "uuid", (c) => c.primaryKey().references("clinicians.id").onDelete("cascade"))
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("last_step", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("clinician_id", "uuid", (c) => c.notNull().references("clinicians.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("recovery_codes_clinician")
    .on("recovery_codes")
    .columns(["clinician_id", "code_hash"])
    .execute();

  await db.schema
    .createTable("pending_sign_ins")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("clinician_id", "uuid", (c) => c.notNull().references("clinicians.id").onDelete("cascade"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable("sessions")
    .addColumn("id", "uuid", (c) =>
      c
        .notNull()
        .defaultTo(sql`gen_random_uuid()`)
        .unique(),
    )
    .addColumn("last_used_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_clinician").on("sessions").column("clinician_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sessions_clinician").execute();
  await db.schema
    .alterTable("sessions")
    .dropColumn("id")
    .dropColumn("last_used_at")
    .dropColumn("user_agent")
    .execute();
  await db.schema.dropTable("pending_sign_ins").execute();
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.dropTable("totp_credentials").execute();
}
