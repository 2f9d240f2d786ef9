import { z } from "zod";
import { externalAiUrl } from "../../../http/http.external.js";

/** The only audio format the scribe hands to an engine: what LiveKit tracks are resampled to. */
export const STT_SAMPLE_RATE = 16_000;

/** One utterance: 16 kHz mono signed 16-bit PCM (a Buffer is read as little-endian samples). */
export interface SttInput {
  pcm: Int16Array | Buffer;
  /**
   * BCP 47 languages the speaker may be using, most likely first ("en", "en-GB"; engines compare
   * the primary subtag). One for most people; an interpreter has the visit's language and English,
   * and an engine that can tell them apart picks per utterance.
   */
  languages: readonly [string, ...string[]];
  /** Words to bias decoding toward, most important first: the visit's names, then medical terms. */
  vocabulary?: readonly string[];
}

export interface SttSuccess {
  ok: true;
  text: string;
  /** Primary subtag of the language the text is in. */
  language: string;
  /** 0…1, or null when the engine gives no usable score (a plain `json` transcription response). */
  confidence: number | null;
  /** Which engine and model produced the text; persisted with every segment. */
  engine: string;
}

export type SttFailureReason =
  | "invalid-audio"
  | "unsupported-language"
  | "timeout"
  | "network"
  | "http-error"
  | "bad-response"
  | "engine-unavailable"
  | "engine-error"
  /** The decoding queue was full: the utterance was not transcribed (stored as a gap). */
  | "overloaded"
  | "aborted";

export interface SttFailure {
  ok: false;
  reason: SttFailureReason;
  /** Human-readable cause for logs and metrics; never contains transcript text or audio. */
  detail: string;
  engine: string;
  /** HTTP status of the last attempt, when there was one. */
  status?: number;
  attempts?: number;
}

export type SttResult = SttSuccess | SttFailure;

/**
 * A speech-to-text engine. `transcribe` never throws for engine, network or input problems:
 * the caller decides what to persist or retry, so every failure comes back with its reason.
 */
export interface SttProvider {
  readonly engine: string;
  transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult>;
  /** Releases processes or sockets; the provider may be used again afterwards (it restarts lazily). */
  close(): Promise<void>;
}

/** Samples of one utterance as an Int16Array view, without copying when the bytes are aligned. */
export function toSamples(pcm: Int16Array | Buffer): Int16Array | undefined {
  if (pcm instanceof Int16Array) return pcm;
  if (pcm.byteLength % 2 !== 0) return undefined;
  if (pcm.byteOffset % 2 === 0) return new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2);
  // Node pools small Buffers at arbitrary offsets; an Int16Array view needs 2-byte alignment.
  const copy = new Int16Array(pcm.byteLength / 2);
  new Uint8Array(copy.buffer).set(pcm);
  return copy;
}

/** Primary language subtag, lower-case: "en-GB" → "en". */
export function primaryLanguage(language: string): string {
  return language.trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

/** The Whisper models server/speech/models.lock.json pins: multilingual base, or English-only tiny.en. */
export const whisperModelSchema = z.enum(["base", "tiny.en"]);
export type WhisperModel = z.infer<typeof whisperModelSchema>;

/** Environment of the scribe's speech-to-text engines; merged into the server's `envSchema`. */
export const sttEnvSchema = z.object({
  SCRIBE_STT: z.enum(["whisper", "openai-compatible"]).default("whisper"),
  SCRIBE_WHISPER_MODEL: whisperModelSchema.default("base"),
  /** CTranslate2 threads per worker process; by default the cores shared among the workers. */
  SCRIBE_WHISPER_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Through the browser's audio path greedy decoding (1) heard "my brain" for "migraine" and
   * "for 100" for "four hundred" where beams of 3 and 5 did not; 3 costs less (scribe README).
   */
  SCRIBE_WHISPER_BEAM_SIZE: z.coerce.number().int().min(1).max(10).default(3),
  SCRIBE_OPENAI_BASE_URL: externalAiUrl.transform((u) => u.replace(/\/v1$/, "")).optional(),
  SCRIBE_OPENAI_API_KEY: z.string().min(1).optional(),
  SCRIBE_OPENAI_MODEL: z.string().min(1).default("whisper-1"),
  SCRIBE_OPENAI_RESPONSE_FORMAT: z.enum(["json", "verbose_json"]).default("json"),
  SCRIBE_STT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
});

export type SttEnv = z.infer<typeof sttEnvSchema>;

export type SttConfig =
  | { kind: "whisper"; model: WhisperModel; threads: number | undefined; beamSize: number; timeoutMs: number }
  | {
      kind: "openai-compatible";
      baseUrl: string;
      apiKey: string | undefined;
      model: string;
      responseFormat: "json" | "verbose_json";
      timeoutMs: number;
    };

/** The engine configuration from the parsed environment; a remote engine needs its base URL. */
export function sttConfigFromEnv(env: SttEnv): SttConfig {
  switch (env.SCRIBE_STT) {
    case "whisper":
      return {
        kind: "whisper",
        model: env.SCRIBE_WHISPER_MODEL,
        threads: env.SCRIBE_WHISPER_THREADS,
        beamSize: env.SCRIBE_WHISPER_BEAM_SIZE,
        timeoutMs: env.SCRIBE_STT_TIMEOUT_MS,
      };
    case "openai-compatible":
      if (!env.SCRIBE_OPENAI_BASE_URL) {
        throw new Error("SCRIBE_OPENAI_BASE_URL is required when SCRIBE_STT=openai-compatible");
      }
      return {
        kind: "openai-compatible",
        baseUrl: env.SCRIBE_OPENAI_BASE_URL,
        apiKey: env.SCRIBE_OPENAI_API_KEY,
        model: env.SCRIBE_OPENAI_MODEL,
        responseFormat: env.SCRIBE_OPENAI_RESPONSE_FORMAT,
        timeoutMs: env.SCRIBE_STT_TIMEOUT_MS,
      };
  }
}
