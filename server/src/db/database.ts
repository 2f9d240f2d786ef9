import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, PostgresDialect, sql, type Migration } from "kysely";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import * as m0001 from "./migrations/0001-init.js";
import * as m0002 from "./migrations/0002-transcripts-findings.js";
import * as m0003 from "./migrations/0003-presence.js";
import * as m0004 from "./migrations/0004-scribe-consent.js";
import * as m0005 from "./migrations/0005-release-revisions.js";
import * as m0006 from "./migrations/0006-question-seen.js";
import * as m0007 from "./migrations/0007-speech-language.js";
import * as m0008 from "./migrations/0008-summary-document.js";
import * as m0009 from "./migrations/0009-audit-log.js";
import * as m0010 from "./migrations/0010-summary-links.js";
import * as m0011 from "./migrations/0011-retention.js";
import * as m0014 from "./migrations/0014-visit-notes.js";
import * as m0016 from "./migrations/0016-summary-languages.js";
import * as m0018 from "./migrations/0018-deployment.js";
import * as m0019 from "./migrations/0019-audit-no-truncate.js";
import * as m0021 from "./migrations/0021-consent-and-summary-revocation.js";
import * as m0022 from "./migrations/0022-clinics-and-roles.js";
import * as m0023 from "./migrations/0023-two-factor.js";
import * as m0024 from "./migrations/0024-waiting-messages.js";
import * as m0025 from "./migrations/0025-scheduled-visits.js";
import * as m0026 from "./migrations/0026-visit-messages.js";
import * as m0027 from "./migrations/0027-visit-chat.js";
import * as m0028 from "./migrations/0028-visit-attachments.js";
import * as m0029 from "./migrations/0029-room-empty-since.js";
import * as m0030 from "./migrations/0030-scribe-presence.js";
import { PGliteDialect } from "./pglite-dialect.js";
import { sharePglite, type PgliteShare, type PgliteTurns } from "./pglite-share.js";
import type { DatabaseSchema } from "./schema.js";

export type Database = Kysely<DatabaseSchema>;

/** Versioned migrations, applied in key order. Never edit one that has shipped: add the next. */
export const migrations: Record<string, Migration> = {
  "0001-init": m0001,
  "0002-transcripts-findings": m0002,
  "0003-presence": m0003,
  "0004-scribe-consent": m0004,
  "0005-release-revisions": m0005,
  "0006-question-seen": m0006,
  "0007-speech-language": m0007,
  "0008-summary-document": m0008,
  "0009-audit-log": m0009,
  "0010-summary-links": m0010,
  "0011-retention": m0011,
  "0014-visit-notes": m0014,
  "0016-summary-languages": m0016,
  "0018-deployment": m0018,
  "0019-audit-no-truncate": m0019,
  "0021-consent-and-summary-revocation": m0021,
  "0022-clinics-and-roles": m0022,
  "0023-two-factor": m0023,
  "0024-waiting-messages": m0024,
  "0025-scheduled-visits": m0025,
  "0026-visit-messages": m0026,
  "0027-visit-chat": m0027,
  "0028-visit-attachments": m0028,
  "0029-room-empty-since": m0029,
  "0030-scribe-presence": m0030,
};

/** Config["database"]; a worker's may carry its password in a file (DATABASE_PASSWORD_FILE). */
export type DatabaseConfig =
  { kind: "postgres"; url: string; passwordFile?: string } | { kind: "pglite"; dataDir: string };

export async function openDatabase(
  config: DatabaseConfig,
  onPoolError: (err: Error) => void = (err) =>
    console.error(`bedside: database connection lost: ${err.message}`),
): Promise<Database> {
  if (config.kind === "postgres") {
    const { passwordFile } = config;
    const pool = new pg.Pool({
      ...(passwordFile
        ? {
            // Read at each connection: the embedded database's share makes a new one at each server start.
            ...parseIntoClientConfig(config.url),
            password: async () => (await readFile(passwordFile, "utf8")).trim(),
          }
        : { connectionString: config.url }),
      max: 10,
    });
    // An idle connection dropped by the server (a PostgreSQL restart) is reported here; without a
    // listener it would be an uncaught 'error' and end the process. The pool reconnects on demand.
    pool.on("error", onPoolError);
    // A checked-out connection that drops fails its query; the 'error' event must not end the process.
    pool.on("connect", (client) => client.on("error", onPoolError));
    const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    return db;
  }
  if (!config.dataDir.startsWith("memory://")) await mkdir(config.dataDir, { recursive: true });
  return databaseOnPglite(new PGlite(config.dataDir));
}

/**
 * Kysely over a PGlite opened by the caller: the tests open theirs from a copy of one migrated
 * database (`loadDataDir`) instead of running every migration for each test app.
 */
export function databaseOnPglite(pglite: PGlite): Database {
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<DatabaseSchema>({ dialect });
  embedded.set(db, { pglite, dialect });
  return db;
}

const embedded = new WeakMap<Database, { pglite: PGlite; dialect: PGliteDialect }>();
const pools = new WeakMap<Database, pg.Pool>();

/** PostgreSQL's connection pool behind `db`, for a library that runs its own SQL (pg-boss); undefined for PGlite. */
export function postgresPool(db: Database): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * The embedded PGlite behind `db` and the turns its users take (Kysely, the workers' share), for a
 * library that runs its own SQL on it (pg-boss); undefined for PostgreSQL.
 */
export function embeddedDatabase(db: Database): { pglite: PGlite; turns: PgliteTurns } | undefined {
  const e = embedded.get(db);
  return e && { pglite: e.pglite, turns: e.dialect.turns };
}

/**
 * Serves an embedded PGlite database to other processes (the scribe workers) over PostgreSQL's
 * protocol; undefined for PostgreSQL, which every process reaches at DATABASE_URL itself. Each
 * share has a new random password, written to `passwordFile` (readable by this user alone) for
 * the workers (DATABASE_PASSWORD_FILE).
 */
export async function shareEmbeddedDatabase(
  db: Database,
  opts: { host: string; port: number; passwordFile?: string; turnIdleMs?: number },
): Promise<PgliteShare | undefined> {
  const e = embedded.get(db);
  if (!e) return undefined;
  const password = randomBytes(32).toString("base64url");
  if (opts.passwordFile) {
    // Made anew, never rewritten in place: an existing file could have been left readable by others.
    await rm(opts.passwordFile, { force: true });
    await writeFile(opts.passwordFile, `${password}\n`, { mode: 0o600, flag: "wx" });
  }
  return sharePglite(e.pglite, e.dialect.turns, { ...opts, password });
}

function migrator(db: Database): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
}

/** Applies every migration not yet applied; returns the names of those it applied. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(
      `database migration ${failed?.migrationName ?? ""} failed: ${String((error as Error | undefined)?.message ?? error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The migrations this version has that the database has not applied yet. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** "ok", or a short reason the database cannot answer. */
export async function checkDatabase(db: Database): Promise<string> {
  try {
    await sql`select 1`.execute(db);
    return "ok";
  } catch (err) {
    return `unreachable: ${(err as Error).message}`;
  }
}
