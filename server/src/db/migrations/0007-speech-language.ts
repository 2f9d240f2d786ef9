import { type Kysely } from "kysely";

/**
 * The language of each transcript segment (what the engine heard, or was told the speaker uses),
 * and the language each clinician speaks in visits, which their track is transcribed in.
 * Segments stored before this migration have no recorded language.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("transcript_segments").addColumn("language", "text").execute();
  await db.schema
    .alterTable("clinicians")
    .addColumn("speech_language", "text", (c) => c.notNull().defaultTo("en"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("clinicians").dropColumn("speech_language").execute();
  await db.schema.alterTable("transcript_segments").dropColumn("language").execute();
}
