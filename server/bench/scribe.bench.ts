/**
 * pnpm bench:scribe — the scribe on this machine, on a real LiveKit server with real read speech
 * (LibriVox, from Debian's pocketsphinx-testdata), for the default Whisper model and the other:
 *
 * 1. rtf and wer_librivox: the engine alone, one warmed-up worker using every core, decoding the
 *    five clips one after another: decode time / audio time, and word error rate against the
 *    reference text (normalisation in transcript.wer.ts). Measured again with Whisper's own 30 s
 *    encoder window (`window_30s`, the baseline) next to the model's own (10 s for base).
 * 2. latency: one speaker publishes the clips as a WebRTC microphone track (1.5 s pauses); for each
 *    segment, from the moment the last speech frame reached the agent to the row being committed
 *    (VAD hangover + queueing + decoding + INSERT). p50/p95 over the segments that ended because
 *    the speaker stopped or paused (not those cut at the maximum length mid-speech). The run ends
 *    when the scribe has nothing queued or decoding.
 * 3. max_tracks: N speakers talk at the same time (each its own track, clips rotated) for
 *    N = 1, 2, 3, 4, 6, 8; a level keeps up when its p95 latency stays ≤ 2 s, no segment failed,
 *    and every sentence was stored (word recall of the stored text against the sentences said
 *    ≥ 0.9; the engine alone recovers 0.99). max_tracks is the largest level that keeps up (stops at the first
 *    that does not). The speakers run in the bench's process, on the same cores as the job, so this
 *    is a lower bound for a server whose speakers are elsewhere.
 *
 * The scribe runs as `npm start` runs it: a worker process, each visit's job in its own process,
 * the worker's one engine pool (in its inference process) shared by its jobs, segments written to
 * the server's shared PGlite. It is configured as the server configures it: SCRIBE_STT_WORKERS workers (default 2) sharing the
 * cores, a beam of 3 (SCRIBE_WHISPER_BEAM_SIZE), the visit's medical vocabulary as prompt.
 * Last line: {"model","rtf","latency_p50_ms","latency_p95_ms","max_tracks","wer_librivox","other":{…}}
 */
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { startLivekit } from "../../scripts/livekit.mjs";
import { migrateToLatest, openDatabase, shareEmbeddedDatabase } from "../src/db/database.js";
import { createLivekit } from "../src/livekit/livekit.client.js";
import type { SegmentTiming } from "../src/scribe/worker/scribe.agent.js";
import { librivoxClips, Speaker, withGaps, wordRecall } from "../tools/scribe/scribe.fixtures.js";
import { createScribeRepository } from "../src/scribe/scribe.repository.js";
import { createScribeService } from "../src/scribe/scribe.service.js";
import type { WhisperModel } from "../src/scribe/worker/stt/stt.provider.js";
import { WINDOW_SECONDS, WhisperSttProvider } from "../src/scribe/worker/stt/whisper.stt.js";
import { normaliseForWer, werCounts } from "../tools/scribe/transcript.wer.js";
import { createTranscriptRepository } from "../src/transcripts/transcript.repository.js";
import { createVisitRepository } from "../src/visits/visit.repository.js";
import { startScribeWorker } from "../test/scribe-stack.js";
import { percentile, quiet } from "./bench.util.js";

const LEVELS = (process.env.LEVELS ?? "1,2,3,4,6,8").split(",").map(Number);
const WORKERS = Number(process.env.SCRIBE_STT_WORKERS ?? 2);
const BEAM = Number(process.env.SCRIBE_WHISPER_BEAM_SIZE ?? 3);
const DEFAULT_MODEL: WhisperModel = "base";
const P95_LIMIT_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const clips = librivoxClips();
const lk = await startLivekit();
const livekit = createLivekit({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret });

/** 1. The engine alone: real-time factor and word error rate on the five clips. */
async function engineAlone(model: WhisperModel, windowSeconds?: number) {
  const engine = new WhisperSttProvider({ model, threads: cpus().length, beamSize: BEAM, windowSeconds });
  const failed = await engine.warmUp();
  if (failed) throw new Error(`${model}: ${failed.reason} ${failed.detail}`);
  let decodeMs = 0;
  let audioMs = 0;
  let errors = 0;
  let words = 0;
  for (const c of clips) {
    const t0 = performance.now();
    const r = await engine.transcribe({ pcm: c.samples, languages: ["en"] });
    decodeMs += performance.now() - t0;
    audioMs += (c.samples.length / 16_000) * 1000;
    if (!r.ok) throw new Error(`${model}: ${r.reason} ${r.detail}`);
    const w = werCounts(normaliseForWer(c.reference), normaliseForWer(r.text));
    errors += w.substitutions + w.deletions + w.insertions;
    words += w.referenceWords;
  }
  await engine.close();
  return { rtf: decodeMs / audioMs, wer: errors / words };
}

async function measure(model: WhisperModel) {
  const alone = await engineAlone(model);
  // tiny.en's own window is already 30 s: the baseline is the same run.
  const whole = WINDOW_SECONDS[model] === 30 ? alone : await engineAlone(model, 30);
  for (const [name, r] of [
    ["its window", alone],
    ["30 s window", whole],
  ] as const) {
    console.error(`${model}, ${name}: rtf ${r.rtf.toFixed(3)}, LibriVox WER ${(r.wer * 100).toFixed(1)}%`);
  }

  // The stack as it runs: the server's embedded database shared over its socket, and a scribe
  // worker process (server/dist/worker.js) to which LiveKit dispatches each visit's job (its own
  // process). Segment timings come from the job's log lines (no text in them).
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  await migrateToLatest(db);
  const share = (await shareEmbeddedDatabase(db, { host: "127.0.0.1", port: 0 }))!;
  const worker = await startScribeWorker({
    livekit: lk,
    databaseUrl: share.secretUrl,
    env: {
      SCRIBE_WHISPER_MODEL: model,
      SCRIBE_STT_WORKERS: String(WORKERS),
      SCRIBE_WHISPER_BEAM_SIZE: String(BEAM),
      SCRIBE_WORKER_MAX_JOBS: "16",
    },
  });
  const timingsFrom = (visitId: string) =>
    worker.lines
      .filter((l) => l.includes('"scribe segment"') && l.includes(visitId))
      .map((l) => JSON.parse(l) as SegmentTiming);
  const scribe = createScribeService({
    config: { enabled: true },
    repo: createScribeRepository(db),
    livekit,
    log: quiet,
    notify: () => {},
    watchMs: 100,
  });
  const visits = createVisitRepository(db);
  const clinician = await db
    .insertInto("clinicians")
    .values({
      email: "bench@example.org",
      display_name: "Dr. Bench",
      password_hash: "x",
      clinic_id: (await db.selectFrom("clinics").select("id").executeTakeFirstOrThrow()).id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  /** A visit in a call with `n` consenting patients-or-interpreters, each a speaking track. */
  async function run(n: number, clipsPerSpeaker: number) {
    const visit = await visits.create(clinician.id, {
      patientDisplayName: "Bench",
      preferredLanguage: "en",
      interpreterNeeded: false,
      scheduledAt: new Date().toISOString(),
    });
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const secret = randomBytes(32).toString("base64url");
      await visits.issueLink(visit.id, "patient", secret, new Date(Date.now() + 3600_000));
      const link = (await visits.findLink(secret))!;
      ids.push(
        await visits
          .checkIn(
            link,
            {
              displayName: `Speaker ${i}`,
              scribeConsent: "granted",
              deviceCheck: { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 1 },
            },
            secret,
          )
          .then((r) => r.participantId),
      );
    }
    await visits.transition(visit.id, "in_call");
    scribe.callStarted(visit.id);
    const joined = () => worker.lines.some((l) => l.includes("scribe job joined") && l.includes(visit.id));
    while (!joined()) await sleep(100);
    const speakers = await Promise.all(
      ids.map(async (id) => {
        const s = new Speaker();
        await s.join(
          lk.url,
          await livekit.token({ identity: id, name: id, room: visit.id, role: "patient" }),
        );
        return s;
      }),
    );
    await sleep(1500); // subscriptions settle
    await Promise.all(
      speakers.map((s, i) =>
        s.speak(
          withGaps(
            Array.from({ length: clipsPerSpeaker }, (_, k) => clips[(i + k) % clips.length]!.samples),
            1500,
          ),
        ),
      ),
    );
    // Done when no segment has been stored for two seconds (or 30 s have passed).
    const deadline = Date.now() + 30_000;
    for (let idle = 0, seen = -1; idle < 4 && Date.now() < deadline;) {
      await sleep(500);
      const now = timingsFrom(visit.id).length;
      idle = now === seen ? idle + 1 : 0;
      seen = now;
    }
    await scribe.callEnded(visit.id);
    await livekit.closeRoom(visit.id);
    const stopped = () => worker.lines.some((l) => l.includes("scribe job stopped") && l.includes(visit.id));
    while (!stopped()) await sleep(100);
    await Promise.all(speakers.map((s) => s.leave()));
    const mine = timingsFrom(visit.id);
    // Every sentence said is stored: the words persisted for this visit cover the reference.
    const said = ids.flatMap((_, i) =>
      Array.from({ length: clipsPerSpeaker }, (_, k) =>
        normaliseForWer(clips[(i + k) % clips.length]!.reference),
      ),
    );
    const stored = (await createTranscriptRepository(db).listByVisit(visit.id)).map((s) => s.text).join(" ");
    const latencies = mine.filter((t) => t.end !== "max-length").map((t) => t.persistedAt - t.speechEndedAt);
    const result = {
      tracks: n,
      recall: Number(wordRecall(said.flat(), normaliseForWer(stored)).toFixed(3)),
      pieces: mine.length,
      sentences: n * clipsPerSpeaker,
      failed: mine.filter((t) => t.status === "failed").length,
      p50: Math.round(percentile(latencies, 50)),
      p95: Math.round(percentile(latencies, 95)),
    };
    console.error(JSON.stringify(result));
    return result;
  }

  // 2. Latency of one speaker.
  const single = await run(1, clips.length);

  // 3. Concurrent speaking tracks.
  let maxTracks = 0;
  for (const n of LEVELS) {
    const r = await run(n, 3);
    // Every sentence stored (words recovered as on the engine alone, within a margin), none
    // failed, in time.
    const keepsUp = r.recall >= 0.9 && r.failed === 0 && r.p95 <= P95_LIMIT_MS;
    if (!keepsUp) break;
    maxTracks = n;
  }
  await scribe.close();
  await worker.stop();
  await share.close();
  await db.destroy();
  return {
    model,
    rtf: Number(alone.rtf.toFixed(3)),
    latency_p50_ms: single.p50,
    latency_p95_ms: single.p95,
    max_tracks: maxTracks,
    wer_librivox: Number(alone.wer.toFixed(4)),
    // The baseline in the same run: Whisper's own 30 s encoder window for every utterance.
    window_30s: { rtf: Number(whole.rtf.toFixed(3)), wer_librivox: Number(whole.wer.toFixed(4)) },
  };
}

const main = await measure(DEFAULT_MODEL);
const other = await measure("tiny.en");
await lk.stop();
console.log(JSON.stringify({ ...main, workers: WORKERS, beam_size: BEAM, other }));
process.exit(0);
