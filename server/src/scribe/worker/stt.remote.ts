// One speech-engine pool per scribe worker, shared by all of its jobs. The pool (SttPool and its
// Whisper processes) lives in the worker's inference process, which the Agents framework starts
// once per worker for registered `InferenceRunner`s (stt.runner.ts); each job process reaches it
// through `JobContext.inferenceExecutor.doInference` (the framework forwards the request over the
// job's IPC channel, through the worker's main process). This file is both ends of that protocol:
// `RemoteStt` in the job, `SttHost` beside the pool. Audio crosses the processes as base64 (IPC
// messages are JSON), never the disk.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SttPool } from "./stt.pool.js";
import { toSamples, type SttFailureReason, type SttInput, type SttResult } from "./stt/stt.provider.js";

/** The inference method the runner is registered under (worker.ts). */
export const STT_INFERENCE_METHOD = "bedside_scribe_stt";

const requestId = z.string().min(1).max(64);

/**
 * What a job sends: an utterance to decode, "drop this one" (its speaker's consent ended), or "are
 * you there?" (answered at once, beside the decoding).
 */
export const sttRequestSchema = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("transcribe"),
    id: requestId,
    /** The job process asking: if it dies, what it left waiting is not decoded for nobody. */
    pid: z.number().int().positive(),
    /** 16 kHz mono signed 16-bit PCM in host byte order (both processes are on one machine). */
    pcm: z.base64(),
    languages: z.tuple([z.string().min(1).max(35)], z.string().min(1).max(35)),
    vocabulary: z.array(z.string().max(200)).max(2_000),
  }),
  z.object({ op: z.literal("cancel"), id: requestId }),
  z.object({ op: z.literal("ping") }),
]);
export type SttRequest = z.infer<typeof sttRequestSchema>;

const failureReasons = [
  "invalid-audio",
  "unsupported-language",
  "timeout",
  "network",
  "http-error",
  "bad-response",
  "engine-unavailable",
  "engine-error",
  "overloaded",
  "aborted",
] as const satisfies readonly SttFailureReason[];

/** What comes back for a transcription: an `SttResult`, checked on arrival like any input. */
export const sttResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    text: z.string(),
    language: z.string(),
    confidence: z.number().min(0).max(1).nullable(),
    engine: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(failureReasons),
    detail: z.string(),
    engine: z.string(),
    status: z.number().int().optional(),
    attempts: z.number().int().optional(),
  }),
]);

/** How many cancellations of requests not (yet) seen are remembered. */
const EARLY_CANCELS = 1_000;

/** Whether a process of this machine is still running (EPERM: running, someone else's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Beside the pool, in the inference process: decodes each job's utterances through the one
 * `SttPool`, and takes an utterance out of the queue when its job cancels it, or when its job's
 * process is gone (killed: the framework does not tell the inference process).
 */
export class SttHost {
  readonly #pool: Pick<SttPool, "transcribe" | "engine">;
  readonly #pending = new Map<string, { controller: AbortController; pid: number }>();
  /** A cancel that overtook its request (the framework forwards each message on its own task). */
  readonly #cancelledEarly = new Set<string>();
  readonly #sweepMs: number;
  #sweeper: NodeJS.Timeout | undefined;

  /** `sweepMs`: how often the jobs with utterances waiting are checked for being alive. */
  constructor(pool: Pick<SttPool, "transcribe" | "engine">, options: { sweepMs?: number } = {}) {
    this.#pool = pool;
    this.#sweepMs = options.sweepMs ?? 1_000;
  }

  #sweep(): void {
    const alive = new Map<number, boolean>();
    for (const { controller, pid } of this.#pending.values()) {
      if (!alive.has(pid)) alive.set(pid, isRunning(pid));
      if (!alive.get(pid)) controller.abort();
    }
  }

  /** Utterances queued or being decoded now. */
  get pending(): number {
    return this.#pending.size;
  }

  async handle(data: unknown): Promise<SttResult | { cancelled: boolean } | { pong: true }> {
    const parsed = sttRequestSchema.safeParse(data);
    if (!parsed.success) {
      return {
        ok: false,
        reason: "engine-error",
        detail: "malformed speech request",
        engine: this.#pool.engine,
      };
    }
    const req = parsed.data;
    if (req.op === "ping") return { pong: true };
    if (req.op === "cancel") {
      const controller = this.#pending.get(req.id)?.controller;
      if (controller) {
        controller.abort();
        return { cancelled: true };
      }
      this.#cancelledEarly.add(req.id);
      if (this.#cancelledEarly.size > EARLY_CANCELS) {
        this.#cancelledEarly.delete(this.#cancelledEarly.values().next().value!);
      }
      return { cancelled: false };
    }
    if (this.#cancelledEarly.delete(req.id)) {
      return {
        ok: false,
        reason: "aborted",
        detail: "cancelled before it was queued",
        engine: this.#pool.engine,
      };
    }
    const controller = new AbortController();
    this.#pending.set(req.id, { controller, pid: req.pid });
    this.#sweeper ??= setInterval(() => this.#sweep(), this.#sweepMs);
    try {
      return await this.#pool.transcribe(
        { pcm: Buffer.from(req.pcm, "base64"), languages: req.languages, vocabulary: req.vocabulary },
        controller.signal,
      );
    } finally {
      this.#pending.delete(req.id);
      if (this.#pending.size === 0) {
        clearInterval(this.#sweeper);
        this.#sweeper = undefined;
      }
    }
  }
}

/** The framework's `JobContext.inferenceExecutor` (or, in tests, anything that answers alike). */
export interface InferenceClient {
  doInference(method: string, data: unknown): Promise<unknown>;
}

export interface RemoteSttOptions {
  /** From sending an utterance to its answer, waiting in the worker's queue included. */
  timeoutMs: number;
  /** While utterances wait, the pool is asked this often whether it is still there. */
  pingEveryMs?: number;
  /** A pool that does not answer a ping in this long is gone: what waits for it fails at once. */
  pingTimeoutMs?: number;
}

/**
 * In the job process: the worker's shared pool behind the same `transcribe` the scribe agent
 * uses. An abort (consent ended) cancels the utterance in the pool's queue. Never throws: a
 * missing or silent inference process comes back as a failure with its reason (stored as a gap).
 * A request to a dead inference process is never answered (the framework does not notice), so
 * while utterances wait the pool is pinged, and if it stops answering they fail at once instead
 * of after `timeoutMs` (a job ending then stores its last words as gaps and goes, in seconds).
 */
export class RemoteStt {
  readonly #client: InferenceClient;
  readonly #timeoutMs: number;
  readonly #pingEveryMs: number;
  readonly #pingTimeoutMs: number;
  /** Utterances waiting for the pool: how to fail each of them now. */
  readonly #waiting = new Set<() => void>();
  #pinger: NodeJS.Timeout | undefined;
  #pinging = false;
  #engine = "remote";

  constructor(client: InferenceClient, options: RemoteSttOptions) {
    this.#client = client;
    this.#timeoutMs = options.timeoutMs;
    this.#pingEveryMs = options.pingEveryMs ?? 5_000;
    this.#pingTimeoutMs = options.pingTimeoutMs ?? 10_000;
  }

  #wait(fail: () => void): () => void {
    this.#waiting.add(fail);
    this.#pinger ??= setInterval(() => void this.#ping(), this.#pingEveryMs);
    return () => {
      this.#waiting.delete(fail);
      if (this.#waiting.size === 0) {
        clearInterval(this.#pinger);
        this.#pinger = undefined;
      }
    };
  }

  async #ping(): Promise<void> {
    if (this.#pinging) return;
    this.#pinging = true;
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      this.#client.doInference(STT_INFERENCE_METHOD, { op: "ping" } satisfies SttRequest).then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.#pingTimeoutMs))),
    ]);
    clearTimeout(timer);
    this.#pinging = false;
    if (!answered) for (const fail of [...this.#waiting]) fail();
  }

  async transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> {
    const samples = toSamples(input.pcm);
    if (!samples) return this.#failure("invalid-audio", "PCM byte length is odd");
    if (signal?.aborted) return this.#failure("aborted", "aborted before it was sent");
    const id = randomUUID();
    const request: SttRequest = {
      op: "transcribe",
      id,
      pid: process.pid,
      pcm: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64"),
      languages: [...input.languages],
      vocabulary: [...(input.vocabulary ?? [])],
    };
    const cancel = () => {
      this.#client
        .doInference(STT_INFERENCE_METHOD, { op: "cancel", id } satisfies SttRequest)
        .catch(() => {}); // the job or the worker is going away: nothing left to cancel
    };
    signal?.addEventListener("abort", cancel, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), this.#timeoutMs);
    });
    let done!: () => void;
    const gone = new Promise<"gone">((resolve) => (done = this.#wait(() => resolve("gone"))));
    try {
      const answer = await Promise.race([
        this.#client.doInference(STT_INFERENCE_METHOD, request),
        late,
        gone,
      ]);
      if (answer === "late") {
        cancel();
        return this.#failure("timeout", "no answer from the worker's speech engines in time");
      }
      if (answer === "gone")
        return this.#failure("engine-unavailable", "the worker's speech engines do not answer");
      const result = sttResultSchema.safeParse(answer);
      if (!result.success)
        return this.#failure("bad-response", "unexpected answer from the worker's speech engines");
      this.#engine = result.data.engine;
      return result.data;
    } catch (err) {
      return this.#failure(
        "engine-unavailable",
        `worker's speech engines unreachable: ${(err as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
      done();
      signal?.removeEventListener("abort", cancel);
    }
  }

  #failure(reason: SttFailureReason, detail: string): SttResult {
    return { ok: false, reason, detail: detail.slice(0, 300), engine: this.#engine };
  }
}
