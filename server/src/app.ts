import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import { contract } from "@bedside/shared";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { createAttachmentRepository } from "./attachments/attachment.repository.js";
import { registerAttachmentRoutes } from "./attachments/attachment.routes.js";
import { createAttachmentService } from "./attachments/attachment.service.js";
import { registerAccountsRoutes } from "./auth/accounts.routes.js";
import { createAccountsService, type AccountsService } from "./auth/accounts.service.js";
import { createAuditRepository } from "./audit/audit.repository.js";
import { registerAuditRoutes } from "./audit/audit.routes.js";
import { createAuditService } from "./audit/audit.service.js";
import { registerAuthRoutes } from "./auth/auth.routes.js";
import { decoyHash } from "./auth/password.js";
import { createClinicianRepository } from "./auth/clinician.repository.js";
import { createMfaRepository } from "./auth/mfa.repository.js";
import { registerMfaRoutes } from "./auth/mfa.routes.js";
import { createMfaService } from "./auth/mfa.service.js";
import { createSessionRepository } from "./auth/session.repository.js";
import { loadTotpKey } from "./auth/totp.js";
import type { Config } from "./config.js";
import { postgresPool, type Database } from "./db/database.js";
import { registerHealthRoutes } from "./health/health.routes.js";
import { registerMetrics } from "./health/metrics.js";
import { installErrorHandler } from "./http/http.errors.js";
import { installSecurityHeaders } from "./http/http.headers.js";
import { createLimits } from "./http/http.limits.js";
import { installOriginCheck, isAllowedOrigin } from "./http/http.origin.js";
import { trustProxyOption } from "./http/http.proxy.js";
import { collectRoutes, installContract, routesOf } from "./http/http.routes.js";
import type { Livekit } from "./livekit/livekit.client.js";
import { createMailer } from "./mail/mail.service.js";
import { createMessagingRepository } from "./messaging/messaging.repository.js";
import { registerMessagingRoutes } from "./messaging/messaging.routes.js";
import { createVisitMessenger, type MessagingService } from "./messaging/messaging.service.js";
import { createTwilioProvider } from "./messaging/twilio.provider.js";
import { createClusterAdapter } from "./presence/presence.adapter.js";
import { registerPresenceHandlers } from "./presence/presence.handlers.js";
import { registerChatHandlers } from "./chat/chat.handlers.js";
import { createChatRepository } from "./chat/chat.repository.js";
import { registerChatRoutes } from "./chat/chat.routes.js";
import { createChatService } from "./chat/chat.service.js";
import { createDeskView } from "./presence/presence.desk.js";
import { createWaitingLine } from "./presence/presence.line.js";
import { createQueue } from "./presence/presence.queue.js";
import { createPresenceRepository } from "./presence/presence.repository.js";
import { createPresenceService } from "./presence/presence.service.js";
import { createFindingsEngine } from "./findings/findings.engine.js";
import { createFindingsRepository } from "./findings/findings.repository.js";
import { registerFindingsRoutes } from "./findings/findings.routes.js";
import { createFindingsService } from "./findings/findings.service.js";
import { createNoteEngine } from "./notes/note.engine.js";
import { createNotesRepository } from "./notes/notes.repository.js";
import { registerNotesRoutes } from "./notes/notes.routes.js";
import { createNotesService } from "./notes/notes.service.js";
import { createRetentionRepository } from "./retention/retention.repository.js";
import { createRetentionService, type RetentionService } from "./retention/retention.service.js";
import { registerCaptionsHandlers } from "./scribe/captions.handlers.js";
import { registerScribeHandlers, scribeNotifier } from "./scribe/scribe.handlers.js";
import type { VisitMessenger } from "./messaging/messaging.port.js";
import { createJobQueue } from "./schedule/schedule.jobs.js";
import { createScheduleRepository } from "./schedule/schedule.repository.js";
import { registerScheduleRoutes } from "./schedule/schedule.routes.js";
import {
  createScheduleService,
  messageJobSchema,
  VISIT_MESSAGE_QUEUE,
  type ScheduleService,
} from "./schedule/schedule.service.js";
import { createScribeRepository } from "./scribe/scribe.repository.js";
import { registerInsightsRoutes } from "./insights/insights.routes.js";
import { createScribeService, type ScribeService } from "./scribe/scribe.service.js";
import { identifySockets, stillValid } from "./socket/socket.auth.js";
import { createSocketBackbone } from "./socket/socket.handle.js";
import { rooms } from "./socket/socket.names.js";
import { enforceSocketAccess } from "./socket/socket.revoke.js";
import { createSocketServer, type SocketServer } from "./socket/socket.server.js";
import { createTranscriptRepository } from "./transcripts/transcript.repository.js";
import { createTranscriptService } from "./transcripts/transcript.service.js";
import type { VisitAccess } from "./visits/visit.access.js";
import { createGuards } from "./access/access.guards.js";
import { createAccess } from "./access/access.resolver.js";
import { createVisitNotifier, registerVisitHandlers } from "./visits/visit.handlers.js";
import { createVisitRepository, type VisitRepository } from "./visits/visit.repository.js";
import { registerVisitRoutes } from "./visits/visit.routes.js";
import { createVisitService, type VisitService } from "./visits/visit.service.js";
import {
  createCallWatch,
  EMPTY_CALL_QUEUE,
  emptyCallJobSchema,
  registerLivekitWebhook,
} from "./visits/visit.webhook.js";

export interface AppDeps {
  config: Config;
  db: Database;
  livekit: Livekit;
  /** Where log lines go (default stdout); tests read them to check what logs carry. */
  logStream?: NodeJS.WritableStream;
  /** Instead of the messaging service (email, texts): a test that records what scheduling asks to send. */
  messenger?: VisitMessenger;
}

export interface App {
  http: FastifyInstance;
  io: SocketServer;
  repos: {
    clinicians: ReturnType<typeof createClinicianRepository>;
    sessions: ReturnType<typeof createSessionRepository>;
    visits: ReturnType<typeof createVisitRepository>;
    transcripts: ReturnType<typeof createTranscriptRepository>;
    findings: ReturnType<typeof createFindingsRepository>;
  };
  visits: VisitService;
  access: VisitAccess;
  accounts: AccountsService;
  retention: RetentionService;
  /** Invitations and reminders by email and text (issue 28): the VisitMessenger, deliveries, webhooks. */
  messaging: MessagingService;
  /** Every HTTP route the server registered (method and URL pattern), from Fastify's onRoute hook. */
  routes: ReadonlyArray<{ method: string; url: string }>;
  scribe: ScribeService;
  schedule: ScheduleService;
  /** The process is stopping: readiness answers 503 "draining" while everything else still works. */
  drain(): void;
  /** Stops accepting connections and closes sockets; the database is the caller's. */
  close(): Promise<void>;
}

/** How long after start connections have to come back before stale "online" guests are swept. */
const PRESENCE_SWEEP_DELAY_MS = 5_000;

export async function createApp(deps: AppDeps): Promise<App> {
  const { config, db, livekit } = deps;
  const http = Fastify({
    logger: { level: config.logLevel, ...(deps.logStream ? { stream: deps.logStream } : {}) },
    // Request URLs will carry visit-link tokens: log route patterns, never raw URLs or bodies.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
  });
  // Only JSON bodies: a cross-site form cannot post to the API.
  http.removeContentTypeParser("text/plain");
  http.decorateRequest("actor", undefined);
  http.addHook("onResponse", async (request, reply) => {
    // Who and which visit, by id: a visit id in the route's parameters, or the one the route resolved.
    const params = request.params as { visitId?: unknown } | undefined;
    const visitId =
      typeof params?.visitId === "string" ? params.visitId.slice(0, 36) : request.actor?.visitId;
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? "(unmatched)",
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        actor: request.actor?.who ?? "anonymous",
        ...(visitId ? { visitId } : {}),
      },
      "request",
    );
  });
  installErrorHandler(http);
  installContract(http);
  // The route table, as registered: the contract parity test compares it with the shared contract.
  const routes = collectRoutes(http);
  // The API described (OpenAPI 3, from the contract's zod schemas): in development only, not when
  // deployed. Registered before the routes: it collects them as they are added.
  const describeApi = !config.publicUrl?.startsWith("https:");
  if (describeApi) {
    await http.register(fastifySwagger, {
      openapi: {
        openapi: "3.0.3",
        info: {
          title: "Bedside API",
          version: "0.1.0",
          description:
            "Telemedicine video visits with a consent-bound AI scribe. Generated from the route contract in @bedside/shared. Errors answer { error: { code, message } }.",
        },
        components: {
          securitySchemes: {
            session: { type: "apiKey", in: "cookie", name: "bedside_session" },
            bearer: { type: "http", scheme: "bearer" },
            signature: {
              type: "apiKey",
              in: "header",
              name: "Authorization",
              description:
                "The provider's signature: LiveKit's JWT in Authorization, Twilio's X-Twilio-Signature",
            },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
  }
  await http.register(fastifyCookie);
  await installSecurityHeaders(http, {
    https: config.publicUrl?.startsWith("https:") ?? false,
    livekitUrl: config.livekit.publicUrl,
  });
  installOriginCheck(http, config.publicUrl);
  const limits = await createLimits(http, config.rateLimitScale, config.redisUrl);

  const repos = {
    clinicians: createClinicianRepository(db),
    sessions: createSessionRepository(db, config.sessionTtlMs, config.demo === undefined),
    visits: createVisitRepository(db),
    transcripts: createTranscriptRepository(db),
    findings: createFindingsRepository(db),
  };

  // The composition root: the only module that sees every domain. Domains receive each other's
  // services (never repositories) from here.
  const access: VisitAccess = createAccess({
    visits: repos.visits,
    sessions: repos.sessions,
    afterVisitDays: config.afterVisitDays,
  });
  // Who may call each route is declared on it with these (access/access.guards.ts).
  const guards = createGuards<VisitRepository>(access);
  const transcripts = createTranscriptService(repos.transcripts);
  const audit = createAuditService({ repo: createAuditRepository(db), access });

  // Decided by the database the app was given (as pg-boss's is, schedule.jobs.ts), not by the
  // configuration: two instances given one PostgreSQL share their rooms.
  const databasePool = postgresPool(db);
  const cluster = databasePool ? await createClusterAdapter(databasePool, http.log) : undefined;
  const io = createSocketServer(
    http.server,
    cluster?.adapter,
    (req) => isAllowedOrigin(req.headers, config.publicUrl),
    config.socketPolling,
  );
  identifySockets(io, access, http.log, { connectionsPerSecret: config.socketConnectionsPerSecret });
  const revoke = enforceSocketAccess(io, access, http.log, { clustered: cluster !== undefined });
  const socket = createSocketBackbone(io, http.log, {
    stillValid: (s) => stillValid(access, s),
    eventsPerSecond: config.socketEventsPerSecond,
  });

  const presenceRepo = createPresenceRepository(db);
  // The queue needs the visit service and the visit service tells the queue: a late binding.
  let visits: VisitService | undefined = undefined;
  // Admitting tells the schedule (a booked patient who is away hears the clinician is ready).
  let schedule: ScheduleService | undefined = undefined;
  const findings = createFindingsService({
    findings: repos.findings,
    transcripts,
    access,
    engine: createFindingsEngine(config.findings, { logger: http.log }),
    audit,
    emergencyNumber: config.emergencyNumber,
    onQuestionsChanged: (clinicianId) => queue.changed(clinicianId),
  });
  // The patient's photos and documents (issue 30); the clinician hears of each on every instance.
  const attachments = createAttachmentService({
    repo: createAttachmentRepository(db),
    access,
    audit,
    announce: (clinicianId, attachment) =>
      void io.to(rooms.staff(clinicianId)).emit("attachment:added", attachment),
  });
  const notes = createNotesService({
    notes: createNotesRepository(db),
    attachments,
    findings,
    transcripts,
    access,
    engine: createNoteEngine(config.findings, { logger: http.log }),
    audit,
  });
  const queue = createQueue({
    io,
    clustered: cluster !== undefined,
    visits: { queue: (clinicianId, day) => visits!.queue(clinicianId, day) },
    status: (clinicianId) => presenceRepo.status(clinicianId),
    questionsWaiting: (clinicianId) => findings.questionsWaiting(clinicianId),
    log: http.log,
  });
  const line = createWaitingLine({
    io,
    clustered: cluster !== undefined,
    line: (clinicianId) => visits!.waitingLine(clinicianId),
    log: http.log,
  });
  const desk = createDeskView({
    io,
    clustered: cluster !== undefined,
    visits: {
      desk: (clinicId, day) => visits!.desk(clinicId, day),
      clinicOf: (clinicianId) => visits!.clinicOf(clinicianId),
    },
    status: (clinicianId) => presence.status(clinicianId),
    log: http.log,
  });
  // The clinician's queue, their waiting guests' line and their clinic's front desk change together.
  const queueChanged = (clinicianId: string) => {
    queue.changed(clinicianId);
    line.changed(clinicianId);
    desk.changed(clinicianId);
  };
  const presence = createPresenceService({
    repo: presenceRepo,
    stillConnected: async (participantId) =>
      (await io.in(rooms.participant(participantId)).fetchSockets()).length > 0,
    queueChanged,
    graceMs: config.presenceGraceMs,
    log: http.log,
  });
  const scribe = createScribeService({
    config: config.scribe,
    repo: createScribeRepository(db),
    livekit,
    log: http.log,
    notify: scribeNotifier(io),
  });
  visits = createVisitService({
    visits: repos.visits,
    access,
    livekit,
    notify: createVisitNotifier(io, queueChanged, revoke, (clinicianId) => presence.status(clinicianId)),
    linkTtlHours: config.linkTtlHours,
    audit,
    afterVisitDays: config.afterVisitDays,
    calls: { started: (id) => scribe.callStarted(id), ended: (id) => scribe.callEnded(id) },
    admitted: (visitId) => schedule!.readyIfAway(visitId),
  });

  livekit.setLog(http.log);

  registerPresenceHandlers(socket, { presence, queue, desk, visits });
  registerVisitHandlers(socket, { service: visits, access });
  const chat = createChatService({
    repo: createChatRepository(db),
    access,
    visits,
    audit,
    rateLimitScale: config.rateLimitScale,
  });
  registerChatHandlers(socket, { service: chat });
  registerChatRoutes(http, { guards, service: chat });
  registerCaptionsHandlers(socket, { access, visits, livekit });
  registerScribeHandlers(socket, {
    service: scribe,
    access,
    visits,
    forget: async (visitId, who) => {
      const deleted = await transcripts.deleteBySpeaker(visitId, who.participantId);
      const flagged = await findings.withdrawEvidence(visitId, deleted);
      const noteSentences = await notes.withdraw(visitId, deleted);
      await audit.record({
        visitId,
        actor: { kind: who.role, id: who.participantId },
        action: "transcript.deleted",
        detail: { segments: deleted.length, findingsFlagged: flagged, noteSentencesRemoved: noteSentences },
      });
    },
  });

  // Outgoing mail (accounts, invitations) and texts (issue 28), with their delivery records; made
  // before the job queue starts: a reminder due at start is sent through it at once.
  const mailer = createMailer({ config: config.mail, dataDir: config.dataDir, log: http.log });
  const messaging = createVisitMessenger({
    repo: createMessagingRepository(db),
    mailer,
    sms: config.messaging.twilio ? createTwilioProvider(config.messaging.twilio) : undefined,
    publicUrl: config.publicUrl,
    log: http.log,
  });

  // Booked visits and their messages (issue 28); the messages wait in pg-boss's queue.
  const jobs = await createJobQueue({
    db,
    queues: [VISIT_MESSAGE_QUEUE, EMPTY_CALL_QUEUE],
    pollSeconds: config.jobsPollSeconds,
    log: http.log,
  });
  const callWatch = createCallWatch({
    livekit,
    visits,
    jobs,
    emptyEndMs: config.callEmptyEndMs,
    log: http.log,
  });
  await registerLivekitWebhook(http, { livekit, watch: callWatch });
  await jobs.work<unknown>(EMPTY_CALL_QUEUE, async (data) => {
    const job = emptyCallJobSchema.safeParse(data);
    if (!job.success)
      return void http.log.error({ err: job.error.message }, "malformed empty-call job dropped");
    await callWatch.check(job.data.visitId);
  });
  schedule = createScheduleService({
    repo: createScheduleRepository(db),
    jobs,
    messenger: deps.messenger ?? messaging,
    audit,
    changed: queueChanged,
    log: http.log,
  });
  await jobs.work<unknown>(VISIT_MESSAGE_QUEUE, async (data) => {
    const job = messageJobSchema.safeParse(data);
    if (!job.success)
      return void http.log.error({ err: job.error.message }, "malformed visit message job dropped");
    await schedule.fire(job.data);
  });
  registerScheduleRoutes(http, { service: schedule, guards, publicUrl: config.publicUrl });

  // Set when the process is told to stop: readiness says so while requests in flight finish.
  let draining = false;
  registerHealthRoutes(http, { db, livekit, draining: () => draining });
  registerMetrics(http, { db, io, token: config.metricsToken });
  registerVisitRoutes(http, { service: visits, guards, publicUrl: config.publicUrl, limits });
  registerFindingsRoutes(http, { guards, service: findings, limits });
  registerNotesRoutes(http, { guards, service: notes });
  await registerAttachmentRoutes(http, {
    service: attachments,
    guards,
    uploadLimit: limits.attachmentUpload,
  });
  if (describeApi) routesOf(http)(contract.openapi, () => http.swagger());
  routesOf(http)(contract.clinicInfo, () => ({ emergencyNumber: config.emergencyNumber }));
  registerInsightsRoutes(http, { guards, access, transcripts });
  registerAuditRoutes(http, { guards, service: audit });
  const mfa = createMfaService({
    repo: createMfaRepository(db, config.demo === undefined),
    key: await loadTotpKey(config.mfaSecretKey, config.dataDir),
    audit,
  });
  const secureCookies = config.publicUrl?.startsWith("https:") ?? false;
  await registerMessagingRoutes(http, { messaging, guards, access, publicUrl: config.publicUrl });
  const accounts = createAccountsService({
    db,
    mailer,
    audit,
    staffEnded: (userId) => revoke.staffEnded(userId),
    sessionEnded: (tokenHash) => revoke.credentialReplaced(tokenHash),
    log: http.log,
    passwordCost: config.passwordHashCost,
  });
  registerAccountsRoutes(http, {
    service: accounts,
    guards,
    sessions: repos.sessions,
    publicUrl: config.publicUrl,
    secureCookies,
    limits,
  });
  registerAuthRoutes(http, {
    clinicians: repos.clinicians,
    sessions: repos.sessions,
    guards,
    signedOut: (token) => revoke.signedOut(token),
    limits,
    secureCookies,
    mfa,
    passwordCost: config.passwordHashCost,
  });
  // Made now, not at the first unknown email's sign-in, which would otherwise take longer than others'.
  await decoyHash(config.passwordHashCost);
  registerMfaRoutes(http, {
    mfa,
    clinicians: repos.clinicians,
    sessions: repos.sessions,
    audit,
    guards,
    sessionsEnded: (hashes) => revoke.sessionsEnded(hashes),
    staffEnded: (userId) => revoke.staffEnded(userId),
    limits,
    secureCookies,
  });

  if (config.clientDist && existsSync(path.join(config.clientDist, "index.html"))) {
    await http.register(fastifyStatic, {
      root: config.clientDist,
      wildcard: false,
      // Source maps are never served, even if a build left some behind.
      allowedPath: (pathName) => !pathName.endsWith(".map"),
    });
    // Client-side routes: any other GET that is not the API gets the app shell.
    http.get("/*", (request, reply) => {
      if (request.url.startsWith("/api/")) {
        return reply.status(404).send({ error: { code: "not_found", message: "No such API route" } });
      }
      return reply.sendFile("index.html");
    });
  }

  const retention = createRetentionService({
    config: config.retention,
    repo: createRetentionRepository(db),
    audit,
    log: http.log,
  });
  retention.start();

  // Reconciled with LiveKit at start: ended visits' rooms closed, abandoned calls end after the
  // grace period, and only calls with people in them get their scribe back. If LiveKit cannot be
  // asked, every call gets its scribe back (as before) and the webhook reconciles later.
  callWatch
    .reconcile()
    .catch((err: unknown) => {
      http.log.warn({ err: (err as Error).message }, "LiveKit reconciliation failed");
      return undefined;
    })
    .then((live) => scribe.resumeAll(live))
    .catch((err: unknown) => http.log.error({ err: (err as Error).message }, "scribe resume failed"));
  // Guests marked online by an instance that crashed: after a moment for them to reconnect,
  // anyone with no connection anywhere goes through the usual grace period to "left".
  const staleSweep = setTimeout(() => {
    presence
      .sweep()
      .catch((err: unknown) => http.log.warn({ err: (err as Error).message }, "presence sweep failed"));
  }, PRESENCE_SWEEP_DELAY_MS);
  staleSweep.unref();

  return {
    http,
    io,
    repos,
    visits,
    access,
    accounts,
    scribe,
    schedule,
    retention,
    messaging,
    routes,
    drain() {
      draining = true;
    },
    async close() {
      mailer.close();
      await jobs.close();
      clearTimeout(staleSweep);
      livekit.close();
      await retention.close();
      await scribe.close();
      // Close sockets ourselves and let Fastify close the HTTP server it owns.
      io.local.disconnectSockets(true);
      await presence.close();
      await queue.close();
      await line.close();
      await desk.close();
      // Leaves the cluster: stops the heartbeat and releases the LISTEN connection.
      await io.of("/").adapter.close();
      io.engine.close();
      await http.close();
      await cluster?.close();
    },
  };
}
