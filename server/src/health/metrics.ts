// Prometheus metrics of one API instance (issue 29): the process (event-loop delay, memory, CPU),
// HTTP latency by route pattern, connected sockets, and what the clinic is doing right now
// (waiting patients, visits in a call), read from the database at each scrape so every instance
// reports the same clinic-wide numbers and a dashboard sums sockets, not patients.
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { contract } from "@bedside/shared";
import { sql } from "kysely";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/database.js";
import { routesOf } from "../http/http.routes.js";

import type { SocketServer } from "../socket/socket.server.js";
import { DomainError } from "../access/access.errors.js";

export interface MetricsDeps {
  db: Database;
  io: SocketServer;
  /** When set, a scrape must send `Authorization: Bearer <token>`; unset, only loopback may scrape. */
  token: string | undefined;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Whether a call comes from this machine (the metrics' default audience, the worker's own events). */
export const isLoopback = (remoteAddress: string | undefined): boolean => LOOPBACK.test(remoteAddress ?? "");

/** Compares secrets in constant time. */
export const sameSecret = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A scrape of /metrics (the API's or a worker's): the token when one is set, else loopback only. */
export const scrapeAllowed = (
  token: string | undefined,
  authorization: string | undefined,
  remoteAddress: string | undefined,
): boolean => (token ? sameSecret(authorization ?? "", `Bearer ${token}`) : isLoopback(remoteAddress));

export function registerMetrics(app: FastifyInstance, deps: MetricsDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "bedside_" });

  const latency = new Histogram({
    name: "bedside_http_request_duration_seconds",
    help: "HTTP request latency by route pattern (never the raw URL: it can carry a link's secret)",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: "bedside_http_server_errors_total",
    help: "HTTP answers with a 5xx status",
    labelNames: ["route"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "bedside_sockets_connected",
    help: "socket.io connections on this instance",
    registers: [registry],
    collect() {
      this.set(deps.io.engine.clientsCount);
    },
  });
  const count = async (query: ReturnType<typeof sql<{ n: string | number }>>) =>
    Number((await query.execute(deps.db)).rows[0]?.n ?? 0);
  new Gauge({
    name: "bedside_patients_waiting",
    help: "Guests in a waiting room, clinic-wide",
    registers: [registry],
    async collect() {
      this.set(await count(sql`select count(*) as n from participants where state = 'waiting'`));
    },
  });
  new Gauge({
    name: "bedside_visits_in_call",
    help: "Visits in a call, clinic-wide",
    registers: [registry],
    async collect() {
      this.set(await count(sql`select count(*) as n from visits where state = 'in_call'`));
    },
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "(unmatched)";
    if (route === "/metrics") return;
    latency.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500) errors.inc({ route });
  });

  routesOf(app)(contract.metrics, async (request, reply) => {
    if (!scrapeAllowed(deps.token, request.headers.authorization, request.socket.remoteAddress))
      throw new DomainError("forbidden", "Metrics are for the clinic's monitoring only.");
    const body = await registry.metrics().catch((err: unknown) => {
      request.log.warn({ err: (err as Error).message }, "metrics collection failed");
      throw new DomainError("unavailable", "Metrics are unavailable right now.");
    });
    return reply.type(registry.contentType).send(body);
  });
}
