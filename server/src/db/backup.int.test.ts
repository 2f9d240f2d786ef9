import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkBackupRestore, snapshotRows } from "../../test/backup-checks.js";
import { openTestDatabase } from "../../test/harness.js";
import { backupDatabase, restoreDatabase } from "./backup.js";
import { migrateToLatest, openDatabase, type DatabaseConfig } from "./database.js";
import { lockFileOf } from "./pglite-lock.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-backup-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A migrated PGlite database in its own data directory, as `npm start` keeps one. */
async function pgliteOnDisk(): Promise<Extract<DatabaseConfig, { kind: "pglite" }>> {
  const config = { kind: "pglite", dataDir: mkdtempSync(path.join(dir, "pglite-")) } as const;
  const db = await openDatabase(config);
  await migrateToLatest(db);
  await db.destroy();
  return config;
}

describe("backup and restore", () => {
  it("PostgreSQL: backup, wipe, restore reads back every row; non-empty, damaged and foreign files refused", async () => {
    const { url, db, drop } = await openTestDatabase("postgres");
    // The harness's pool is closed: a restore refuses while anything else is connected.
    await db.destroy();
    try {
      await checkBackupRestore(url!, dir);
    } finally {
      await drop().catch(() => undefined);
    }
  }, 180_000);

  it("PostgreSQL: a restore refuses while another connection (an API instance) is open", async () => {
    const { url, db, drop } = await openTestDatabase("postgres");
    const config = { kind: "postgres", url: url! } as const;
    try {
      const file = path.join(dir, "live.bedside");
      await backupDatabase(config, file); // while the app's pool is open: pg_dump's own snapshot
      await db.selectFrom("visits").select("id").execute(); // the pool holds a connection
      await expect(restoreDatabase(config, file, { force: true })).rejects.toThrow(
        /other connections? (is|are) open to this database: stop every API instance/,
      );
    } finally {
      await drop();
    }
  }, 120_000);

  it("PostgreSQL: a restore waits for a connection that is closing (a server just stopped) instead of refusing", async () => {
    const { url, db, drop } = await openTestDatabase("postgres");
    const config = { kind: "postgres", url: url! } as const;
    try {
      const file = path.join(dir, "closing.bedside");
      await db.destroy();
      await backupDatabase(config, file);
      const server = new pg.Client({ connectionString: url! }); // a server's last connection
      await server.connect();
      const closing = new Promise((r) => setTimeout(r, 500)).then(() => server.end());
      await restoreDatabase(config, file, { force: true });
      await closing;
      expect(Object.keys(await snapshotRows(config, ["visits"]))).toEqual(["visits"]);
    } finally {
      await drop();
    }
  }, 120_000);

  it("PGlite: backup, wipe, restore reads back every row; non-empty, damaged and foreign files refused", async () => {
    await checkBackupRestore(await pgliteOnDisk(), dir);
  }, 240_000);

  it("PGlite: backup and restore refuse while a server holds the database, and change nothing", async () => {
    const config = await pgliteOnDisk();
    const file = path.join(dir, "pglite.bedside");
    await backupDatabase(config, file);
    const before = await snapshotRows(config);
    // Another live process holds the lock, as a running server does.
    const server = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      writeFileSync(
        lockFileOf(config.dataDir),
        JSON.stringify({ pid: server.pid, holder: "a Bedside server", since: new Date().toISOString() }),
      );
      await expect(backupDatabase(config, path.join(dir, "other.bedside"))).rejects.toThrow(
        /in use by a Bedside server \(pid \d+/,
      );
      await expect(restoreDatabase(config, file, { force: true })).rejects.toThrow(
        /in use by a Bedside server/,
      );
    } finally {
      server.kill();
    }
    await new Promise((r) => server.once("exit", r));
    // Its process gone, the lock is stale: taken over.
    expect(await snapshotRows(config)).toEqual(before);
    await restoreDatabase(config, file, { force: true });
  }, 180_000);

  it("a backup of one kind is refused by the other kind of database", async () => {
    const config = await pgliteOnDisk();
    const file = path.join(dir, "kind.bedside");
    await backupDatabase(config, file);
    const { url, db, drop } = await openTestDatabase("postgres");
    await db.destroy();
    try {
      await expect(restoreDatabase({ kind: "postgres", url: url! }, file, { force: true })).rejects.toThrow(
        /backup of the embedded database \(PGlite\).*nothing was changed/,
      );
    } finally {
      await drop().catch(() => undefined);
    }
  }, 120_000);
});
