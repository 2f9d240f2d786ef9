import type { SttFailure, SttInput, SttProvider, SttResult } from "./stt/stt.provider.js";

/** What the pool has done since it started; no audio, no text. */
export interface SttPoolStats {
  engine: string;
  workers: number;
  /** Utterances waiting for a worker now. */
  queued: number;
  /** Utterances being decoded now. */
  decoding: number;
  maxQueue: number;
  /** The most that ever waited at once. */
  peakQueued: number;
  decoded: number;
  failed: number;
  /** Refused because the queue was full (each stored as a gap). */
  overloaded: number;
  /** Dropped from the queue because the speaker's consent ended before decoding. */
  dropped: number;
}

type Waiter = (p: SttProvider | undefined) => void;

/**
 * Several engines behind one `transcribe`: utterances from every track of every visit wait in
 * one bounded FIFO and go to the first idle engine as soon as each ends. When decoding falls
 * behind and the queue is full, an utterance is refused at once with reason "overloaded" (the
 * scribe stores it as a gap with that reason) rather than letting the queue grow without limit.
 * An utterance whose signal aborts while it waits (its speaker's consent ended) leaves the queue
 * without being decoded.
 */
export class SttPool {
  readonly #idle: SttProvider[];
  readonly #all: SttProvider[];
  readonly #waiting: Waiter[] = [];
  readonly #maxQueue: number;
  readonly #onOverload: ((stats: SttPoolStats) => void) | undefined;
  readonly #counts = { peakQueued: 0, decoded: 0, failed: 0, overloaded: 0, dropped: 0 };

  constructor(
    providers: SttProvider[],
    options: { maxQueue?: number; onOverload?: (stats: SttPoolStats) => void } = {},
  ) {
    if (providers.length === 0) throw new Error("an STT pool needs at least one engine");
    this.#all = providers;
    this.#idle = [...providers];
    this.#maxQueue = options.maxQueue ?? 64;
    this.#onOverload = options.onOverload;
  }

  get engine(): string {
    return this.#all[0]!.engine;
  }

  get stats(): SttPoolStats {
    return {
      engine: this.engine,
      workers: this.#all.length,
      queued: this.#waiting.length,
      decoding: this.#all.length - this.#idle.length,
      maxQueue: this.#maxQueue,
      ...this.#counts,
    };
  }

  async transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> {
    let provider = this.#idle.pop();
    if (!provider) {
      if (this.#waiting.length >= this.#maxQueue) {
        this.#counts.overloaded++;
        this.#onOverload?.(this.stats);
        return {
          ok: false,
          reason: "overloaded",
          detail: `decoding queue full (${this.#maxQueue} utterances waiting for ${this.#all.length} workers)`,
          engine: this.engine,
        };
      }
      provider = await this.#wait(signal);
      if (!provider) {
        this.#counts.dropped++;
        return { ok: false, reason: "aborted", detail: "dropped from the queue", engine: this.engine };
      }
    }
    try {
      const result = await provider.transcribe(input, signal);
      if (result.ok) this.#counts.decoded++;
      else if (result.reason !== "aborted") this.#counts.failed++;
      return result;
    } finally {
      const next = this.#waiting.shift();
      if (next) next(provider);
      else this.#idle.push(provider);
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<SttProvider | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = (p) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(p);
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        waiter(undefined);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
      this.#counts.peakQueued = Math.max(this.#counts.peakQueued, this.#waiting.length);
    });
  }

  /** Starts every worker that can be started ahead; resolves with the failures (a refused model). */
  async warmUp(): Promise<SttFailure[]> {
    const results: unknown[] = await Promise.all(
      this.#all.map((p) => ("warmUp" in p && typeof p.warmUp === "function" ? p.warmUp() : undefined)),
    );
    return results.filter((r): r is SttFailure => typeof r === "object" && r !== null && "reason" in r);
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map((p) => p.close()));
  }
}
