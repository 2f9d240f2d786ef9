// What an engine is, apart from the factory that builds one: engines import this, never the
// factory, so the engine modules and the factory do not import each other.
import type { FindingsEngineName, FindingsResult, Transcript } from "@bedside/shared";
import type { FindingsLogger } from "./findings.result.js";

export interface FindingsEngine {
  readonly name: FindingsEngineName;
  extract(transcript: Transcript): Promise<FindingsResult>;
}

export interface FindingsDeps {
  fetch?: typeof fetch;
  logger?: FindingsLogger;
}
