// Issue 24, finding 16: the embedded database shared with the scribe workers is reachable only with
// the share's secret, and one client cannot hold the one PGlite session for ever.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness.js";
import { openDatabase, shareEmbeddedDatabase } from "./database.js";
import type { PgliteShare } from "./pglite-share.js";

/** A PostgreSQL protocol message: its type letter, its length, its body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "ascii");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");
/** Bind of the unnamed statement to the unnamed portal, no parameters; Execute of that portal. */
const bindExecute = () =>
  Buffer.concat([
    message("B", Buffer.concat([cstring(""), cstring(""), Buffer.alloc(6)])),
    message("E", Buffer.concat([cstring(""), Buffer.alloc(4)])),
  ]);
/** Parse of an unnamed statement with no parameter types. */
const parse = (sql: string) => message("P", Buffer.concat([cstring(""), cstring(sql), Buffer.alloc(2)]));

describe("the embedded database's share (issue 24, finding 16)", () => {
  let t: TestApp;
  let share: PgliteShare;
  const clients: pg.Client[] = [];
  const client = (opts: pg.ClientConfig) => {
    const c = new pg.Client({
      host: "127.0.0.1",
      port: Number(new URL(share.url).port),
      user: "postgres",
      database: "postgres",
      ...opts,
    });
    c.on("error", () => {}); // a client the share cuts off reports it here
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp();
    share = (await shareEmbeddedDatabase(t.db, { host: "127.0.0.1", port: 0 }))!;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => {});
  });
  afterAll(async () => {
    await share.close();
    await t.close();
  });

  it("refuses a client without the secret, or with a wrong one; the secret opens it", async () => {
    await sql`insert into audit_events (actor_kind, action) values ('system', 'test')`.execute(t.db);
    await expect(client({}).connect()).rejects.toThrow(/password/);
    await expect(client({ password: "not-the-secret" }).connect()).rejects.toThrow(
      /password authentication failed/,
    );
    const worker = client({ password: share.password });
    await worker.connect();
    const { rows } = await worker.query<{ n: string }>("select count(*) as n from audit_events");
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    // The URL for the workers carries it too (the one that is logged does not).
    expect(share.url).not.toContain(share.password);
    const byUrl = new pg.Client({ connectionString: share.secretUrl });
    clients.push(byUrl);
    await byUrl.connect();
    expect((await byUrl.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });

  it("writes a new password for each share to a file only its user can read, which a worker's pool reads", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bedside-share-")), "db-share.secret");
    writeFileSync(file, "a previous start's password\n", { mode: 0o644 });
    const second = (await shareEmbeddedDatabase(t.db, { host: "127.0.0.1", port: 0, passwordFile: file }))!;
    try {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, "utf8").trim()).toBe(second.password);
      expect(second.password).not.toBe(share.password);
      // As the worker opens it (DATABASE_URL without the password, DATABASE_PASSWORD_FILE).
      const worker = await openDatabase({ kind: "postgres", url: second.url, passwordFile: file });
      try {
        expect((await sql<{ one: number }>`select 1 as one`.execute(worker)).rows).toEqual([{ one: 1 }]);
      } finally {
        await worker.destroy();
      }
    } finally {
      await second.close();
    }
  });

  it("cuts off a client that holds its turn without finishing (a lone Parse): /healthz answers within 3 s", async () => {
    const stalled = client({ password: share.password });
    await stalled.connect();
    // A Parse and never a Sync: the client's protocol cycle has begun, so it holds the one session.
    const socket = (stalled as unknown as { connection: { stream: Socket } }).connection.stream;
    socket.write(parse("select 1"));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const res = await fetch(`${t.url}/healthz`, { signal: AbortSignal.timeout(3_000) });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => socket.destroyed, { timeout: 1_000 }).toBe(true);
    // The session is clean for the next client.
    const next = client({ password: share.password });
    await next.connect();
    expect((await next.query("select 2 as two")).rows).toEqual([{ two: 2 }]);
  });

  it("rolls back the transaction of a client that went silent inside it", async () => {
    const stalled = client({ password: share.password });
    await stalled.connect();
    await stalled.query("begin");
    await stalled.query("insert into audit_events (actor_kind, action) values ('system', 'never-committed')");
    const res = await fetch(`${t.url}/healthz`, { signal: AbortSignal.timeout(3_000) });
    expect(res.status).toBe(200);
    const rows = await t.db.selectFrom("audit_events").select("action").execute();
    expect(rows.map((r) => r.action)).not.toContain("never-committed");
    await expect(stalled.query("commit")).rejects.toThrow();
  });

  it("rolls back what a client executed without its Sync (no one else's Sync commits it)", async () => {
    const stalled = client({ password: share.password });
    await stalled.connect();
    const socket = (stalled as unknown as { connection: { stream: Socket } }).connection.stream;
    socket.write(
      Buffer.concat([
        parse("insert into audit_events (actor_kind, action) values ('system', 'executed-never-synced')"),
        bindExecute(),
      ]),
    );
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${t.url}/healthz`, { signal: AbortSignal.timeout(3_000) });
    expect(res.status).toBe(200);
    const next = client({ password: share.password });
    await next.connect();
    await next.query("select 1");
    const rows = await t.db.selectFrom("audit_events").select("action").execute();
    expect(rows.map((r) => r.action)).not.toContain("executed-never-synced");
  });

  it("after a lone Parse of bad SQL (the session then ignores everything until a Sync), the server's queries still answer", async () => {
    const stalled = client({ password: share.password });
    await stalled.connect();
    const socket = (stalled as unknown as { connection: { stream: Socket } }).connection.stream;
    socket.write(parse("selec nonsense"));
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${t.url}/healthz`, { signal: AbortSignal.timeout(3_000) });
    expect(res.status).toBe(200);
    const n = await t.db
      .selectFrom("audit_events")
      .select((e) => e.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(n).toBeDefined();
  });
});
