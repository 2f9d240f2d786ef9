import { OpenAiSttProvider } from "./openai.stt.js";
import type { SttConfig, SttProvider } from "./stt.provider.js";
import { WhisperSttProvider } from "./whisper.stt.js";

/** The configured engine; the scribe agent depends only on `SttProvider`. */
export function createSttProvider(config: SttConfig, options: { threads: number }): SttProvider {
  switch (config.kind) {
    case "whisper":
      return new WhisperSttProvider({
        model: config.model,
        threads: config.threads ?? options.threads,
        beamSize: config.beamSize,
        timeoutMs: config.timeoutMs,
      });
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
