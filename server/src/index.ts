import { createApp } from "./app.js";
import { ConfigError, parseConfig } from "./config.js";
import {
  migrateToLatest,
  openDatabase,
  pendingMigrations,
  shareEmbeddedDatabase,
  type Database,
} from "./db/database.js";
import { lockEmbeddedDatabase } from "./db/pglite-lock.js";
import type { PgliteShare } from "./db/pglite-share.js";
import { seedDemoClinician } from "./auth/auth.demo.js";
import { createLivekit } from "./livekit/livekit.client.js";

/** A problem the operator can fix: printed as one line, exit 1, no stack trace. */
class StartupError extends Error {}

const shares: PgliteShare[] = [];
/** How long a SIGTERM'd server may take to close its sockets and database before it exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function waitForLivekit(livekit: ReturnType<typeof createLivekit>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let status = await livekit.check();
  while (status !== "ok" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    status = await livekit.check();
  }
  if (status !== "ok")
    throw new StartupError(`LiveKit ${status} (set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)`);
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const livekit = createLivekit(config.livekit);

  // Held until exit (a kill -9 leaves it stale; the next holder takes it over): a backup, restore or
  // second server on the same embedded database refuses while this one runs.
  if (config.database.kind === "pglite") {
    try {
      process.on("exit", lockEmbeddedDatabase(config.database.dataDir, "a Bedside server"));
    } catch (err) {
      throw new StartupError((err as Error).message);
    }
  }
  let db: Database;
  let pending: string[] = [];
  try {
    db = await openDatabase(config.database);
    if (config.migrateOnStart) await migrateToLatest(db);
    else pending = await pendingMigrations(db);
  } catch (err) {
    const where =
      config.database.kind === "postgres"
        ? "PostgreSQL at DATABASE_URL"
        : `PGlite in ${config.database.dataDir}`;
    throw new StartupError(`cannot open the database (${where}): ${(err as Error).message}`);
  }
  if (pending.length > 0) {
    throw new StartupError(
      `the database lacks ${pending.length} migration${pending.length === 1 ? "" : "s"} of this version (${pending.join(", ")}) and MIGRATE_ON_START is false: run \`node scripts/bedside.mjs migrate\` first`,
    );
  }
  await waitForLivekit(livekit, 5_000);

  const app = await createApp({ config, db, livekit });
  try {
    await app.http.listen({ host: config.host, port: config.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupError(
      code === "EADDRINUSE"
        ? `port ${config.port} on ${config.host} is already in use (set PORT)`
        : `cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`,
    );
  }

  // The scribe workers (worker.ts) reach the embedded database through this server.
  if (config.scribe.enabled) {
    try {
      const share = await shareEmbeddedDatabase(db, config.scribe.dbShare);
      if (share) {
        app.http.log.info(
          { url: share.url, passwordFile: config.scribe.dbShare.passwordFile },
          "embedded database shared with the scribe workers",
        );
        shares.push(share);
      }
    } catch (err) {
      throw new StartupError(
        `cannot share the embedded database with the scribe workers on ${config.scribe.dbShare.host}:${config.scribe.dbShare.port} (set SCRIBE_DB_SHARE_PORT): ${(err as Error).message}`,
      );
    }
  }

  // Signal handlers go in before the URL is printed: a supervisor may stop us as soon as it reads it.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info({ signal, drainMs: config.drainMs }, "shutting down");
    app.drain();
    if (config.drainMs > 0) await new Promise((r) => setTimeout(r, config.drainMs));
    // A close that never settles (a pool waiting on a connection PostgreSQL dropped) must not keep
    // a stopped server alive: its supervisor waits for the exit before it starts the next one.
    const deadline = setTimeout(() => {
      app.http.log.error({ ms: SHUTDOWN_DEADLINE_MS }, "shutdown did not finish in time; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    await app.close();
    for (const share of shares) await share.close();
    await db.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));

  const address = app.http.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  const lines = [`Bedside is running at ${url}`];
  if (config.demo) {
    const creds = await seedDemoClinician(
      app.repos.clinicians,
      config.demo,
      config.dataDir,
      config.passwordHashCost,
    );
    lines.push(
      `Sign in as the demo clinician: ${creds.email} / ${creds.password ?? "(the password set when the account was created)"}`,
    );
  }
  // No admin yet (a new clinic, the demo seed off): a one-time link to create the first one.
  const setup = await app.accounts.setupLink(url);
  if (setup) {
    lines.push(
      "No admin account yet. Open this link to set up the clinic's first admin (it works once, for one hour;",
      "restart for a new one, or run `node scripts/bedside.mjs admin --email you@clinic.example` instead):",
      `  ${setup.url}`,
    );
  }
  console.log(["", ...lines, ""].join("\n"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartupError) {
    console.error(`bedside: ${err.message}`);
  } else {
    console.error("bedside: failed to start:", err);
  }
  process.exit(1);
});
