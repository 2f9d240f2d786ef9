// The entry of the scribe worker's job processes: the Agents framework loads this file in each
// job process (worker.main.ts names it) and runs its default export's entry for each job.
import { AutoSubscribe, defineAgent, type JobContext, type JobProcess } from "@livekit/agents";
import type { Config } from "../../config.js";
import { openDatabase, type Database } from "../../db/database.js";
import { createTranscriptRepository } from "../../transcripts/transcript.repository.js";
import { createTranscriptService } from "../../transcripts/transcript.service.js";
import { createScribeRepository } from "../scribe.repository.js";
import { JOIN_DEADLINE_MS, runScribeJob, startWithin } from "./scribe.job.js";
import { RemoteStt } from "./stt.remote.js";
import { EnergyVad, loadSileroSession, SileroVad, type VoiceActivityDetector } from "./vad.js";
import { metadataOf, remoteSttTimeoutMs, workerConfig } from "./worker.config.js";
import { logger, type WorkerLog } from "./worker.log.js";
import { reportSegment } from "./worker.metrics.js";
import { guardIpc } from "./worker.ipc.js";

let processLog: WorkerLog | undefined;
/** One log per job process; each job's lines carry its id. */
const jobProcessLog = () => (processLog ??= logger({ role: "scribe-job" }));

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
  const log = jobProcessLog();
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

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    guardIpc(jobProcessLog());
    proc.userData.runtime = await loadRuntime();
  },
  entry: async (ctx: JobContext) => {
    const log = jobProcessLog().child({ jobId: ctx.job.id });
    const meta = metadataOf(ctx.job.metadata);
    if (!meta || meta.visitId !== ctx.job.room?.name) {
      log.warn({}, "scribe job without a valid visit; ending it");
      ctx.shutdown("invalid job");
      return;
    }
    let runtime: Runtime | undefined;
    const start = async () => {
      runtime = (ctx.proc.userData.runtime as Runtime | undefined) ?? (await loadRuntime());
      const transcripts = createTranscriptService(createTranscriptRepository(runtime.db));
      return runScribeJob({
        visitId: meta.visitId,
        room: ctx.room,
        connect: () => ctx.connect(undefined, AutoSubscribe.SUBSCRIBE_NONE),
        repo: createScribeRepository(runtime.db),
        insert: (s) => transcripts.insert(s),
        stt: new RemoteStt(ctx.inferenceExecutor, { timeoutMs: remoteSttTimeoutMs(runtime.config) }),
        newVad: runtime.newVad,
        vocabulary: runtime.config.scribe.vocabulary,
        log,
        onSegment: (timing) => {
          log.info({ ...timing }, "scribe segment");
          reportSegment({
            kind: "segment",
            status: timing.status,
            // Speech cut at its maximum length had not ended: no latency to measure.
            ...(timing.end !== "max-length" && {
              sttSeconds: Math.max(0, timing.transcribedAt - timing.speechEndedAt) / 1000,
            }),
          });
        },
      });
    };
    let late = false;
    const job = await startWithin(JOIN_DEADLINE_MS, start, () => {
      late = true;
      log.warn({ visitId: meta.visitId }, "scribe job did not join its room in time; ending it");
      ctx.shutdown("did not join in time");
    });
    if (late) return;
    if (!job) {
      log.warn({ visitId: meta.visitId }, "no visit in a call by that id in this database; ending the job");
      ctx.shutdown("not in a call");
      return;
    }
    ctx.addShutdownCallback(async () => {
      await job.stop();
      log.info({ visitId: meta.visitId }, "scribe job stopped");
      await runtime?.db.destroy();
    });
    // The entry returns now: a shutdown the framework starts (the worker closing) waits for it.
    void job.ended.then((reason) => {
      log.info({ visitId: meta.visitId, reason }, "scribe job ends");
      ctx.shutdown(reason);
    });
  },
});
