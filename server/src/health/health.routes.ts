import type { HealthPart, HealthResponse } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import { checkDatabase, type Database } from "../db/database.js";
import type { Livekit } from "../livekit/livekit.client.js";

/** A part's detailed reason (hosts, driver messages) stays in the log; the answer says only which way it failed. */
export function healthPart(detail: string): HealthPart {
  if (detail === "ok") return "ok";
  return detail.startsWith("rejected") ? "rejected" : "unreachable";
}

export function registerHealthRoutes(app: FastifyInstance, deps: { db: Database; livekit: Livekit }): void {
  app.get("/healthz", async (request, reply) => {
    const [databaseDetail, livekitDetail] = await Promise.all([checkDatabase(deps.db), deps.livekit.check()]);
    const database = healthPart(databaseDetail);
    const livekit = healthPart(livekitDetail);
    const ok = database === "ok" && livekit === "ok";
    if (!ok) request.log.warn({ database: databaseDetail, livekit: livekitDetail }, "health check failed");
    // The scribe workers answer for themselves (each on its SCRIBE_WORKER_PORT).
    const body: HealthResponse = { status: ok ? "ok" : "error", database, livekit };
    return reply.status(ok ? 200 : 503).send(body);
  });
}
