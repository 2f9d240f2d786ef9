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

interface Resources {
  postgresUrl: string;
  postgresTemplate: string;
  pgliteTemplate: string;
  livekit: { url: string; apiKey: string; apiSecret: string };
  stop: () => Promise<void>;
}

async function startResources(): Promise<Resources> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-template-"));
  const [postgres, livekit, pgliteTemplate] = await Promise.all([
    process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : startPostgres(),
    startLivekit(),
    migratedPglite(dir),
  ]);
  const template = await migratedPostgres(postgres.url);
  return {
    postgresUrl: postgres.url,
    postgresTemplate: template.name,
    pgliteTemplate,
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    stop: async () => {
      await template.drop().catch(() => {});
      await Promise.all([postgres.stop(), livekit.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Vitest runs a global setup once per project, one project after the other, and the server's
 * files are two projects (vitest.config.ts: the real-time group apart): each would start its own
 * PostgreSQL and LiveKit and migrate twice more before any test ran. The projects share one set
 * instead, kept on `globalThis` (each project loads this file as a module of its own), stopped
 * when the last project tears down.
 */
const shared = globalThis as typeof globalThis & {
  bedsideTestResources?: { started: Promise<Resources>; users: number };
};

/** One real PostgreSQL (unless DATABASE_URL names one) and one real LiveKit server for the whole run. */
export default async function setup(project: TestProject) {
  const entry = (shared.bedsideTestResources ??= { started: startResources(), users: 0 });
  entry.users++;
  const resources = await entry.started;
  project.provide("postgresUrl", resources.postgresUrl);
  project.provide("postgresTemplate", resources.postgresTemplate);
  project.provide("pgliteTemplate", resources.pgliteTemplate);
  project.provide("livekit", resources.livekit);
  return async () => {
    if (--entry.users > 0) return;
    shared.bedsideTestResources = undefined;
    await resources.stop();
  };
}
