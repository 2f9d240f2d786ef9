import type { Kysely } from "kysely";

/**
 * Issue 29: when an in-call visit's LiveKit room became empty, kept in the database rather than in
 * one instance's timer, so that the abandoned call still ends after a restart or on another
 * instance, once. Null while someone is in the room.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visits").addColumn("room_empty_since", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("visits").dropColumn("room_empty_since").execute();
}
