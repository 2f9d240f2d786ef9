import { afterEach, describe, expect, it } from "vitest";
import { freeTcpPort } from "../../../scripts/livekit.mjs";
import { jsonOf, startTestApp, type TestApp } from "../../test/harness.js";

describe("GET /readyz (and /healthz), GET /livez", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("is ok when the database and the real LiveKit server answer", async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({
      status: "ok",
      database: "ok",
      livekit: "ok",
      // Nothing of the scribe: its workers answer for themselves, each on its SCRIBE_WORKER_PORT.
    });
  });

  it("is 503 and says why when LiveKit is unreachable", async () => {
    t = await startTestApp({ LIVEKIT_URL: `ws://127.0.0.1:${await freeTcpPort()}` });
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(503);
    const body = await jsonOf(res);
    // Which part failed, in one word: no host, port or driver message (those go to the log).
    expect(body).toEqual({
      status: "error",
      database: "ok",
      livekit: "unreachable",
    });
    // Not ready is not dead: a supervisor watching /livez does not restart it for LiveKit's sake.
    expect((await fetch(`${t.url}/livez`)).status).toBe(200);
  });

  it("is 503 when LiveKit rejects our API secret", async () => {
    t = await startTestApp({ LIVEKIT_API_SECRET: "not-the-secret" });
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(503);
    expect((await jsonOf(res)).livekit).toBe("rejected");
  });

  it("is 503 when the database is gone", async () => {
    t = await startTestApp();
    await t.db.destroy();
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(503);
    const body = await jsonOf(res);
    expect(body.database).toBe("unreachable");
    expect(body.livekit).toBe("ok");
    expect(JSON.stringify(body)).not.toMatch(/pglite|closed|destroy|error:/i);
    t = undefined; // already closed its database
  });

  it("/readyz says draining once the process is told to stop; /livez and the API still answer", async () => {
    t = await startTestApp();
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    t.app.drain();
    for (const path of ["/readyz", "/healthz"]) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(503);
      expect(await jsonOf(res)).toEqual({ status: "draining", database: "ok", livekit: "ok" });
    }
    // Draining is not dead: the process and its API still answer until it closes.
    expect((await fetch(`${t.url}/livez`)).status).toBe(200);
    expect((await fetch(`${t.url}/api/auth/me`)).status).toBe(401);
  });

  it("/metrics: Prometheus text with route-pattern latency and the clinic's gauges, for the scrape token only", async () => {
    const token = "scrape-token-0123456789";
    t = await startTestApp({ METRICS_TOKEN: token });
    expect((await fetch(`${t.url}/metrics`)).status).toBe(403);
    expect(
      (await fetch(`${t.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456" } })).status,
    ).toBe(403);
    // A link's secret in a URL never becomes a label: the route pattern does.
    await fetch(`${t.url}/api/join/not-a-real-secret-0123456789`);
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /^bedside_http_request_duration_seconds_count\{method="GET",route="\/api\/join\/:secret",status="\d{3}"\} 1$/m,
    );
    expect(text).not.toContain("not-a-real-secret");
    expect(text).toMatch(/^bedside_patients_waiting 0$/m);
    expect(text).toMatch(/^bedside_visits_in_call 0$/m);
    expect(text).toMatch(/^bedside_sockets_connected 0$/m);
    expect(text).toMatch(/^bedside_nodejs_eventloop_lag_p99_seconds /m);
  });
});

describe("GET /api/clinic", () => {
  it("tells anyone the number the clinic's patients dial in an emergency (EMERGENCY_NUMBER)", async () => {
    const t = await startTestApp({ EMERGENCY_NUMBER: "999" });
    try {
      const res = await fetch(`${t.url}/api/clinic`);
      expect(res.status).toBe(200);
      expect(await jsonOf(res)).toEqual({ emergencyNumber: "999" });
    } finally {
      await t.close();
    }
  });
});
