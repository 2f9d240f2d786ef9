import {
  AudioStream,
  DisconnectReason,
  type Room,
  type AudioFrame,
  RoomEvent,
  TrackKind,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from "@livekit/rtc-node";
import { randomUUID } from "node:crypto";
import { TRANSCRIPTION_ATTRIBUTES, TRANSCRIPTION_TOPIC } from "@bedside/shared";
import { captionTargets } from "./captions.js";
import { SCRIBE_TOPIC } from "../../livekit/livekit.names.js";
import type { NewTranscriptSegment } from "../../transcripts/transcript.service.js";
import type { Speaker } from "../scribe.consent.js";
import type { SttInput, SttResult } from "./stt/stt.provider.js";
import { STT_SAMPLE_RATE } from "./stt/stt.provider.js";
import type { SegmenterOptions, Utterance } from "./utterance.segmenter.js";
import { UtteranceDetector, type VoiceActivityDetector } from "./vad.js";

/** The visit's room as the job receives it from the framework. */
export type ScribeRoom = Room;

/** Timing of one persisted segment, for the benchmark and logs; never any text. */
export interface SegmentTiming {
  visitId: string;
  identity: string;
  audioMs: number;
  /** Wall clock when the speaker stopped talking (the last speech frame reached us). */
  speechEndedAt: number;
  transcribedAt: number;
  persistedAt: number;
  /** "empty": the engine heard no words (noise), so nothing was stored. */
  status: "ok" | "failed" | "empty";
  /** "max-length": cut mid-speech, so the speaker had not stopped; excluded from latency. */
  end: Utterance["end"];
  /** Sent as captions (to `captionedTo` people), with the stream's segment id: when it was sent. */
  captionId?: string;
  captionedAt?: number;
  captionedTo?: number;
}

export interface ScribeAgentDeps {
  visitId: string;
  /** The visit's room (the job's), not yet connected. */
  room: Room;
  /**
   * Joins the room as the hidden, subscribe-only scribe, subscribing to nothing by itself
   * (subscriptions are decided here, per track, from consent).
   */
  connect: () => Promise<void>;
  /** Who may be transcribed now, read from the database (consent is never cached across changes). */
  speakers: () => Promise<Map<string, Speaker>>;
  /** When the call started: segment times are relative to it. */
  callStartedAt: Date;
  stt: { transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> };
  /** Words the engine should expect, most important first (the visit's names, medical terms). */
  vocabulary: readonly string[];
  newVad: () => VoiceActivityDetector;
  persist: (segment: NewTranscriptSegment) => Promise<unknown>;
  segmenter?: SegmenterOptions;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** The room went away without `stop()` ("replaced": another job took this visit's scribe over). */
  onLost: (reason: string, replaced: boolean) => void;
  onSegment?: (timing: SegmentTiming) => void;
}

const SUFFIX_PADDING_MS = 150;

/**
 * What is stored for one transcribed utterance: its text, or — when the engine failed, the queue
 * was full, or the model was refused — a gap with the reason (technical, never transcript text),
 * so the transcript shows where words are missing. Noise that yields no words stores nothing.
 */
export function segmentOf(
  visitId: string,
  speaker: Pick<Speaker, "identity" | "participantId" | "role">,
  u: Pick<Utterance, "startMs" | "endMs">,
  result: SttResult,
): NewTranscriptSegment | undefined {
  const text = result.ok ? result.text.trim() : "";
  if (result.ok && !text) return undefined;
  return {
    visitId,
    participantIdentity: speaker.identity,
    participantId: speaker.participantId,
    role: speaker.role,
    startMs: u.startMs,
    endMs: u.endMs,
    text,
    language: result.ok ? result.language : null,
    confidence: result.ok ? result.confidence : null,
    engine: result.engine,
    status: result.ok ? "ok" : "failed",
    failureReason: result.ok ? null : `${result.reason}: ${result.detail}`.slice(0, 300),
  };
}

/** One subscribed microphone: its stream, its utterance detector, and whether it still counts. */
interface TrackPipeline {
  identity: string;
  trackSid: string;
  reader: ReadableStreamDefaultReader<AudioFrame>;
  /** False once consent ends for this voice: audio still in flight is dropped, not transcribed. */
  active: boolean;
  /** Aborted with `active`: takes this voice's utterances out of the decoding queue. */
  consent: AbortController;
  done: Promise<void>;
}

/**
 * The silent scribe of one visit: a hidden, subscribe-only participant in the visit's LiveKit room
 * that subscribes to each consenting person's microphone separately (speaker = track owner),
 * cuts utterances with a VAD and sends each to the speech-to-text engine, persisting every segment
 * as soon as it is produced. Audio lives only in memory, for the length of one utterance.
 */
export class ScribeAgent {
  readonly #d: ScribeAgentDeps;
  readonly #room: Room;
  readonly #pipelines = new Map<string, TrackPipeline>(); // by track sid
  #speakers = new Map<string, Speaker>();
  #stopped = false;
  #refreshing: Promise<void> = Promise.resolve();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(deps: ScribeAgentDeps) {
    this.#d = deps;
    this.#room = deps.room;
  }

  get visitId(): string {
    return this.#d.visitId;
  }

  async start(): Promise<void> {
    const room = this.#room;
    room.on(RoomEvent.TrackPublished, () => void this.refresh());
    // The server says consent changed (from the server itself: no participant sends it).
    room.on(RoomEvent.DataReceived, (_payload, participant, _kind, topic) => {
      if (topic === SCRIBE_TOPIC && !participant) void this.refresh();
    });
    room.on(RoomEvent.ParticipantConnected, () => void this.refresh());
    room.on(RoomEvent.TrackSubscribed, (track, pub, participant) =>
      this.#onSubscribed(track, pub, participant),
    );
    room.on(RoomEvent.TrackUnsubscribed, (_track, pub) => this.#endPipeline(pub.sid, "flush"));
    room.on(RoomEvent.TrackUnpublished, (pub) => this.#endPipeline(pub.sid, "flush"));
    room.on(RoomEvent.Disconnected, (reason) => {
      if (this.#stopped) return;
      // Another job took this visit's scribe identity over: it is that job's room now.
      if (reason === DisconnectReason.DUPLICATE_IDENTITY) this.#d.onLost("replaced", true);
      else this.#d.onLost(`disconnected (${DisconnectReason[reason] ?? reason})`, false);
    });
    await this.#d.connect();
    await this.refresh();
  }

  /** Re-reads consent and subscribes to, or drops, each microphone accordingly. Serialised. */
  refresh(): Promise<void> {
    const next = this.#refreshing.then(() => this.#refresh());
    this.#refreshing = next.catch((err: unknown) => {
      this.#d.log.warn(
        { visitId: this.#d.visitId, err: (err as Error).message },
        "scribe consent refresh failed",
      );
    });
    return next;
  }

  async #refresh(): Promise<void> {
    if (this.#stopped) return;
    this.#speakers = await this.#d.speakers();
    for (const participant of this.#room.remoteParticipants.values()) {
      const allowed = this.#allowed(participant.identity);
      for (const pub of participant.trackPublications.values()) {
        if (pub.kind !== TrackKind.KIND_AUDIO || pub.source !== TrackSource.SOURCE_MICROPHONE) continue;
        if (allowed && !pub.subscribed) pub.setSubscribed(true);
        if (!allowed) {
          // Consent ended: the utterance in progress is discarded, not transcribed.
          this.#endPipeline(pub.sid, "discard");
          if (pub.subscribed) pub.setSubscribed(false);
        }
      }
    }
  }

  #allowed(identity: string): boolean {
    return this.#speakers.get(identity)?.consent.state === "listening";
  }

  #onSubscribed(track: RemoteTrack, pub: RemoteTrackPublication, participant: RemoteParticipant): void {
    const sid = pub.sid;
    if (!sid || track.kind !== TrackKind.KIND_AUDIO || this.#stopped) return;
    if (!this.#allowed(participant.identity)) {
      pub.setSubscribed(false);
      return;
    }
    this.#endPipeline(sid, "discard");
    const stream = new AudioStream(track, { sampleRate: STT_SAMPLE_RATE, numChannels: 1 });
    const pipeline: TrackPipeline = {
      identity: participant.identity,
      trackSid: sid,
      reader: stream.getReader(),
      active: true,
      consent: new AbortController(),
      done: Promise.resolve(),
    };
    pipeline.done = this.#run(pipeline).catch((err: unknown) => {
      this.#d.log.warn(
        { visitId: this.#d.visitId, err: (err as Error).message },
        "scribe track pipeline failed",
      );
    });
    this.#pipelines.set(sid, pipeline);
    this.#d.log.info(
      { visitId: this.#d.visitId, participantId: participant.identity },
      "scribe listening to a track",
    );
  }

  async #run(p: TrackPipeline): Promise<void> {
    const startMs = Date.now() - this.#d.callStartedAt.getTime();
    const detector = new UtteranceDetector(this.#d.newVad(), { ...this.#d.segmenter, startMs });
    let cursorMs = startMs;
    const reader = p.reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !p.active) break;
        cursorMs += (value.samplesPerChannel * 1000) / value.sampleRate;
        const utterances = await detector.push(value.data);
        const now = Date.now();
        for (const u of utterances) this.#transcribe(p, u, now - (cursorMs - (u.endMs - SUFFIX_PADDING_MS)));
      }
    } finally {
      reader.releaseLock();
    }
    // The track ended with consent still given: its last words count. After a pause they do not.
    const rest = detector.flush();
    if (p.active) for (const u of rest) this.#transcribe(p, u, Date.now());
  }

  #transcribe(p: TrackPipeline, u: Utterance, speechEndedAt: number): void {
    const speaker = this.#speakers.get(p.identity);
    if (!speaker || !p.active) return;
    const job = (async () => {
      const result = await this.#d.stt.transcribe(
        { pcm: u.pcm, languages: speaker.languages, vocabulary: this.#d.vocabulary },
        p.consent.signal,
      );
      const transcribedAt = Date.now();
      // Consent ended while this utterance waited or was decoded: it is dropped, not stored.
      if (!p.active) return;
      const segment = segmentOf(this.#d.visitId, speaker, u, result);
      // Captions do not wait for the database: they are sent while the segment is stored.
      const captioned = segment?.status === "ok" ? this.#caption(p, segment.text) : undefined;
      if (segment) await this.#d.persist(segment);
      const caption = await captioned;
      this.#d.onSegment?.({
        visitId: this.#d.visitId,
        identity: speaker.identity,
        audioMs: u.endMs - u.startMs,
        speechEndedAt,
        transcribedAt,
        persistedAt: Date.now(),
        status: segment?.status ?? "empty",
        end: u.end,
        ...(caption && { captionId: caption.id, captionedAt: caption.at, captionedTo: caption.to }),
      });
    })().catch((err: unknown) => {
      this.#d.log.warn(
        { visitId: this.#d.visitId, err: (err as Error).message },
        "scribe segment not persisted",
      );
    });
    this.#inFlight.add(job);
    void job.finally(() => this.#inFlight.delete(job));
  }

  /**
   * One utterance's text to the people who asked for captions, and only them, through LiveKit's
   * transcription path (livekit-agents' convention: a final text stream on `lk.transcription` in
   * the speaker's name, with their track; `sendText` cannot name the sender, so `streamText`).
   * A voice that is not transcribed (no consent, paused) never gets here: it is not captioned.
   */
  async #caption(
    p: TrackPipeline,
    text: string,
  ): Promise<{ id: string; at: number; to: number } | undefined> {
    const to = captionTargets(this.#room.remoteParticipants.values(), p.identity);
    const local = this.#room.localParticipant;
    if (to.length === 0 || !local || !this.#room.isConnected) return undefined;
    const id = randomUUID();
    try {
      const writer = await local.streamText({
        topic: TRANSCRIPTION_TOPIC,
        senderIdentity: p.identity,
        destinationIdentities: to,
        attributes: {
          [TRANSCRIPTION_ATTRIBUTES.final]: "true",
          [TRANSCRIPTION_ATTRIBUTES.segmentId]: id,
          [TRANSCRIPTION_ATTRIBUTES.trackId]: p.trackSid,
        },
      });
      await writer.write(text);
      await writer.close();
      return { id, at: Date.now(), to: to.length };
    } catch (err) {
      // A caption that could not be sent is lost (the transcript still has it); never the segment.
      this.#d.log.warn({ visitId: this.#d.visitId, err: (err as Error).message }, "caption not sent");
      return undefined;
    }
  }

  #endPipeline(sid: string | undefined, mode: "flush" | "discard"): void {
    const p = sid ? this.#pipelines.get(sid) : undefined;
    if (!p || !sid) return;
    this.#pipelines.delete(sid);
    if (mode === "discard") {
      p.active = false;
      p.consent.abort();
    }
    void p.reader.cancel().catch(() => {});
  }

  /** Segments still being transcribed or written. */
  async drain(): Promise<void> {
    await Promise.all([...this.#pipelines.values()].map((p) => p.done));
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** Leaves the room; utterances already cut are still transcribed and persisted. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const sid of [...this.#pipelines.keys()]) this.#endPipeline(sid, "flush");
    await this.#room.disconnect().catch(() => {});
    await this.drain();
  }
}
