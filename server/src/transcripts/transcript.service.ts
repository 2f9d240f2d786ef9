// The one way other domains read and write transcripts: the scribe stores segments, findings and
// the review read them, presence insights read their timing. Only this domain queries the table.
import type { TranscriptRepository } from "./transcript.repository.js";

export type { NewTranscriptSegment } from "./transcript.repository.js";

export function createTranscriptService(repo: TranscriptRepository) {
  return {
    insert: repo.insert,
    /** Every segment of a visit by start time; ties keep insertion order. */
    listByVisit: repo.listByVisit,
    /** The visit's transcript in time order, with who said each segment. */
    named: repo.named,
    namedByIds: repo.namedByIds,
    /** "Delete what the AI helper wrote down of me": every segment of this person in this visit. */
    deleteBySpeaker: repo.deleteBySpeaker,

    /** When each person spoke (successfully transcribed speech only): what presence insights measure. */
    async speech(visitId: string) {
      const segments = await repo.listByVisit(visitId);
      return segments
        .filter((s) => s.status === "ok" && s.role !== "other")
        .map((s) => ({
          role: s.role as Exclude<typeof s.role, "other">,
          startMs: s.start_ms,
          endMs: s.end_ms,
        }));
    },
  };
}
export type TranscriptService = ReturnType<typeof createTranscriptService>;
