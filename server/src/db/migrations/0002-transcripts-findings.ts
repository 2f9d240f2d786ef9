import { sql, type Kysely } from "kysely";

// Transcript segments (written by the scribe) and everything the findings review,
// release and after-visit screens store. Checks mirror the shared value sets so a bad
// write fails in the database too, not only at the API boundary.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("transcript_segments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("participant_identity", "text", (c) => c.notNull())
    // Guests only: the clinician is not a participants row.
    .addColumn("participant_id", "uuid", (c) => c.references("participants.id").onDelete("set null"))
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('clinician', 'patient', 'interpreter', 'other')`),
    )
    .addColumn("start_ms", "integer", (c) => c.notNull().check(sql`start_ms >= 0`))
    .addColumn("end_ms", "integer", (c) => c.notNull().check(sql`end_ms >= start_ms`))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("confidence", "real")
    .addColumn("engine", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('ok', 'failed')`))
    .addColumn("failure_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("transcript_segments_visit_start")
    .on("transcript_segments")
    .columns(["visit_id", "start_ms"])
    .execute();

  await db.schema
    .createTable("findings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('chief_concern', 'symptom', 'medication', 'allergy', 'measurement', 'assessment', 'plan', 'follow_up', 'warning_sign')`,
        ),
    )
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("term", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("evidence", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'approved', 'removed')`),
    )
    .addColumn("source", "text", (c) =>
      c.notNull().check(sql`source in ('builtin', 'openai-compatible', 'clinician')`),
    )
    .addColumn("edited_by_clinician", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("findings_visit").on("findings").column("visit_id").execute();

  await db.schema
    .createTable("findings_runs")
    .addColumn("visit_id", "uuid", (c) => c.primaryKey().references("visits.id").onDelete("cascade"))
    .addColumn("engine", "text", (c) => c.notNull())
    .addColumn("fallback_reason", "text")
    .addColumn("ran_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("visit_releases")
    .addColumn("visit_id", "uuid", (c) => c.primaryKey().references("visits.id").onDelete("cascade"))
    .addColumn("released_by", "uuid", (c) => c.notNull().references("clinicians.id"))
    .addColumn("released_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("glossary", "jsonb", (c) => c.notNull())
    .execute();

  // Computed once at release so the patient reads exactly what was measured and released.
  await db.schema
    .createTable("finding_explanations")
    .addColumn("finding_id", "uuid", (c) => c.primaryKey().references("findings.id").onDelete("cascade"))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("explanation", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("finding_explanations_visit")
    .on("finding_explanations")
    .column("visit_id")
    .execute();

  await db.schema
    .createTable("finding_questions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("visit_id", "uuid", (c) => c.notNull().references("visits.id").onDelete("cascade"))
    .addColumn("finding_id", "uuid", (c) => c.notNull().references("findings.id").onDelete("cascade"))
    .addColumn("participant_id", "uuid", (c) => c.notNull().references("participants.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("finding_questions_visit")
    .on("finding_questions")
    .columns(["visit_id", "created_at"])
    .execute();

  await db.schema
    .createTable("visit_feedback")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // One response per visit: the unique key is what makes "submit once" race-free.
    .addColumn("visit_id", "uuid", (c) => c.notNull().unique().references("visits.id").onDelete("cascade"))
    .addColumn("participant_id", "uuid", (c) => c.notNull().references("participants.id").onDelete("cascade"))
    .addColumn("care", "jsonb", (c) => c.notNull())
    .addColumn("care_score", "real")
    .addColumn("comment", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "visit_feedback",
    "finding_questions",
    "finding_explanations",
    "visit_releases",
    "findings_runs",
    "findings",
    "transcript_segments",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
