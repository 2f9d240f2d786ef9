// The cluster adapter against a real PostgreSQL, behind a proxy that can hold new connections.
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import type { FastifyBaseLogger } from "fastify";
import pg from "pg";
import { Server } from "socket.io";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTestDatabase } from "../../test/harness.js";
import { createClusterAdapter } from "./presence.adapter.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => void (database = await openTestDatabase("postgres")));
afterAll(() => database?.drop());

const quiet = { warn() {}, error() {} } as unknown as FastifyBaseLogger;

it("closes while its LISTEN connection is being opened again after PostgreSQL dropped it (ci33)", async () => {
  const target = new URL(database.url!);
  // New connections wait while `holding`; the others pass through.
  let holding = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((socket) => {
    sockets.add(socket);
    const forward = () => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(upstream);
      socket.pipe(upstream).pipe(socket);
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    };
    if (holding) held.push(forward);
    else forward();
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  const viaProxy = new URL(target);
  viaProxy.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  viaProxy.searchParams.set("application_name", "adapter-close-test");
  // No idle connection to reuse: the adapter's next LISTEN connection is a new one.
  const pool = new pg.Pool({ connectionString: viaProxy.toString(), idleTimeoutMillis: 1 });
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    const cluster = await createClusterAdapter(pool, quiet);
    const io = new Server({ adapter: cluster.adapter });
    const listening = async () =>
      (
        await admin.query<{ pid: number }>(
          "select pid from pg_stat_activity where application_name = 'adapter-close-test' and query like 'LISTEN%'",
        )
      ).rows.map((r) => r.pid);
    await expect.poll(listening, { timeout: 10_000 }).toHaveLength(1);

    // PostgreSQL drops the LISTEN connection; the adapter opens another 1–3 s later, which waits.
    holding = true;
    await admin.query("select pg_terminate_backend($1)", await listening());
    await new Promise((r) => setTimeout(r, 3_100));
    expect(held.length).toBeGreaterThan(0);

    // The app's shutdown order (app.ts): the adapter, then its pool; the connection then opens.
    await io.of("/").adapter.close();
    const closed = cluster.close().then(() => "closed");
    holding = false;
    held.splice(0).forEach((forward) => forward());
    const hung = new Promise((r) => setTimeout(r, 5_000, "still open after 5 s"));
    expect(await Promise.race([closed, hung])).toBe("closed");
    await pool.end();
  } finally {
    await admin.end();
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => proxy.close(r));
  }
}, 30_000);
