import { sql, type Kysely } from "kysely";

/**
 * Issue 28: a visit booked for a time.
 *
 * `visits` gains the booking (`duration_minutes` and the patient's `time_zone`, both null for
 * visits made before: their links keep the old window), `cancelled_at`, who booked it and when,
 * when the patient first opened a link (the schedule's "not opened"), and the patient's contact
 * (email, E.164 phone) with when they consented to be contacted. The contact is personal data:
 * retention wipes it with the visit's names. `link_base_url`: where the booking was made, for the
 * links of messages no request is behind ("the clinician is ready", after an admission).
 *
 * `visit_reminder_claims`: a reminder is claimed here before it is sent, once per visit, kind and
 * start time, so that a job run twice (a retry after a crash, two instances) sends it once and a
 * moved visit's reminders for its new time are still sent. The jobs themselves live in pg-boss's
 * own schema (`pgboss`), which pg-boss creates and migrates at start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("visits")
    .addColumn("duration_minutes", "integer", (c) => c.check(sql`duration_minutes between 5 and 240`))
    .addColumn("time_zone", "text", (c) => c.check(sql`char_length(time_zone) <= 64`))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("booked_by", "uuid", (c) => c.references("clinicians.id").onDelete("set null"))
    .addColumn("link_opened_at", "timestamptz")
    .addColumn("patient_email", "text", (c) => c.check(sql`char_length(patient_email) <= 254`))
    .addColumn("patient_phone", "text", (c) => c.check(sql`patient_phone ~ '^\\+[1-9][0-9]{4,14}$'`))
    .addColumn("contact_consent_at", "timestamptz")
    .addColumn("link_base_url", "text", (c) => c.check(sql`char_length(link_base_url) <= 2048`))
    .execute();
  await db.schema
    .createTable("visit_reminder_claims")
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("claimed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("visit_reminder_claims_pk", ["visit_id", "kind", "starts_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("visit_reminder_claims").execute();
  await db.schema
    .alterTable("visits")
    .dropColumn("duration_minutes")
    .dropColumn("time_zone")
    .dropColumn("cancelled_at")
    .dropColumn("booked_by")
    .dropColumn("link_opened_at")
    .dropColumn("patient_email")
    .dropColumn("patient_phone")
    .dropColumn("contact_consent_at")
    .dropColumn("link_base_url")
    .execute();
}
