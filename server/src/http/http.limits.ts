// Rate limits for the routes an attacker would hammer: sign-in (a password guess, and a scrypt
// hash's worth of CPU and memory each), visit-link look-ups and check-ins (guessing a link), and
// the after-visit routes (guessing a summary capability). Counted by @fastify/rate-limit; an
// exceeded limit is a 429 with Retry-After, before the route does any work. With REDIS_URL the
// counts live in Redis (the library's own store), so every instance behind the load balancer
// counts the same attempts; without it, each instance counts its own.
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import { DomainError } from "../access/access.errors.js";

export type Limit = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The account a request signs in to, when its body does not name it: sign-in's second step carries
 * a pending token, and the route says whose it is (so wrong codes count against the same account).
 */
const signInAccount = new WeakMap<FastifyRequest, string>();
const emailOf = (request: FastifyRequest): string | undefined => {
  const email = signInAccount.get(request) ?? (request.body as { email?: unknown } | null | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase().slice(0, 320) : undefined;
};
const secretOf = (request: FastifyRequest): string =>
  String((request.params as { secret?: unknown } | undefined)?.secret ?? "").slice(0, 128);

function refuse(reply: FastifyReply, seconds: number): never {
  reply.header("retry-after", seconds);
  throw new DomainError("rate_limited", `Too many attempts. Please wait ${seconds} seconds and try again.`);
}

/**
 * Where the counts live: this instance's memory, or Redis shared by every instance. When Redis
 * cannot answer, a request is let through (logged once per outage) rather than every sign-in and
 * check-in failing with it.
 */
function sharedStore(app: FastifyInstance, redisUrl: string | undefined) {
  if (!redisUrl) return {};
  const redis = new Redis(redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
  });
  let down = false;
  redis.on("error", (err: Error) => {
    if (!down) app.log.warn({ err: err.message }, "rate limits: Redis unreachable, requests are not counted");
    down = true;
  });
  redis.on("ready", () => {
    if (down) app.log.info("rate limits: Redis reachable again");
    down = false;
  });
  app.addHook("onClose", async () => void redis.disconnect());
  return { redis, nameSpace: "bedside:limits:", skipOnError: true };
}

/**
 * The app's limits. `scale` multiplies every allowance (RATE_LIMIT_SCALE: 1 in production; a test
 * that drives thousands of requests from one address raises it).
 */
export async function createLimits(app: FastifyInstance, scale: number, redisUrl?: string) {
  // Limits are attached route by route below, never globally.
  await app.register(fastifyRateLimit, { global: false, ...sharedStore(app, redisUrl) });
  const limit = (name: string, max: number, windowMs: number, key: (r: FastifyRequest) => string): Limit => {
    // createRateLimit (not rateLimit): a route may have two limits, and rateLimit runs only one per request.
    const check = app.createRateLimit({
      max: Math.max(1, Math.round(max * scale)),
      timeWindow: windowMs,
      keyGenerator: (request) => `${name}:${key(request)}`,
    });
    return async (request, reply) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      refuse(reply, result.ttlInSeconds);
    };
  };
  /**
   * Counts only what `record` is told (failed sign-ins), and refuses once `max` are counted: a
   * clinician who signs in and out all day is never locked out by their own successes.
   */
  const failures = (name: string, max: number, windowMs: number, key: (r: FastifyRequest) => string) => {
    const counter = app.createRateLimit({
      max: Math.max(1, Math.round(max * scale)),
      timeWindow: windowMs,
      keyGenerator: (request) => `${name}:${key(request)}`,
    });
    return {
      check: (async (request, reply) => {
        const seen = await counter(request, { increment: false });
        if (seen.isAllowed || seen.remaining > 0) return;
        refuse(reply, Math.max(1, seen.ttlInSeconds));
      }) satisfies Limit,
      record: async (request: FastifyRequest) => void (await counter(request)),
      /** Counts this request against `email`'s failures (its body carries no email). */
      forAccount: (request: FastifyRequest, email: string) => void signInAccount.set(request, email),
    };
  };
  const minute = 60_000;
  return {
    signInPerAddress: limit("sign-in:address", 20, minute, (r) => r.ip),
    /**
     * Failed sign-ins per account and address. Not per account alone: then anyone could lock a
     * clinician out with ten wrong passwords from anywhere. A guess spread over many addresses is
     * held by each address's own limit (signInPerAddress, every account counted together).
     */
    signInFailures: failures(
      "sign-in:account+address",
      10,
      15 * minute,
      (r) => `${emailOf(r) ?? ""}|${r.ip}`,
    ),
    linkLookup: limit("link:address", 30, minute, (r) => r.ip),
    checkInPerAddress: limit("check-in:address", 10, minute, (r) => r.ip),
    checkInPerLink: limit("check-in:link", 5, minute, secretOf),
    afterVisit: limit("after-visit:address", 60, minute, (r) => r.ip),
    afterVisitLink: limit("after-visit-link:address", 10, minute, (r) => r.ip),
    /** The patient's photos and documents (issue 30): each one is decoded and re-encoded. */
    attachmentUpload: limit("attachment:address", 20, minute, (r) => r.ip),
    /** Setup, invitation and reset links used (guessing one), per address. */
    accountLinks: limit("account-link:address", 20, minute, (r) => r.ip),
    /** Reset mail asked for: per address, and per email so nobody's inbox is flooded. */
    resetRequests: limit("reset:address+email", 3, 15 * minute, (r) => `${emailOf(r) ?? ""}|${r.ip}`),
  };
}
export type Limits = Awaited<ReturnType<typeof createLimits>>;
