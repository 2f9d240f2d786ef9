// Rate limits shared by every instance (issue 29): two API instances count against one real Redis,
// so alternating between them buys an attacker nothing; and a Redis that goes away lets requests
// through instead of failing them.
import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeTcpPort } from "../../../scripts/livekit.mjs";
import { startTestApp, type TestApp } from "../../test/harness.js";

async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freeTcpPort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {}); // not up yet: retried below
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { url, process: child };
    } catch {
      if (i > 100) throw new Error("redis-server did not start (sudo apt-get install redis-server)");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe("HTTP rate limits in Redis, shared by two instances", { timeout: 60_000 }, () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let apps: TestApp[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    apps = await Promise.all([
      startTestApp({ REDIS_URL: redis.url, DEMO_SEED: "true", DEMO_CLINICIAN_PASSWORD: "a long passphrase" }),
      startTestApp({ REDIS_URL: redis.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    redis.process.kill();
  });

  const lookUp = (app: TestApp, ip: string) =>
    app.app.http.inject({ method: "GET", url: `/api/join/${"A".repeat(43)}`, remoteAddress: ip });

  it("link look-ups alternating between the instances are counted together", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await lookUp(apps[i % 2]!, "192.0.2.30")).statusCode);
    // The limit is 30 a minute per address: one instance alone would have allowed 30 of its own.
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await lookUp(apps[0]!, "192.0.2.31")).statusCode).toBe(404);
  });

  it("failed sign-ins alternating between the instances are counted together", async () => {
    const signIn = (app: TestApp, password: string) =>
      app.app.http.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ email: "rivera@bedside.local", password }),
        remoteAddress: "198.51.100.40",
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(apps[i % 2]!, "wrong guess")).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password, on the instance that counted only five: the account is held here.
    expect((await signIn(apps[0]!, "a long passphrase")).statusCode).toBe(429);
  });

  it("when Redis goes away, requests are answered, not failed", async () => {
    redis.process.kill("SIGKILL");
    await new Promise((r) => redis.process.once("exit", r));
    const res = await lookUp(apps[1]!, "192.0.2.32");
    expect(res.statusCode).toBe(404);
  });
});
