import { describe, expect, it } from "vitest";
import { SttPool } from "./stt.pool.js";
import type { SttInput, SttProvider, SttResult } from "./stt/stt.provider.js";

/** An engine that answers only when told to, recording what it was asked to decode. */
class HeldEngine implements SttProvider {
  readonly engine = "held";
  readonly seen: number[] = [];
  readonly #pending: (() => void)[] = [];
  transcribe(input: SttInput): Promise<SttResult> {
    this.seen.push(input.pcm.length);
    return new Promise((resolve) =>
      this.#pending.push(() =>
        resolve({
          ok: true,
          text: `n${input.pcm.length}`,
          language: "en",
          confidence: 1,
          engine: this.engine,
        }),
      ),
    );
  }
  release(): void {
    this.#pending.shift()?.();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const utterance = (n: number): SttInput => ({ pcm: new Int16Array(n), languages: ["en"] });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("SttPool", () => {
  it("refuses at once, as 'overloaded', an utterance that finds the queue full, and counts it", async () => {
    const engine = new HeldEngine();
    const overloads: number[] = [];
    const pool = new SttPool([engine], { maxQueue: 2, onOverload: (s) => overloads.push(s.queued) });
    const first = pool.transcribe(utterance(1)); // decoding
    const queued = [pool.transcribe(utterance(2)), pool.transcribe(utterance(3))];
    expect(await pool.transcribe(utterance(4))).toMatchObject({ ok: false, reason: "overloaded" });
    expect(overloads).toEqual([2]);
    for (let i = 0; i < 3; i++) {
      engine.release();
      await tick();
    }
    expect(await Promise.all([first, ...queued])).toMatchObject([
      { text: "n1" },
      { text: "n2" },
      { text: "n3" },
    ]);
    expect(engine.seen).toEqual([1, 2, 3]);
    expect(pool.stats).toMatchObject({
      queued: 0,
      decoding: 0,
      peakQueued: 2,
      decoded: 3,
      overloaded: 1,
      dropped: 0,
    });
  });

  it("drops an utterance whose consent ended while it waited, without decoding it", async () => {
    const engine = new HeldEngine();
    const pool = new SttPool([engine]);
    const withdrawn = new AbortController();
    const first = pool.transcribe(utterance(1));
    const dropped = pool.transcribe(utterance(2), withdrawn.signal);
    const kept = pool.transcribe(utterance(3));
    withdrawn.abort();
    expect(await dropped).toMatchObject({ ok: false, reason: "aborted" });
    expect(pool.stats).toMatchObject({ queued: 1, decoding: 1 });
    engine.release();
    await first;
    await tick();
    engine.release();
    expect(await kept).toMatchObject({ text: "n3" });
    expect(engine.seen).toEqual([1, 3]);
    expect(pool.stats).toMatchObject({ dropped: 1, decoded: 2 });
  });
});
