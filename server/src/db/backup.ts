// Backups of the whole database, PostgreSQL or the embedded PGlite, as one file: a two-line header
// (what it is, from which schema version, the payload's SHA-256) and the payload — PostgreSQL's
// own custom-format dump (pg_dump -Fc), or PGlite's data directory (dumpDataDir, gzip). The
// checksum lets a restore refuse a damaged file before it touches anything.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";
import { z } from "zod";
import { migrations, type DatabaseConfig } from "./database.js";
import { lockEmbeddedDatabase } from "./pglite-lock.js";

/** A refusal or failure the operator can act on: printed as one line by the CLI. */
export class BackupError extends Error {}

const MAGIC = "BEDSIDE-BACKUP 1\n";
/** The header line is small; a file whose first bytes hold no header in this much is not a backup. */
const HEADER_LIMIT = 64 * 1024;

const headerSchema = z.object({
  kind: z.enum(["postgres", "pglite"]),
  format: z.enum(["pg_dump-custom", "pglite-datadir-gzip"]),
  createdAt: z.iso.datetime(),
  serverVersion: z.string().max(200),
  /** The last migration applied when the backup was made (null: none). */
  migration: z.string().max(200).nullable(),
  payloadBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const systemSchemas = `n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** The header and where the payload starts; BackupError if `file` is not a Bedside backup. */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; offset: number }> {
  let head: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      const buf = Buffer.alloc(HEADER_LIMIT);
      const { bytesRead } = await handle.read(buf, 0, HEADER_LIMIT, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new BackupError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const notOurs = () =>
    new BackupError(
      `${file} is not a Bedside backup (it does not begin with "${MAGIC.trim()}"); nothing was changed`,
    );
  if (!head.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) throw notOurs();
  const end = head.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw notOurs();
  let parsed: unknown;
  try {
    parsed = JSON.parse(head.subarray(MAGIC.length, end).toString("utf8"));
  } catch {
    throw new BackupError(`${file}: its header is damaged (not JSON); nothing was changed`);
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) {
    throw new BackupError(
      `${file}: its header is damaged (${header.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}); nothing was changed`,
    );
  }
  return { header: header.data, offset: end + 1 };
}

/**
 * Copies the payload of `file` to `to`, checking its length and SHA-256 against the header;
 * BackupError (and nothing written to the database) when either differs.
 */
async function extractPayload(file: string, to: string): Promise<BackupHeader> {
  const { header, offset } = await readBackupHeader(file);
  const size = (await stat(file)).size;
  if (size - offset !== header.payloadBytes) {
    throw new BackupError(
      `${file} is damaged: ${size - offset} bytes of data where its header says ${header.payloadBytes} (truncated or appended to); nothing was changed`,
    );
  }
  const hash = createHash("sha256");
  await pipeline(
    createReadStream(file, { start: offset }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(to, { mode: 0o600 }),
  );
  if (hash.digest("hex") !== header.sha256) {
    throw new BackupError(`${file} is damaged: its checksum does not match (sha256); nothing was changed`);
  }
  const known = header.migration === null || header.migration in migrations;
  if (!known) {
    throw new BackupError(
      `${file} comes from a newer Bedside (its schema has migration ${header.migration}, unknown to this version): restore it with that version or a later one; nothing was changed`,
    );
  }
  return header;
}

/** Writes header + payload to `file` (mode 0600: it holds clinical data) through a temporary name. */
async function writeBackup(
  file: string,
  payloadFile: string,
  meta: Omit<BackupHeader, "payloadBytes" | "sha256" | "createdAt">,
): Promise<BackupHeader> {
  const header: BackupHeader = {
    ...meta,
    createdAt: new Date().toISOString(),
    payloadBytes: (await stat(payloadFile)).size,
    sha256: await sha256Of(payloadFile),
  };
  // Beside the target, so the rename is atomic: a backup that failed halfway never has the name.
  const partial = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString("hex")}.partial`,
  );
  try {
    const out = createWriteStream(partial, { mode: 0o600, flags: "wx" });
    out.write(`${MAGIC}${JSON.stringify(header)}\n`);
    await pipeline(createReadStream(payloadFile), out);
    await chmod(partial, 0o600);
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw new BackupError(`cannot write ${file}: ${(err as Error).message}`);
  }
  return header;
}

/** A private scratch directory (0700) for payloads, removed by `cleanup`. */
async function scratch(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bedside-backup-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

// ---- PostgreSQL -------------------------------------------------------------------------------

type PostgresConfig = Extract<DatabaseConfig, { kind: "postgres" }>;

/** How the PostgreSQL client programs reach the database: the URL without its password, which goes in PGPASSWORD (never on a command line). */
async function connection(config: PostgresConfig): Promise<{ url: string; env: NodeJS.ProcessEnv }> {
  const url = new URL(config.url);
  const password = config.passwordFile
    ? (await readFile(config.passwordFile, "utf8")).trim()
    : decodeURIComponent(url.password) || (parseConnectionString(config.url).password ?? "");
  url.password = "";
  return { url: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function withClient<T>(config: PostgresConfig, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const { url, env } = await connection(config);
  const client = new pg.Client({ connectionString: url, password: env.PGPASSWORD });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(`cannot reach PostgreSQL at DATABASE_URL: ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server's major version (15 for 15.8). */
export async function postgresMajor(config: PostgresConfig): Promise<number> {
  return withClient(config, async (c) => {
    const { rows } = await c.query<{ server_version_num: string }>("show server_version_num");
    return Math.floor(Number(rows[0]!.server_version_num) / 10_000);
  });
}

/**
 * A PostgreSQL client program at least as new as the server (pg_dump refuses an older one):
 * Debian's versioned directories first, the nearest version above the server's, then PATH.
 */
function pgTool(name: "pg_dump" | "pg_restore" | "psql", serverMajor: number): Promise<string> {
  const base = "/usr/lib/postgresql";
  const majors = existsSync(base)
    ? readdirSync(base)
        .map(Number)
        .filter((m) => m >= serverMajor && existsSync(path.join(base, String(m), "bin", name)))
        .sort((a, b) => a - b)
    : [];
  if (majors.length > 0) return Promise.resolve(path.join(base, String(majors[0]), "bin", name));
  return new Promise((resolve, reject) => {
    const missing = () =>
      reject(
        new BackupError(
          `${name} ${serverMajor} or newer is needed for PostgreSQL ${serverMajor}: install Debian's postgresql-client-${serverMajor} (node scripts/bedside.mjs backup|restore installs it when it can)`,
        ),
      );
    const child = spawn(name, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", missing);
    child.on("close", (code) => {
      const major = Number(/(\d+)(\.\d+)?/.exec(out)?.[1]);
      if (code === 0 && major >= serverMajor) resolve(name);
      else missing();
    });
  });
}

/** Runs a program to completion; BackupError with the end of its stderr if it fails. */
function runTool(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: NodeJS.ReadableStream,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: [stdin ? "pipe" : "ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    if (stdin) {
      child.stdin!.on("error", () => undefined); // it stopped reading: its exit status says why
      stdin.pipe(child.stdin!);
    }
    child.on("error", (e) => reject(new BackupError(`cannot run ${cmd}: ${e.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(`${path.basename(cmd)} failed (${code ?? signal}): ${err.trim() || "no message"}`),
        );
    });
  });
}

async function latestMigrationPostgres(c: pg.Client): Promise<string | null> {
  const exists = await c.query("select to_regclass('public.kysely_migration') as t");
  if (!exists.rows[0].t) return null;
  const { rows } = await c.query<{ name: string }>(
    "select name from kysely_migration order by name desc limit 1",
  );
  return rows[0]?.name ?? null;
}

async function backupPostgres(config: PostgresConfig, file: string): Promise<BackupHeader> {
  const { serverVersion, major, migration } = await withClient(config, async (c) => {
    const v = await c.query<{ server_version: string; num: string }>(
      "select current_setting('server_version') as server_version, current_setting('server_version_num') as num",
    );
    return {
      serverVersion: v.rows[0]!.server_version,
      major: Math.floor(Number(v.rows[0]!.num) / 10_000),
      migration: await latestMigrationPostgres(c),
    };
  });
  const pgDump = await pgTool("pg_dump", major);
  const { url, env } = await connection(config);
  const tmp = await scratch();
  try {
    const payload = path.join(tmp.dir, "payload.dump");
    // One snapshot (pg_dump's own transaction): consistent while the app keeps writing.
    await runTool(pgDump, ["--format=custom", "--no-owner", "--no-privileges", "--file", payload, url], env);
    return await writeBackup(file, payload, {
      kind: "postgres",
      format: "pg_dump-custom",
      serverVersion,
      migration,
    });
  } finally {
    await tmp.cleanup();
  }
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** How long a restore waits for other connections to the database to go before it refuses. */
const OTHERS_CLOSING_MS = 3_000;

async function restorePostgres(
  config: PostgresConfig,
  file: string,
  opts: { force: boolean },
): Promise<BackupHeader> {
  const tmp = await scratch();
  try {
    const payload = path.join(tmp.dir, "payload.dump");
    const header = await extractPayload(file, payload);
    if (header.kind !== "postgres") {
      throw new BackupError(
        `${file} is a backup of the embedded database (PGlite): restore it without DATABASE_URL (into DATA_DIR); nothing was changed`,
      );
    }
    const { major, schemas } = await withClient(config, async (c) => {
      // A connection closed just before (a stopped server's pool, a check's own client) stays in
      // pg_stat_activity until its backend has exited: give those a moment before refusing.
      const othersOpen = async () =>
        Number(
          (
            await c.query<{ n: string }>(
              `select count(*) as n from pg_stat_activity
               where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
            )
          ).rows[0]!.n,
        );
      let n = await othersOpen();
      for (const deadline = Date.now() + OTHERS_CLOSING_MS; n > 0 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        n = await othersOpen();
      }
      if (n > 0) {
        throw new BackupError(
          `${n} other connection${n === 1 ? " is" : "s are"} open to this database: stop every API instance and scribe worker before a restore; nothing was changed`,
        );
      }
      const relations = await c.query<{ n: string }>(
        `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${systemSchemas}`,
      );
      const tables = Number(relations.rows[0]!.n);
      if (tables > 0 && !opts.force) {
        const visits = await c.query<{ n: string | null }>(
          "select case when to_regclass('public.visits') is null then null else (select count(*) from visits)::text end as n",
        );
        const v = visits.rows[0]!.n;
        throw new BackupError(
          `the database is not empty (${tables} tables${v === null ? "" : `, ${v} visits`}): a restore would replace everything in it; pass --force to do that; nothing was changed`,
        );
      }
      const s = await c.query<{ nspname: string }>(
        `select n.nspname from pg_namespace n where ${systemSchemas} order by 1`,
      );
      return {
        major: Math.floor(
          Number(
            (await c.query<{ server_version_num: string }>("show server_version_num")).rows[0]!
              .server_version_num,
          ) / 10_000,
        ),
        schemas: s.rows.map((r) => r.nspname),
      };
    });
    const [pgRestore, psql] = await Promise.all([pgTool("pg_restore", major), pgTool("psql", major)]);
    const { url, env } = await connection(config);
    // Everything in one transaction: the old contents are dropped and the backup's loaded
    // together, or neither. COMMIT is sent only once pg_restore has ended well: psql's own
    // --single-transaction would commit a script that pg_restore cut short (a dump damaged before
    // it was sealed), since the end of its input looks like the end of a whole script. psql stops
    // at the first error (ON_ERROR_STOP); a session that ends without COMMIT is rolled back.
    const prelude = [
      "begin;",
      "set client_min_messages = warning;",
      ...schemas.map((s) => `drop schema ${quoteIdent(s)} cascade;`),
      "create schema if not exists public;",
      "",
    ].join("\n");
    const script = spawn(pgRestore, ["--no-owner", "--no-privileges", "--file", "-", payload], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let restoreErr = "";
    script.stderr.on("data", (d: Buffer) => (restoreErr = (restoreErr + d.toString()).slice(-4000)));
    const scriptDone = new Promise<number | null>((resolve) => script.on("close", resolve));
    const input = Readable.from(
      (async function* () {
        yield Buffer.from(prelude);
        for await (const chunk of script.stdout) yield chunk as Buffer;
        if ((await scriptDone) === 0) yield Buffer.from("\ncommit;\n");
      })(),
    );
    try {
      await runTool(psql, ["-X", "--quiet", "-v", "ON_ERROR_STOP=1", "--file", "-", url], env, input);
    } catch (err) {
      script.kill();
      throw new BackupError(`${(err as Error).message}; the restore was rolled back, nothing was changed`);
    }
    const code = await scriptDone;
    if (code !== 0) {
      throw new BackupError(
        `pg_restore failed (${code}): ${restoreErr.trim()}; the restore was rolled back, nothing was changed`,
      );
    }
    return header;
  } finally {
    await tmp.cleanup();
  }
}

// ---- PGlite -----------------------------------------------------------------------------------

type PgliteConfig = Extract<DatabaseConfig, { kind: "pglite" }>;

const isPgliteDir = (dir: string) => existsSync(path.join(dir, "PG_VERSION"));

async function backupPglite(config: PgliteConfig, file: string): Promise<BackupHeader> {
  if (!isPgliteDir(config.dataDir)) {
    throw new BackupError(`there is no embedded database in ${config.dataDir} (set DATA_DIR)`);
  }
  // PGlite is one process's: the server must be stopped (the lock says whether it runs).
  const release = lockEmbeddedDatabase(config.dataDir, "bedside backup");
  const tmp = await scratch();
  try {
    const db = new PGlite(config.dataDir);
    let dump: Blob;
    let serverVersion: string;
    let migration: string | null;
    try {
      serverVersion = (await db.query<{ v: string }>("select current_setting('server_version') as v"))
        .rows[0]!.v;
      const has = await db.query<{ t: string | null }>("select to_regclass('public.kysely_migration') as t");
      migration = has.rows[0]!.t
        ? ((await db.query<{ name: string }>("select name from kysely_migration order by name desc limit 1"))
            .rows[0]?.name ?? null)
        : null;
      dump = await db.dumpDataDir("gzip");
    } finally {
      await db.close();
    }
    const payload = path.join(tmp.dir, "payload.tar.gz");
    await writeFile(payload, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    return await writeBackup(file, payload, {
      kind: "pglite",
      format: "pglite-datadir-gzip",
      serverVersion,
      migration,
    });
  } finally {
    await tmp.cleanup();
    release();
  }
}

async function restorePglite(
  config: PgliteConfig,
  file: string,
  opts: { force: boolean },
): Promise<BackupHeader> {
  const tmp = await scratch();
  try {
    const payload = path.join(tmp.dir, "payload.tar.gz");
    const header = await extractPayload(file, payload);
    if (header.kind !== "pglite") {
      throw new BackupError(
        `${file} is a backup of PostgreSQL: restore it with DATABASE_URL set to the database to restore into; nothing was changed`,
      );
    }
    const release = lockEmbeddedDatabase(config.dataDir, "bedside restore");
    try {
      const target = config.dataDir.replace(/\/+$/, "");
      if (isPgliteDir(target) && !opts.force) {
        throw new BackupError(
          `there is already an embedded database in ${target}: a restore would replace it; pass --force to do that; nothing was changed`,
        );
      }
      // PGlite reports a damaged archive as an uncaught zlib error, not as a failed load: read it
      // through once first.
      try {
        await pipeline(
          createReadStream(payload),
          createGunzip(),
          new Writable({ write: (_chunk, _enc, done) => done() }),
        );
      } catch (err) {
        throw new BackupError(
          `the backup's database is damaged (${(err as Error).message}); nothing was changed`,
        );
      }
      // Loaded and opened beside the target first: a backup that does not load leaves it untouched.
      const staged = `${target}.restoring-${randomBytes(4).toString("hex")}`;
      try {
        const db = new PGlite(staged, { loadDataDir: new Blob([await readFile(payload)]) });
        try {
          await db.query("select count(*) from pg_class");
        } finally {
          await db.close();
        }
      } catch (err) {
        await rm(staged, { recursive: true, force: true });
        throw new BackupError(
          `the backup's database did not open: ${(err as Error).message}; nothing was changed`,
        );
      }
      const replaced = `${target}.replaced-${randomBytes(4).toString("hex")}`;
      if (existsSync(target)) await rename(target, replaced);
      await rename(staged, target);
      await rm(replaced, { recursive: true, force: true });
    } finally {
      release();
    }
    return header;
  } finally {
    await tmp.cleanup();
  }
}

// ---- Entry points -----------------------------------------------------------------------------

/** Backs up the whole database to `file` (mode 0600). PostgreSQL: while the app runs; PGlite: stopped. */
export function backupDatabase(config: DatabaseConfig, file: string): Promise<BackupHeader> {
  return config.kind === "postgres" ? backupPostgres(config, file) : backupPglite(config, file);
}

/**
 * Replaces the database with the backup in `file`. Refuses (BackupError, nothing changed) a file
 * that is not a backup, is damaged, is of the other kind of database or from a newer schema; a
 * non-empty database unless `force`; and while the app is connected.
 */
export function restoreDatabase(
  config: DatabaseConfig,
  file: string,
  opts: { force?: boolean } = {},
): Promise<BackupHeader> {
  const o = { force: opts.force ?? false };
  return config.kind === "postgres" ? restorePostgres(config, file, o) : restorePglite(config, file, o);
}
