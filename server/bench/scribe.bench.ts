/**
 * pnpm bench:scribe — the scribe on this machine, on a real LiveKit server with real read speech
 * (Debian pocketsphinx-testdata, LibriVox):
 *
 * 1. rtf: the local engine's real-time factor, decode time / audio time over the five clips
 *    decoded one after another by one warmed-up decoder (the baseline the other numbers build on).
 * 2. latency: one speaker publishes the clips as a WebRTC microphone track (1.5 s pauses); for each
 *    segment, from the moment the last speech frame reached the agent to the row being committed
 *    (VAD hangover + queueing + decoding + INSERT). p50/p95 over the segments.
 * 3. max_tracks: N speakers talk at the same time (each its own track, clips rotated) for
 *    N = 1, 2, 3, 4, 6, 8; a level keeps up when its p95 latency stays ≤ 2 s and every utterance
 *    is persisted with status ok. max_tracks is the largest level that keeps up (stops at the first
 *    that does not). The speakers run in this same process and take CPU from the agent, so this
 *    is a lower bound for a server whose speakers are elsewhere.
 *
 * Last line: {"rtf":…,"latency_p50_ms":…,"latency_p95_ms":…,"max_tracks":N}
 */
import { randomBytes } from "node:crypto";
import { startLivekit } from "../../scripts/livekit.mjs";
import { migrateToLatest, openDatabase } from "../src/db/database.js";
import { createLivekit } from "../src/livekit/livekit.client.js";
import type { SegmentTiming } from "../src/scribe/scribe.agent.js";
import { librivoxClips, Speaker, withGaps } from "../src/scribe/scribe.fixtures.js";
import { createScribeRepository } from "../src/scribe/scribe.repository.js";
import { createScribeService } from "../src/scribe/scribe.service.js";
import { LocalSttProvider } from "../src/scribe/stt/local.stt.js";
import { createTranscriptRepository } from "../src/transcripts/transcript.repository.js";
import { createVisitRepository } from "../src/visits/visit.repository.js";

const LEVELS = (process.env.LEVELS ?? "1,2,3,4,6,8").split(",").map(Number);
const WORKERS = Number(process.env.SCRIBE_STT_WORKERS ?? 2);
const P95_LIMIT_MS = 2000;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = {
  info() {},
  warn() {},
  error(o: object, m: string) {
    console.error(m, o);
  },
};

const clips = librivoxClips();

// 1. Real-time factor of the engine alone.
const engine = new LocalSttProvider();
await engine.warmUp();
let decodeMs = 0;
let audioMs = 0;
for (const c of clips) {
  const t0 = performance.now();
  const r = await engine.transcribe({ pcm: c.samples, language: "en" });
  decodeMs += performance.now() - t0;
  audioMs += (c.samples.length / 16_000) * 1000;
  if (!r.ok) throw new Error(`engine failed: ${r.reason}`);
}
await engine.close();
const rtf = decodeMs / audioMs;
console.error(`rtf ${rtf.toFixed(3)} (${Math.round(decodeMs)} ms for ${Math.round(audioMs)} ms of audio)`);

// The stack: LiveKit, an in-memory database, the scribe service with its agent.
const lk = await startLivekit();
const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
await migrateToLatest(db);
const livekit = createLivekit({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret });
const timings: SegmentTiming[] = [];
const scribe = createScribeService({
  config: { enabled: true, stt: { kind: "local", timeoutMs: 30_000 }, workers: WORKERS, vad: "silero" },
  repo: createScribeRepository(db),
  transcripts: createTranscriptRepository(db),
  livekit,
  log: quiet,
  notify: () => {},
  onSegment: (t) => timings.push(t),
});
await scribe.stt.warmUp();
const visits = createVisitRepository(db);
const clinician = await db
  .insertInto("clinicians")
  .values({ email: "bench@example.org", display_name: "Dr. Bench", password_hash: "x" })
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
      await visits.addParticipant(
        link,
        {
          displayName: `Speaker ${i}`,
          scribeConsent: "granted",
          deviceCheck: { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 1 },
        },
        secret,
      ),
    );
  }
  await visits.transition(visit.id, "in_call");
  scribe.callStarted(visit.id);
  while ((await scribe.state(visit.id)).agent !== "listening") await sleep(100);
  const speakers = await Promise.all(
    ids.map(async (id) => {
      const s = new Speaker();
      await s.join(lk.url, await livekit.token({ identity: id, name: id, room: visit.id, role: "patient" }));
      return s;
    }),
  );
  await sleep(1500); // subscriptions settle
  const from = timings.length;
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
  const expected = n * clipsPerSpeaker;
  const deadline = Date.now() + 30_000;
  const ended = () => timings.slice(from).filter((t) => t.end !== "max-length").length;
  while (ended() < expected && Date.now() < deadline) await sleep(200);
  await scribe.callEnded(visit.id);
  await Promise.all(speakers.map((s) => s.leave()));
  const mine = timings.slice(from);
  const latencies = mine.filter((t) => t.end !== "max-length").map((t) => t.persistedAt - t.speechEndedAt);
  const result = {
    tracks: n,
    segments: mine.filter((t) => t.end !== "max-length").length,
    pieces: mine.length,
    expected,
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
  // Every sentence persisted (long ones are cut in pieces, so ≥), none failed, in time.
  const keepsUp = r.segments >= r.expected && r.failed === 0 && r.p95 <= P95_LIMIT_MS;
  if (!keepsUp) break;
  maxTracks = n;
}

await scribe.close();
await db.destroy();
await lk.stop();
console.log(
  JSON.stringify({
    rtf: Number(rtf.toFixed(3)),
    latency_p50_ms: single.p50,
    latency_p95_ms: single.p95,
    max_tracks: maxTracks,
  }),
);
process.exit(0);
