import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startLivekit } from "../../scripts/livekit.mjs";
import { embeddedDatabase, migrateToLatest, openDatabase } from "../src/db/database.js";
import { startPostgres } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL server on which each test file creates its own database. */
    postgresUrl: string;
    /** A database on that server with every migration applied, which test databases are copied from. */
    postgresTemplate: string;
    /** A migrated PGlite database's files (`dumpDataDir`), which test databases are loaded from. */
    pgliteTemplate: string;
    livekit: { url: string; apiKey: string; apiSecret: string };
  }
}

/**
 * Every migration, once per run, into a PGlite dump: each test app used to run all of them itself
 * (3 s idle, over 10 s under CI's load, about fifty times a run).
 */
async function migratedPglite(dir: string): Promise<string> {
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  try {
    await migrateToLatest(db);
    const dump = await embeddedDatabase(db)!.pglite.dumpDataDir("none");
    const file = path.join(dir, "migrated.tar");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await db.destroy();
  }
}

/** The same on PostgreSQL: a migrated database that `create database … template` copies. */
async function migratedPostgres(serverUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `bedside_template_${randomBytes(6).toString("hex")}`;
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(query);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString() });
  try {
    await migrateToLatest(db);
  } finally {
    // A template must have no connections when it is copied.
    await db.destroy();
  }
  return { name, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** One real PostgreSQL (unless DATABASE_URL names one) and one real LiveKit server for the whole run. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-template-"));
  const [postgres, livekit, pgliteTemplate] = await Promise.all([
    process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : startPostgres(),
    startLivekit(),
    migratedPglite(dir),
  ]);
  const template = await migratedPostgres(postgres.url);
  project.provide("postgresUrl", postgres.url);
  project.provide("postgresTemplate", template.name);
  project.provide("pgliteTemplate", pgliteTemplate);
  project.provide("livekit", { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  return async () => {
    await template.drop().catch(() => {});
    await Promise.all([postgres.stop(), livekit.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
}
