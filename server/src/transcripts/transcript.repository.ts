// Transcript segments as the scribe persists them, one row per utterance, written as soon
// as each is transcribed. Readers get them in call-time order.
import type { SegmentStatus, TranscriptSpeaker } from "@bedside/shared";
import type { Selectable } from "kysely";
import type { Database } from "../db/database.js";
import type { TranscriptSegmentTable } from "../db/schema.js";

export interface NewTranscriptSegment {
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

export function createTranscriptRepository(db: Database) {
  return {
    async insert(segment: NewTranscriptSegment): Promise<StoredTranscriptSegment> {
      const startMs = Math.max(0, Math.round(segment.startMs));
      return db
        .insertInto("transcript_segments")
        .values({
          visit_id: segment.visitId,
          participant_identity: segment.participantIdentity,
          participant_id: segment.participantId,
          role: segment.role,
          start_ms: startMs,
          end_ms: Math.max(startMs, Math.round(segment.endMs)),
          text: segment.text,
          language: segment.language ?? null,
          confidence: segment.confidence,
          engine: segment.engine,
          status: segment.status,
          failure_reason: segment.status === "failed" ? (segment.failureReason ?? null) : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Every segment of a visit by start time; ties keep insertion order. */
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
  };
}
export type TranscriptRepository = ReturnType<typeof createTranscriptRepository>;
