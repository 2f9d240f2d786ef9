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
  STT_SAMPLE_RATE,
  primaryLanguage,
  toSamples,
} from "./stt.provider.js";

/**
 * The decoding worker. Loading the acoustic model, the 134k-word dictionary and the trigram
 * model takes ~0.5 s, longer than decoding a typical 2–4 s utterance, so one long-lived
 * decoder serves every utterance (measured: see local.stt.int.test.ts and the scribe README).
 * Debian's CLI (`pocketsphinx_continuous`) cannot be kept alive per utterance because it cuts
 * its input with its own VAD, and `pocketsphinx_batch` reads only files; the Python binding of
 * the same library decodes exactly the utterance we hand it. Audio arrives on stdin as a
 * 4-byte little-endian byte count followed by the PCM; the answer is one JSON line. Nothing
 * touches the disk, and the worker prints nothing but those lines.
 */
const WORKER_SOURCE = String.raw`
import json, struct, sys
from pocketsphinx import pocketsphinx as ps

model = sys.argv[1]
config = ps.Decoder.default_config()
config.set_string("-hmm", model + "/en-us")
config.set_string("-lm", model + "/en-us.lm.bin")
config.set_string("-dict", model + "/cmudict-en-us.dict")
config.set_string("-logfn", "/dev/null")
decoder = ps.Decoder(config)
logmath = decoder.get_logmath()
stdin = sys.stdin.buffer
stdout = sys.stdout

def read_exact(n):
    chunks = []
    while n > 0:
        chunk = stdin.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)

stdout.write('{"ready":true}\n')
stdout.flush()
while True:
    head = read_exact(4)
    if head is None:
        break
    data = read_exact(struct.unpack("<I", head)[0])
    if data is None:
        break
    try:
        decoder.start_utt()
        decoder.process_raw(data, False, True)
        decoder.end_utt()
        hyp = decoder.hyp()
        # Word posteriors from the lattice; fillers (<s>, <sil>, [NOISE]) are not words said.
        probs = [min(1.0, logmath.exp(s.prob)) for s in decoder.seg() if s.word[:1] not in ("<", "[")]
        answer = {
            "text": hyp.hypstr if hyp is not None else "",
            "confidence": sum(probs) / len(probs) if probs else None,
        }
    except Exception as error:
        answer = {"error": type(error).__name__}
    stdout.write(json.dumps(answer) + "\n")
    stdout.flush()
`;

const answerSchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ text: z.string(), confidence: z.number().min(0).max(1).nullable() }),
  z.object({ error: z.string() }),
]);
type Answer = z.infer<typeof answerSchema>;

export interface LocalSttOptions {
  /**
   * Debian's interpreter, where `python3-pocketsphinx` is installed; a `python3` earlier on
   * PATH (pyenv, venv) would not see Debian's dist-packages.
   */
  pythonPath?: string;
  /** Debian's `pocketsphinx-en-us` model folder. */
  modelDir?: string;
  /** Per utterance, from the moment it reaches the decoder. */
  timeoutMs?: number;
  /** Model load on first use or after a crash. */
  startTimeoutMs?: number;
}

const ENGINE = "local:pocketsphinx-en-us";
/** Longer input is a caller bug (the segmenter cuts at tens of seconds), not speech to decode. */
const MAX_UTTERANCE_SAMPLES = 10 * 60 * STT_SAMPLE_RATE;

class WorkerFailure extends Error {
  constructor(
    readonly reason: SttFailureReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** One running decoder process and the answers it still owes. */
class Worker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: { resolve: (a: Answer) => void; reject: (e: WorkerFailure) => void }[] = [];
  #stderrTail = "";
  #exited: WorkerFailure | undefined;
  readonly ready: Promise<void>;

  constructor(pythonPath: string, modelDir: string) {
    this.#child = spawn(pythonPath, ["-u", "-c", WORKER_SOURCE, modelDir], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.ready = this.#next().then((answer) => {
      if (!("ready" in answer)) throw new WorkerFailure("engine-error", "decoder did not report ready");
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
      // The last stderr line of a Python crash names the cause (e.g. ModuleNotFoundError: pocketsphinx).
      const last = this.#stderrTail.trim().split("\n").pop()?.slice(0, 200) ?? "";
      const reason = /ModuleNotFoundError|ImportError|No such file/.test(last)
        ? "engine-unavailable"
        : "engine-error";
      this.#fail(new WorkerFailure(reason, `decoder exited (${signal ?? code})${last ? `: ${last}` : ""}`));
    });
  }

  get alive(): boolean {
    return this.#exited === undefined;
  }

  decode(samples: Int16Array): Promise<Answer> {
    const answer = this.#next();
    const head = Buffer.alloc(4);
    head.writeUInt32LE(samples.byteLength);
    this.#child.stdin.write(head);
    // The worker reads little-endian samples; Int16Array bytes are in host order.
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    this.#child.stdin.write(endianness() === "LE" ? bytes : Buffer.from(bytes).swap16());
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
      waiter.reject(new WorkerFailure("engine-error", "decoder wrote a line that is not JSON"));
      return;
    }
    const answer = answerSchema.safeParse(parsed);
    if (answer.success) waiter.resolve(answer.data);
    else waiter.reject(new WorkerFailure("engine-error", "decoder answer has an unexpected shape"));
  }

  #fail(failure: WorkerFailure): void {
    this.#exited ??= failure;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#exited);
  }
}

/**
 * The embedded default engine: CMU PocketSphinx (Debian `pocketsphinx-en-us`, `python3-pocketsphinx`),
 * offline, nothing downloaded. English only — the only acoustic model Debian ships. Utterances
 * are decoded one at a time by one long-lived process (PocketSphinx uses one core per decoder).
 */
export class LocalSttProvider implements SttProvider {
  readonly engine = ENGINE;
  readonly #pythonPath: string;
  readonly #modelDir: string;
  readonly #timeoutMs: number;
  readonly #startTimeoutMs: number;
  #worker: Worker | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalSttOptions = {}) {
    this.#pythonPath = options.pythonPath ?? "/usr/bin/python3";
    this.#modelDir = options.modelDir ?? "/usr/share/pocketsphinx/model/en-us";
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 20_000;
  }

  transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> {
    const samples = toSamples(input.pcm);
    if (!samples) return Promise.resolve(this.#failure("invalid-audio", "PCM byte length is odd"));
    if (samples.length === 0) return Promise.resolve(this.#failure("invalid-audio", "empty utterance"));
    if (samples.length > MAX_UTTERANCE_SAMPLES) {
      return Promise.resolve(this.#failure("invalid-audio", "utterance longer than 10 minutes"));
    }
    if (primaryLanguage(input.language) !== "en") {
      return Promise.resolve(
        this.#failure(
          "unsupported-language",
          `the local engine has only an English model, not "${input.language}"`,
        ),
      );
    }
    const run = this.#queue.then(() => this.#decode(samples, signal));
    this.#queue = run;
    return run;
  }

  /** Starts the decoder now, so the first utterance of a visit does not pay for the model load. */
  async warmUp(): Promise<SttResult | undefined> {
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
    const worker = new Worker(this.#pythonPath, this.#modelDir);
    this.#worker = worker;
    await this.#withTimeout(
      worker,
      worker.ready,
      this.#startTimeoutMs,
      "decoder did not load its model in time",
    );
    return worker;
  }

  async #decode(samples: Int16Array, signal: AbortSignal | undefined): Promise<SttResult> {
    if (signal?.aborted) return this.#failure("aborted", "aborted before decoding");
    try {
      const worker = await this.#ensureWorker();
      const answer = await this.#withTimeout(
        worker,
        worker.decode(samples),
        this.#timeoutMs,
        "decoding timed out",
        signal,
      );
      if ("error" in answer) return this.#failure("engine-error", `decoder raised ${answer.error}`);
      if ("ready" in answer) return this.#failure("engine-error", "decoder answered out of turn");
      return { ok: true, text: answer.text, confidence: answer.confidence, engine: ENGINE };
    } catch (error) {
      return this.#fromError(error);
    }
  }

  /**
   * A decoder that is late is killed, not waited for: its answer would be attributed to the
   * next utterance. The next call starts a fresh one.
   */
  #withTimeout<T>(
    worker: Worker,
    work: Promise<T>,
    ms: number,
    message: string,
    signal?: AbortSignal,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stop = (failure: WorkerFailure) => {
        worker.kill();
        if (this.#worker === worker) this.#worker = undefined;
        reject(failure);
      };
      const timer = setTimeout(() => stop(new WorkerFailure("timeout", message)), ms);
      const onAbort = () => stop(new WorkerFailure("aborted", "aborted while decoding"));
      signal?.addEventListener("abort", onAbort, { once: true });
      void work.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      });
    });
  }

  #fromError(error: unknown): SttFailure {
    if (error instanceof WorkerFailure) return this.#failure(error.reason, error.message);
    return this.#failure("engine-error", error instanceof Error ? error.message : String(error));
  }

  #failure(reason: SttFailureReason, detail: string): SttFailure {
    return { ok: false, reason, detail, engine: ENGINE };
  }
}
