// One process at a time on the embedded database: PGlite has no postmaster to keep a second
// process out of its files (its postmaster.pid holds a dummy pid), and two writers corrupt them.
// The server and the operations CLI (backup, restore, migrate) each hold this lock while they
// have the database open.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { z } from "zod";

const lockSchema = z.object({ pid: z.number().int(), holder: z.string(), since: z.string() });

export class EmbeddedDatabaseBusy extends Error {}

/** The lock beside the data directory (so a restore can swap the directory under it). */
export const lockFileOf = (dataDir: string) => `${dataDir.replace(/\/+$/, "")}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock on `dataDir` for `holder` ("the server", "bedside backup"), or throws
 * EmbeddedDatabaseBusy naming who has it. A lock whose process is gone (a crash, kill -9) is taken
 * over; so is one with our own pid (a container's pid 1 restarted). Returns its release.
 */
export function lockEmbeddedDatabase(dataDir: string, holder: string): () => void {
  const file = lockFileOf(dataDir);
  const mine = JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, mine, { flag: "wx", mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
      let other: z.infer<typeof lockSchema> | undefined;
      try {
        other = lockSchema.parse(JSON.parse(readFileSync(file, "utf8")));
      } catch {
        other = undefined; // unreadable or half-written: treated as stale
      }
      if (other && other.pid !== process.pid && alive(other.pid)) {
        throw new EmbeddedDatabaseBusy(
          `the embedded database (${dataDir}) is in use by ${other.holder} (pid ${other.pid}, since ${other.since}); stop it first (if that process is not Bedside, delete ${file})`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  return () => {
    try {
      if (readFileSync(file, "utf8") === mine) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
