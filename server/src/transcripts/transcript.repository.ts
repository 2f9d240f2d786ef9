// Transcript segments as the scribe persists them, one row per utterance, written as soon
// as each is transcribed. Readers get them in call-time order.
import type { SegmentStatus, TranscriptSpeaker } from "@bedside/shared";
import { sql, type Selectable } from "kysely";
import type { Database } from "../db/database.js";
import type { TranscriptSegmentTable } from "../db/schema.js";

export interface NewTranscriptSegment {
  /**
   * Chosen by the writer when it may retry (the scribe worker): a second insert of the same id
   * stores nothing and returns the row already stored.
   */
  id?: string;
  visitId: string;
  /** The LiveKit identity of the track's owner (a participant id, or `clinician-<id>`). */
  participantIdentity: string;
  /** The guest's participants row; null for the clinician or anyone unattributed. */
  participantId: string | null;
  role: TranscriptSpeaker;
  /** Milliseconds from the call's start. */
  startMs: number;
  endMs: number;
  text: string;
  /** Primary subtag of the language the text is in (null when nothing was transcribed). */
  language?: string | null;
  confidence: number | null;
  engine: string;
  status: SegmentStatus;
  /** Why the speech-to-text failed (no audio content, never text): only with status "failed". */
  failureReason?: string | null;
}

export type StoredTranscriptSegment = Selectable<TranscriptSegmentTable>;

type Timed = { start_ms: number; end_ms: number; status: string };
/** How far apart two scribe jobs' clocks may time the same words (each from its own subscription). */
const JOB_CLOCK_SKEW_MS = 300;
/**
 * Whether two segments of one person are the same words: the shorter shares at least 80 % of its
 * time with the other, or lies within it but for the two jobs' clock skew (the old job's "Take."
 * cut as it left, under the new job's "Take the tablets with food": 517 ms shared, 69 % of the cut
 * one, stored twice in the deployment test's rolling restart, 2026-12-07). One voice says one
 * thing at a time, and a job's own segments never overlap, so this happens only when two jobs
 * heard the same speech: a scribe worker's hand-over, where the new job listens before the old one
 * leaves (scribe README). Two copies that each hold a part the other lacks (the old job cut at its
 * end, the new one joined late) are both kept: at half the time shared, one was dropped and a
 * sentence lost words (ci21).
 */
const sameWords = (a: Timed, b: Timed) => {
  const [short, long] = a.end_ms - a.start_ms <= b.end_ms - b.start_ms ? [a, b] : [b, a];
  return (
    Math.min(a.end_ms, b.end_ms) - Math.max(a.start_ms, b.start_ms) >=
      0.8 * (short.end_ms - short.start_ms) ||
    (short.start_ms >= long.start_ms - JOB_CLOCK_SKEW_MS && short.end_ms <= long.end_ms + JOB_CLOCK_SKEW_MS)
  );
};
/** Of two copies, the one kept: a transcription over a gap, then the longer (the other was cut). */
const better = (a: Timed, b: Timed) =>
  (a.status === "ok" ? 1 : 0) - (b.status === "ok" ? 1 : 0) ||
  a.end_ms - a.start_ms - (b.end_ms - b.start_ms);

export function createTranscriptRepository(db: Database) {
  /** A visit's transcript segments with who said each: the guest's check-in name or the clinician's. */
  const namedSegments = (visitId: string) =>
    db
      .selectFrom("transcript_segments as s")
      .innerJoin("visits as v", "v.id", "s.visit_id")
      .innerJoin("clinicians as c", "c.id", "v.clinician_id")
      .leftJoin("participants as p", "p.id", "s.participant_id")
      .select([
        "s.id",
        "s.role",
        "s.text",
        "p.display_name as participantName",
        "c.display_name as clinicianName",
      ])
      .where("s.visit_id", "=", visitId);

  return {
    /**
     * Stores a segment, or nothing (undefined) when its guest has withdrawn scribe consent or
     * refused it: the database's trigger decides within the insert itself (migration 0021), so a
     * segment decoded or queued before a withdrawal cannot reappear after its deletion. Words of
     * this person already stored by another scribe job (`sameWords`) are stored once: nothing is
     * stored when the copy there is as good, else this one replaces it.
     */
    async insert(segment: NewTranscriptSegment): Promise<StoredTranscriptSegment | undefined> {
      const startMs = Math.max(0, Math.round(segment.startMs));
      const endMs = Math.max(startMs, Math.round(segment.endMs));
      const mine = { start_ms: startMs, end_ms: endMs, status: segment.status };
      return db.transaction().execute(async (trx) => {
        // One writer per visit and person at a time: two jobs' copies arriving together see each other.
        await sql`select pg_advisory_xact_lock(hashtext(${`transcript:${segment.visitId}:${segment.participantIdentity}`}))`.execute(
          trx,
        );
        const stored = (id: string) =>
          trx.selectFrom("transcript_segments").selectAll().where("id", "=", id).executeTakeFirst();
        // A retry of a write that was stored.
        const again = segment.id ? await stored(segment.id) : undefined;
        if (again) return again;
        const copies = (
          await trx
            .selectFrom("transcript_segments")
            .select(["id", "start_ms", "end_ms", "status"])
            .where("visit_id", "=", segment.visitId)
            .where("participant_identity", "=", segment.participantIdentity)
            .where("start_ms", "<=", endMs)
            .where("end_ms", ">=", startMs)
            .execute()
        ).filter((s) => sameWords(s, mine));
        if (copies.some((c) => better(mine, c) <= 0)) return undefined;
        const inserted = await trx
          .insertInto("transcript_segments")
          .values({
            ...(segment.id ? { id: segment.id } : {}),
            visit_id: segment.visitId,
            participant_identity: segment.participantIdentity,
            participant_id: segment.participantId,
            role: segment.role,
            start_ms: startMs,
            end_ms: endMs,
            text: segment.text,
            language: segment.language ?? null,
            confidence: segment.confidence,
            engine: segment.engine,
            status: segment.status,
            failure_reason: segment.status === "failed" ? (segment.failureReason ?? null) : null,
          })
          .onConflict((oc) => oc.column("id").doNothing())
          .returningAll()
          .executeTakeFirst();
        // Refused for consent: the copies (if any) stay as they are, the withdrawal's to delete.
        if (inserted && copies.length > 0)
          await trx
            .deleteFrom("transcript_segments")
            .where(
              "id",
              "in",
              copies.map((c) => c.id),
            )
            .execute();
        return inserted;
      });
    },

    /** Every segment of a visit by start time; ties keep insertion order. */
    /** Deletes every segment one person said in a visit; returns their ids. */
    async deleteBySpeaker(visitId: string, participantId: string): Promise<string[]> {
      const rows = await db
        .deleteFrom("transcript_segments")
        .where("visit_id", "=", visitId)
        .where("participant_id", "=", participantId)
        .returning("id")
        .execute();
      return rows.map((r) => r.id);
    },
    async listByVisit(visitId: string): Promise<StoredTranscriptSegment[]> {
      return db
        .selectFrom("transcript_segments")
        .selectAll()
        .where("visit_id", "=", visitId)
        .orderBy("start_ms")
        .orderBy("created_at")
        .orderBy("id")
        .execute();
    },

    /** The visit's named transcript in time order. */
    async named(visitId: string) {
      return namedSegments(visitId)
        .select(["s.start_ms", "s.end_ms", "s.status", "s.language"])
        .orderBy("s.start_ms")
        .orderBy("s.created_at")
        .orderBy("s.id")
        .execute();
    },

    /** Named segments of this visit by id (an id from another visit is simply not found). */
    async namedByIds(visitId: string, ids: string[]) {
      if (ids.length === 0) return [];
      return namedSegments(visitId).where("s.id", "in", ids).execute();
    },
  };
}
export type TranscriptRepository = ReturnType<typeof createTranscriptRepository>;
