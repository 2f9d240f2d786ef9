import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OpenAiSttProvider, confidenceOf, vocabularyPrompt } from "./openai.stt.js";
import { decodeWav } from "./wav.encoder.js";

/** What the stand-in server saw of one request. */
interface Seen {
  path: string;
  authorization: string | undefined;
  fields: Record<string, string>;
  samples: Int16Array;
  fileType: string;
}

type Reply = (res: ServerResponse) => void;

/**
 * A local stand-in for `/v1/audio/transcriptions`: parses the multipart body the way a real
 * server must (via the WHATWG multipart parser) and answers with the next scripted reply.
 */
let server: Server;
let baseUrl: string;
let replies: Reply[] = [];
let seen: Seen[] = [];

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const form = await new Response(Buffer.concat(chunks), {
    headers: { "content-type": req.headers["content-type"] ?? "" },
  }).formData();
  const fields: Record<string, string> = {};
  let samples: Int16Array = new Int16Array(0);
  let fileType = "";
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") fields[name] = value;
    else {
      fileType = value.type;
      samples = decodeWav(Buffer.from(await value.arrayBuffer())).samples;
    }
  }
  seen.push({ path: req.url ?? "", authorization: req.headers.authorization, fields, samples, fileType });
  const reply = replies.shift() ?? json(500, { error: { message: "no scripted reply" } });
  reply(res);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

function slow(ms: number, then: Reply): Reply {
  return (res) => {
    const timer = setTimeout(() => then(res), ms);
    res.on("close", () => clearTimeout(timer));
  };
}

const speech = Int16Array.from({ length: 1600 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
const input = { pcm: speech, languages: ["en-GB"] } as const;

function provider(overrides: Partial<ConstructorParameters<typeof OpenAiSttProvider>[0]> = {}) {
  return new OpenAiSttProvider({
    baseUrl,
    apiKey: "test-key",
    model: "whisper-test",
    timeoutMs: 1_000,
    maxAttempts: 3,
    backoffMs: 10,
    maxBackoffMs: 50,
    ...overrides,
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(400);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  replies = [];
  seen = [];
});

describe("OpenAiSttProvider against a stand-in /v1/audio/transcriptions", () => {
  it("posts the utterance as a WAV file with model, language and format, and returns the text", async () => {
    replies = [json(200, { text: " I have had a headache since Monday. " })];
    const result = await provider().transcribe(input);
    expect(result).toEqual({
      ok: true,
      text: "I have had a headache since Monday.",
      language: "en",
      confidence: null,
      engine: "openai-compatible:whisper-test",
    });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.path).toBe("/v1/audio/transcriptions");
    expect(request?.authorization).toBe("Bearer test-key");
    expect(request?.fields).toEqual({ model: "whisper-test", language: "en", response_format: "json" });
    expect(request?.fileType).toBe("audio/wav");
    expect(Array.from(request?.samples ?? [])).toEqual(Array.from(speech));
  });

  it("accepts a Buffer of little-endian PCM and sends no Authorization header without a key", async () => {
    replies = [json(200, { text: "ok" })];
    const bytes = Buffer.from(speech.buffer, speech.byteOffset, speech.byteLength);
    const result = await provider({ apiKey: undefined }).transcribe({ pcm: bytes, languages: ["en"] });
    expect(result.ok).toBe(true);
    expect(seen[0]?.authorization).toBeUndefined();
    expect(Array.from(seen[0]?.samples ?? [])).toEqual(Array.from(speech));
  });

  it("sends the visit's vocabulary as the prompt and lets the server tell an interpreter's two languages apart", async () => {
    replies = [json(200, { text: "Me duele la cabeza.", language: "spanish" })];
    const result = await provider({ responseFormat: "verbose_json" }).transcribe({
      pcm: speech,
      languages: ["es-MX", "en"],
      vocabulary: ["Dr. Rivera", "ibuprofen", "sumatriptan"],
    });
    // The API takes one language; with two candidates none is sent, and the answer names it.
    expect(seen[0]?.fields).toEqual({
      model: "whisper-test",
      prompt: "A medical visit. Dr. Rivera, ibuprofen, sumatriptan.",
      response_format: "verbose_json",
    });
    expect(result).toMatchObject({ ok: true, language: "es" });
  });

  it("keeps the prompt within Whisper's limit, most important terms first", () => {
    const terms = Array.from({ length: 500 }, (_, i) => `term${i}`);
    const prompt = vocabularyPrompt(terms) ?? "";
    expect(prompt.length).toBeLessThanOrEqual(600);
    expect(prompt).toMatch(/^A medical visit\. term0, term1, /);
    expect(vocabularyPrompt([])).toBeUndefined();
  });

  it("derives a confidence from verbose_json segment log-probabilities", async () => {
    replies = [
      json(200, {
        text: "chest pain",
        language: "english",
        segments: [
          { id: 0, start: 0, end: 1, avg_logprob: -0.1, text: "chest" },
          { id: 1, start: 1, end: 4, avg_logprob: -0.5, text: "pain" },
        ],
      }),
    ];
    const result = await provider({ responseFormat: "verbose_json" }).transcribe(input);
    expect(seen[0]?.fields.response_format).toBe("verbose_json");
    expect(result.ok && result.confidence).toBeCloseTo(Math.exp((-0.1 * 1 + -0.5 * 3) / 4), 10);
  });

  it("returns a 4xx at once, with its status and the server's message, without retrying", async () => {
    replies = [json(400, { error: { message: "Unsupported language: xx" } }), json(200, { text: "never" })];
    const result = await provider().transcribe(input);
    expect(result).toMatchObject({
      ok: false,
      reason: "http-error",
      status: 400,
      attempts: 1,
      detail: "HTTP 400: Unsupported language: xx",
    });
    expect(seen).toHaveLength(1);
  });

  it("retries a 5xx and succeeds on the next attempt", async () => {
    replies = [json(503, { error: { message: "loading model" } }), json(200, { text: "better now" })];
    const result = await provider().transcribe(input);
    expect(result).toMatchObject({ ok: true, text: "better now" });
    expect(seen).toHaveLength(2);
  });

  it("retries a 429, honouring Retry-After", async () => {
    replies = [
      json(429, { error: { message: "slow down" } }, { "retry-after": "0" }),
      json(200, { text: "fine" }),
    ];
    const result = await provider().transcribe(input);
    expect(result).toMatchObject({ ok: true, text: "fine" });
    expect(seen).toHaveLength(2);
  });

  it("gives up after maxAttempts of 5xx and reports the last status", async () => {
    replies = [json(500, {}), json(502, {}), json(503, {}), json(200, { text: "too late" })];
    const result = await provider().transcribe(input);
    expect(result).toMatchObject({ ok: false, reason: "http-error", status: 503, attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it("times out a slow answer, retries, and succeeds when the server recovers", async () => {
    replies = [slow(2_000, json(200, { text: "late" })), json(200, { text: "prompt" })];
    const started = performance.now();
    const result = await provider({ timeoutMs: 300 }).transcribe(input);
    expect(result).toMatchObject({ ok: true, text: "prompt" });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("reports a timeout when every attempt is too slow", async () => {
    replies = [slow(2_000, json(200, { text: "late" })), slow(2_000, json(200, { text: "late" }))];
    const result = await provider({ timeoutMs: 200, maxAttempts: 2 }).transcribe(input);
    expect(result).toMatchObject({ ok: false, reason: "timeout", attempts: 2 });
  });

  it("reports malformed JSON and a missing text field as bad responses, without retrying", async () => {
    replies = [
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{ not json");
      },
    ];
    expect(await provider().transcribe(input)).toMatchObject({
      ok: false,
      reason: "bad-response",
      status: 200,
    });
    replies = [json(200, { transcript: "wrong field" })];
    expect(await provider().transcribe(input)).toMatchObject({ ok: false, reason: "bad-response" });
    expect(seen).toHaveLength(2);
  });

  it("reports a network failure after retrying when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await provider({ baseUrl: `http://127.0.0.1:${port}` }).transcribe(input);
    expect(result).toMatchObject({ ok: false, reason: "network", attempts: 3 });
    expect(result.ok ? "" : result.detail).toMatch(/ECONNREFUSED/);
  });

  it("stops when the caller aborts, without further attempts", async () => {
    replies = [slow(2_000, json(200, { text: "late" })), json(200, { text: "never" })];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await provider().transcribe(input, controller.signal);
    expect(result).toMatchObject({ ok: false, reason: "aborted" });
    expect(seen).toHaveLength(1);
  });

  it("rejects empty and odd-length audio without a request", async () => {
    expect(await provider().transcribe({ pcm: new Int16Array(0), languages: ["en"] })).toMatchObject({
      reason: "invalid-audio",
    });
    expect(await provider().transcribe({ pcm: Buffer.alloc(3), languages: ["en"] })).toMatchObject({
      reason: "invalid-audio",
    });
    expect(seen).toHaveLength(0);
  });
});

describe("confidenceOf", () => {
  it("is null without segments and clamps to 0…1", () => {
    expect(confidenceOf(undefined)).toBeNull();
    expect(confidenceOf([])).toBeNull();
    expect(confidenceOf([{ start: 0, end: 1, avg_logprob: 0.2 }])).toBe(1);
  });
});
