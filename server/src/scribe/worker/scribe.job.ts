// One visit's scribe, as a LiveKit Agents job (its own process): the hidden participant in the
// visit's room, per-track transcription (ScribeAgent), consent read from the database, segments
// written through the outbox. Everything the job needs comes in as dependencies (see worker.ts).
import type { NewTranscriptSegment } from "../../transcripts/transcript.service.js";
import { ScribeAgent, type ScribeRoom, type SegmentTiming } from "./scribe.agent.js";
import { foldConsent, type Speaker } from "../scribe.consent.js";
import type { ScribeRepository, ScribeRoster } from "../scribe.repository.js";
import { MEDICAL_VOCABULARY } from "./stt/medical.vocabulary.js";
import type { SttInput, SttResult } from "./stt/stt.provider.js";
import type { VoiceActivityDetector } from "./vad.js";
import { SegmentOutbox } from "./segment.outbox.js";
import { retry, type Backoff } from "../../retry/retry.js";

/**
 * Latency budget (end of speech → segment stored ≤ 1.5 s at p95): Whisper decodes a whole
 * utterance after it ends, at a real-time factor of ~0.2–0.3 here. Long speech is therefore cut
 * while the person goes on talking: past 4 s, at the first pause of 150 ms (shorter dips happen
 * inside words), so no word is split as a hard cut would split it — Whisper turns half a word
 * into a different word — and at 10 s in any case. Earlier pieces
 * are decoded while the person is still talking, and only the last piece after they stop.
 * 450 ms of silence ends an utterance (pauses between words are shorter; the segmenter's 600 ms
 * default costs latency for nothing here).
 */
export const SEGMENTER = {
  hangoverMs: 450,
  pauseCutAfterMs: 4_000,
  pauseCutMs: 150,
  maxUtteranceMs: 10_000,
} as const;

/** While the database is away (the API server hosting the embedded one restarting, say). */
const DATABASE_BACKOFF: Backoff = { firstMs: 250, maxMs: 2_000 };

/** Consent is read again this often even without a message from the server (a missed one). */
const CONSENT_POLL_MS = 5_000;
/** How long a job that ends waits for the database to take its last segments. */
const DRAIN_TIMEOUT_MS = 60_000;

/**
 * What the engine should expect to hear in this visit: the people's names first (Whisper
 * otherwise spells an unusual name a different way each time), then medical terms.
 */
export function visitVocabulary(roster: ScribeRoster): string[] {
  return [roster.clinicianName, ...roster.guests.map((g) => g.displayName), ...MEDICAL_VOCABULARY];
}

export interface ScribeJobDeps {
  visitId: string;
  room: ScribeRoom;
  connect: () => Promise<void>;
  repo: Pick<ScribeRepository, "roster" | "events">;
  insert: (segment: NewTranscriptSegment) => Promise<unknown>;
  stt: { transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> };
  newVad: () => VoiceActivityDetector;
  vocabulary: boolean;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
  };
  onSegment?: (timing: SegmentTiming) => void;
}

function untilAvailable<T>(read: () => Promise<T>, log: ScribeJobDeps["log"], what: string): Promise<T> {
  return retry(read, {
    backoff: DATABASE_BACKOFF,
    onFailedAttempt: ({ error, attempt }) => {
      if (attempt === 1)
        log.warn({ err: (error as Error).message }, `${what}: database unreachable; retrying`);
    },
  });
}

/**
 * Runs the visit's scribe until its room goes away. Resolves with why it ended, after the
 * segments it had heard are stored. Consent: read at start and whenever the server says it
 * changed (a data message) or every few seconds; while the database cannot be reached the last
 * consent read stands — nobody can change consent then, since changes go through the server.
 */
export async function runScribeJob(
  d: ScribeJobDeps,
): Promise<{ ended: Promise<string>; stop: () => Promise<void> } | undefined> {
  const roster = await untilAvailable(() => d.repo.roster(d.visitId), d.log, "scribe job start");
  // Not a visit of this database (a worker pointed at the wrong one), or no longer in a call.
  if (!roster || roster.state !== "in_call") return undefined;
  let speakers: Map<string, Speaker> | undefined;
  const readSpeakers = async () => {
    try {
      const fresh = await d.repo.roster(d.visitId);
      if (!fresh) throw new Error("no such visit");
      speakers = foldConsent(fresh, await d.repo.events(d.visitId)).speakers;
    } catch (err) {
      if (!speakers) throw err;
      // The last consent read stands (see above).
    }
    return speakers;
  };
  await untilAvailable(readSpeakers, d.log, "scribe consent");

  const outbox = new SegmentOutbox(d.insert, d.log);
  let endedWith!: (reason: string) => void;
  const ended = new Promise<string>((resolve) => (endedWith = resolve));
  const agent = new ScribeAgent({
    visitId: d.visitId,
    room: d.room,
    connect: d.connect,
    speakers: readSpeakers,
    callStartedAt: roster.startedAt ?? new Date(),
    stt: d.stt,
    vocabulary: d.vocabulary ? visitVocabulary(roster) : [],
    newVad: d.newVad,
    segmenter: SEGMENTER,
    persist: (s) => outbox.push(s),
    log: d.log,
    onSegment: d.onSegment,
    onLost: (reason) => endedWith(reason),
  });
  await agent.start();
  d.log.info({ visitId: d.visitId }, "scribe job joined its visit's room");
  const poll = setInterval(() => void agent.refresh(), CONSENT_POLL_MS);
  poll.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(poll);
      await agent.stop();
      const left = await outbox.drain(DRAIN_TIMEOUT_MS);
      if (left > 0) d.log.warn({ visitId: d.visitId, left }, "segments not stored: the database stayed away");
    })());
  return { ended, stop };
}

/**
 * How long a job has to join its visit's room. One that has not (its database read or its room
 * connection hung) gives up, so its place on the worker is free for the dispatch the server makes
 * again while the scribe is missing (scribe.service.ts): a worker full of jobs that never joined
 * would take no other.
 */
export const JOIN_DEADLINE_MS = 30_000;

/**
 * Starts a job, giving up when it has not started within `ms`: `onLate` runs then (the caller
 * ends the job), and a start that comes later is stopped at once. Resolves with the started job,
 * or undefined when there is none or it came late.
 */
export async function startWithin<T extends { stop(): Promise<void> }>(
  ms: number,
  start: () => Promise<T | undefined>,
  onLate: () => void,
): Promise<T | undefined> {
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    onLate();
  }, ms);
  try {
    const job = await start();
    if (!late) return job;
    await job?.stop();
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
