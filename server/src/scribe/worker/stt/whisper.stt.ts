import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { endianness } from "node:os";
import { createInterface } from "node:readline";
import { z } from "zod";
import {
  type SttFailure,
  type SttFailureReason,
  type SttInput,
  type SttProvider,
  type SttResult,
  type WhisperModel,
  STT_SAMPLE_RATE,
  primaryLanguage,
  toSamples,
} from "./stt.provider.js";
import { WHISPER_MODELS, speechPaths } from "./whisper.paths.js";

const answerSchema = z.union([
  z.object({ ready: z.literal(true), engine: z.string() }),
  z.object({
    text: z.string(),
    confidence: z.number().min(0).max(1).nullable(),
    language: z.string(),
  }),
  z.object({ error: z.string() }),
]);
type Answer = z.infer<typeof answerSchema>;

export interface WhisperSttOptions {
  model?: WhisperModel;
  /** CTranslate2 threads of this worker process. */
  threads?: number;
  /** 1 is greedy decoding, 5 Whisper's reference setting; 3 by default (see sttEnvSchema). */
  beamSize?: number;
  /**
   * Utterances up to this many seconds are encoded in a window this long rather than Whisper's
   * 30 s (whisper_worker.py --window); by default the model's in WINDOW_SECONDS.
   */
  windowSeconds?: number;
  /** The virtual environment's interpreter (scripts/speech.mjs installs it). */
  pythonPath?: string;
  /** Where the locked models were installed, one folder per model. */
  modelsDir?: string;
  /** Per utterance, from the moment it reaches the worker. */
  timeoutMs?: number;
  /** Hash check and model load on first use or after a crash. */
  startTimeoutMs?: number;
}

/**
 * Encoder window per model, chosen on flite-spoken ACI-Bench and MTS-Dialog *training* turns
 * (`SPLIT=train WINDOW=10|20|30 SENTENCES=60 pnpm bench:vocabulary`, BENCHMARKS.md): base at 10 s
 * has 16.8% WER against 16.3% at 30 s and decodes ~3.7× faster, which is what lets it keep up with
 * four speakers on two cores; tiny.en at 10 s has 22.5% against 16.5%, and is fast enough at 30 s.
 */
export const WINDOW_SECONDS: Record<WhisperModel, number> = { base: 10, "tiny.en": 30 };

/** Longer input is a caller bug (the segmenter cuts at seconds), not speech to decode. */
const MAX_UTTERANCE_SAMPLES = 10 * 60 * STT_SAMPLE_RATE;

class WorkerFailure extends Error {
  constructor(
    readonly reason: SttFailureReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** One running worker process and the answers it still owes, in order. */
class Worker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: { resolve: (a: Answer) => void; reject: (e: WorkerFailure) => void }[] = [];
  #stderrTail = "";
  #exited: WorkerFailure | undefined;
  readonly ready: Promise<string>;

  constructor(pythonPath: string, args: string[]) {
    this.#child = spawn(pythonPath, ["-u", ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      // ctranslate2 and the tokenizer would otherwise each start their own thread pools.
      env: {
        ...process.env,
        OMP_NUM_THREADS: "1",
        TOKENIZERS_PARALLELISM: "false",
        PYTHONDONTWRITEBYTECODE: "1",
      },
    });
    this.ready = this.#next().then((answer) => {
      if (!("ready" in answer)) throw new WorkerFailure("engine-error", "worker did not report ready");
      return answer.engine;
    });
    // Unhandled until someone awaits it; the failure is delivered through #next() as well.
    this.ready.catch(() => {});
    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on("data", (chunk: string) => {
      this.#stderrTail = (this.#stderrTail + chunk).slice(-2000);
    });
    this.#child.stdin.on("error", () => {}); // EPIPE after a crash is reported by "exit"
    createInterface({ input: this.#child.stdout }).on("line", (line) => this.#onLine(line));
    this.#child.on("error", (error) => this.#fail(new WorkerFailure("engine-unavailable", error.message)));
    this.#child.on("exit", (code, signal) => {
      // The worker's last stderr line names the cause: a model file that does not match the lock,
      // a missing package, a missing model folder.
      const last = this.#stderrTail.trim().split("\n").pop()?.slice(0, 300) ?? "";
      const reason = /refusing|ModuleNotFoundError|ImportError|No such file|not in models.lock/.test(last)
        ? "engine-unavailable"
        : "engine-error";
      this.#fail(new WorkerFailure(reason, `worker exited (${signal ?? code})${last ? `: ${last}` : ""}`));
    });
  }

  get alive(): boolean {
    return this.#exited === undefined;
  }

  decode(request: object, samples: Int16Array): Promise<Answer> {
    const answer = this.#next();
    const header = Buffer.from(JSON.stringify(request));
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    // The worker reads little-endian samples; Int16Array bytes are in host order.
    const pcm = endianness() === "LE" ? bytes : Buffer.from(bytes).swap16();
    const frame = Buffer.alloc(8);
    frame.writeUInt32LE(header.byteLength, 0);
    frame.writeUInt32LE(pcm.byteLength, 4);
    this.#child.stdin.write(frame.subarray(0, 4));
    this.#child.stdin.write(header);
    this.#child.stdin.write(frame.subarray(4));
    this.#child.stdin.write(pcm);
    return answer;
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }

  #next(): Promise<Answer> {
    if (this.#exited) return Promise.reject(this.#exited);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #onLine(line: string): void {
    const waiter = this.#waiting.shift();
    if (!waiter) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      waiter.reject(new WorkerFailure("engine-error", "worker wrote a line that is not JSON"));
      return;
    }
    const answer = answerSchema.safeParse(parsed);
    if (answer.success) waiter.resolve(answer.data);
    else waiter.reject(new WorkerFailure("engine-error", "worker answer has an unexpected shape"));
  }

  #fail(failure: WorkerFailure): void {
    this.#exited ??= failure;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#exited);
  }
}

/**
 * The embedded default engine: Whisper through faster-whisper (CTranslate2, int8 on CPU), offline,
 * in a long-lived Python worker (server/speech/whisper_worker.py) that loads its model once, after
 * checking every file against server/speech/models.lock.json. One utterance at a time per
 * worker; `SttPool` runs several. A worker that dies or overruns is killed and started again on
 * the next utterance.
 */
export class WhisperSttProvider implements SttProvider {
  readonly model: WhisperModel;
  readonly #args: string[];
  readonly #pythonPath: string;
  readonly #timeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #multilingual: boolean;
  #engine: string;
  #worker: Worker | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: WhisperSttOptions = {}) {
    const paths = speechPaths();
    this.model = options.model ?? "base";
    this.#multilingual = WHISPER_MODELS[this.model]?.multilingual === true;
    this.#pythonPath = options.pythonPath ?? paths.python;
    this.#args = [
      paths.worker,
      "--models-dir",
      options.modelsDir ?? paths.models,
      "--model",
      this.model,
      "--threads",
      String(options.threads ?? 1),
      "--beam-size",
      String(options.beamSize ?? 3),
      "--window",
      String(options.windowSeconds ?? WINDOW_SECONDS[this.model]),
    ];
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.#engine = `whisper:${this.model}`;
  }

  /** Model and revision once the worker has loaded it, e.g. `whisper:base@ebe41f7`. */
  get engine(): string {
    return this.#engine;
  }

  transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> {
    const samples = toSamples(input.pcm);
    if (!samples) return Promise.resolve(this.#failure("invalid-audio", "PCM byte length is odd"));
    if (samples.length === 0) return Promise.resolve(this.#failure("invalid-audio", "empty utterance"));
    if (samples.length > MAX_UTTERANCE_SAMPLES) {
      return Promise.resolve(this.#failure("invalid-audio", "utterance longer than 10 minutes"));
    }
    const languages = [...new Set(input.languages.map(primaryLanguage))].filter(
      (l) => this.#multilingual || l === "en",
    );
    if (languages.length === 0) {
      return Promise.resolve(
        this.#failure(
          "unsupported-language",
          `Whisper ${this.model} is English-only, not "${input.languages.join(", ")}"`,
        ),
      );
    }
    const request = { languages, prompt_terms: input.vocabulary ?? [] };
    const run = this.#queue.then(() => this.#decode(request, samples, signal));
    this.#queue = run;
    return run;
  }

  /** Starts the worker now, so the first utterance of a visit does not pay for the model load. */
  async warmUp(): Promise<SttFailure | undefined> {
    try {
      await this.#ensureWorker();
      return undefined;
    } catch (error) {
      return this.#fromError(error);
    }
  }

  close(): Promise<void> {
    this.#worker?.kill();
    this.#worker = undefined;
    return Promise.resolve();
  }

  async #ensureWorker(): Promise<Worker> {
    if (this.#worker?.alive) return this.#worker;
    const worker = new Worker(this.#pythonPath, this.#args);
    this.#worker = worker;
    this.#engine = await this.#withTimeout(
      worker,
      worker.ready,
      this.#startTimeoutMs,
      "worker did not load its model in time",
    );
    return worker;
  }

  async #decode(request: object, samples: Int16Array, signal: AbortSignal | undefined): Promise<SttResult> {
    if (signal?.aborted) return this.#failure("aborted", "aborted before decoding");
    try {
      const worker = await this.#ensureWorker();
      const answer = await this.#withTimeout(
        worker,
        worker.decode(request, samples),
        this.#timeoutMs,
        "decoding timed out",
      );
      if ("error" in answer) return this.#failure("engine-error", `worker raised ${answer.error}`);
      if ("ready" in answer) return this.#failure("engine-error", "worker answered out of turn");
      return {
        ok: true,
        text: answer.text,
        confidence: answer.confidence,
        language: answer.language,
        engine: this.#engine,
      };
    } catch (error) {
      return this.#fromError(error);
    }
  }

  /**
   * A worker that is late is killed, not waited for: its answer would be attributed to the next
   * utterance. The next call starts a fresh one. (An abort does not kill it: reloading the model
   * costs more than finishing the utterance, whose text the caller then drops.)
   */
  #withTimeout<T>(worker: Worker, work: Promise<T>, ms: number, message: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.kill();
        if (this.#worker === worker) this.#worker = undefined;
        reject(new WorkerFailure("timeout", message));
      }, ms);
      void work.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }

  #fromError(error: unknown): SttFailure {
    if (error instanceof WorkerFailure) return this.#failure(error.reason, error.message);
    return this.#failure("engine-error", error instanceof Error ? error.message : String(error));
  }

  #failure(reason: SttFailureReason, detail: string): SttFailure {
    return { ok: false, reason, detail, engine: this.#engine };
  }
}
