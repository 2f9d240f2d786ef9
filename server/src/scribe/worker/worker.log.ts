// The scribe worker's log (the worker, its job processes and its inference process): pino, as the
// API's log is through Fastify, one JSON line per event.
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Fields that could carry what a person said or who they are. Nothing logs them today (ids,
 * counts and reasons only); the redaction keeps a careless `log.warn({ ...segment })` from ever
 * writing clinical text to a log file.
 */
const CLINICAL = ["text", "transcript", "displayName", "name", "pcm", "vocabulary", "prompt"];

export type WorkerLog = Logger;

/**
 * Info to stdout, warnings and errors to stderr (as before pino: a supervisor may keep them apart),
 * written synchronously so the line before a `process.exit` is not lost. `destination` replaces
 * both (tests).
 */
export function logger(base: Record<string, unknown>, destination?: DestinationStream): WorkerLog {
  const stream =
    destination ??
    pino.multistream(
      [
        { level: "info", stream: pino.destination({ dest: 1, sync: true }) },
        { level: "warn", stream: pino.destination({ dest: 2, sync: true }) },
      ],
      { dedupe: true },
    );
  return pino(
    {
      base: { pid: process.pid, ...base },
      level: "info",
      // "warn", not 40: the lines are read by people and by the tests' greps alike.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...CLINICAL, ...CLINICAL.map((f) => `*.${f}`)], censor: "[redacted]" },
    },
    stream,
  );
}
