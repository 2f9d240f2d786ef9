import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type {
  ClientToServerEvents,
  clientEventSchemas,
  ServerToClientEvents,
  VisitWithLinks,
} from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { inject } from "vitest";
import { createApp, type App } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { databaseOnPglite, migrateToLatest, openDatabase, type Database } from "../src/db/database.js";
import { createLivekit } from "../src/livekit/livekit.client.js";
import type { VisitMessenger } from "../src/messaging/messaging.port.js";

export const databaseKinds = ["pglite", "postgres"] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * A fresh, migrated database: in-memory PGlite, or a new database on the test PostgreSQL server.
 * Each is a copy of the one the global setup migrated (test/global-setup.ts); `fresh` runs every
 * migration on an empty database instead, for the tests of the migrations themselves.
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  opts: { fresh?: boolean } = {},
): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    if (opts.fresh) {
      const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
      await migrateToLatest(db);
      return { db, drop: () => db.destroy() };
    }
    pgliteTemplate ??= readFile(inject("pgliteTemplate")).then((b) => new Blob([b]));
    const db = databaseOnPglite(new PGlite("memory://", { loadDataDir: await pgliteTemplate }));
    // Opened now, as a migrated database was: Kysely's destroy() is a no-op on a database never
    // queried, and a test that destroys one to see queries fail would see them succeed.
    await sql`select 1`.execute(db);
    return { db, drop: () => db.destroy() };
  }
  const serverUrl = new URL(inject("postgresUrl"));
  const name = `bedside_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${name}${opts.fresh ? "" : ` template ${inject("postgresTemplate")}`}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString() });
  if (opts.fresh) await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl.toString() });
      await c.connect();
      try {
        // The pool's last connections may still be closing when destroy() resolves: wait for them
        // (killing one mid-close surfaces as an uncaught "terminating connection" error).
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`drop database ${name}${attempt > 50 ? " with (force)" : ""}`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== "55006" || attempt > 50) throw err;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestApp {
  app: App;
  db: Database;
  url: string;
  close: () => Promise<void>;
}

/** A new visit of the signed-in clinician (`cookie`), for now, with its links; fails unless created. */
export async function createVisit(
  url: string,
  cookie: string,
  interpreterNeeded = false,
): Promise<VisitWithLinks> {
  const res = await fetch(`${url}/api/visits`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({
      patientDisplayName: "Pat",
      preferredLanguage: "en",
      interpreterNeeded,
      scheduledAt: new Date().toISOString(),
    }),
  });
  if (res.status !== 201) throw new Error(`POST /api/visits answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as VisitWithLinks;
}

/**
 * The real app on a free port with a real LiveKit server; `env` overrides configuration (a
 * variable set to undefined takes production's default).
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  kind: DatabaseKind = "pglite",
  /**
   * A LiveKit server of the test's own (e.g. one sending webhooks to `port`), the port to listen
   * on, and where the request log goes (to read what it records).
   */
  own: {
    livekit?: { url: string; apiKey: string; apiSecret: string };
    port?: number;
    logStream?: NodeJS.WritableStream;
    /** Where booked visits' messages go (issue 28): a test's recording messenger. */
    messenger?: VisitMessenger;
  } = {},
): Promise<TestApp> {
  const lk = own.livekit ?? inject("livekit");
  const config = parseConfig({
    PORT: "0",
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-test-")),
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
    DEMO_SEED: "false",
    LOG_LEVEL: "silent",
    // Hundreds of sign-ins across the suites: OWASP's cost only where a test says so (auth.int),
    // and in a deployment (https), which refuses the cheap one.
    ...(env.PUBLIC_URL?.startsWith("https:") ? {} : { PASSWORD_HASH_COST: "test" }),
    ...env,
  });
  const { db, drop } = await openTestDatabase(kind);
  const app = await createApp({
    config,
    db,
    livekit: createLivekit(config.livekit),
    logStream: own.logStream,
    ...(own.messenger ? { messenger: own.messenger } : {}),
  });
  await app.http.listen({ host: "127.0.0.1", port: own.port ?? 0 });
  const address = app.http.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    app,
    db,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Socket.io clients of a test app: a guest's token and/or a staff cookie; `closeAll` in afterAll. */
export function socketClients(url: () => string) {
  const sockets: ClientSocket[] = [];
  const open = (opts: { participantToken?: string; cookie?: string; auth?: Record<string, unknown> }) => {
    const auth = {
      ...opts.auth,
      ...(opts.participantToken ? { participantToken: opts.participantToken } : {}),
    };
    const s: ClientSocket = connect(url(), {
      transports: ["websocket"],
      reconnection: false,
      ...(Object.keys(auth).length > 0 ? { auth } : {}),
      ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    });
    sockets.push(s);
    return s;
  };
  /** Resolves once the socket is connected; rejects with the server's refusal. */
  const connected = (s: ClientSocket) =>
    new Promise<ClientSocket>((resolve, reject) => {
      if (s.connected) return resolve(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
    });
  return { open, connected, closeAll: () => sockets.forEach((s) => s.disconnect()) };
}

/** A response's JSON body, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on shapes with expect().
export const jsonOf = (res: Response) => res.json() as Promise<Record<string, any>>;

/**
 * A payload each socket event's schema accepts, for the visit and participant the test set up
 * (read when called, so tests may assign them in `beforeAll`).
 */
export function validSocketPayloads(
  ids: () => { visitId: string; participantId: string },
): Record<keyof typeof clientEventSchemas, () => Record<string, unknown>> {
  const visit = () => ({ visitId: ids().visitId });
  const participant = () => ({ participantId: ids().participantId });
  return {
    "queue:watch": () => ({}),
    "desk:watch": () => ({}),
    "clinician:set-status": () => ({ status: "available", lateMinutes: null, message: null }),
    "visit:admit": participant,
    "visit:send-back": participant,
    "visit:end": visit,
    "visit:transfer": () => ({ ...visit(), toClinicianId: "00000000-0000-4000-8000-000000000000" }),
    "call:join": visit,
    "call:leave": visit,
    "call:set-audio-only": () => ({ ...visit(), audioOnly: true }),
    "waiting:join": () => ({}),
    "waiting:send-message": () => ({ ...visit(), text: "We are running 10 minutes behind." }),
    "scribe:watch": visit,
    "scribe:pause": () => ({ ...visit(), scope: "self" }),
    "scribe:resume": () => ({ ...visit(), scope: "self" }),
    "scribe:withdraw": visit,
    "chat:watch": visit,
    "chat:send": () => ({ ...visit(), text: "Can you hear me? <b>not bold</b>" }),
    "captions:set": () => ({ ...visit(), on: true }),
  };
}

/**
 * The test LiveKit's HTTP API through a proxy that answers 503 while `failing` is true, or for the
 * calls `refuses` names (a Twirp path such as `/twirp/livekit.RoomService/RemoveParticipant`);
 * LiveKit itself stays real. `url` is the LIVEKIT_URL a server under test uses.
 */
export async function failingLivekitProxy() {
  const target = new URL(inject("livekit").url.replace(/^ws/, "http"));
  const proxy = {
    failing: true,
    refuses: (_path: string) => false,
    url: "",
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = createServer((req, res) => {
    if (proxy.failing || proxy.refuses(req.url ?? "")) return void res.writeHead(503).end("unavailable");
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxy.url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  return proxy;
}

/**
 * A patient checked in, admitted and given their call grant, on the app's own services: what the
 * scribe tests start from before a voice speaks into the room (`participantToken`: the patient's
 * socket token).
 */
export async function patientInCall(app: App) {
  const c = await app.repos.clinicians.create({
    email: `dr-${randomBytes(6).toString("hex")}@example.org`,
    displayName: "Dr. Rivera",
    passwordHash: "x",
  });
  const { visit, links } = await app.visits.createVisit(
    c.id,
    {
      patientDisplayName: "Pat",
      preferredLanguage: "en",
      interpreterNeeded: false,
      scheduledAt: new Date().toISOString(),
    },
    "http://x",
  );
  const secret = links.find((l) => l.role === "patient")!.url.split("/join/")[1]!;
  const { participantId, participantToken } = await app.visits.checkIn(secret, {
    displayName: "Pat",
    scribeConsent: "granted",
    deviceCheck: { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 5 },
  });
  await app.visits.joinWaitingRoom(participantId);
  await app.visits.admit(c.id, participantId);
  const grant = await app.visits.guestCallGrant({
    kind: "guest",
    participantId,
    visitId: visit.id,
    clinicianId: c.id,
    role: "patient",
  });
  return { clinicianId: c.id, visitId: visit.id, participantId, participantToken, grant };
}
