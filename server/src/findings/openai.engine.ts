// An OpenAI-compatible chat-completions engine (self-hosted vLLM/llama.cpp/Ollama servers
// or a cloud service). The model only proposes findings; the answer must parse as JSON,
// match the shared schema, and quote the transcript verbatim, or the built-in engine
// answers instead. Explanations are always ours, so their grade is measured, not claimed.
import { type Finding, type FindingsResult, llmFindingsAnswerSchema, type Transcript } from "@bedside/shared";
import { extractFindings } from "./builtin.engine.js";
import type { FindingsConfig } from "./findings.config.js";
import type { FindingsDeps, FindingsEngine } from "./findings.types.js";
import { resultFrom, silentLogger } from "./findings.result.js";

type OpenAiConfig = Extract<FindingsConfig, { engine: "openai-compatible" }>;

class EngineFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const SYSTEM_PROMPT = [
  "You extract clinical findings from a doctor-patient visit transcript.",
  'Answer with one JSON object only: {"findings": [...]}.',
  "Each finding: kind (one of chief_concern, symptom, medication, allergy, measurement, assessment, plan, follow_up, warning_sign),",
  "text (a short clinical statement), optional term (normalised name), optional details",
  "(onset, duration, severity, dose, frequency, status: started|stopped|changed|continued, value, category: test|referral|treatment, when),",
  "and evidence: a list of {segmentId, quote} where quote is copied verbatim from that segment.",
  'Do not report negated findings ("no chest pain" is not a symptom), things said about relatives, or',
  "symptoms the clinician only asked about unless the patient confirmed them.",
  "warning_sign is what should make the patient seek help now.",
].join(" ");

const chatResponseSchema = {
  parse(body: unknown): string {
    if (typeof body !== "object" || body === null) throw new EngineFailure("response is not an object");
    const choices = (body as { choices?: unknown }).choices;
    if (!Array.isArray(choices) || choices.length === 0) throw new EngineFailure("response has no choices");
    const content = (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
    if (typeof content !== "string") throw new EngineFailure("response has no message content");
    return content;
  },
};

/** Models often wrap JSON in a ``` fence despite being asked not to; accept that much. */
function unfence(content: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  return m?.[1] ?? content;
}

function toFindings(content: string, transcript: Transcript): Finding[] {
  let json: unknown;
  try {
    json = JSON.parse(unfence(content));
  } catch {
    throw new EngineFailure("answer is not valid JSON");
  }
  const parsed = llmFindingsAnswerSchema.safeParse(json);
  if (!parsed.success)
    throw new EngineFailure(
      `answer does not match the findings schema (${parsed.error.issues.length} issues)`,
    );

  const textById = new Map(transcript.map((s) => [s.id, s.text]));
  const findings: Finding[] = [];
  let droppedQuotes = 0;
  for (const f of parsed.data.findings) {
    // A quote that is not in its segment is an invention; keep only what we can trace.
    const evidence = f.evidence.filter((e) => textById.get(e.segmentId)?.includes(e.quote) ?? false);
    droppedQuotes += f.evidence.length - evidence.length;
    if (evidence.length === 0) continue;
    findings.push({
      id: `f${findings.length + 1}`,
      kind: f.kind,
      text: f.text,
      ...(f.term ? { term: f.term.toLowerCase() } : {}),
      details: f.details ?? {},
      evidence,
    });
  }
  if (parsed.data.findings.length > 0 && findings.length === 0) {
    throw new EngineFailure(`no finding had a verbatim quote (${droppedQuotes} quotes dropped)`);
  }
  return findings;
}

export function createOpenAiEngine(config: OpenAiConfig, deps: FindingsDeps = {}): FindingsEngine {
  const doFetch = deps.fetch ?? fetch;
  const logger = deps.logger ?? silentLogger;

  async function ask(transcript: Transcript): Promise<Finding[]> {
    const user = JSON.stringify({
      segments: transcript.map((s) => ({ id: s.id, speaker: s.speaker, text: s.text })),
    });
    let res: Response;
    try {
      res = await doFetch(`${config.baseUrl}/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: config.model,
          temperature: 0,
          response_format: { type: "json_object" },
          messages: [
            { role: "system", content: SYSTEM_PROMPT },
            { role: "user", content: user },
          ],
        }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      throw new EngineFailure(
        name === "TimeoutError" || name === "AbortError"
          ? `timed out after ${config.timeoutMs} ms`
          : "request failed",
      );
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new EngineFailure(`HTTP ${res.status}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      throw new EngineFailure(
        name === "TimeoutError" || name === "AbortError"
          ? `timed out after ${config.timeoutMs} ms`
          : "response is not JSON",
      );
    }
    return toFindings(chatResponseSchema.parse(body), transcript);
  }

  return {
    name: "openai-compatible",
    async extract(transcript: Transcript): Promise<FindingsResult> {
      try {
        return resultFrom("openai-compatible", await ask(transcript));
      } catch (err) {
        const reason = err instanceof EngineFailure ? err.reason : "unexpected error";
        // Reason and size only: nothing from the transcript or the model's answer.
        logger.warn(
          { engine: "openai-compatible", reason, segments: transcript.length },
          "findings engine failed; using builtin",
        );
        return resultFrom("builtin", extractFindings(transcript), reason);
      }
    },
  };
}
