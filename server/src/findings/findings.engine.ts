// The findings engine interface and the factory that picks one. Its configuration lives in
// findings.config.ts, which the server's config reads without loading any engine.
import type { FindingsConfig } from "./findings.config.js";
import type { FindingsDeps, FindingsEngine } from "./findings.types.js";
import { extractFindings } from "./builtin.engine.js";
import { createOpenAiEngine } from "./openai.engine.js";
import { resultFrom } from "./findings.result.js";
import { verifyFindings } from "./verifier.js";

export { parseFindingsConfig, type FindingsConfig } from "./findings.config.js";
export type { FindingsDeps, FindingsEngine } from "./findings.types.js";

/**
 * Every engine's findings pass the verifier before anyone reads them (verifier.ts): what its
 * citations cannot support is dropped or marked uncertain for the clinician, and counted.
 */
export function verified(engine: FindingsEngine): FindingsEngine {
  return {
    name: engine.name,
    async extract(transcript) {
      const result = await engine.extract(transcript);
      const { findings, counts } = verifyFindings(result.findings, transcript);
      return {
        ...resultFrom(result.engine, findings, result.fallbackReason),
        verification: { checked: counts.checked, dropped: counts.dropped, uncertain: counts.uncertain },
      };
    },
  };
}

export function createBuiltinEngine(): FindingsEngine {
  return verified({
    name: "builtin",
    extract: (transcript) => Promise.resolve(resultFrom("builtin", extractFindings(transcript))),
  });
}

export function createFindingsEngine(config: FindingsConfig, deps: FindingsDeps = {}): FindingsEngine {
  switch (config.engine) {
    case "builtin":
      return createBuiltinEngine();
    case "openai-compatible":
      return verified(createOpenAiEngine(config, deps));
  }
}
