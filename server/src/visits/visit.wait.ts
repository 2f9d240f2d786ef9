// A waiting patient's place in line and estimated wait: an estimate from the clinician's own day,
// shown as "about N minutes", never a promise. Pure, so the rule is tested on its own.
import type { WaitEstimate } from "@bedside/shared";

/** The visit length assumed until the clinician has ended a visit today. */
export const DEFAULT_VISIT_MS = 15 * 60_000;

export interface WaitInputs {
  /** Waiting visits in the order they will be seen (earliest arrival first). */
  waiting: string[];
  /** Lengths (start to end) of the clinician's visits ended today. */
  endedTodayMs: number[];
  /** How long the clinician's current call has run, or null when they are in none. */
  currentElapsedMs: number | null;
  defaultVisitMs?: number;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounded to 5 minutes so it reads as the rough figure it is; under 2.5 minutes is 0 ("a few minutes"). */
export const roundedMinutes = (ms: number): number => Math.round(Math.max(0, ms) / 60_000 / 5) * 5;

/**
 * Each waiting visit's place and wait: the people ahead times a typical visit (the median length
 * of the clinician's visits ended today, else the default), plus what is typically left of the
 * call the clinician is in now (a typical visit minus its elapsed time, never below zero).
 */
export function estimateWaits(input: WaitInputs): Map<string, WaitEstimate> {
  const typical =
    median(input.endedTodayMs.filter((ms) => ms > 0)) ?? input.defaultVisitMs ?? DEFAULT_VISIT_MS;
  const current = input.currentElapsedMs === null ? 0 : Math.max(0, typical - input.currentElapsedMs);
  const out = new Map<string, WaitEstimate>();
  for (const visitId of input.waiting) {
    if (out.has(visitId)) continue;
    out.set(visitId, { place: out.size + 1, aboutMinutes: roundedMinutes(out.size * typical + current) });
  }
  return out;
}
