// Shared by every engine: how a list of findings becomes the full result, and what an
// engine may log.
import type { Finding, FindingsEngineName, FindingsResult } from "@bedside/shared";
import { explainFindings } from "./plain-language.js";

/**
 * What the engines may log: reasons and counts only. Pino's `logger.warn(obj, msg)`
 * fits this shape. Never pass transcript text or findings here.
 */
export interface FindingsLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export const silentLogger: FindingsLogger = { warn: () => undefined };

/** Findings plus their plain-language explanations and glossary. */
export function resultFrom(
  engine: FindingsEngineName,
  findings: Finding[],
  fallbackReason?: string,
): FindingsResult {
  const { explanations, glossary } = explainFindings(findings);
  return { engine, ...(fallbackReason ? { fallbackReason } : {}), findings, explanations, glossary };
}
