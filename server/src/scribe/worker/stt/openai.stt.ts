import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { retry } from "../../../retry/retry.js";
import {
  type SttFailure,
  type SttFailureReason,
  type SttInput,
  type SttProvider,
  type SttResult,
  primaryLanguage,
  toSamples,
} from "./stt.provider.js";
import { encodeWav } from "./wav.encoder.js";

export interface OpenAiSttOptions {
  /** Server root without `/v1`, e.g. `http://127.0.0.1:8000` or `https://api.openai.com`. */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  /**
   * `verbose_json` carries per-segment log-probabilities (a confidence); not every server or
   * model offers it (OpenAI's gpt-4o-transcribe models answer only `json`), hence the choice.
   */
  responseFormat?: "json" | "verbose_json";
  /** Per attempt. */
  timeoutMs?: number;
  /** Total attempts, including the first. */
  maxAttempts?: number;
  /** First retry delay; doubles per retry, with jitter, capped at `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const transcriptionSchema = z.object({
  text: z.string(),
  /** verbose_json names the language it heard in English ("spanish"). */
  language: z.string().optional(),
  segments: z.array(z.object({ start: z.number(), end: z.number(), avg_logprob: z.number() })).optional(),
});

const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

interface Request {
  language: string | undefined;
  candidates: string[];
  prompt: string | undefined;
}

/** A transient failure: tried again after the backoff (and the server's Retry-After, if any). */
class RetryLater extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super("transient failure");
  }
}

type Attempt =
  | { kind: "done"; result: SttResult }
  | { kind: "retry"; failure: SttFailure; retryAfterMs?: number | undefined };

/**
 * Any server implementing OpenAI's `POST /v1/audio/transcriptions` (OpenAI, self-hosted
 * Whisper servers). Transient failures — network errors, timeouts, 5xx and 429 — are retried
 * with exponential backoff; other 4xx mean the request itself is wrong and are returned at once.
 */
export class OpenAiSttProvider implements SttProvider {
  readonly engine: string;
  readonly #url: string;
  readonly #apiKey: string | undefined;
  readonly #model: string;
  readonly #responseFormat: "json" | "verbose_json";
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;

  constructor(options: OpenAiSttOptions) {
    this.#url = `${options.baseUrl.replace(/\/+$/, "")}/v1/audio/transcriptions`;
    this.#apiKey = options.apiKey;
    this.#model = options.model;
    this.#responseFormat = options.responseFormat ?? "json";
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.#backoffMs = options.backoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.engine = `openai-compatible:${this.#model}`;
  }

  async transcribe(input: SttInput, signal?: AbortSignal): Promise<SttResult> {
    const samples = toSamples(input.pcm);
    if (!samples) return this.#failure("invalid-audio", "PCM byte length is odd");
    if (samples.length === 0) return this.#failure("invalid-audio", "empty utterance");
    const wav = encodeWav(samples);
    const languages = [...new Set(input.languages.map(primaryLanguage))];
    const request: Request = {
      // The API takes one language; with several candidates (an interpreter) the server detects.
      language: languages.length === 1 ? languages[0] : undefined,
      candidates: languages,
      prompt: vocabularyPrompt(input.vocabulary ?? []),
    };

    let last: SttFailure | undefined;
    let attempts = 0;
    try {
      return await retry(
        async (attempt) => {
          attempts = attempt;
          const outcome = await this.#attempt(wav, request, signal);
          if (outcome.kind === "done") {
            return outcome.result.ok ? outcome.result : { ...outcome.result, attempts: attempt };
          }
          last = { ...outcome.failure, attempts: attempt };
          throw new RetryLater(outcome.retryAfterMs);
        },
        {
          // Equal jitter: spreads the retries of many scribes after a shared outage.
          backoff: { firstMs: this.#backoffMs, maxMs: this.#maxBackoffMs, jitter: "equal" },
          retries: this.#maxAttempts - 1,
          signal,
          // A server that says when to come back (429, 503) is not asked sooner (capped).
          onFailedAttempt: async ({ error }) => {
            const after = (error as RetryLater).retryAfterMs;
            if (after) await sleep(Math.min(after, this.#maxBackoffMs), undefined, { signal });
          },
        },
      );
    } catch (err) {
      if (err instanceof RetryLater) return last ?? this.#failure("engine-error", "no attempt was made");
      return { ...this.#failure("aborted", "aborted by caller"), attempts };
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async #attempt(wav: Buffer, request: Request, signal: AbortSignal | undefined): Promise<Attempt> {
    const form = new FormData();
    form.append(
      "file",
      new Blob([new Uint8Array(wav.buffer, wav.byteOffset, wav.byteLength)], { type: "audio/wav" }),
      "utterance.wav",
    );
    form.append("model", this.#model);
    if (request.language) form.append("language", request.language);
    if (request.prompt) form.append("prompt", request.prompt);
    form.append("response_format", this.#responseFormat);

    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;

    let response: Response;
    let body: string;
    try {
      response = await fetch(this.#url, {
        method: "POST",
        headers,
        body: form,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      body = await response.text();
    } catch (error) {
      if (signal?.aborted) return { kind: "done", result: this.#failure("aborted", "aborted by caller") };
      if (timeout.aborted) {
        return { kind: "retry", failure: this.#failure("timeout", `no answer within ${this.#timeoutMs} ms`) };
      }
      return { kind: "retry", failure: this.#failure("network", describeNetworkError(error)) };
    }

    if (!response.ok) {
      const failure: SttFailure = {
        ...this.#failure("http-error", `HTTP ${response.status}${errorMessage(body)}`),
        status: response.status,
      };
      if (response.status >= 500 || response.status === 429) {
        return { kind: "retry", failure, retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
      }
      return { kind: "done", result: failure };
    }

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return {
        kind: "done",
        result: { ...this.#failure("bad-response", "answer is not JSON"), status: response.status },
      };
    }
    const parsed = transcriptionSchema.safeParse(json);
    if (!parsed.success) {
      return {
        kind: "done",
        result: { ...this.#failure("bad-response", "answer has no text field"), status: response.status },
      };
    }
    return {
      kind: "done",
      result: {
        ok: true,
        text: parsed.data.text.trim(),
        language: languageHeard(parsed.data.language, request),
        confidence: confidenceOf(parsed.data.segments),
        engine: this.engine,
      },
    };
  }

  #failure(reason: SttFailureReason, detail: string): SttFailure {
    return { ok: false, reason, detail, engine: this.engine };
  }
}

/**
 * Whisper's prompt holds about 224 tokens; medical names cost three or four each. The local
 * engine budgets with the model's tokenizer; a remote one gets a budget in characters that stays
 * well inside it for English and Spanish text.
 */
const PROMPT_CHARS = 600;

/** The decoding prompt for a remote Whisper: the visit's terms first, cut at the budget. */
export function vocabularyPrompt(terms: readonly string[]): string | undefined {
  let prompt = "A medical visit.";
  let kept = 0;
  for (const term of terms) {
    const next = `${prompt}${kept === 0 ? " " : ", "}${term}`;
    if (next.length + 1 > PROMPT_CHARS) break;
    prompt = next;
    kept++;
  }
  return kept > 0 ? `${prompt}.` : undefined;
}

/** The candidate the server says it heard ("spanish" → "es"); else the most likely candidate. */
function languageHeard(heard: string | undefined, request: Request): string {
  const first = request.candidates[0] ?? "en";
  if (!heard) return first;
  const names = new Intl.DisplayNames(["en"], { type: "language" });
  const h = heard.trim().toLowerCase();
  return request.candidates.find((c) => c === h || names.of(c)?.toLowerCase() === h) ?? first;
}

/**
 * Whisper's `avg_logprob` is the mean token log-probability of a segment; exp() of its
 * duration-weighted mean is the geometric-mean token probability of the utterance, in 0…1.
 */
export function confidenceOf(
  segments: { start: number; end: number; avg_logprob: number }[] | undefined,
): number | null {
  if (!segments || segments.length === 0) return null;
  let weighted = 0;
  let total = 0;
  for (const s of segments) {
    const weight = Math.max(s.end - s.start, 0.01);
    weighted += s.avg_logprob * weight;
    total += weight;
  }
  return Math.min(1, Math.max(0, Math.exp(weighted / total)));
}

/** Seconds or an HTTP date, capped by the caller; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The server's own error message, when it sends the OpenAI error shape; bounded for logs. */
function errorMessage(body: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? `: ${parsed.data.error.message.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}

function describeNetworkError(error: unknown): string {
  // fetch wraps the socket error (ECONNREFUSED, ECONNRESET, ENOTFOUND) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    cause instanceof Error && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  return code ? `${code}: ${message}` : message;
}
