// The note's LLM path against a local stand-in chat-completions server (node:http, 127.0.0.1:0).
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Finding, noteSectionKeys, type Transcript } from "@bedside/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFindingsConfig } from "../findings/findings.config.js";
import { composeNote } from "./note.compose.js";
import { createNoteEngine } from "./note.engine.js";

let server: Server;
let baseUrl: string;
let respond: (res: ServerResponse) => void;
let requests: { model?: string; messages?: { role: string; content: string }[] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push(JSON.parse(body) as (typeof requests)[number]);
      respond(res);
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
  { id: "s1", speaker: "patient", text: "I have had a cough for a week." },
  { id: "s2", speaker: "clinician", text: "I think this is bronchitis. Come back in two weeks." },
];
const findings: Finding[] = [
  {
    id: "f1",
    kind: "symptom",
    text: "Cough (for a week)",
    term: "cough",
    details: { duration: "a week" },
    evidence: [{ segmentId: "s1", quote: "cough" }],
  },
  {
    id: "f2",
    kind: "assessment",
    text: "Bronchitis",
    term: "bronchitis",
    details: {},
    evidence: [{ segmentId: "s2", quote: "bronchitis" }],
  },
];

const chat = (content: string) => (res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
};
const note = (hpi: { text: string; segmentIds: string[] }[]) => ({
  sections: noteSectionKeys.map((key) => ({ key, sentences: key === "hpi" ? hpi : [] })),
});

function engine(timeoutMs = 2_000) {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  const e = createNoteEngine(
    parseFindingsConfig({
      FINDINGS_ENGINE: "openai-compatible",
      FINDINGS_OPENAI_BASE_URL: baseUrl,
      FINDINGS_OPENAI_MODEL: "stand-in",
      FINDINGS_OPENAI_TIMEOUT_MS: String(timeoutMs),
    }),
    { logger: { warn: (details, message) => warnings.push({ details, message }) } },
  );
  return { e, warnings };
}

describe("openai-compatible note engine", () => {
  it("uses a schema-valid note whose every sentence cites the transcript", async () => {
    const answer = note([{ text: "Cough for one week.", segmentIds: ["s1"] }]);
    respond = chat(`\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``);
    const { e, warnings } = engine();
    const draft = await e.draft({ findings, transcript });
    expect(draft).toEqual({ note: answer, engine: "openai-compatible" });
    expect(warnings).toEqual([]);
    expect(requests[0]?.model).toBe("stand-in");
    expect(requests[0]?.messages?.[1]?.content).toContain('"id":"s1"');
  });

  it("drops a sentence that pastes eight words of the transcript or keeps a dictation command", async () => {
    const answer = note([
      { text: "I have had a cough for a week.", segmentIds: ["s1"] },
      { text: "Hey dragon, order a chest x-ray.", segmentIds: ["s2"] },
      { text: "Cough for one week.", segmentIds: ["s1"] },
    ]);
    respond = chat(JSON.stringify(answer));
    const { e, warnings } = engine();
    const draft = await e.draft({ findings, transcript });
    expect(draft.engine).toBe("openai-compatible");
    expect(draft.note.sections.flatMap((s) => s.sentences)).toEqual([
      { text: "Cough for one week.", segmentIds: ["s1"] },
    ]);
    expect(warnings).toEqual([
      {
        details: { engine: "openai-compatible", dropped: 2, kept: 1 },
        message: "note engine sentences dropped by the note checks",
      },
    ]);
  });

  it.each([
    [
      "only sentences pasted from the transcript",
      chat(JSON.stringify(note([{ text: "Uh, I have had a cough for a week.", segmentIds: ["s1"] }]))),
      /pasted the transcript/,
    ],
    [
      "only sentences with six words of the transcript in a row",
      chat(JSON.stringify(note([{ text: "Has had a cough for a week.", segmentIds: ["s1"] }]))),
      /pasted the transcript/,
    ],
    [
      "a sentence citing a segment that is not in the transcript",
      chat(JSON.stringify(note([{ text: "Cough.", segmentIds: ["s9"] }]))),
      /cite no segment/,
    ],
    [
      "a sentence citing nothing",
      chat(JSON.stringify(note([{ text: "Cough.", segmentIds: [] }]))),
      /cite no segment/,
    ],
    [
      "sections out of order",
      chat(JSON.stringify({ sections: [...note([]).sections].reverse() })),
      /note schema/,
    ],
    ["not JSON", chat("The patient has a cough."), /not valid JSON/],
    ["an empty note", chat(JSON.stringify(note([]))), /empty/],
    ["a server error", (res: ServerResponse) => res.writeHead(503).end(), /HTTP 503/],
    ["no answer in time", () => undefined, /timed out/],
  ])("falls back to the built-in draft on %s, and says why", async (_name, handler, reason) => {
    respond = handler;
    const { e, warnings } = engine(300);
    const draft = await e.draft({ findings, transcript });
    expect(draft.engine).toBe("builtin");
    expect(draft.fallbackReason).toMatch(reason);
    expect(draft.note).toEqual(composeNote({ findings, transcript }));
    // The log says why, never what was said.
    expect(JSON.stringify(warnings)).not.toMatch(/cough/i);
  });
});
