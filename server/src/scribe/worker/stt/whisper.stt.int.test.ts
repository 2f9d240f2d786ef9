import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { librivoxClips } from "../../../../tools/scribe/scribe.fixtures.js";
import { normaliseForWer, werCounts } from "../../../../tools/scribe/transcript.wer.js";
import { decodeWav } from "./wav.encoder.js";
import { speechPaths, WHISPER_MODELS } from "./whisper.paths.js";
import { WhisperSttProvider } from "./whisper.stt.js";

/** Word error rate of a provider over the five LibriVox clips (one male reader, 71 words). */
async function librivoxWer(stt: WhisperSttProvider): Promise<number> {
  let errors = 0;
  let words = 0;
  for (const clip of librivoxClips()) {
    const result = await stt.transcribe({ pcm: clip.samples, languages: ["en-US"] });
    if (!result.ok) throw new Error(`${clip.id}: ${result.reason} ${result.detail}`);
    expect(result).toMatchObject({ language: "en", engine: expect.stringMatching(/^whisper:/) });
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    const c = werCounts(normaliseForWer(clip.reference), normaliseForWer(result.text));
    errors += c.substitutions + c.deletions + c.insertions;
    words += c.referenceWords;
  }
  return errors / words;
}

/** Spanish said by espeak-ng (Debian), resampled to 16 kHz by sox: a second language offline. */
function spanishClip(): Int16Array {
  const dir = mkdtempSync(path.join(tmpdir(), "bedside-es-"));
  try {
    const raw = path.join(dir, "raw.wav");
    const wav = path.join(dir, "16k.wav");
    execFileSync("espeak-ng", [
      "-v",
      "es",
      "-s",
      "140",
      "-w",
      raw,
      "Me duele la cabeza desde hace tres días.",
    ]);
    execFileSync("sox", [raw, "-r", "16000", "-c", "1", "-b", "16", wav]);
    return decodeWav(readFileSync(wav)).samples;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = new WhisperSttProvider({ model: "base", threads: 2 });
const tiny = new WhisperSttProvider({ model: "tiny.en", threads: 2 });
afterAll(() => Promise.all([base.close(), tiny.close()]));

describe("WhisperSttProvider on real speech", () => {
  it("base: LibriVox at ≤ 3% word error, with the locked revision named as the engine", async () => {
    expect(await base.warmUp()).toBeUndefined();
    expect(base.engine).toBe(`whisper:base@${WHISPER_MODELS.base!.revision.slice(0, 7)}`);
    // Measured 1.4% (1 of 71 words: the reader's own "a amiable"); a wrong byte order or sample
    // rate gives nonsense, far above this.
    expect(await librivoxWer(base)).toBeLessThanOrEqual(0.03);
  });

  it("tiny.en: LibriVox at ≤ 7% word error", async () => {
    // Measured 4.2% (3 of 71 words).
    expect(await librivoxWer(tiny)).toBeLessThanOrEqual(0.07);
  });

  it("silence yields no words, and a Buffer is read as little-endian samples", async () => {
    const [clip] = librivoxClips();
    const bytes = Buffer.from(clip!.samples.buffer, clip!.samples.byteOffset, clip!.samples.byteLength);
    const [speech, silence] = await Promise.all([
      base.transcribe({ pcm: bytes, languages: ["en"] }),
      base.transcribe({ pcm: new Int16Array(32_000), languages: ["en"] }),
    ]);
    expect(speech.ok && normaliseForWer(speech.text)).toEqual(expect.arrayContaining(["consider", "power"]));
    expect(silence).toMatchObject({ ok: true, text: "" });
  });

  it("an interpreter's utterance is transcribed in whichever of their two languages it is in", async () => {
    const [english] = librivoxClips();
    const spanish = await base.transcribe({ pcm: spanishClip(), languages: ["es", "en"] });
    expect(spanish).toMatchObject({ ok: true, language: "es" });
    expect(spanish.ok && spanish.text.toLowerCase()).toContain("cabeza");
    expect(await base.transcribe({ pcm: english!.samples, languages: ["es", "en"] })).toMatchObject({
      ok: true,
      language: "en",
    });
  });

  it("the English-only model refuses other languages without decoding, and keeps English for an interpreter", async () => {
    expect(await tiny.transcribe({ pcm: new Int16Array(1600), languages: ["es-MX"] })).toMatchObject({
      ok: false,
      reason: "unsupported-language",
    });
    const [clip] = librivoxClips();
    expect(await tiny.transcribe({ pcm: clip!.samples, languages: ["es", "en"] })).toMatchObject({
      ok: true,
      language: "en",
    });
  });

  it("drops Whisper's echo of its own prompt, but keeps a prompt word someone says", () => {
    const echo = (text: string) =>
      execFileSync(
        speechPaths().python,
        [
          "-c",
          "import sys, whisper_worker as w; print(w.without_prompt_echo(sys.argv[1], sys.argv[2]))",
          text,
          "A medical visit. Dr. Alex Rivera, Sam Reader, diabetes, ibuprofen.",
        ],
        { cwd: path.dirname(speechPaths().worker), encoding: "utf8" },
      ).trim();
    expect(echo("A medical visit. Dr. Alex Rivera,")).toBe("");
    expect(echo("Dr. Alex Rivera, Sam Reader")).toBe("");
    expect(echo("A medical visit. I take ibuprofen.")).toBe("I take ibuprofen.");
    expect(echo("Ibuprofen.")).toBe("Ibuprofen.");
    expect(echo("Diabetes, ibuprofen.")).toBe("Diabetes, ibuprofen.");
  });

  it("refuses audio it cannot read without starting a worker", async () => {
    const unused = new WhisperSttProvider({ pythonPath: "/nonexistent/python3" });
    expect(await unused.transcribe({ pcm: new Int16Array(0), languages: ["en"] })).toMatchObject({
      reason: "invalid-audio",
    });
    expect(await unused.transcribe({ pcm: Buffer.alloc(3), languages: ["en"] })).toMatchObject({
      reason: "invalid-audio",
    });
  });

  it("reports a missing interpreter as engine-unavailable", async () => {
    const missing = new WhisperSttProvider({ pythonPath: "/nonexistent/python3" });
    expect(await missing.transcribe({ pcm: new Int16Array(160), languages: ["en"] })).toMatchObject({
      ok: false,
      reason: "engine-unavailable",
    });
  });

  it("refuses a model whose files do not match the lock, naming the file in one line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bedside-models-"));
    try {
      const installed = path.join(speechPaths().models, "tiny.en");
      const tampered = path.join(dir, "tiny.en");
      mkdirSync(tampered);
      for (const file of ["config.json", "model.bin", "tokenizer.json"]) {
        symlinkSync(path.join(installed, file), path.join(tampered, file));
      }
      // Same size, one byte changed: only the hash can tell.
      copyFileSync(path.join(installed, "vocabulary.txt"), path.join(tampered, "vocabulary.txt"));
      const bytes = readFileSync(path.join(tampered, "vocabulary.txt"));
      bytes[100] = bytes[100] === 0x41 ? 0x42 : 0x41;
      writeFileSync(path.join(tampered, "vocabulary.txt"), bytes);

      const refused = new WhisperSttProvider({ model: "tiny.en", modelsDir: dir });
      const result = await refused.transcribe({ pcm: new Int16Array(16_000), languages: ["en"] });
      expect(result).toMatchObject({ ok: false, reason: "engine-unavailable" });
      expect(!result.ok && result.detail).toMatch(
        /refusing Whisper tiny\.en in .*: vocabulary\.txt has SHA-256 [0-9a-f]{64}, the lock says ff77588746d3/,
      );
      expect(!result.ok && result.detail.split("\n")).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("kills a worker that overruns its timeout and starts a fresh one for the next utterance", async () => {
    const [clip] = librivoxClips();
    const impatient = new WhisperSttProvider({ model: "tiny.en", timeoutMs: 20 });
    try {
      expect(await impatient.warmUp()).toBeUndefined();
      expect(await impatient.transcribe({ pcm: clip!.samples, languages: ["en"] })).toMatchObject({
        ok: false,
        reason: "timeout",
      });
    } finally {
      await impatient.close();
    }
    expect((await tiny.transcribe({ pcm: clip!.samples, languages: ["en"] })).ok).toBe(true);
  });
});
