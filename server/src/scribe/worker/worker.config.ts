import { z } from "zod";
import { ConfigError, parseConfig, type Config } from "../../config.js";

/** The worker's configuration: the server's variables; DATABASE_URL is required here. */
export function workerConfig(): Config & { database: Extract<Config["database"], { kind: "postgres" }> } {
  const config = parseConfig(process.env);
  if (config.database.kind !== "postgres") {
    throw new ConfigError(
      "the scribe worker needs DATABASE_URL: PostgreSQL's, or the server's shared PGlite " +
        "(postgres://postgres@HOST:5433/postgres with DATABASE_PASSWORD_FILE=the server's DATA_DIR/db-share.secret, see SCRIBE_DB_SHARE_PORT)",
    );
  }
  return { ...config, database: config.database };
}

/**
 * What the server puts on each dispatch (livekit.client.ts): the visit, and its deployment; a
 * hand-over's dispatch also its tag (the new job's identity, `handOverIdentity`).
 */
const jobMetadata = z.object({
  visitId: z.uuid(),
  deployment: z.uuid(),
  handOver: z
    .string()
    .regex(/^[a-z0-9]{1,16}$/)
    .optional(),
});
export const metadataOf = (raw: string | undefined) => {
  try {
    return jobMetadata.safeParse(JSON.parse(raw || "{}")).data;
  } catch {
    return undefined;
  }
};

/**
 * How long a job waits for the worker's pool to answer one utterance: the engine's own timeout
 * per utterance, plus the time it may wait in the pool's queue behind the worker's other visits.
 */
export function remoteSttTimeoutMs(config: Config): number {
  return Math.max(120_000, 4 * config.scribe.stt.timeoutMs);
}
