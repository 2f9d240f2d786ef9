import type { SttInput, SttProvider, SttResult } from "./stt/stt.provider.js";

/**
 * Several engines behind one `transcribe`: utterances from every track of every visit wait in
 * one FIFO and go to the first idle engine. The local engine decodes on one core per process, so
 * the pool size is what lets one server keep up with more than one speaker at a time.
 */
export class SttPool {
  readonly engine: string;
  readonly #idle: SttProvider[];
  readonly #all: SttProvider[];
  readonly #waiting: ((p: SttProvider) => void)[] = [];

  constructor(providers: SttProvider[]) {
    if (providers.length === 0) throw new Error("an STT pool needs at least one engine");
    this.#all = providers;
    this.#idle = [...providers];
    this.engine = providers[0]!.engine;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  async transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> {
    const provider = this.#idle.pop() ?? (await new Promise<SttProvider>((r) => this.#waiting.push(r)));
    try {
      return await provider.transcribe(input, signal);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(provider);
      else this.#idle.push(provider);
    }
  }

  async warmUp(): Promise<void> {
    await Promise.all(
      this.#all.map((p) => ("warmUp" in p && typeof p.warmUp === "function" ? p.warmUp() : undefined)),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map((p) => p.close()));
  }
}
