// The findings engine interface and the factory that picks one. Its configuration lives in
// findings.config.ts, which the server's config reads without loading any engine.
import type { FindingsConfig } from "./findings.config.js";
import type { FindingsDeps, FindingsEngine } from "./findings.types.js";
import { extractFindings } from "./builtin.engine.js";
import { createOpenAiEngine } from "./openai.engine.js";
import { resultFrom } from "./findings.result.js";

export { type FindingsLogger, silentLogger } from "./findings.result.js";
export { parseFindingsConfig, type FindingsConfig } from "./findings.config.js";
export type { FindingsDeps, FindingsEngine } from "./findings.types.js";

export function createBuiltinEngine(): FindingsEngine {
  return {
    name: "builtin",
    extract: (transcript) => Promise.resolve(resultFrom("builtin", extractFindings(transcript))),
  };
}

export function createFindingsEngine(config: FindingsConfig, deps: FindingsDeps = {}): FindingsEngine {
  switch (config.engine) {
    case "builtin":
      return createBuiltinEngine();
    case "openai-compatible":
      return createOpenAiEngine(config, deps);
  }
}
