import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { normaliseForWer, werCounts } from "../transcript.wer.js";
import { LocalSttProvider } from "./local.stt.js";
import { decodeWav } from "./wav.encoder.js";

/**
 * Real read speech shipped by Debian's `pocketsphinx-testdata`: five LibriVox sentences
 * (Sense and Sensibility, one male speaker, 16 kHz mono) with reference transcriptions.
 */
const LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox";

function loadClips(): { id: string; reference: string; samples: Int16Array }[] {
  if (!existsSync(LIBRIVOX)) throw new Error(`${LIBRIVOX} missing: apt-get install -y pocketsphinx-testdata`);
  const references = new Map<string, string>();
  for (const line of readFileSync(path.join(LIBRIVOX, "transcription"), "utf8").split("\n")) {
    const match = /^(.*)\(([^)]+)\)\s*$/.exec(line.trim());
    if (match?.[1] && match[2]) references.set(match[2], match[1]);
  }
  return [...references].map(([id, reference]) => {
    const wav = decodeWav(readFileSync(path.join(LIBRIVOX, `${id}.wav`)));
    expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1 });
    return { id, reference, samples: wav.samples };
  });
}

const stt = new LocalSttProvider();
afterAll(() => stt.close());

describe("LocalSttProvider (PocketSphinx) on real speech", () => {
  it(
    "transcribes read sentences with most words right and a confidence in 0…1",
    { timeout: 120_000 },
    async () => {
      const clips = loadClips();
      expect(clips).toHaveLength(5);
      expect(await stt.warmUp()).toBeUndefined();
      let errors = 0;
      let words = 0;
      for (const clip of clips) {
        const result = await stt.transcribe({ pcm: clip.samples, language: "en-US" });
        if (!result.ok) throw new Error(`${clip.id}: ${result.reason} ${result.detail}`);
        expect(result.engine).toBe("local:pocketsphinx-en-us");
        expect(result.confidence).toBeGreaterThan(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        const c = werCounts(normaliseForWer(clip.reference), normaliseForWer(result.text));
        errors += c.substitutions + c.deletions + c.insertions;
        words += c.referenceWords;
      }
      // Measured 0.73 word accuracy (71 words) on these clips (PocketSphinx's generic en-us model); a
      // broken pipeline (wrong byte order, sample rate, truncated audio) lands far below 0.5.
      expect(1 - errors / words).toBeGreaterThan(0.55);
    },
  );

  it(
    "answers Buffers and silence, and decodes concurrent calls one at a time in order",
    { timeout: 60_000 },
    async () => {
      const [clip] = loadClips();
      if (!clip) throw new Error("no clip");
      const bytes = Buffer.from(clip.samples.buffer, clip.samples.byteOffset, clip.samples.byteLength);
      const [speech, silence] = await Promise.all([
        stt.transcribe({ pcm: bytes, language: "en" }),
        stt.transcribe({ pcm: new Int16Array(16_000), language: "en" }),
      ]);
      expect(speech.ok && normaliseForWer(speech.text)).toEqual(
        expect.arrayContaining(["consider", "power"]),
      );
      expect(silence).toMatchObject({ ok: true, text: "" });
    },
  );

  it("refuses languages it has no model for and audio it cannot read, without starting a decoder", async () => {
    const unused = new LocalSttProvider({ pythonPath: "/nonexistent/python3" });
    expect(await unused.transcribe({ pcm: new Int16Array(160), language: "es-MX" })).toMatchObject({
      ok: false,
      reason: "unsupported-language",
    });
    expect(await unused.transcribe({ pcm: new Int16Array(0), language: "en" })).toMatchObject({
      reason: "invalid-audio",
    });
    expect(await unused.transcribe({ pcm: Buffer.alloc(3), language: "en" })).toMatchObject({
      reason: "invalid-audio",
    });
  });

  it("reports a missing interpreter or binding as engine-unavailable", async () => {
    const missing = new LocalSttProvider({ pythonPath: "/nonexistent/python3" });
    expect(await missing.transcribe({ pcm: new Int16Array(160), language: "en" })).toMatchObject({
      ok: false,
      reason: "engine-unavailable",
    });
    const noBinding = new LocalSttProvider({ pythonPath: process.execPath }); // node is no Python
    const result = await noBinding.transcribe({ pcm: new Int16Array(160), language: "en" });
    expect(result.ok).toBe(false);
    await noBinding.close();
  });

  it(
    "kills a decoder that overruns its timeout and starts a fresh one for the next utterance",
    { timeout: 60_000 },
    async () => {
      const [clip] = loadClips();
      if (!clip) throw new Error("no clip");
      const impatient = new LocalSttProvider({ timeoutMs: 20 });
      try {
        expect(await impatient.warmUp()).toBeUndefined();
        expect(await impatient.transcribe({ pcm: clip.samples, language: "en" })).toMatchObject({
          ok: false,
          reason: "timeout",
        });
      } finally {
        await impatient.close();
      }
      const recovered = await stt.transcribe({ pcm: clip.samples.subarray(0, 16_000 * 2), language: "en" });
      expect(recovered.ok).toBe(true);
    },
  );
});
