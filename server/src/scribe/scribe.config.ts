// The scribe's environment variables, kept apart from the service so that parsing configuration
// loads only zod (not the agent, rtc-node or onnxruntime).
import { cpus } from "node:os";
import { z } from "zod";
import { sttConfigFromEnv, sttEnvSchema, type SttConfig } from "./worker/stt/stt.provider.js";

const boolFromEnv = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** The scribe's environment; merged into the server's `envSchema`. */
export const scribeEnvSchema = sttEnvSchema
  .extend({
    SCRIBE_ENABLED: boolFromEnv.default(true),
    /** Engine processes decoding in parallel; the cores are shared among them (threads each). */
    SCRIBE_STT_WORKERS: z.coerce
      .number()
      .int()
      .min(1)
      .max(16)
      .default(Math.max(1, Math.min(2, cpus().length))),
    /** Utterances that may wait for a worker; beyond it each is stored as a gap ("overloaded"). */
    SCRIBE_STT_QUEUE_MAX: z.coerce.number().int().min(1).max(10_000).default(64),
    SCRIBE_VAD: z.enum(["silero", "energy"]).default("silero"),
    /** The visit's names and medical terms as Whisper's prompt (see scribe.service's visitVocabulary). */
    SCRIBE_VOCABULARY: boolFromEnv.default(true),
    /** Worker: visits (jobs, one process each) one worker takes before LiveKit sends jobs elsewhere. */
    SCRIBE_WORKER_MAX_JOBS: z.coerce.number().int().min(1).max(256).default(4),
    /**
     * Worker whose speech engines died: the longest it waits for its jobs to end before it exits
     * for a restart. Tests shorten it; the default leaves a job time to store what it heard.
     */
    SCRIBE_WORKER_RESTART_DEADLINE_MS: z.coerce.number().int().min(1_000).max(600_000).default(20_000),
    /**
     * Worker stopping (SIGTERM, a rolling restart): the longest it waits for other workers to take
     * its visits over before it closes its jobs anyway (each stores what it heard, then ends).
     */
    SCRIBE_WORKER_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
    /**
     * Worker: Prometheus metrics on this port (of SCRIBE_WORKER_HOST), GET /metrics; off when
     * unset. A scrape sends `Authorization: Bearer METRICS_TOKEN` when that is set, else only
     * loopback may scrape (as the API's /metrics).
     */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Worker: its health endpoint (the Agents framework's HTTP server; the worker watches it too). */
    SCRIBE_WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
    /** Worker: the address of that endpoint; 0.0.0.0 lets an orchestrator's probe on another host reach it. */
    SCRIBE_WORKER_HOST: z.string().min(1).default("127.0.0.1"),
    /**
     * Server with the embedded PGlite: where it serves the database to the scribe workers
     * (PostgreSQL's protocol, SCRAM with a password made at each start, no TLS: keep it on an
     * address only your machines reach).
     */
    SCRIBE_DB_SHARE_HOST: z.string().min(1).default("127.0.0.1"),
    SCRIBE_DB_SHARE_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
    /** With an https PUBLIC_URL, a share beyond loopback is refused unless this is set. */
    SCRIBE_DB_SHARE_ALLOW_REMOTE: boolFromEnv.default(false),
  })
  .refine((e) => e.SCRIBE_STT !== "openai-compatible" || e.SCRIBE_OPENAI_BASE_URL, {
    path: ["SCRIBE_OPENAI_BASE_URL"],
    message: "is required when SCRIBE_STT=openai-compatible",
  });

export interface ScribeConfig {
  enabled: boolean;
  stt: SttConfig;
  workers: number;
  queueMax: number;
  vad: "silero" | "energy";
  vocabulary: boolean;
  worker: {
    maxJobs: number;
    host: string;
    port: number;
    restartDeadlineMs: number;
    drainMs: number;
    metricsPort: number | undefined;
  };
  dbShare: { host: string; port: number; allowRemote: boolean };
}

export function scribeConfigFromEnv(env: z.infer<typeof scribeEnvSchema>): ScribeConfig {
  return {
    enabled: env.SCRIBE_ENABLED,
    stt: sttConfigFromEnv(env),
    workers: env.SCRIBE_STT_WORKERS,
    queueMax: env.SCRIBE_STT_QUEUE_MAX,
    vad: env.SCRIBE_VAD,
    vocabulary: env.SCRIBE_VOCABULARY,
    worker: {
      maxJobs: env.SCRIBE_WORKER_MAX_JOBS,
      host: env.SCRIBE_WORKER_HOST,
      port: env.SCRIBE_WORKER_PORT,
      restartDeadlineMs: env.SCRIBE_WORKER_RESTART_DEADLINE_MS,
      drainMs: env.SCRIBE_WORKER_DRAIN_MS,
      metricsPort: env.WORKER_METRICS_PORT,
    },
    dbShare: {
      host: env.SCRIBE_DB_SHARE_HOST,
      port: env.SCRIBE_DB_SHARE_PORT,
      allowRemote: env.SCRIBE_DB_SHARE_ALLOW_REMOTE,
    },
  };
}
