// One call to an OpenAI-compatible chat-completions server that must answer with a JSON object,
// shared by the findings engine and the note engine. Every failure is a ChatFailure whose reason
// says what went wrong without any of the transcript or the model's answer (safe to log).
import type { FindingsConfig } from "./findings.config.js";

export type OpenAiConfig = Extract<FindingsConfig, { engine: "openai-compatible" }>;

export class ChatFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Models often wrap JSON in a ``` fence despite being asked not to; accept that much. */
function unfence(content: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  return m?.[1] ?? content;
}

const timedOut = (err: unknown) => {
  const name = err instanceof Error ? err.name : "";
  return name === "TimeoutError" || name === "AbortError";
};

/** The model's answer to `system` + `user`, parsed as JSON (not yet checked against any schema). */
export async function askForJson(
  config: OpenAiConfig,
  doFetch: typeof fetch,
  system: string,
  user: string,
): Promise<unknown> {
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
          { role: "system", content: system },
          { role: "user", content: user },
        ],
      }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (err) {
    throw new ChatFailure(timedOut(err) ? `timed out after ${config.timeoutMs} ms` : "request failed");
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ChatFailure(`HTTP ${res.status}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new ChatFailure(timedOut(err) ? `timed out after ${config.timeoutMs} ms` : "response is not JSON");
  }
  if (typeof body !== "object" || body === null) throw new ChatFailure("response is not an object");
  const choices = (body as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new ChatFailure("response has no choices");
  const content = (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
  if (typeof content !== "string") throw new ChatFailure("response has no message content");
  try {
    return JSON.parse(unfence(content));
  } catch {
    throw new ChatFailure("answer is not valid JSON");
  }
}
