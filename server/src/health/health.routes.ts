import { contract, type HealthPart, type HealthResponse } from "@bedside/shared";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { checkDatabase, type Database } from "../db/database.js";
import { routesOf } from "../http/http.routes.js";
import type { Livekit } from "../livekit/livekit.client.js";

/** A part's detailed reason (hosts, driver messages) stays in the log; the answer says only which way it failed. */
export function healthPart(detail: string): HealthPart {
  if (detail === "ok") return "ok";
  return detail.startsWith("rejected") ? "rejected" : "unreachable";
}

/**
 * `/livez`: the process answers (a supervisor restarts it when it does not). `/readyz` (and its older
 * name `/healthz`): the database and LiveKit answer and the instance is not shutting down — a load
 * balancer stops sending it traffic otherwise, and a LiveKit blip does not restart every instance.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Database; livekit: Livekit; draining: () => boolean },
): void {
  const route = routesOf(app);
  route(contract.livez, () => ({ status: "ok" as const }));
  const ready = async (request: FastifyRequest, reply: FastifyReply) => {
    const [databaseDetail, livekitDetail] = await Promise.all([checkDatabase(deps.db), deps.livekit.check()]);
    const database = healthPart(databaseDetail);
    const livekit = healthPart(livekitDetail);
    const ok = database === "ok" && livekit === "ok";
    if (!ok) request.log.warn({ database: databaseDetail, livekit: livekitDetail }, "health check failed");
    const status = deps.draining() ? "draining" : ok ? "ok" : "error";
    // The scribe workers answer for themselves (each on its SCRIBE_WORKER_PORT).
    const body: HealthResponse = { status, database, livekit };
    return reply.status(status === "ok" ? 200 : 503).send(body);
  };
  route(contract.readyz, ready);
  route(contract.healthz, ready);
}
