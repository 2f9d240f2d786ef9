import { z } from "zod";

/**
 * Captions (issue 30): a person in the call asks for them for themselves; the server sets this
 * attribute on their LiveKit participant, and the scribe sends each transcribed utterance to the
 * people who have it "on", and to nobody else (the clinician's screen stays free of any transcript).
 */
export const CAPTIONS_ATTRIBUTE = "bedside.captions";

/**
 * LiveKit's transcription path (the topic and attributes of livekit-agents' text streams, which
 * livekit-client's `registerTextStreamHandler` receives): one final text stream per utterance,
 * sent in the speaker's name (`senderIdentity`) with the speaker's track.
 */
export const TRANSCRIPTION_TOPIC = "lk.transcription";
export const TRANSCRIPTION_ATTRIBUTES = {
  final: "lk.transcription_final",
  segmentId: "lk.segment_id",
  trackId: "lk.transcribed_track_id",
} as const;

export const captionsEventSchemas = {
  /** Guests' visit is their own; a clinician names it. */
  "captions:set": z.object({ visitId: z.uuid().optional(), on: z.boolean() }).strict(),
} as const;

export interface CaptionsSetting {
  on: boolean;
}
