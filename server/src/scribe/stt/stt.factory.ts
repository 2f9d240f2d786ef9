import { LocalSttProvider } from "./local.stt.js";
import { OpenAiSttProvider } from "./openai.stt.js";
import type { SttConfig, SttProvider } from "./stt.provider.js";

/** The configured engine; the scribe agent depends only on `SttProvider`. */
export function createSttProvider(config: SttConfig): SttProvider {
  switch (config.kind) {
    case "local":
      return new LocalSttProvider({ timeoutMs: config.timeoutMs });
    case "openai-compatible":
      return new OpenAiSttProvider({
        baseUrl: config.baseUrl,
        apiKey: config.apiKey,
        model: config.model,
        responseFormat: config.responseFormat,
        timeoutMs: config.timeoutMs,
      });
  }
}
