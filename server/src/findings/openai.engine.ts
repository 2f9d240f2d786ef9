// An OpenAI-compatible chat-completions engine (self-hosted vLLM/llama.cpp/Ollama servers
// or a cloud service). The model only proposes findings; the answer must parse as JSON,
// match the shared schema, and quote the transcript verbatim, or the built-in engine
// answers instead. Explanations are always ours, so their grade is measured, not claimed.
import { type Finding, type FindingsResult, llmFindingsAnswerSchema, type Transcript } from "@bedside/shared";
import { extractFindings } from "./builtin.engine.js";
import type { FindingsDeps, FindingsEngine } from "./findings.types.js";
import { resultFrom, silentLogger } from "./findings.result.js";
import { askForJson, ChatFailure, type OpenAiConfig } from "./chat.completions.js";

const SYSTEM_PROMPT = [
  "You extract clinical findings from a doctor-patient visit transcript.",
  'Answer with one JSON object only: {"findings": [...]}.',
  "Each finding: kind (one of chief_concern, symptom, medication, allergy, measurement, assessment, plan, follow_up, warning_sign),",
  "text (a short clinical statement), optional term (normalised name), optional details",
  "(onset, duration, severity, dose, frequency, status: started|stopped|changed|continued|once (given one time, e.g. in the ER), value, category: test|referral|treatment, when),",
  "and evidence: a list of {segmentId, quote} where quote is copied verbatim from that segment.",
  'Do not report negated findings ("no chest pain" is not a symptom), things said about relatives, or',
  "symptoms the clinician only asked about unless the patient confirmed them.",
  "warning_sign is what should make the patient seek help now.",
].join(" ");

function toFindings(json: unknown, transcript: Transcript): Finding[] {
  const parsed = llmFindingsAnswerSchema.safeParse(json);
  if (!parsed.success)
    throw new ChatFailure(`answer does not match the findings schema (${parsed.error.issues.length} issues)`);

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
    throw new ChatFailure(`no finding had a verbatim quote (${droppedQuotes} quotes dropped)`);
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
    return toFindings(await askForJson(config, doFetch, SYSTEM_PROMPT, user), transcript);
  }

  return {
    name: "openai-compatible",
    async extract(transcript: Transcript): Promise<FindingsResult> {
      try {
        return resultFrom("openai-compatible", await ask(transcript));
      } catch (err) {
        const reason = err instanceof ChatFailure ? err.reason : "unexpected error";
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
