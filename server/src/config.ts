import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
// Leaf modules only (zod, no engines): parsing configuration loads nothing heavy.
import { parseTotpKey } from "./auth/totp.key.js";
import { isLoopbackHost } from "./http/http.external.js";
import { findingsConfigFromEnv, findingsEnvSchema } from "./findings/findings.config.js";
import { mailConfigFromEnv, mailEnvSchema } from "./mail/mail.config.js";
import { messagingConfigFromEnv, messagingEnvSchema } from "./messaging/messaging.config.js";
import { retentionConfigFromEnv, retentionEnvSchema } from "./retention/retention.config.js";
import { scribeConfigFromEnv, scribeEnvSchema } from "./scribe/scribe.config.js";

const boolFromEnv = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const wsUrl = z
  .url({ protocol: /^wss?$/, error: "must be a ws:// or wss:// URL" })
  .transform((u) => u.replace(/\/+$/, ""));

/**
 * Which proxies' X-Forwarded-For entries to believe: none ("false"/"0"), the last N hops (a
 * number: how many proxies stand in front), or only proxies at these addresses (comma-separated
 * IPs or CIDR ranges). "true" is refused: it believes every hop, and a client that writes its own
 * X-Forwarded-For then chooses the address every per-address rate limit counts.
 */
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
const trustProxyFromEnv = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    if (v === "false" || v === "0") return false;
    if (v === "true") {
      ctx.addIssue({
        code: "custom",
        message:
          "true would believe every X-Forwarded-For hop (a client could pick its own address); set the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.2,10.0.1.0/24)",
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 16) {
        ctx.addIssue({ code: "custom", message: "at most 16 proxy hops" });
        return z.NEVER;
      }
      return hops;
    }
    const addresses = v.split(",").map((a) => a.trim());
    const bad = addresses.filter((a) => !proxyAddress.safeParse(a).success);
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be false, a number of proxy hops, or proxy IP addresses / CIDR ranges; not ${bad.map((b) => JSON.stringify(b)).join(", ")}`,
      });
      return z.NEVER;
    }
    return addresses;
  });

/** `livekit-server --dev`'s well-known keys: fine on loopback, never in a deployment. */
const DEV_LIVEKIT = { key: "devkey", secret: "secret" } as const;

/** In DATA_DIR: the password of the embedded database's share, for the scribe workers (mode 0600). */
export const DB_SHARE_SECRET_FILE = "db-share.secret";

/** Every environment variable the server reads, parsed once at start. */
export const envSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  // A file holding DATABASE_URL's password, read at each connection (a scribe worker reaching the
  // server's embedded database: the server writes a new one at each start, DATA_DIR/db-share.secret).
  DATABASE_PASSWORD_FILE: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  // Whether the server applies pending migrations at start. Off for a cluster whose deployment runs
  // `bedside.mjs migrate` once before the new version starts: the server then refuses to start on a
  // database that still lacks a migration instead of applying it from every instance.
  MIGRATE_ON_START: boolFromEnv.default(true),
  LIVEKIT_URL: wsUrl.default("ws://127.0.0.1:7880"),
  // What browsers connect to, when it is not the address the server uses (an internal host or port
  // behind a TLS proxy): only this one reaches a browser or the Content-Security-Policy.
  LIVEKIT_PUBLIC_URL: wsUrl.optional(),
  LIVEKIT_API_KEY: z.string().min(1).default(DEV_LIVEKIT.key),
  LIVEKIT_API_SECRET: z.string().min(1).default(DEV_LIVEKIT.secret),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  // A call left with nobody in its LiveKit room ends after this long (LiveKit's webhook tells us).
  CALL_EMPTY_END_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(300),
  PRESENCE_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  LINK_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .optional(),
  // How long after a visit ends the patient's link still opens the after-visit summary.
  AFTER_VISIT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // What patients dial in an emergency where the clinic is: the after-visit summary says "call 999"
  // in the United Kingdom, "llame al 112" in Spain.
  EMERGENCY_NUMBER: z
    .string()
    .trim()
    .regex(/^\d{2,4}$/, "must be the 2 to 4 digits dialled in an emergency (911, 999, 112)")
    .default("911"),
  CLIENT_DIST: z.string().optional(),
  // Default: on for local use, off when PUBLIC_URL is https (a real deployment).
  DEMO_SEED: boolFromEnv.optional(),
  // With an https PUBLIC_URL the dev LiveKit keys and the demo clinician are refused unless this is set.
  ALLOW_DEV_DEFAULTS: boolFromEnv.default(false),
  DEMO_CLINICIAN_EMAIL: z.email().default("rivera@bedside.local"),
  DEMO_CLINICIAN_PASSWORD: z.string().min(8).optional(),
  // Where every instance counts HTTP rate limits together (redis:// or rediss://); unset, each
  // instance counts its own.
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  // Multiplies every HTTP rate limit's allowance (see http/http.limits.ts); 1 in production.
  RATE_LIMIT_SCALE: z.coerce.number().min(0.01).max(100_000).default(1),
  // Commands each person (clinician or guest, all their connections together) may send per second
  // (bursts of twice that); beyond, the ack is rate_limited.
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).default(10),
  // Prometheus may scrape /metrics with this bearer token; without one, only from loopback.
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // After SIGTERM, how long /readyz says "draining" before the server closes: set it a little above
  // the load balancer's health-check interval, so new requests go elsewhere first.
  DRAIN_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
  // How browsers may reach socket.io: "websocket" alone, or "websocket,polling" to let a browser whose
  // network blocks WebSocket fall back to HTTP long-polling. A polling client's requests must all
  // reach the instance that holds its session: behind a load balancer without sticky sessions, set
  // "websocket" (polling handshakes are then refused with a message saying so).
  SOCKET_TRANSPORTS: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const names = [...new Set(v.split(",").map((t) => t.trim()))];
      if (!names.includes("websocket") || names.some((t) => t !== "websocket" && t !== "polling")) {
        ctx.addIssue({ code: "custom", message: 'must be "websocket" or "websocket,polling"' });
        return z.NEVER;
      }
      return names.includes("polling") ? ["websocket", "polling"] : ["websocket"];
    })
    .default(["websocket", "polling"]),
  // Connections one secret (a session or a participant token) may hold open at once, per server.
  SOCKET_CONNECTIONS_PER_SECRET: z.coerce.number().int().min(1).max(10_000).default(10),
  // Behind a reverse proxy: take the client's address from X-Forwarded-For (rate limits are per
  // address), believing only the hops named here (see trustProxyFromEnv).
  TRUST_PROXY: trustProxyFromEnv.default(false),
  // Seals two-factor secrets at rest (32 bytes, base64url). Instances sharing a database share it;
  // without it, a key is made once in DATA_DIR (auth/totp.ts).
  MFA_SECRET_KEY: z
    .string()
    .refine((v) => parseTotpKey(v) !== undefined, "must be 32 bytes, base64url (openssl rand -base64 32)")
    .optional(),
  // How often each instance asks the job queue (pg-boss) for reminders that are due, in seconds.
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  // What a new password hash costs (auth/password.ts): "test" is for the test suites only.
  PASSWORD_HASH_COST: z.enum(["owasp", "test"]).default("owasp"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = ReturnType<typeof parseConfig>;

export class ConfigError extends Error {}

/**
 * The variables that may hold a secret: each may instead be given as NAME_FILE, the path of a file
 * holding it (container secrets, a mounted volume), so that it appears in no process listing,
 * environment dump or compose file.
 */
export const SECRET_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "LIVEKIT_API_KEY",
  "LIVEKIT_API_SECRET",
  "MFA_SECRET_KEY",
  "METRICS_TOKEN",
  "DEMO_CLINICIAN_PASSWORD",
  "SMTP_URL",
  "TWILIO_AUTH_TOKEN",
  "FINDINGS_OPENAI_API_KEY",
] as const;

/** The environment with each NAME_FILE read into NAME (trailing newline dropped); problems named. */
function withSecretFiles(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === "") continue;
    if (env[name] !== undefined) {
      problems.push(`set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      problems.push(`${name}_FILE cannot be read: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
    }
    delete out[`${name}_FILE`];
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  return out;
}

export function parseConfig(given: Record<string, string | undefined>) {
  const env = withSecretFiles(given);
  const result = envSchema.safeParse(env);
  // The findings engine's variables live with the engine; parsed here so one message names every problem.
  const findings = findingsEnvSchema.safeParse(env);
  const scribe = scribeEnvSchema.safeParse(env);
  const retention = retentionEnvSchema.safeParse(env);
  const mail = mailEnvSchema.safeParse(env);
  const messaging = messagingEnvSchema.safeParse(env);
  if (
    !result.success ||
    !findings.success ||
    !scribe.success ||
    !retention.success ||
    !mail.success ||
    !messaging.success
  ) {
    const issues = [
      ...(result.error?.issues ?? []),
      ...(mail.error?.issues ?? []),
      ...(messaging.error?.issues ?? []),
      ...(findings.error?.issues ?? []),
      ...(scribe.error?.issues ?? []),
      ...(retention.error?.issues ?? []),
    ];
    const problems = issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const e = result.data;
  const deployed = e.PUBLIC_URL?.startsWith("https:") ?? false;
  const demoSeed = e.DEMO_SEED ?? !deployed;
  if (deployed && !e.ALLOW_DEV_DEFAULTS) {
    const unsafe = [
      ...(e.LIVEKIT_API_KEY === DEV_LIVEKIT.key || e.LIVEKIT_API_SECRET === DEV_LIVEKIT.secret
        ? ["the dev LiveKit keys (set LIVEKIT_API_KEY and LIVEKIT_API_SECRET)"]
        : []),
      ...(demoSeed ? ["the demo clinician (DEMO_SEED=true)"] : []),
    ];
    if (unsafe.length > 0) {
      throw new ConfigError(
        `invalid configuration: PUBLIC_URL is https but uses ${unsafe.join(" and ")}; set ALLOW_DEV_DEFAULTS=true to allow it`,
      );
    }
  }
  // Not even with ALLOW_DEV_DEFAULTS: a leaked hash at 1/128 of the cost is guessed 128 times faster.
  if (deployed && e.PASSWORD_HASH_COST === "test") {
    throw new ConfigError(
      "invalid configuration: PUBLIC_URL is https but PASSWORD_HASH_COST is test, the test suites' cheap password hashing; remove it",
    );
  }
  const scribeConfig = scribeConfigFromEnv(scribe.data);
  let messagingConfig: ReturnType<typeof messagingConfigFromEnv>;
  try {
    messagingConfig = messagingConfigFromEnv(messaging.data);
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${(err as Error).message}`);
  }
  // The share carries every transcript; SCRAM keeps its password off the wire, but not the data.
  if (
    deployed &&
    !e.DATABASE_URL &&
    scribeConfig.enabled &&
    !scribeConfig.dbShare.allowRemote &&
    !isLoopbackHost(scribeConfig.dbShare.host)
  ) {
    throw new ConfigError(
      `invalid configuration: PUBLIC_URL is https but SCRIBE_DB_SHARE_HOST (${scribeConfig.dbShare.host}) is not loopback: the embedded database would be served unencrypted beyond this machine; use PostgreSQL (DATABASE_URL) for workers on other machines, or set SCRIBE_DB_SHARE_ALLOW_REMOTE=true on a network you trust`,
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    database: e.DATABASE_URL
      ? ({
          kind: "postgres",
          url: e.DATABASE_URL,
          passwordFile: e.DATABASE_PASSWORD_FILE ? path.resolve(e.DATABASE_PASSWORD_FILE) : undefined,
        } as const)
      : ({ kind: "pglite", dataDir: path.resolve(e.DATA_DIR, "pglite") } as const),
    dataDir: path.resolve(e.DATA_DIR),
    migrateOnStart: e.MIGRATE_ON_START,
    livekit: {
      url: e.LIVEKIT_URL,
      publicUrl: e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL,
      apiKey: e.LIVEKIT_API_KEY,
      apiSecret: e.LIVEKIT_API_SECRET,
    },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    mfaSecretKey: e.MFA_SECRET_KEY === undefined ? undefined : parseTotpKey(e.MFA_SECRET_KEY),
    linkTtlHours: e.LINK_TTL_HOURS,
    afterVisitDays: e.AFTER_VISIT_DAYS,
    emergencyNumber: e.EMERGENCY_NUMBER,
    findings: findingsConfigFromEnv(findings.data),
    scribe: {
      ...scribeConfig,
      dbShare: { ...scribeConfig.dbShare, passwordFile: path.resolve(e.DATA_DIR, DB_SHARE_SECRET_FILE) },
    },
    retention: retentionConfigFromEnv(retention.data),
    mail: mailConfigFromEnv(mail.data),
    messaging: messagingConfig,
    presenceGraceMs: e.PRESENCE_GRACE_SECONDS * 1000,
    callEmptyEndMs: e.CALL_EMPTY_END_SECONDS * 1000,
    clientDist: e.CLIENT_DIST ? path.resolve(e.CLIENT_DIST) : undefined,
    demo: demoSeed ? { email: e.DEMO_CLINICIAN_EMAIL, password: e.DEMO_CLINICIAN_PASSWORD } : undefined,
    logLevel: e.LOG_LEVEL,
    jobsPollSeconds: e.JOBS_POLL_SECONDS,
    passwordHashCost: e.PASSWORD_HASH_COST,
    rateLimitScale: e.RATE_LIMIT_SCALE,
    redisUrl: e.REDIS_URL,
    socketEventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
    drainMs: e.DRAIN_SECONDS * 1000,
    metricsToken: e.METRICS_TOKEN,
    socketConnectionsPerSecret: e.SOCKET_CONNECTIONS_PER_SECRET,
    socketPolling: e.SOCKET_TRANSPORTS.includes("polling"),
    trustProxy: e.TRUST_PROXY,
  };
}
