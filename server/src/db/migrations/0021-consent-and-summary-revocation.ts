import { sql, type Kysely } from "kysely";

/**
 * Issue 24, findings 6 and 7.
 *
 * `participants.scribe_withdrawn_at`: when a guest withdrew consent for the visit (set with the
 * withdraw event, back-filled from the events). A trigger makes every insert of that guest's
 * transcript segment store nothing once they withdrew (or refused at check-in), so a segment that
 * was still being decoded, or waited in a scribe worker's outbox, cannot undo "delete what the AI
 * helper wrote down of me". The trigger takes a share lock on the guest's row: a withdrawal being
 * recorded at that moment waits for the insert to commit (and the deletion that follows then
 * sees the segment), or the insert waits for the withdrawal and then stores nothing.
 *
 * `visits.summary_links_revoked_at`: when the clinician cancelled the visit's summary links; from
 * then on the patient's check-in token can no longer be exchanged for a new one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("participants").addColumn("scribe_withdrawn_at", "timestamptz").execute();
  await sql`
    update participants p set scribe_withdrawn_at = w.at
    from (
      select visit_id, actor_identity, min(created_at) as at from scribe_consent_events
      where action = 'withdraw' and scope = 'self' and actor_role <> 'clinician'
      group by visit_id, actor_identity
    ) w
    where w.visit_id = p.visit_id and w.actor_identity = p.id::text`.execute(db);
  await sql`
    create function transcript_segments_consent() returns trigger language plpgsql as $$
    begin
      if new.participant_id is not null and not exists (
        select 1 from participants p
        where p.id = new.participant_id
          and p.scribe_consent = 'granted'
          and p.scribe_withdrawn_at is null
        for share
      ) then
        return null;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger transcript_segments_consent before insert on transcript_segments
    for each row execute function transcript_segments_consent()`.execute(db);
  await db.schema.alterTable("visits").addColumn("summary_links_revoked_at", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger transcript_segments_consent on transcript_segments`.execute(db);
  await sql`drop function transcript_segments_consent()`.execute(db);
  await db.schema.alterTable("participants").dropColumn("scribe_withdrawn_at").execute();
  await db.schema.alterTable("visits").dropColumn("summary_links_revoked_at").execute();
}
