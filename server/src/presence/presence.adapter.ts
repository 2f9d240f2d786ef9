import { createAdapter } from "@socket.io/postgres-adapter";
import type { FastifyBaseLogger } from "fastify";
import pg from "pg";

/**
 * Shares rooms and broadcasts between server instances through the app's own
 * PostgreSQL (LISTEN/NOTIFY), so scaling out needs no extra service. PGlite is
 * one process by nature and keeps socket.io's in-memory adapter.
 *
 * `database` is the pool of the database the app runs on: the adapter connects where that pool
 * does (its own few connections, one held for LISTEN), so instances that share a database always
 * share their rooms, whatever the configuration said.
 */
export async function createClusterAdapter(database: pg.Pool, log: FastifyBaseLogger) {
  const settings = database.options;
  const pool = new pg.Pool({
    ...settings,
    // pg-pool keeps the password out of the enumerable options (out of logs): copied by hand.
    ...("password" in settings ? { password: settings.password } : {}),
    max: 4,
  });
  // A PostgreSQL restart drops idle connections: logged, never fatal; the adapter reconnects.
  pool.on("error", (err) => log.warn({ err: err.message }, "socket.io adapter connection lost"));
  // The adapter keeps one client checked out for LISTEN and attaches no 'error' listener to it
  // (it reconnects on 'end'): without this, a PostgreSQL restart would end the process.
  pool.on("connect", (client) => {
    client.on("error", (err) => log.warn({ err: err.message }, "socket.io adapter connection lost"));
    // When that connection ends, the adapter takes a new one but never releases the dead one: the
    // pool would count it checked out for ever, and pool.end() at shutdown would never finish.
    client.on("end", () => {
      if (client.listenerCount("notification") > 0) client.release(new Error("connection ended"));
    });
  });
  // The adapter spills payloads larger than NOTIFY's 8 kB limit into this table.
  await pool.query(`
    create table if not exists socket_io_attachments (
      id bigserial unique,
      created_at timestamptz default now(),
      payload bytea
    )`);
  return {
    adapter: createAdapter(pool, {
      errorHandler: (err: Error) => log.error({ err: err.message }, "socket.io postgres adapter"),
    }),
    close: () => pool.end(),
  };
}
