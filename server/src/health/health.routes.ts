import type { HealthResponse } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import { checkDatabase, type Database } from "../db/database.js";
import type { Livekit } from "../livekit/livekit.client.js";

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Database; livekit: Livekit; scribe?: () => NonNullable<HealthResponse["scribe"]> },
): void {
  app.get("/healthz", async (_request, reply) => {
    const [database, livekit] = await Promise.all([checkDatabase(deps.db), deps.livekit.check()]);
    const ok = database === "ok" && livekit === "ok";
    // The scribe's queue does not make the server unhealthy: a backlog degrades transcription
    // (stored as gaps), never the visits themselves.
    const body: HealthResponse = { status: ok ? "ok" : "error", database, livekit, scribe: deps.scribe?.() };
    return reply.status(ok ? 200 : 503).send(body);
  });
}
