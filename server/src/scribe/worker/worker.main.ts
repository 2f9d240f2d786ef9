// The scribe worker's process: registers with LiveKit as the "bedside-scribe" agent; LiveKit
// dispatches one job per visit in a call to a registered worker, and the Agents framework runs
// each job in its own process (worker.agent.ts). Run as many workers as you like, on any machine
// that reaches the same LiveKit and database (README).
import { randomUUID } from "node:crypto";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AgentServer,
  InferenceRunner,
  initializeLogger,
  ServerOptions,
  WorkerPermissions,
} from "@livekit/agents";
import { openDatabase } from "../../db/database.js";
import { createLivekit } from "../../livekit/livekit.client.js";
import {
  handOverIdentity,
  isScribeOf,
  SCRIBE_AGENT_NAME,
  scribeIdentity,
} from "../../livekit/livekit.names.js";
import { scribeGrant } from "../../livekit/livekit.tokens.js";
import { retry } from "../../retry/retry.js";
import { createScribeRepository } from "../scribe.repository.js";
import { STT_INFERENCE_METHOD } from "./stt.remote.js";
import { metadataOf, workerConfig } from "./worker.config.js";
import { logger } from "./worker.log.js";
import { jobLoad } from "./worker.load.js";
import { startWorkerMetrics } from "./worker.metrics.js";
import { watchInference, watchJobs } from "./worker.watch.js";

/** A worker told to stop a second time waits this long for its jobs, no more. */
const HURRY_MS = 3_000;
/**
 * How long a stopping worker's job goes on listening once the job that takes its visit over is
 * in the room: that one still connects, reads consent and subscribes. Words said meanwhile may be
 * stored by both; ending the old job sooner would lose them.
 */
const HAND_OVER_OVERLAP_MS = 3_000;

/** This module's own files are .ts under tsx and vitest, .js once built. */
const ext = extname(fileURLToPath(import.meta.url));

export async function runWorker(): Promise<void> {
  const config = workerConfig();
  const log = logger({ role: "scribe-worker", worker: randomUUID().slice(0, 8) });
  initializeLogger({ pretty: false, level: process.env.SCRIBE_AGENTS_LOG_LEVEL ?? "warn" });
  const livekit = createLivekit(config.livekit);
  // Which database this worker writes to: it takes only that deployment's jobs.
  const db = await openDatabase(config.database, (err) =>
    log.warn({ err: err.message }, "database connection lost"),
  );
  const deployment = await retry(() => createScribeRepository(db).deploymentId(), {
    backoff: { firstMs: 250, maxMs: 2_000 },
    onFailedAttempt: ({ error, attempt }) => {
      if (attempt === 1) log.warn({ err: (error as Error).message }, "database unreachable; waiting for it");
    },
  });
  await db.destroy();
  // The worker's one speech-engine pool: the framework runs it in the worker's inference process,
  // started (models loaded) before the worker registers with LiveKit.
  InferenceRunner.registerRunner(
    STT_INFERENCE_METHOD,
    new URL(`./stt.runner${ext}`, import.meta.url).toString(),
  );
  const { maxJobs, host, port, restartDeadlineMs, drainMs, metricsPort } = config.scribe.worker;
  let stopping = false;
  const slots = jobLoad(() => server.activeJobs.map((j) => j.job.id));
  const load = () => slots.count();
  const options = new ServerOptions({
    agent: fileURLToPath(new URL(`./worker.agent${ext}`, import.meta.url)),
    agentName: SCRIBE_AGENT_NAME,
    wsURL: config.livekit.url,
    apiKey: config.livekit.apiKey,
    apiSecret: config.livekit.apiSecret,
    permissions: new WorkerPermissions(
      scribeGrant.canPublish,
      scribeGrant.canSubscribe,
      scribeGrant.canPublishData,
      scribeGrant.canUpdateOwnMetadata,
      [],
      scribeGrant.hidden,
    ),
    // One process loaded (database, VAD; no speech model) and waiting: a visit's job, or a restarted one, starts at once.
    numIdleProcesses: 1,
    initializeProcessTimeout: 180_000,
    shutdownProcessTimeout: 90_000,
    // Full at maxJobs visits: LiveKit then gives new visits to other workers.
    loadFunc: async () => (stopping ? 1 : load() / maxJobs),
    loadThreshold: 1,
    host,
    port,
    requestFunc: async (req) => {
      const visitId = req.room?.name ?? "";
      const meta = metadataOf(req.job.metadata);
      // Another deployment's visit (a LiveKit shared by several): its own workers take it.
      if (!meta || meta.visitId !== visitId || meta.deployment !== deployment) return req.reject();
      if (stopping) return req.reject();
      // A hard cap: the load LiveKit sees is reported every few seconds, and an accepted job
      // shows in activeJobs only once its process has it, so requests that arrive together could
      // all land here. Refused, LiveKit offers the job to another worker.
      if (load() >= maxJobs) {
        log.info({ visitId, jobId: req.id }, "scribe worker full; job left to another worker");
        return req.reject();
      }
      const identity = meta.handOver ? handOverIdentity(visitId, meta.handOver) : scribeIdentity(visitId);
      log.info({ visitId, jobId: req.id }, "scribe job accepted");
      await slots.accept(req.id, req.accept("Scribe", identity, "", { role: "scribe" }));
    },
  });
  const server: AgentServer = new AgentServer(options);
  // The framework registers its local end-of-turn model (a voice agent's turn detector) for every
  // worker. The scribe detects no turns, and that model cost the inference process 255 MB and 1.5 s
  // at start, so only the scribe's runner stays (the list is read when that process starts, in run()).
  for (const method of Object.keys(InferenceRunner.registeredRunners)) {
    if (method !== STT_INFERENCE_METHOD) delete InferenceRunner.registeredRunners[method];
  }
  const stopWatching = watchJobs(server, livekit, deployment, log);
  const metrics =
    metricsPort === undefined
      ? undefined
      : await startWorkerMetrics({
          host,
          port: metricsPort,
          token: config.metricsToken,
          jobsRunning: load,
          log,
        });
  const exit = (code: number) => {
    void (metrics?.close() ?? Promise.resolve()).finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 1_000).unref();
  };
  /**
   * Stops taking jobs, hands each running visit to another worker (`handOver`: a new job under its
   * own identity; ours goes on listening until that one is in the room), then closes the framework
   * (its jobs store what they heard, then end) and exits. Waits for the hand-over at most `drainMs`
   * (no other worker: nobody takes over, and the server dispatches again once a worker is back). The
   * framework can wait 90 s for a job process that was still starting, so the worker leaves as
   * soon as no visit's job is left, or by `deadlineMs`; job processes left behind end themselves
   * once orphaned (the framework's own watchdog, 15 s). Asked again while stopping, it exits within
   * `HURRY_MS`.
   */
  let hurry = false;
  const stop = (reason: string, exitCode: number, o: { handOver: boolean; deadlineMs: number }) => {
    if (stopping) {
      // Asked again (a supervisor that stops everything, someone at the terminal): no more waiting
      // for a hand-over; the jobs get a moment to store what they heard.
      if (!hurry) log.warn({ reason }, "scribe worker stopping without waiting for a hand-over");
      hurry = true;
      setTimeout(() => exit(exitCode), HURRY_MS).unref();
      return;
    }
    stopping = true;
    log.info({ reason, jobs: load() }, "scribe worker stopping");
    stopWatching();
    stopWatchingInference();
    clearInterval(parentWatch);
    setTimeout(() => exit(exitCode), o.deadlineMs).unref();
    void (async () => {
      const jobs = server.activeJobs.filter((j) => !!j.job.room?.name);
      if (o.handOver && jobs.length > 0) {
        const until = Date.now() + drainMs;
        const mine = new Set(jobs.map((j) => j.acceptArguments.identity));
        await Promise.all(
          [...new Set(jobs.map((j) => j.job.room!.name))].map(async (room) => {
            const next = await livekit.scribe.handOver(room, deployment).catch((err: unknown) => {
              log.warn({ visitId: room, err: (err as Error).message }, "scribe hand-over failed");
            });
            if (!next) return;
            // Our job listens until the new one is in the room (then a little longer: see
            // HAND_OVER_OVERLAP_MS). It is then removed from the room, which ends it: it transcribes
            // and stores what it heard while this worker's speech engines still run (closing the
            // framework stops those first, and what was still waiting would be stored as gaps).
            while (Date.now() < until && !hurry) {
              const ids = await livekit.participantIdentities(room).catch(() => undefined);
              if (ids?.some((i) => isScribeOf(room, i) && !mine.has(i))) {
                log.info({ visitId: room }, "scribe job handed over");
                await new Promise((r) => setTimeout(r, HAND_OVER_OVERLAP_MS));
                for (const j of jobs) {
                  if (j.job.room?.name !== room) continue;
                  await livekit
                    .removeParticipant(room, j.acceptArguments.identity)
                    .catch((err: unknown) =>
                      log.warn({ visitId: room, err: (err as Error).message }, "scribe job not removed"),
                    );
                }
                return;
              }
              if (ids && !ids.some((i) => !isScribeOf(room, i))) return; // the call ended
              await new Promise((r) => setTimeout(r, 250));
            }
            log.warn({ visitId: room }, "no worker took the scribe job over in time");
          }),
        );
        while (load() > 0 && Date.now() < until && !hurry) await new Promise((r) => setTimeout(r, 250));
      }
      setInterval(() => load() === 0 && exit(exitCode), 250).unref();
      await server.close().catch(() => {});
      exit(exitCode);
    })();
  };
  const stopWatchingInference = watchInference(host, port, () => {
    metrics?.inferenceGone();
    log.error({}, "the worker's speech engines are gone (inference process ended); closing for a restart");
    // Its jobs end in seconds (what they wait for fails at once, stt.remote.ts); the framework can
    // wait far longer for a job process it was just starting, which would only delay the restart.
    stop("inference process ended", 1, { handOver: true, deadlineMs: restartDeadlineMs });
  });
  // Whatever started this worker (`npm start`) is gone, and with it whoever would stop it: a worker
  // left behind would hold its visits' jobs and compete with the next start's worker.
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent)
      stop("parent process gone", 0, { handOver: true, deadlineMs: drainMs + 5_000 });
  }, 1_000);
  parentWatch.unref();
  const onSignal = (signal: string) => stop(signal, 0, { handOver: true, deadlineMs: drainMs + 30_000 });
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  log.info({ agentName: SCRIBE_AGENT_NAME, maxJobs, metricsPort }, "scribe worker starting");
  await server.run();
}
