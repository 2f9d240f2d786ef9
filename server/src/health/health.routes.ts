import type { HealthResponse } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import { checkDatabase, type Database } from "../db/database.js";
import type { Livekit } from "../livekit/livekit.client.js";

export function registerHealthRoutes(app: FastifyInstance, deps: { db: Database; livekit: Livekit }): void {
  app.get("/healthz", async (_request, reply) => {
    const [database, livekit] = await Promise.all([checkDatabase(deps.db), deps.livekit.check()]);
    const ok = database === "ok" && livekit === "ok";
    const body: HealthResponse = { status: ok ? "ok" : "error", database, livekit };
    return reply.status(ok ? 200 : 503).send(body);
  });
}
