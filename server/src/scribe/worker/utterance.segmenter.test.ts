import { describe, expect, it } from "vitest";
import { type SegmenterOptions, type Utterance, UtteranceSegmenter } from "./utterance.segmenter.js";

const RATE = 16_000;
const samplesPerMs = RATE / 1000;

/**
 * A script of [durationMs, probability] runs, fed as frames of `frameMs`. Each sample's value is
 * its index in the track (mod 2^15), so a returned utterance shows exactly which audio it holds.
 */
function run(script: [number, number][], options: SegmenterOptions = {}, frameMs = 20, flush = true) {
  const segmenter = new UtteranceSegmenter(options);
  const out: (Utterance & { emittedAtMs: number })[] = [];
  let sample = 0;
  for (const [durationMs, probability] of script) {
    const frames = Math.round(durationMs / frameMs);
    for (let f = 0; f < frames; f++) {
      const pcm = Int16Array.from({ length: frameMs * samplesPerMs }, (_, i) => (sample + i) % 32768);
      sample += pcm.length;
      for (const u of segmenter.push(pcm, probability))
        out.push({ ...u, emittedAtMs: sample / samplesPerMs });
    }
  }
  if (flush) for (const u of segmenter.flush()) out.push({ ...u, emittedAtMs: sample / samplesPerMs });
  return out;
}

function expectTrackAudio(u: Utterance | undefined, startMs: number, endMs: number, offsetMs = 0) {
  expect(u?.startMs).toBe(startMs);
  expect(u?.endMs).toBe(endMs);
  const first = (startMs - offsetMs) * samplesPerMs;
  expect(u?.pcm.length).toBe((endMs - startMs) * samplesPerMs);
  expect(u?.pcm[0]).toBe(first % 32768);
  expect(u?.pcm.at(-1)).toBe((first + (u?.pcm.length ?? 0) - 1) % 32768);
}

describe("UtteranceSegmenter", () => {
  it("emits one utterance with prefix and suffix padding once the hangover has passed", () => {
    const out = run([
      [1000, 0.02],
      [1000, 0.9],
      [1000, 0.02],
    ]);
    expect(out).toHaveLength(1);
    expectTrackAudio(out[0], 800, 2150);
    expect(out[0]).toMatchObject({ speechMs: 1000, end: "silence", emittedAtMs: 2600 });
  });

  it("bridges a pause shorter than the hangover and splits at a longer one", () => {
    const bridged = run([
      [500, 0.9],
      [500, 0.1],
      [500, 0.9],
      [1000, 0.1],
    ]);
    expect(bridged).toHaveLength(1);
    expectTrackAudio(bridged[0], 0, 1650);

    const split = run([
      [500, 0.9],
      [700, 0.1],
      [500, 0.9],
      [1000, 0.1],
    ]);
    expect(split.map((u) => [u.startMs, u.endMs])).toEqual([
      [0, 650],
      [1000, 1850],
    ]);
  });

  it("uses hysteresis: a middling probability continues speech but never starts it", () => {
    expect(run([[2000, 0.4]])).toEqual([]);
    const out = run([
      [300, 0.9],
      [1000, 0.4],
      [1000, 0.2],
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.speechMs).toBe(1300);
  });

  it("drops blips shorter than minSpeechMs and keeps ones at the limit", () => {
    expect(
      run([
        [1000, 0.1],
        [200, 0.9],
        [1000, 0.1],
      ]),
    ).toEqual([]);
    expect(
      run(
        [
          [1000, 0.1],
          [240, 0.9],
          [1000, 0.1],
        ],
        { minSpeechMs: 240 },
      ),
    ).toHaveLength(1);
  });

  it("cuts long speech at maxUtteranceMs into contiguous pieces without losing or repeating audio", () => {
    const out = run(
      [
        [400, 0.1],
        [5000, 0.9],
        [1000, 0.1],
      ],
      { maxUtteranceMs: 2000 },
    );
    expect(out.map((u) => [u.startMs, u.endMs, u.end])).toEqual([
      [200, 2200, "max-length"],
      [2200, 4200, "max-length"],
      [4200, 5550, "silence"],
    ]);
    for (const u of out) expectTrackAudio(u, u.startMs, u.endMs);
    expect(out[0]?.emittedAtMs).toBe(2200);
  });

  it("past pauseCutAfterMs, cuts long speech at the first pause of pauseCutMs, contiguously", () => {
    const out = run(
      [
        [400, 0.1],
        [1500, 0.9], // 1.7 s with the prefix: too early to cut at the next pause
        [200, 0.2],
        [1500, 0.9], // past 2 s now
        [60, 0.2], // a dip inside a word: too short to cut
        [500, 0.9],
        [200, 0.2], // a pause: the piece ends once it has lasted 160 ms
        [900, 0.9],
        [1000, 0.1],
      ],
      { pauseCutAfterMs: 2000, pauseCutMs: 160, maxUtteranceMs: 10_000, hangoverMs: 450 },
    );
    expect(out.map((u) => [u.startMs, u.endMs, u.end])).toEqual([
      [200, 4320, "pause"],
      [4320, 5410, "silence"],
    ]);
    for (const u of out) expectTrackAudio(u, u.startMs, u.endMs);
    // Emitted during the pause, not a hangover later.
    expect(out[0]?.emittedAtMs).toBe(4320);
  });

  it("flushes an open utterance when the stream ends, and nothing when silent", () => {
    const out = run([
      [100, 0.1],
      [700, 0.9],
    ]);
    expect(out).toHaveLength(1);
    expectTrackAudio(out[0], 0, 800);
    expect(out[0]?.end).toBe("flush");
    expect(run([[3000, 0.1]])).toEqual([]);
  });

  it("keeps track time from startMs and works with odd frame sizes (Silero's 32 ms windows)", () => {
    const out = run(
      [
        [3200, 0.05],
        [1600, 0.8],
        [3200, 0.05],
      ],
      { startMs: 60_000, prefixPaddingMs: 320, suffixPaddingMs: 0, hangoverMs: 640 },
      32,
    );
    expect(out).toHaveLength(1);
    expectTrackAudio(out[0], 60_000 + 2880, 60_000 + 4800, 60_000);
    expect(out[0]?.emittedAtMs).toBe(4800 + 640);
  });

  it("rejects a deactivation threshold above the activation threshold", () => {
    expect(() => new UtteranceSegmenter({ activationThreshold: 0.5, deactivationThreshold: 0.6 })).toThrow();
  });
});
