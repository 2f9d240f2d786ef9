import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeWav } from "./stt/wav.encoder.js";
import type { Utterance } from "./utterance.segmenter.js";
import {
  EnergyVad,
  SileroVad,
  UtteranceDetector,
  type VoiceActivityDetector,
  loadSileroSession,
} from "./vad.js";

const LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox";
const RATE = 16_000;

/** Deterministic room noise (sum of uniforms ≈ Gaussian); amplitude 180 ≈ −50 dBFS RMS. */
function noise(ms: number, seed: number, amplitude = 180): Int16Array {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  return Int16Array.from({ length: (ms * RATE) / 1000 }, () =>
    Math.round((next() + next() + next() + next()) * amplitude),
  );
}

function clip(id: string): Int16Array {
  const file = path.join(LIBRIVOX, `sense_and_sensibility_01_austen_64kb-${id}.wav`);
  if (!existsSync(file)) throw new Error(`${file} missing: apt-get install -y pocketsphinx-testdata`);
  return decodeWav(readFileSync(file)).samples;
}

/** Two real read sentences separated by room noise; returns the track and where each sentence lies. */
function track(): { pcm: Int16Array; sentences: [number, number][] } {
  const parts = [noise(1000, 1), clip("0880"), noise(1500, 2), clip("0930"), noise(1500, 3)];
  const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  const sentences: [number, number][] = [];
  let at = 0;
  parts.forEach((p, i) => {
    pcm.set(p, at);
    if (i % 2 === 1) sentences.push([(at * 1000) / RATE, ((at + p.length) * 1000) / RATE]);
    at += p.length;
  });
  return { pcm, sentences };
}

/** Feeds the track in LiveKit-sized 10 ms frames, as the agent will. */
async function detect(vad: VoiceActivityDetector, pcm: Int16Array): Promise<Utterance[]> {
  const detector = new UtteranceDetector(vad);
  const out: Utterance[] = [];
  for (let i = 0; i < pcm.length; i += 160) out.push(...(await detector.push(pcm.subarray(i, i + 160))));
  out.push(...detector.flush());
  return out;
}

describe.each([
  ["Silero", async () => new SileroVad(await loadSileroSession())],
  ["energy", () => Promise.resolve(new EnergyVad())],
] as const)("%s VAD feeding the segmenter", (_name, make) => {
  let vad: VoiceActivityDetector;
  beforeAll(async () => {
    vad = await make();
  });

  it("finds each real sentence as one utterance and nothing in the noise between them", async () => {
    const { pcm, sentences } = track();
    const utterances = await detect(vad, pcm);
    expect(utterances).toHaveLength(2);
    utterances.forEach((u, i) => {
      const [start, end] = sentences[i] ?? [0, 0];
      // Each clip has some lead-in and tail silence of its own; padding adds 200/150 ms.
      expect(Math.abs(u.startMs - start)).toBeLessThan(400);
      expect(Math.abs(u.endMs - end)).toBeLessThan(400);
      expect(u.end).toBe("silence");
      expect(u.pcm.length).toBe(((u.endMs - u.startMs) * RATE) / 1000);
    });
  });

  it.each([
    ["quiet", 180],
    ["loud (≈ −35 dBFS)", 1000],
  ])("finds no speech in %s steady noise", async (_level, amplitude) => {
    vad.reset();
    expect(await detect(vad, noise(6000, 7, amplitude))).toEqual([]);
  });
});

describe("SileroVad", () => {
  it("takes only 512-sample windows and scores silence low and speech high", async () => {
    const vad = new SileroVad(await loadSileroSession());
    await expect(vad.probability(new Int16Array(160))).rejects.toThrow(/512/);
    expect(await vad.probability(new Int16Array(512))).toBeLessThan(0.1);
    const speech = clip("0880");
    let max = 0;
    for (let i = 0; i + 512 <= RATE * 2; i += 512)
      max = Math.max(max, await vad.probability(speech.subarray(i, i + 512)));
    expect(max).toBeGreaterThan(0.9);
  });
});
