// The LLM path against a local stand-in chat-completions server (node:http, 127.0.0.1:0).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Transcript } from "@bedside/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFindingsEngine, parseFindingsConfig } from "./findings.engine.js";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let requests: { auth: string | undefined; body: { model?: string; messages?: { content: string }[] } }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push({
        auth: req.headers.authorization,
        body: JSON.parse(body) as (typeof requests)[number]["body"],
      });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
});

const transcript: Transcript = [
  { id: "s1", speaker: "clinician", text: "Any chest pain?" },
  { id: "s2", speaker: "patient", text: "No, but I have had a cough for a week." },
];

function chat(content: string): Handler {
  return (_req, _body, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
  };
}

function engine(timeoutMs = 2_000) {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  const e = createFindingsEngine(
    parseFindingsConfig({
      FINDINGS_ENGINE: "openai-compatible",
      FINDINGS_OPENAI_BASE_URL: `${baseUrl}/`,
      FINDINGS_OPENAI_MODEL: "stand-in",
      FINDINGS_OPENAI_API_KEY: "k-123",
      FINDINGS_OPENAI_TIMEOUT_MS: String(timeoutMs),
    }),
    { logger: { warn: (details, message) => warnings.push({ details, message }) } },
  );
  return { e, warnings };
}

describe("openai-compatible findings engine", () => {
  it("uses a schema-valid answer, keeps verbatim quotes, and explains in plain words", async () => {
    handler = chat(
      JSON.stringify({
        findings: [
          {
            kind: "symptom",
            text: "Cough for one week",
            term: "cough",
            details: { duration: "a week" },
            evidence: [{ segmentId: "s2", quote: "I have had a cough for a week" }],
          },
          { kind: "symptom", text: "Fever", evidence: [{ segmentId: "s2", quote: "I have a fever" }] },
        ],
      }),
    );
    const { e, warnings } = engine();
    const r = await e.extract(transcript);
    expect(r.engine).toBe("openai-compatible");
    expect(r.fallbackReason).toBeUndefined();
    // The invented "fever" quote is not in the transcript, so that finding is dropped.
    expect(r.findings.map((f) => f.text)).toEqual(["Cough for one week"]);
    expect(r.explanations[0]?.about.text).toBe("You told us about a cough. You have had it a week.");
    expect(warnings).toEqual([]);
    expect(requests[0]?.auth).toBe("Bearer k-123");
    expect(requests[0]?.body.model).toBe("stand-in");
    expect(requests[0]?.body.messages?.[1]?.content).toContain('"id":"s2"');
  });

  it("accepts JSON wrapped in a code fence", async () => {
    handler = chat('```json\n{"findings": []}\n```');
    const r = await engine().e.extract(transcript);
    expect(r.engine).toBe("openai-compatible");
    expect(r.findings).toEqual([]);
  });

  const failures: [string, Handler, RegExp][] = [
    ["bad JSON", chat("{findings: [oops"), /^answer is not valid JSON$/],
    [
      "schema-invalid JSON",
      chat(JSON.stringify({ findings: [{ kind: "vibe", text: "x", evidence: [] }] })),
      /^answer does not match the findings schema/,
    ],
    [
      "only invented quotes",
      chat(
        JSON.stringify({
          findings: [{ kind: "symptom", text: "x", evidence: [{ segmentId: "s1", quote: "nope" }] }],
        }),
      ),
      /^no finding had a verbatim quote/,
    ],
    [
      "a 5xx",
      (_req, _body, res) => {
        res.writeHead(503);
        res.end("overloaded");
      },
      /^HTTP 503$/,
    ],
    [
      "a response with no choices",
      (_req, _body, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      },
      /^response has no choices$/,
    ],
  ];
  for (const [what, h, reason] of failures) {
    it(`falls back to the built-in engine on ${what}`, async () => {
      handler = h;
      const { e, warnings } = engine();
      const r = await e.extract(transcript);
      expect(r.engine).toBe("builtin");
      expect(r.fallbackReason).toMatch(reason);
      // The built-in answer: the cough, not the denied chest pain.
      expect(r.findings.filter((f) => f.kind === "symptom").map((f) => f.term)).toEqual(["cough"]);
      expect(warnings).toHaveLength(1);
      // Logs carry the reason, never transcript words.
      expect(JSON.stringify(warnings)).not.toMatch(/cough|chest/i);
    });
  }

  it("falls back when the server does not answer in time", async () => {
    handler = () => undefined; // never responds
    const { e } = engine(300);
    const started = Date.now();
    const r = await e.extract(transcript);
    expect(r.engine).toBe("builtin");
    expect(r.fallbackReason).toBe("timed out after 300 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("falls back when nothing listens", async () => {
    const e = createFindingsEngine(
      {
        engine: "openai-compatible",
        baseUrl: "http://127.0.0.1:9/v1",
        model: "m",
        apiKey: undefined,
        timeoutMs: 2_000,
      },
      {},
    );
    const r = await e.extract(transcript);
    expect(r.engine).toBe("builtin");
    expect(r.fallbackReason).toBe("request failed");
  });
});

describe("findings configuration", () => {
  it("defaults to the built-in engine and requires URL and model for the LLM one", () => {
    expect(parseFindingsConfig({})).toEqual({ engine: "builtin" });
    expect(() => parseFindingsConfig({ FINDINGS_ENGINE: "openai-compatible" })).toThrow(
      /FINDINGS_OPENAI_BASE_URL is required.*FINDINGS_OPENAI_MODEL is required/,
    );
    expect(() => parseFindingsConfig({ FINDINGS_ENGINE: "gpt" })).toThrow(/FINDINGS_ENGINE/);
  });
});
