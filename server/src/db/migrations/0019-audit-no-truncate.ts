import { sql, type Kysely } from "kysely";

/**
 * The audit trail refuses TRUNCATE too: 0009's trigger fires on UPDATE and DELETE only, and
 * TRUNCATE, which removes every row without deleting any, passed it (issue 24, finding 16).
 * Same function, same message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger audit_events_no_truncate on audit_events`.execute(db);
}
