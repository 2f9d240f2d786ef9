import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { checkBackupRestore, clinicalTables, snapshotRows } from "../../server/test/backup-checks";
import { cluster, psqlValue } from "./cluster";

/** The rows of `tables` that belong to `visitIds` (a visit's own row by its id, the others by visit_id). */
function rowsOf(snapshot: Record<string, string[]>, visitIds: Set<string>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [
      table,
      rows.filter((r) => {
        const row = JSON.parse(r) as { id?: string; visit_id?: string | null };
        return visitIds.has((table === "visits" ? row.id : row.visit_id) ?? "");
      }),
    ]),
  );
}

// Last of all (its project depends on the failover's): every API and worker is stopped for good.
test("backup, wipe, restore on the cluster's PostgreSQL: the scribed visit's rows read back identical", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const c = cluster();
  // What the scribed-visit spec left: visits with a transcript the workers wrote.
  const visitIds = new Set(
    psqlValue("select distinct visit_id from transcript_segments").split("\n").filter(Boolean),
  );
  expect(visitIds.size, "a scribed visit ran before (scribed-visit.spec.ts)").toBeGreaterThan(0);

  // A restore refuses while anything else is connected: stop each API and worker through the
  // cluster's control port (a worker sent SIGTERM would be started again).
  for (const name of [...c.apis.map((a) => a.name), ...c.workers.map((w) => w.name)]) {
    const res = await request.post(`${c.control.url}/parts/${name}/stop`, {
      headers: { authorization: `Bearer ${c.control.token}` },
      timeout: 60_000,
    });
    expect(res.status(), name).toBe(204);
  }
  expect(cluster().control.stopped.sort()).toEqual(["api-1", "api-2", "worker-1", "worker-2"]);
  await expect
    .poll(
      () =>
        psqlValue(
          "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
        ),
      { timeout: 20_000, intervals: [250] },
    )
    .toBe("0");

  const pgConfig = { kind: "postgres", url: c.databaseUrl } as const;
  const before = rowsOf(await snapshotRows(pgConfig, clinicalTables), visitIds);
  console.log(
    `the scribed visits' rows: ${clinicalTables.map((t) => `${t} ${before[t]!.length}`).join(", ")}`,
  );
  for (const table of ["visits", "transcript_segments", "audit_events"])
    expect(before[table]!.length, table).toBeGreaterThan(0);

  const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-deploy-backup-"));
  try {
    // Seeds a visit of its own too, then: backup, wipe, restore, every row of every table back;
    // refusals (not empty, damaged, foreign files) leave the database unchanged.
    await checkBackupRestore(c.databaseUrl, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(rowsOf(await snapshotRows(pgConfig, clinicalTables), visitIds)).toEqual(before);
});
