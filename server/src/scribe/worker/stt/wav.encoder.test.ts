import { describe, expect, it } from "vitest";
import { decodeWav, encodeWav } from "./wav.encoder.js";
import { sttConfigFromEnv, sttEnvSchema, toSamples } from "./stt.provider.js";

describe("encodeWav", () => {
  it("writes a canonical 44-byte PCM header that sox/ffmpeg/Whisper servers accept", () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768]);
    const wav = encodeWav(samples, 16_000);
    expect(wav.length).toBe(44 + 10);
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(4)).toBe(36 + 10);
    expect(wav.toString("ascii", 8, 16)).toBe("WAVEfmt ");
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(16_000);
    expect(wav.readUInt32LE(28)).toBe(32_000);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString("ascii", 36, 40)).toBe("data");
    expect(wav.readUInt32LE(40)).toBe(10);
    expect(wav.readInt16LE(44 + 6)).toBe(32767);
    expect(wav.readInt16LE(44 + 8)).toBe(-32768);
  });

  it("reads 8, 24 and 32-bit integer and 32-bit float WAVs, plain or extensible, as 16-bit samples", () => {
    const wavOf = (codec: number, bits: number, data: Buffer, extensible = false) => {
      const fmt = Buffer.alloc(extensible ? 40 : 16);
      fmt.writeUInt16LE(extensible ? 0xfffe : codec, 0);
      fmt.writeUInt16LE(1, 2);
      fmt.writeUInt32LE(44_100, 4);
      fmt.writeUInt16LE(bits, 14);
      if (extensible) fmt.writeUInt16LE(codec, 24);
      const chunk = (id: string, body: Buffer) => {
        const head = Buffer.alloc(8);
        head.write(id, 0, "ascii");
        head.writeUInt32LE(body.length, 4);
        return Buffer.concat([head, body]);
      };
      const body = Buffer.concat([Buffer.from("WAVE"), chunk("fmt ", fmt), chunk("data", data)]);
      const riff = Buffer.alloc(8);
      riff.write("RIFF", 0, "ascii");
      riff.writeUInt32LE(body.length, 4);
      return Buffer.concat([riff, body]);
    };
    const float = Buffer.alloc(8);
    float.writeFloatLE(0.5, 0);
    float.writeFloatLE(-1, 4);
    expect(Array.from(decodeWav(wavOf(3, 32, float)).samples)).toEqual([16384, -32767]);
    expect(Array.from(decodeWav(wavOf(3, 32, float, true)).samples)).toEqual([16384, -32767]);
    const int24 = Buffer.alloc(6);
    int24.writeIntLE(0x123456, 0, 3);
    int24.writeIntLE(-0x400000, 3, 3);
    expect(Array.from(decodeWav(wavOf(1, 24, int24)).samples)).toEqual([0x1234, -0x4000]);
    expect(Array.from(decodeWav(wavOf(1, 8, Buffer.from([128, 255, 0]))).samples)).toEqual([
      0, 32512, -32768,
    ]);
    expect(decodeWav(wavOf(1, 8, Buffer.from([0]))).sampleRate).toBe(44_100);
    expect(() => decodeWav(wavOf(2, 4, Buffer.alloc(4)))).toThrow(/unsupported WAV encoding/);
  });

  it("round-trips through decodeWav, which also skips extra chunks", () => {
    const samples = Int16Array.from({ length: 321 }, (_, i) => ((i * 97) % 65536) - 32768);
    expect(Array.from(decodeWav(encodeWav(samples)).samples)).toEqual(Array.from(samples));
    const wav = encodeWav(samples);
    const list = Buffer.concat([Buffer.from("LIST"), Buffer.from([3, 0, 0, 0]), Buffer.from("abc\0")]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
    withList.writeUInt32LE(withList.length - 8, 4);
    expect(decodeWav(withList).samples).toEqual(samples);
  });
});

describe("toSamples", () => {
  it("views aligned Buffers, copies unaligned ones, refuses odd lengths", () => {
    const aligned = Buffer.from(Int16Array.from([1, -2, 3]).buffer);
    expect(Array.from(toSamples(aligned) ?? [])).toEqual([1, -2, 3]);
    const unaligned = Buffer.alloc(7).subarray(1);
    unaligned.writeInt16LE(-5, 0);
    expect(Array.from(toSamples(unaligned) ?? [])).toEqual([-5, 0, 0]);
    expect(toSamples(Buffer.alloc(5))).toBeUndefined();
  });
});

describe("sttEnvSchema", () => {
  it("defaults to Whisper base, a beam of 3, threads left to the pool, with a 30 s timeout", () => {
    expect(sttConfigFromEnv(sttEnvSchema.parse({}))).toEqual({
      kind: "whisper",
      model: "base",
      threads: undefined,
      beamSize: 3,
      timeoutMs: 30_000,
    });
  });

  it("selects the English-only model, its threads and beam size", () => {
    const env = sttEnvSchema.parse({
      SCRIBE_WHISPER_MODEL: "tiny.en",
      SCRIBE_WHISPER_THREADS: "2",
      SCRIBE_WHISPER_BEAM_SIZE: "1",
    });
    expect(sttConfigFromEnv(env)).toMatchObject({
      kind: "whisper",
      model: "tiny.en",
      threads: 2,
      beamSize: 1,
    });
  });

  it("configures an OpenAI-compatible server, normalising a trailing /v1", () => {
    const env = sttEnvSchema.parse({
      SCRIBE_STT: "openai-compatible",
      SCRIBE_OPENAI_BASE_URL: "http://127.0.0.1:8000/v1/",
      SCRIBE_OPENAI_API_KEY: "k",
      SCRIBE_OPENAI_MODEL: "Systran/faster-whisper-small",
      SCRIBE_STT_TIMEOUT_MS: "5000",
    });
    expect(sttConfigFromEnv(env)).toEqual({
      kind: "openai-compatible",
      baseUrl: "http://127.0.0.1:8000",
      apiKey: "k",
      model: "Systran/faster-whisper-small",
      responseFormat: "json",
      timeoutMs: 5000,
    });
  });

  it.each([
    [{ SCRIBE_STT: "vosk" }, "SCRIBE_STT"],
    [{ SCRIBE_STT: "local" }, "SCRIBE_STT"],
    [{ SCRIBE_WHISPER_MODEL: "large-v3" }, "SCRIBE_WHISPER_MODEL"],
    [{ SCRIBE_WHISPER_BEAM_SIZE: "0" }, "SCRIBE_WHISPER_BEAM_SIZE"],
    [{ SCRIBE_OPENAI_BASE_URL: "ftp://x" }, "SCRIBE_OPENAI_BASE_URL"],
    [{ SCRIBE_STT_TIMEOUT_MS: "fast" }, "SCRIBE_STT_TIMEOUT_MS"],
    [{ SCRIBE_STT_TIMEOUT_MS: "10" }, "SCRIBE_STT_TIMEOUT_MS"],
  ])("rejects %j naming the variable", (env, name) => {
    const result = sttEnvSchema.safeParse(env);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(name);
  });

  it("requires a base URL for the remote engine", () => {
    expect(() => sttConfigFromEnv(sttEnvSchema.parse({ SCRIBE_STT: "openai-compatible" }))).toThrow(
      /SCRIBE_OPENAI_BASE_URL is required/,
    );
  });
});
