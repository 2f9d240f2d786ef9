// The job queue (pg-boss, a maintained PostgreSQL-backed queue): reminders wait in the database,
// so they survive a restart, and a job is fetched by one instance only (SKIP LOCKED), whichever
// instance that is. It runs its SQL on the app's own connections: PostgreSQL's pool, or the
// embedded PGlite's one connection, taking turns with Kysely (and the workers' share).
import { fromKysely, fromPglite, PgBoss, type Db, type Job } from "pg-boss";
import type { Database } from "../db/database.js";
import { embeddedDatabase, postgresPool } from "../db/database.js";

export interface JobQueueLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobQueue {
  /** Queues a job to run at `startAfter`; with `tx`, in that transaction (it exists only if it commits). */
  send(
    name: string,
    data: object,
    opts: { startAfter: Date; singletonKey: string },
    tx?: Database,
  ): Promise<void>;
  /** Runs `handler` for each job of `name` (from any instance's `send`); a throw retries it later. */
  work<T>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** One statement at a time on the embedded database, in the same line as Kysely's. */
function pgliteAdapter(e: NonNullable<ReturnType<typeof embeddedDatabase>>): Db {
  const inner = fromPglite(e.pglite);
  return {
    async executeSql(text, values) {
      const release = await e.turns.acquire();
      try {
        return await inner.executeSql(text, values);
      } finally {
        release();
      }
    },
  };
}

export async function createJobQueue(deps: {
  db: Database;
  queues: readonly string[];
  pollSeconds: number;
  log: JobQueueLog;
}): Promise<JobQueue> {
  const embedded = embeddedDatabase(deps.db);
  const pool = postgresPool(deps.db);
  if (!embedded && !pool) throw new Error("job queue: the database is neither PGlite nor PostgreSQL");
  // pg's pool takes pg-boss's multi-statement SQL (no parameters) as one simple query, as pg-boss's own pool does.
  const db: Db = embedded
    ? pgliteAdapter(embedded)
    : { executeSql: (text, values) => pool!.query(text, values) };
  const boss = new PgBoss({ db, ...(embedded ? { backend: "pglite" as const } : {}), schedule: false });
  // Errors are the queue's own (a lost connection while polling): logged, never the process's end.
  boss.on("error", (err: Error) => deps.log.error({ err: err.message }, "job queue error"));
  await boss.start();
  for (const name of deps.queues) await boss.createQueue(name);
  return {
    async send(name, data, opts, tx) {
      await boss.send(name, data, {
        startAfter: opts.startAfter,
        singletonKey: opts.singletonKey,
        ...(tx ? { db: fromKysely(tx) } : {}),
      });
    },
    async work<T>(name: string, handler: (data: T) => Promise<void>) {
      await boss.work<T>(name, { pollingIntervalSeconds: deps.pollSeconds }, async (jobs: Job<T>[]) => {
        for (const job of jobs) await handler(job.data);
      });
    },
    async close() {
      await boss.stop({ graceful: true, timeout: 5_000, close: true });
    },
  };
}
