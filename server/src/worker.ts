// The scribe worker: registers with LiveKit as the "bedside-scribe" agent; LiveKit dispatches one
// job per visit in a call to a registered worker, and the Agents framework runs each job in its
// own process (this file is also the job processes' entry: the default export). Run as many
// workers as you like, on any machine that reaches the same LiveKit and database (README).
import { randomUUID } from "node:crypto";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AgentServer,
  AutoSubscribe,
  defineAgent,
  InferenceRunner,
  initializeLogger,
  ServerOptions,
  WorkerPermissions,
  type JobContext,
  type JobProcess,
} from "@livekit/agents";
import { z } from "zod";
import { ConfigError, parseConfig, type Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { createLivekit } from "./livekit/livekit.client.js";
import { SCRIBE_AGENT_NAME, scribeIdentity } from "./livekit/livekit.names.js";
import { scribeGrant } from "./livekit/livekit.tokens.js";
import { createScribeRepository } from "./scribe/scribe.repository.js";
import { EnergyVad, loadSileroSession, SileroVad, type VoiceActivityDetector } from "./scribe/vad.js";
import { runScribeJob } from "./scribe/worker/scribe.job.js";
import { RemoteStt, STT_INFERENCE_METHOD } from "./scribe/worker/stt.remote.js";
import { createTranscriptRepository } from "./transcripts/transcript.repository.js";
import { createTranscriptService } from "./transcripts/transcript.service.js";

type Level = "info" | "warn" | "error";
/** One JSON line per event, never transcript text or names (ids and reasons only). */
function logger(base: object) {
  const line = (level: Level) => (obj: object, msg: string) =>
    (level === "info" ? process.stdout : process.stderr).write(
      `${JSON.stringify({ level, time: Date.now(), pid: process.pid, ...base, ...obj, msg })}\n`,
    );
  return { info: line("info"), warn: line("warn"), error: line("error") };
}

/** The worker's configuration: the server's variables; DATABASE_URL is required here. */
function workerConfig(): Config & { database: Extract<Config["database"], { kind: "postgres" }> } {
  const config = parseConfig(process.env);
  if (config.database.kind !== "postgres") {
    throw new ConfigError(
      "the scribe worker needs DATABASE_URL: PostgreSQL's, or the server's shared PGlite " +
        "(postgres://postgres@HOST:5433/postgres with DATABASE_PASSWORD_FILE=the server's DATA_DIR/db-share.secret, see SCRIBE_DB_SHARE_PORT)",
    );
  }
  return { ...config, database: config.database };
}

/**
 * What one job process loads once (in the framework's prewarm, before a job is given to it). No
 * speech engine: the worker's one pool runs in its inference process (stt.runner.ts), shared by
 * all its jobs, and each job reaches it through the framework (stt.remote.ts).
 */
interface Runtime {
  db: Database;
  newVad: () => VoiceActivityDetector;
  config: Config;
}

async function loadRuntime(): Promise<Runtime> {
  const config = workerConfig();
  const log = logger({ role: "scribe-job" });
  const db = await openDatabase(config.database, (err) =>
    log.warn({ err: err.message }, "database connection lost"),
  );
  let newVad: () => VoiceActivityDetector = () => new EnergyVad();
  if (config.scribe.vad === "silero") {
    const session = await loadSileroSession().catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, "Silero VAD unavailable; using the energy VAD");
      return undefined;
    });
    if (session) newVad = () => new SileroVad(session);
  }
  return { db, newVad, config };
}

/** What the server puts on each dispatch (livekit.client.ts): the visit, and its deployment. */
const jobMetadata = z.object({ visitId: z.uuid(), deployment: z.uuid() });
const metadataOf = (raw: string | undefined) => {
  try {
    return jobMetadata.safeParse(JSON.parse(raw || "{}")).data;
  } catch {
    return undefined;
  }
};

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    proc.userData.runtime = await loadRuntime();
  },
  entry: async (ctx: JobContext) => {
    const runtime = (ctx.proc.userData.runtime as Runtime | undefined) ?? (await loadRuntime());
    const log = logger({ role: "scribe-job", jobId: ctx.job.id });
    const meta = metadataOf(ctx.job.metadata);
    if (!meta || meta.visitId !== ctx.job.room?.name) {
      log.warn({}, "scribe job without a valid visit; ending it");
      ctx.shutdown("invalid job");
      return;
    }
    const transcripts = createTranscriptService(createTranscriptRepository(runtime.db));
    const job = await runScribeJob({
      visitId: meta.visitId,
      room: ctx.room,
      connect: () => ctx.connect(undefined, AutoSubscribe.SUBSCRIBE_NONE),
      repo: createScribeRepository(runtime.db),
      insert: (s) => transcripts.insert(s),
      stt: new RemoteStt(ctx.inferenceExecutor, { timeoutMs: remoteSttTimeoutMs(runtime.config) }),
      newVad: runtime.newVad,
      vocabulary: runtime.config.scribe.vocabulary,
      log,
      onSegment: (timing) => log.info({ ...timing }, "scribe segment"),
    });
    if (!job) {
      log.warn({ visitId: meta.visitId }, "no visit in a call by that id in this database; ending the job");
      ctx.shutdown("not in a call");
      return;
    }
    ctx.addShutdownCallback(async () => {
      await job.stop();
      log.info({ visitId: meta.visitId }, "scribe job stopped");
      await runtime.db.destroy();
    });
    // The entry returns now: a shutdown the framework starts (the worker closing) waits for it.
    void job.ended.then((reason) => {
      log.info({ visitId: meta.visitId, reason }, "scribe job ends");
      ctx.shutdown(reason);
    });
  },
});

/**
 * How long a job waits for the worker's pool to answer one utterance: the engine's own timeout
 * per utterance, plus the time it may wait in the pool's queue behind the worker's other visits.
 */
function remoteSttTimeoutMs(config: Config): number {
  return Math.max(120_000, 4 * config.scribe.stt.timeoutMs);
}

const WATCH_MS = 500;

/**
 * A job whose process died (killed, crashed) is not reported to LiveKit by the framework, and its
 * participant lingers in the room until LiveKit times it out. The worker that ran it notices it
 * gone from its active jobs and, if the visit's room still has people in it, removes the lingering
 * participant and dispatches again: LiveKit gives the visit a new job (on any worker).
 */
function watchJobs(
  server: AgentServer,
  livekit: ReturnType<typeof createLivekit>,
  deployment: string,
  log: ReturnType<typeof logger>,
) {
  const known = new Map<string, { room: string; dispatchId: string }>();
  const timer = setInterval(() => {
    const now = new Map(
      server.activeJobs.map((j) => [
        j.job.id,
        { room: j.job.room?.name ?? "", dispatchId: j.job.dispatchId },
      ]),
    );
    for (const [id, job] of known) {
      if (now.has(id)) continue;
      known.delete(id);
      void (async () => {
        const people = (await livekit.participantIdentities(job.room)).filter(
          (i) => i !== scribeIdentity(job.room),
        );
        if (people.length === 0) return; // the call ended (its room is gone or empty)
        const outcome = await livekit.scribe.redispatch(job.room, job.dispatchId, deployment);
        log.warn(
          { visitId: job.room, jobId: id, outcome },
          "scribe job ended while its call goes on; dispatched again",
        );
      })().catch((err: unknown) =>
        log.error({ visitId: job.room, err: (err as Error).message }, "scribe redispatch failed"),
      );
    }
    for (const [id, job] of now) if (job.room && job.dispatchId) known.set(id, job);
  }, WATCH_MS);
  return () => clearInterval(timer);
}

const INFERENCE_CHECK_MS = 2_000;

/**
 * The worker's speech engines run in the framework's inference process, which the framework
 * does not start again if it dies (its health endpoint then answers 503 "inference process not
 * running"); every utterance after that would be stored as a gap. So the worker watches its own
 * health endpoint and, once the inference process is gone, calls `onGone`: the worker closes (its
 * jobs end and store what they had) and exits with an error, for whatever runs it to start it
 * again (`npm start` does). The server dispatches the visits' jobs again meanwhile (its scribe
 * service notices the scribe missing from a room in a call).
 */
function watchInference(host: string, port: number, onGone: () => void) {
  // Bound to every address: ask over loopback.
  const at = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const timer = setInterval(() => {
    void fetch(`http://${at}:${port}/`, { signal: AbortSignal.timeout(INFERENCE_CHECK_MS) })
      .then(async (res) => {
        if (res.status === 503 && (await res.text()).includes("inference process")) onGone();
      })
      .catch(() => {}); // not listening yet, or busy: the next check sees it
  }, INFERENCE_CHECK_MS);
  return () => clearInterval(timer);
}

async function main(): Promise<void> {
  const config = workerConfig();
  const log = logger({ role: "scribe-worker", worker: randomUUID().slice(0, 8) });
  initializeLogger({ pretty: false, level: process.env.SCRIBE_AGENTS_LOG_LEVEL ?? "warn" });
  const livekit = createLivekit(config.livekit);
  // Which database this worker writes to: it takes only that deployment's jobs.
  const db = await openDatabase(config.database, (err) =>
    log.warn({ err: err.message }, "database connection lost"),
  );
  let deployment: string | undefined;
  for (let attempt = 0; !deployment; attempt++) {
    deployment = await createScribeRepository(db)
      .deploymentId()
      .catch((err: unknown) => {
        if (attempt === 0) log.warn({ err: (err as Error).message }, "database unreachable; waiting for it");
        return undefined;
      });
    if (!deployment) await new Promise((r) => setTimeout(r, Math.min(2_000, 250 * 2 ** attempt)));
  }
  await db.destroy();
  // The worker's one speech-engine pool: the framework runs it in the worker's inference process,
  // started (models loaded) before the worker registers with LiveKit.
  InferenceRunner.registerRunner(
    STT_INFERENCE_METHOD,
    new URL(
      `./scribe/worker/stt.runner${extname(fileURLToPath(import.meta.url))}`,
      import.meta.url,
    ).toString(),
  );
  const { maxJobs, host, port, restartDeadlineMs } = config.scribe.worker;
  let stopping = false;
  /** Jobs accepted whose process does not have them yet (by job id: when accepted). */
  const launching = new Map<string, number>();
  const load = (): number => {
    const active = new Set(server.activeJobs.map((j) => j.job.id));
    for (const [id, at] of launching) if (active.has(id) || Date.now() - at > 180_000) launching.delete(id);
    return active.size + launching.size;
  };
  const options = new ServerOptions({
    agent: fileURLToPath(import.meta.url),
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
    loadFunc: async () => load() / maxJobs,
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
      launching.set(req.id, Date.now());
      await req.accept("Scribe", scribeIdentity(visitId), "", { role: "scribe" });
      log.info({ visitId, jobId: req.id }, "scribe job accepted");
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
  /**
   * Closes the framework (each job stores what it heard, then ends) and exits. The framework can
   * wait 90 s for a job process that was still starting (it misses the shutdown request), so the
   * worker leaves as soon as no visit's job is left to finish, or by `deadlineMs` if given; job
   * processes left behind end themselves once orphaned (the framework's own watchdog, 15 s).
   */
  const stop = (reason: string, exitCode: number, deadlineMs?: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, "scribe worker stopping");
    stopWatching();
    stopWatchingInference();
    const exit = () => process.exit(exitCode);
    void server.close().finally(exit);
    setInterval(() => load() === 0 && exit(), 250).unref();
    if (deadlineMs) setTimeout(exit, deadlineMs).unref();
  };
  const stopWatchingInference = watchInference(host, port, () => {
    log.error({}, "the worker's speech engines are gone (inference process ended); closing for a restart");
    // Its jobs end in seconds (what they wait for fails at once, stt.remote.ts); the framework can
    // wait far longer for a job process it was just starting, which would only delay the restart.
    stop("inference process ended", 1, restartDeadlineMs);
  });
  process.on("SIGTERM", () => stop("SIGTERM", 0));
  process.on("SIGINT", () => stop("SIGINT", 0));
  log.info({ agentName: SCRIBE_AGENT_NAME, maxJobs }, "scribe worker starting");
  await server.run();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bedside scribe worker: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
