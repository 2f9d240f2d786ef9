// Backup, wipe, restore — the checks of issue 29's "Done when", for any database: the test files
// run them on a throwaway PGlite and PostgreSQL (src/db/backup.int.test.ts), and the deployment
// tests can run them on the cluster's PostgreSQL (`checkBackupRestore(databaseUrl, dir)`) once
// its API instances and workers are stopped (a restore refuses while anything is connected).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { noteSectionKeys, type ClinicalNote } from "@bedside/shared";
import { expect } from "vitest";
import { createAuditRepository } from "../src/audit/audit.repository.js";
import { createClinicianRepository } from "../src/auth/clinician.repository.js";
import { backupDatabase, readBackupHeader, restoreDatabase } from "../src/db/backup.js";
import { openDatabase, type Database, type DatabaseConfig } from "../src/db/database.js";
import { createNotesRepository } from "../src/notes/notes.repository.js";
import {
  createTranscriptRepository,
  type StoredTranscriptSegment,
} from "../src/transcripts/transcript.repository.js";
import { createVisitRepository } from "../src/visits/visit.repository.js";

/** What issue 29 names: visits, transcripts, notes and the audit trail. */
export const clinicalTables = ["visits", "transcript_segments", "visit_notes", "audit_events"] as const;

const asConfig = (db: DatabaseConfig | string): DatabaseConfig =>
  typeof db === "string" ? { kind: "postgres", url: db } : db;

/** Opens, runs `fn`, closes: a restore refuses while anyone else is connected (PGlite: at all). */
export async function withDatabase<T>(config: DatabaseConfig, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Every row of each table, as JSON text, sorted: two snapshots are equal iff the rows are. */
export async function snapshotRows(
  config: DatabaseConfig,
  tables: readonly string[] | "all" = "all",
): Promise<Record<string, string[]>> {
  return withDatabase(config, async (db) => {
    const names =
      tables === "all"
        ? (
            await sql<{ name: string }>`select tablename as name from pg_tables
              where schemaname = 'public' order by 1`.execute(db)
          ).rows.map((r) => r.name)
        : tables;
    const out: Record<string, string[]> = {};
    for (const name of names) {
      const { rows } = await sql<{
        r: string;
      }>`select to_jsonb(t)::text as r from ${sql.table(name)} t order by 1`.execute(db);
      out[name] = rows.map((r) => r.r);
    }
    return out;
  });
}

/** A visit with a transcript, a signed note and audit entries, so the tables hold something. */
export async function seedClinicalData(config: DatabaseConfig): Promise<{ visitId: string }> {
  return withDatabase(config, async (db) => {
    const clinician = await createClinicianRepository(db).create({
      email: `backup-${randomBytes(4).toString("hex")}@clinic.example`,
      displayName: "Dr. Backup",
      passwordHash: "not-a-real-hash",
    });
    const visit = await createVisitRepository(db).create(clinician.id, {
      patientDisplayName: "Ana Ruiz",
      preferredLanguage: "es",
      interpreterNeeded: true,
      scheduledAt: new Date().toISOString(),
    });
    const transcripts = createTranscriptRepository(db);
    const segments: (StoredTranscriptSegment | undefined)[] = [];
    for (const [i, text] of [
      "¿Dónde le duele?",
      "Aquí, en la rodilla izquierda, desde el lunes.",
    ].entries()) {
      segments.push(
        await transcripts.insert({
          id: randomUUID(),
          visitId: visit.id,
          participantIdentity: `clinician-${clinician.id}`,
          participantId: null,
          role: "clinician",
          startMs: i * 4_000,
          endMs: i * 4_000 + 3_500,
          text,
          language: "es",
          confidence: 0.91,
          engine: "faster-whisper:base",
          status: "ok",
        }),
      );
    }
    const note: ClinicalNote = {
      sections: noteSectionKeys.map((key) => ({
        key,
        sentences:
          key === "chief_complaint"
            ? [{ text: "Left knee pain since Monday.", segmentIds: segments.map((s) => s!.id) }]
            : [],
      })),
    };
    await createNotesRepository(db).save(
      visit.id,
      note,
      { engine: "rules", edited: false },
      { by: clinician.id, at: new Date() },
    );
    const audit = createAuditRepository(db);
    await audit.append({
      visitId: visit.id,
      actor: { kind: "clinician", id: clinician.id },
      action: "note.signed",
      detail: { backupCheck: true },
    });
    await audit.append({
      visitId: visit.id,
      actor: { kind: "clinician", id: clinician.id },
      action: "transcript.read",
    });
    return { visitId: visit.id };
  });
}

/** Loses the database: PostgreSQL's schemas dropped (as a new empty database), PGlite's directory removed. */
export async function wipeDatabase(config: DatabaseConfig): Promise<void> {
  if (config.kind === "pglite") {
    rmSync(config.dataDir, { recursive: true, force: true });
    return;
  }
  const c = new pg.Client({ connectionString: config.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname not in ('pg_catalog', 'information_schema')
       and nspname not like 'pg\\_toast%' and nspname not like 'pg\\_temp%'`,
    );
    for (const { nspname } of rows) await c.query(`drop schema "${nspname}" cascade`);
    await c.query("create schema public");
  } finally {
    await c.end();
  }
}

/**
 * A copy of `file` whose payload is cut to its first `keep` share and sealed again (length and
 * checksum recomputed): damage from before the backup was sealed, which only the restore finds.
 */
async function truncatedAndResealed(file: string, to: string, keep: number): Promise<void> {
  const { header, offset } = await readBackupHeader(file);
  const payload = readFileSync(file).subarray(offset);
  const cut = payload.subarray(0, Math.floor(payload.length * keep));
  const resealed = {
    ...header,
    payloadBytes: cut.length,
    sha256: createHash("sha256").update(cut).digest("hex"),
  };
  const magic = readFileSync(file).subarray(0, readFileSync(file).indexOf(0x0a) + 1);
  writeFileSync(to, Buffer.concat([magic, Buffer.from(`${JSON.stringify(resealed)}\n`), cut]), {
    mode: 0o600,
  });
}

/** A copy of `file` with one byte of its payload changed. */
function corruptCopy(file: string, to: string, offset: number): void {
  const bytes = readFileSync(file);
  const at = offset + Math.floor((bytes.length - offset) / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(to, bytes, { mode: 0o600 });
}

/**
 * Seeds a visit with its transcript, note and audit trail, backs the database up to `dir`, wipes it,
 * restores it, and expects every row of `tables` back identical; then that a restore into the
 * non-empty database is refused without --force, and that a damaged or foreign file is refused
 * with a clear error and the database unchanged. The database must have been migrated.
 */
export async function checkBackupRestore(
  database: DatabaseConfig | string,
  dir: string,
  opts: { tables?: readonly string[] | "all" } = {},
): Promise<void> {
  const config = asConfig(database);
  const tables = opts.tables ?? "all";
  await seedClinicalData(config);
  const before = await snapshotRows(config, tables);
  for (const t of clinicalTables) {
    if (tables === "all" || tables.includes(t)) expect(before[t]!.length, t).toBeGreaterThan(0);
  }

  const file = path.join(dir, `backup-${randomBytes(4).toString("hex")}.bedside`);
  const header = await backupDatabase(config, file);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(header.kind).toBe(config.kind);

  await wipeDatabase(config);
  await restoreDatabase(config, file);
  expect(await snapshotRows(config, tables)).toEqual(before);

  // Not empty now: refused without --force.
  await expect(restoreDatabase(config, file)).rejects.toThrow(/not empty|already an embedded database/);

  // Damaged files: refused before anything is touched, even with --force.
  const { offset } = await readBackupHeader(file);
  const flipped = path.join(dir, "flipped.bedside");
  corruptCopy(file, flipped, offset);
  await expect(restoreDatabase(config, flipped, { force: true })).rejects.toThrow(
    /damaged: its checksum does not match.*nothing was changed/,
  );
  const truncated = path.join(dir, "truncated.bedside");
  writeFileSync(truncated, readFileSync(file).subarray(0, offset + 1000), { mode: 0o600 });
  await expect(restoreDatabase(config, truncated, { force: true })).rejects.toThrow(
    /damaged: .*truncated.*nothing was changed/,
  );
  const foreign = path.join(dir, "foreign.sql");
  writeFileSync(foreign, "drop table visits;\n", { mode: 0o600 });
  await expect(restoreDatabase(config, foreign, { force: true })).rejects.toThrow(
    /is not a Bedside backup.*nothing was changed/,
  );
  // Damaged before it was sealed: the restore itself fails, and is rolled back (PostgreSQL: one
  // transaction, committed only when pg_restore ended well; PGlite: loaded beside the old one).
  const resealed = path.join(dir, "resealed.bedside");
  await truncatedAndResealed(file, resealed, 0.6);
  await expect(restoreDatabase(config, resealed, { force: true })).rejects.toThrow(
    /(pg_restore failed|did not open|is damaged).*nothing was changed/,
  );
  // None of these refusals changed anything.
  expect(await snapshotRows(config, tables)).toEqual(before);

  // --force replaces what is there: a visit added after the backup is gone again.
  await seedClinicalData(config);
  expect(await snapshotRows(config, tables)).not.toEqual(before);
  await restoreDatabase(config, file, { force: true });
  expect(await snapshotRows(config, tables)).toEqual(before);

  for (const f of [file, flipped, truncated, foreign, resealed]) if (existsSync(f)) rmSync(f);
}
