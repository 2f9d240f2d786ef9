import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { registerAuthRoutes } from "./auth/auth.routes.js";
import { createClinicianRepository } from "./auth/clinician.repository.js";
import { createSessionRepository } from "./auth/session.repository.js";
import type { Config } from "./config.js";
import type { Database } from "./db/database.js";
import { registerHealthRoutes } from "./health/health.routes.js";
import { installErrorHandler } from "./http/http.errors.js";
import type { Livekit } from "./livekit/livekit.client.js";
import {
  createNotifier,
  createPresenceServer,
  registerPresenceHandlers,
  type PresenceServer,
} from "./presence/presence.gateway.js";
import { createClusterAdapter } from "./presence/presence.adapter.js";
import { createPresenceRepository } from "./presence/presence.repository.js";
import { createVisitRepository } from "./visits/visit.repository.js";
import { registerVisitRoutes } from "./visits/visit.routes.js";
import { createFindingsEngine } from "./findings/findings.engine.js";
import { createFindingsRepository } from "./findings/findings.repository.js";
import { registerFindingsRoutes } from "./findings/findings.routes.js";
import { createFindingsService } from "./findings/findings.service.js";
import { createTranscriptRepository } from "./transcripts/transcript.repository.js";
import { registerScribeHandlers, scribeNotifier } from "./scribe/scribe.gateway.js";
import { createScribeRepository } from "./scribe/scribe.repository.js";
import { createScribeService, type ScribeService } from "./scribe/scribe.service.js";
import { createVisitService, type VisitService } from "./visits/visit.service.js";

export interface AppDeps {
  config: Config;
  db: Database;
  livekit: Livekit;
}

export interface App {
  http: FastifyInstance;
  io: PresenceServer;
  repos: {
    clinicians: ReturnType<typeof createClinicianRepository>;
    sessions: ReturnType<typeof createSessionRepository>;
    visits: ReturnType<typeof createVisitRepository>;
    transcripts: ReturnType<typeof createTranscriptRepository>;
    findings: ReturnType<typeof createFindingsRepository>;
  };
  visits: VisitService;
  scribe: ScribeService;
  /** Stops accepting connections and closes sockets; the database is the caller's. */
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { config, db, livekit } = deps;
  const http = Fastify({
    logger: { level: config.logLevel },
    // Request URLs will carry visit-link tokens: log route patterns, never raw URLs or bodies.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  // Only JSON bodies: a cross-site form cannot post to the API.
  http.removeContentTypeParser("text/plain");
  http.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? "(unmatched)",
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });
  installErrorHandler(http);
  await http.register(fastifyCookie);

  const repos = {
    clinicians: createClinicianRepository(db),
    sessions: createSessionRepository(db, config.sessionTtlMs),
    visits: createVisitRepository(db),
    transcripts: createTranscriptRepository(db),
    findings: createFindingsRepository(db),
  };

  const presence = createPresenceRepository(db);
  const cluster =
    config.database.kind === "postgres"
      ? await createClusterAdapter(config.database.url, http.log)
      : undefined;
  const io = createPresenceServer(http.server, cluster?.adapter);
  const notify = createNotifier(io, {
    visits: repos.visits,
    presence,
    questions: repos.findings,
    log: http.log,
  });
  const scribe = createScribeService({
    config: config.scribe,
    repo: createScribeRepository(db),
    transcripts: repos.transcripts,
    livekit,
    log: http.log,
    notify: scribeNotifier(io),
  });
  const visits = createVisitService({
    visits: repos.visits,
    livekit,
    notify,
    linkTtlHours: config.linkTtlHours,
    calls: { started: (id) => scribe.callStarted(id), ended: (id) => scribe.callEnded(id) },
  });
  registerScribeHandlers(io, { service: scribe, visits: repos.visits, log: http.log });
  registerPresenceHandlers(io, {
    log: http.log,
    sessions: repos.sessions,
    visits: repos.visits,
    service: visits,
    notify,
    presence,
    questions: repos.findings,
    graceMs: config.presenceGraceMs,
  });

  registerHealthRoutes(http, {
    db,
    livekit,
    scribe: config.scribe.enabled ? () => scribe.stt.stats : undefined,
  });
  registerVisitRoutes(http, { service: visits, sessions: repos.sessions, publicUrl: config.publicUrl });
  registerFindingsRoutes(http, {
    sessions: repos.sessions,
    service: createFindingsService({
      findings: repos.findings,
      transcripts: repos.transcripts,
      engine: createFindingsEngine(config.findings, { logger: http.log }),
      afterVisitDays: config.afterVisitDays,
      onQuestionsChanged: (clinicianId) => notify.queueChanged(clinicianId),
    }),
  });
  registerAuthRoutes(http, {
    clinicians: repos.clinicians,
    sessions: repos.sessions,
    secureCookies: config.publicUrl?.startsWith("https:") ?? false,
  });

  if (config.clientDist && existsSync(path.join(config.clientDist, "index.html"))) {
    await http.register(fastifyStatic, { root: config.clientDist, wildcard: false });
    // Client-side routes: any other GET that is not the API gets the app shell.
    http.get("/*", (request, reply) => {
      if (request.url.startsWith("/api/")) {
        return reply.status(404).send({ error: { code: "not_found", message: "No such API route" } });
      }
      return reply.sendFile("index.html");
    });
  }

  // Calls still running from before this server started get their scribe back.
  scribe
    .resumeAll()
    .catch((err: unknown) => http.log.error({ err: (err as Error).message }, "scribe resume failed"));

  return {
    http,
    io,
    repos,
    visits,
    scribe,
    async close() {
      await scribe.close();
      // Close sockets ourselves and let Fastify close the HTTP server it owns.
      io.local.disconnectSockets(true);
      await notify.close();
      // Leaves the cluster: stops the heartbeat and releases the LISTEN connection.
      await io.of("/").adapter.close();
      io.engine.close();
      await http.close();
      await cluster?.close();
    },
  };
}
