import { sql, type Kysely } from "kysely";

/**
 * One row naming this Bedside deployment (its database). Scribe jobs carry it: a scribe worker
 * takes only jobs of the database it is connected to, so deployments that share a LiveKit server
 * never transcribe into each other's database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("deployment")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("singleton", "boolean", (c) =>
      c
        .notNull()
        .defaultTo(true)
        .unique()
        .check(sql`singleton`),
    )
    .execute();
  await sql`insert into deployment default values`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("deployment").execute();
}
