// Prometheus metrics of one scribe worker (issue 29), served by the worker's own process on
// WORKER_METRICS_PORT. What happens in its job processes (segments written, gaps, speech-to-text
// latency) is reported to this process as events over loopback (the framework gives us no channel
// of our own between them): the job processes inherit the events URL, with a secret of this run,
// through their environment.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { z } from "zod";
import { isLoopback, sameSecret, scrapeAllowed } from "../../health/metrics.js";
import type { WorkerLog } from "./worker.log.js";

/** Set in the worker's environment when its metrics are on; job processes read it. */
export const METRICS_EVENTS_ENV = "BEDSIDE_WORKER_METRICS_EVENTS_URL";

/** What a job process reports for each utterance it finished (ids, statuses and times only). */
export const segmentEventSchema = z.strictObject({
  kind: z.literal("segment"),
  status: z.enum(["ok", "failed", "empty"]),
  /** From the end of speech to the engine's answer, in seconds; absent for cut-off speech. */
  sttSeconds: z.number().min(0).max(3_600).optional(),
});
export type SegmentEvent = z.infer<typeof segmentEventSchema>;

export interface WorkerMetrics {
  inferenceGone(): void;
  close(): Promise<void>;
}

export async function startWorkerMetrics(opts: {
  host: string;
  port: number;
  token: string | undefined;
  jobsRunning: () => number;
  log: WorkerLog;
}): Promise<WorkerMetrics> {
  const registry = new Registry();
  // Event-loop delay (nodejs_eventloop_lag_*), memory, CPU, and process_start_time_seconds, whose
  // changes count the worker's restarts (it exits for one when its inference process dies).
  collectDefaultMetrics({ register: registry, prefix: "bedside_scribe_worker_" });
  new Gauge({
    name: "bedside_scribe_jobs_running",
    help: "Visits' scribe jobs this worker runs (accepted ones still starting included)",
    registers: [registry],
    collect() {
      this.set(opts.jobsRunning());
    },
  });
  const latency = new Histogram({
    name: "bedside_scribe_stt_latency_seconds",
    help: "End of an utterance's speech to its transcription (queue and decoding), this worker's jobs",
    buckets: [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
    registers: [registry],
  });
  const segments = new Counter({
    name: "bedside_scribe_segments_written_total",
    help: "Transcript segments this worker's jobs wrote, by status (failed: a gap, stored with its reason)",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const gaps = new Counter({
    name: "bedside_scribe_gaps_total",
    help: "Utterances stored as gaps (speech the engines could not transcribe)",
    registers: [registry],
  });
  const inferenceExits = new Counter({
    name: "bedside_scribe_inference_process_exits_total",
    help: "Times this worker found its inference process (its speech engines) gone; it then exits for a restart",
    registers: [registry],
  });
  for (const status of ["ok", "failed"] as const) segments.inc({ status }, 0);

  const secret = randomBytes(24).toString("base64url");
  const eventsPath = `/events/${secret}`;

  const server: Server = createServer((req, res) => {
    if (
      req.method === "POST" &&
      isLoopback(req.socket.remoteAddress) &&
      sameSecret(req.url ?? "", eventsPath)
    ) {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
        if (body.length > 1_000) req.destroy();
      });
      req.on("end", () => {
        let event: SegmentEvent | undefined;
        try {
          event = segmentEventSchema.safeParse(JSON.parse(body)).data;
        } catch {
          event = undefined;
        }
        if (!event) {
          res.writeHead(400).end();
          return;
        }
        if (event.status !== "empty") segments.inc({ status: event.status });
        if (event.status === "failed") gaps.inc();
        if (event.sttSeconds !== undefined) latency.observe(event.sttSeconds);
        res.writeHead(204).end();
      });
      return;
    }
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (!scrapeAllowed(opts.token, req.headers.authorization, req.socket.remoteAddress)) {
      res.writeHead(403).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (err: unknown) => {
        opts.log.warn({ err: (err as Error).message }, "worker metrics collection failed");
        res.writeHead(503).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const at = opts.host === "0.0.0.0" || opts.host === "::" ? "127.0.0.1" : opts.host;
  process.env[METRICS_EVENTS_ENV] = `http://${at.includes(":") ? `[${at}]` : at}:${opts.port}${eventsPath}`;
  return {
    inferenceGone: () => inferenceExits.inc(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** In a job process: reports one finished utterance, if the worker's metrics are on. Never throws. */
export function reportSegment(event: SegmentEvent): void {
  const url = process.env[METRICS_EVENTS_ENV];
  if (!url) return;
  fetch(url, {
    method: "POST",
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(2_000),
  }).catch(() => {}); // metrics are not worth a retry, nor a log line per utterance
}
