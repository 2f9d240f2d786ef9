import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, SECRET_VARIABLES } from "./config.js";

describe("parseConfig", () => {
  it("uses safe local defaults: loopback, embedded database, local LiveKit", () => {
    const c = parseConfig({});
    expect(c.host).toBe("127.0.0.1");
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe("pglite");
    expect(c.livekit.url).toBe("ws://127.0.0.1:7880");
    expect(c.demo?.email).toBe("rivera@bedside.local");
    expect(c.scribe.worker).toEqual({
      maxJobs: 4,
      host: "127.0.0.1",
      port: 8081,
      restartDeadlineMs: 20_000,
      drainMs: 30_000,
      metricsPort: undefined,
    });
  });

  it("turns the scribe worker's metrics on with WORKER_METRICS_PORT, and refuses a port that is not one", () => {
    expect(parseConfig({ WORKER_METRICS_PORT: "9464" }).scribe.worker.metricsPort).toBe(9464);
    for (const bad of ["0", "70000", "nine"]) {
      expect(() => parseConfig({ WORKER_METRICS_PORT: bad })).toThrow(/WORKER_METRICS_PORT/);
    }
  });

  it("takes the emergency number the patient's summary gives from EMERGENCY_NUMBER, digits only", () => {
    expect(parseConfig({}).emergencyNumber).toBe("911");
    expect(parseConfig({ EMERGENCY_NUMBER: "999" }).emergencyNumber).toBe("999");
    for (const bad of ["", "9", "call 911", "99999"])
      expect(() => parseConfig({ EMERGENCY_NUMBER: bad })).toThrow(/EMERGENCY_NUMBER/);
  });

  it("takes a scribe worker's restart deadline from the environment (tests shorten it)", () => {
    const c = parseConfig({ SCRIBE_WORKER_RESTART_DEADLINE_MS: "3000" });
    expect(c.scribe.worker.restartDeadlineMs).toBe(3_000);
  });

  it("lets a scribe worker's health endpoint listen beyond loopback, for a probe from another host", () => {
    expect(parseConfig({ SCRIBE_WORKER_HOST: "0.0.0.0" }).scribe.worker.host).toBe("0.0.0.0");
  });

  it("switches to PostgreSQL when DATABASE_URL is a postgres URL", () => {
    const c = parseConfig({ DATABASE_URL: "postgresql://u:p@db.internal:5432/bedside" });
    expect(c.database).toEqual({ kind: "postgres", url: "postgresql://u:p@db.internal:5432/bedside" });
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL/],
    [{ PORT: "70000" }, /PORT/],
    [{ PORT: "abc" }, /PORT/],
    [{ LIVEKIT_URL: "http://x" }, /LIVEKIT_URL must be a ws/],
    [{ DEMO_SEED: "yes" }, /DEMO_SEED/],
    [{ DEMO_CLINICIAN_PASSWORD: "short" }, /DEMO_CLINICIAN_PASSWORD/],
    [{ SCRIBE_WORKER_HOST: "" }, /SCRIBE_WORKER_HOST/],
    [{ SCRIBE_WORKER_PORT: "0" }, /SCRIBE_WORKER_PORT/],
    [{ SCRIBE_WORKER_RESTART_DEADLINE_MS: "soon" }, /SCRIBE_WORKER_RESTART_DEADLINE_MS/],
    [{ SCRIBE_WORKER_RESTART_DEADLINE_MS: "999" }, /SCRIBE_WORKER_RESTART_DEADLINE_MS/],
  ])("rejects %j with a message naming the variable", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });
});

describe("safe defaults when PUBLIC_URL is https (issue 12, finding 14)", () => {
  const deployed = { PUBLIC_URL: "https://bedside.example.org" };
  const realKeys = { LIVEKIT_API_KEY: "APIabc123", LIVEKIT_API_SECRET: "a-real-secret-of-some-length" };

  it("refuses the dev LiveKit keys, naming the variables and the flag that allows them", () => {
    expect(() => parseConfig({ ...deployed, DEMO_SEED: "false" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...deployed, DEMO_SEED: "false" })).toThrow(
      /dev LiveKit keys.*LIVEKIT_API_KEY.*ALLOW_DEV_DEFAULTS=true/,
    );
    expect(() => parseConfig({ ...deployed, ...realKeys, LIVEKIT_API_SECRET: "secret" })).toThrow(
      /dev LiveKit keys/,
    );
  });

  it("refuses an explicit demo seed and turns the default demo seed off", () => {
    expect(() => parseConfig({ ...deployed, ...realKeys, DEMO_SEED: "true" })).toThrow(/demo clinician/);
    expect(parseConfig({ ...deployed, ...realKeys }).demo).toBeUndefined();
  });

  it("allows both when ALLOW_DEV_DEFAULTS is set, and keeps them on plain http", () => {
    const allowed = parseConfig({ ...deployed, DEMO_SEED: "true", ALLOW_DEV_DEFAULTS: "true" });
    expect(allowed.demo?.email).toBe("rivera@bedside.local");
    expect(allowed.livekit.apiKey).toBe("devkey");
    expect(parseConfig({ PUBLIC_URL: "http://127.0.0.1:3000" }).demo).toBeDefined();
  });
});

describe("password hashing cost (PASSWORD_HASH_COST)", () => {
  it("is OWASP's unless set, and a deployment refuses the tests' cheap one even with ALLOW_DEV_DEFAULTS", () => {
    expect(parseConfig({}).passwordHashCost).toBe("owasp");
    expect(
      parseConfig({ PUBLIC_URL: "https://bedside.example.org", ALLOW_DEV_DEFAULTS: "true" }).passwordHashCost,
    ).toBe("owasp");
    expect(parseConfig({ PASSWORD_HASH_COST: "test" }).passwordHashCost).toBe("test");
    expect(() =>
      parseConfig({
        PUBLIC_URL: "https://bedside.example.org",
        ALLOW_DEV_DEFAULTS: "true",
        PASSWORD_HASH_COST: "test",
      }),
    ).toThrow(/PASSWORD_HASH_COST is test/);
    expect(() => parseConfig({ PASSWORD_HASH_COST: "cheap" })).toThrow(ConfigError);
  });
});

describe("the embedded database's share stays on loopback under https (issue 24, finding 16)", () => {
  const deployed = {
    PUBLIC_URL: "https://bedside.example.org",
    LIVEKIT_API_KEY: "APIabc123",
    LIVEKIT_API_SECRET: "a-real-secret-of-some-length",
  };

  it.each(["0.0.0.0", "::", "10.0.0.5", "db.internal"])(
    "refuses SCRIBE_DB_SHARE_HOST=%s, naming the variable and the flag that allows it",
    (host) => {
      const env = { ...deployed, SCRIBE_DB_SHARE_HOST: host };
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).toThrow(
        /SCRIBE_DB_SHARE_HOST.*not loopback.*SCRIBE_DB_SHARE_ALLOW_REMOTE=true/,
      );
    },
  );

  it("allows it when asked to, on plain http, with PostgreSQL (no share), or without the scribe", () => {
    const remote = { ...deployed, SCRIBE_DB_SHARE_HOST: "0.0.0.0" };
    expect(parseConfig({ ...remote, SCRIBE_DB_SHARE_ALLOW_REMOTE: "true" }).scribe.dbShare.host).toBe(
      "0.0.0.0",
    );
    expect(parseConfig({ SCRIBE_DB_SHARE_HOST: "0.0.0.0" }).scribe.dbShare.host).toBe("0.0.0.0");
    expect(parseConfig({ ...remote, DATABASE_URL: "postgres://u:p@db/b" }).database.kind).toBe("postgres");
    expect(parseConfig({ ...remote, SCRIBE_ENABLED: "false" }).scribe.enabled).toBe(false);
    expect(parseConfig({ ...deployed, SCRIBE_DB_SHARE_HOST: "127.0.0.1" }).scribe.dbShare.host).toBe(
      "127.0.0.1",
    );
  });
});

describe("external AI endpoints must be https unless on loopback (issue 12, finding 15)", () => {
  const stt = (url: string) => ({ SCRIBE_STT: "openai-compatible", SCRIBE_OPENAI_BASE_URL: url });
  const findings = (url: string) => ({
    FINDINGS_ENGINE: "openai-compatible",
    FINDINGS_OPENAI_BASE_URL: url,
    FINDINGS_OPENAI_MODEL: "m",
  });

  it.each([
    ["speech", stt("http://stt.example.org/v1"), /SCRIBE_OPENAI_BASE_URL must be https:\/\//],
    ["speech on a LAN address", stt("http://10.0.0.5:8000"), /SCRIBE_OPENAI_BASE_URL must be https/],
    ["findings", findings("http://llm.example.org/v1"), /FINDINGS_OPENAI_BASE_URL must be https:\/\//],
    ["findings on 127.evil.com", findings("http://127.0.0.1.evil.com/v1"), /FINDINGS_OPENAI_BASE_URL/],
  ])("refuses plain http for %s with a clear error", (_name, env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it.each([
    "https://stt.example.org/v1",
    "http://127.0.0.1:8000/v1",
    "http://localhost:8000",
    "http://[::1]:8000",
  ])("accepts %s", (url) => {
    expect(parseConfig(stt(url)).scribe.stt).toMatchObject({ kind: "openai-compatible" });
    expect(parseConfig(findings(url)).findings).toMatchObject({ engine: "openai-compatible" });
  });
});

describe("TRUST_PROXY believes only the proxies in front (issue 24, finding 4)", () => {
  it("takes a hop count or proxy addresses, and is off by default", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "0" }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.2, 10.0.1.0/24,::1" }).trustProxy).toEqual([
      "10.0.0.2",
      "10.0.1.0/24",
      "::1",
    ]);
  });

  it.each([
    [{ TRUST_PROXY: "true" }, /TRUST_PROXY true would believe every X-Forwarded-For hop/],
    [{ TRUST_PROXY: "yes" }, /TRUST_PROXY must be false, a number of proxy hops/],
    [{ TRUST_PROXY: "10.0.0.2,proxy.internal" }, /not "proxy\.internal"/],
    [{ TRUST_PROXY: "-1" }, /TRUST_PROXY/],
    [{ TRUST_PROXY: "99" }, /at most 16/],
  ])("refuses %j, saying why", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });
});

describe("secrets from files (NAME_FILE, issue 29)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-secrets-"));
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it("reads each secret from its file, without the trailing newline", () => {
    const config = parseConfig({
      PUBLIC_URL: "https://visits.example.org",
      DEMO_SEED: "false",
      LIVEKIT_API_KEY_FILE: file("key", "APIk3y\n"),
      LIVEKIT_API_SECRET_FILE: file("secret", "s3cret-of-the-cluster-0123456789\n"),
      DATABASE_URL_FILE: file("db", "postgres://bedside:pw@db:5432/bedside\n"),
      METRICS_TOKEN_FILE: file("metrics", "a-scrape-token-of-32-characters!"),
    });
    expect(config.livekit).toMatchObject({ apiKey: "APIk3y", apiSecret: "s3cret-of-the-cluster-0123456789" });
    expect(config.database).toMatchObject({ kind: "postgres", url: "postgres://bedside:pw@db:5432/bedside" });
    expect(config.metricsToken).toBe("a-scrape-token-of-32-characters!");
  });

  it("refuses both a value and a file, or a file it cannot read, naming the variable", () => {
    const secret = file("both", "x".repeat(20));
    expect(() =>
      parseConfig({ LIVEKIT_API_SECRET: "y".repeat(20), LIVEKIT_API_SECRET_FILE: secret }),
    ).toThrow("set LIVEKIT_API_SECRET or LIVEKIT_API_SECRET_FILE, not both");
    expect(() => parseConfig({ MFA_SECRET_KEY_FILE: path.join(dir, "missing") })).toThrow(
      /MFA_SECRET_KEY_FILE cannot be read: ENOENT/,
    );
  });

  it("checks what a file holds like the variable itself", () => {
    expect(() => parseConfig({ METRICS_TOKEN_FILE: file("short", "short\n") })).toThrow(ConfigError);
    expect(() => parseConfig({ METRICS_TOKEN_FILE: file("short", "short\n") })).toThrow(
      /METRICS_TOKEN must be/,
    );
  });

  it("each secret may be given as a file", () => {
    for (const name of SECRET_VARIABLES) {
      expect(() => parseConfig({ [`${name}_FILE`]: path.join(dir, "missing") })).toThrow(`${name}_FILE`);
    }
  });
});

describe("operations settings (issue 29)", () => {
  it("migrates at start unless MIGRATE_ON_START is false; anything else is refused", () => {
    expect(parseConfig({}).migrateOnStart).toBe(true);
    expect(parseConfig({ MIGRATE_ON_START: "false" }).migrateOnStart).toBe(false);
    expect(() => parseConfig({ MIGRATE_ON_START: "no" })).toThrow(/MIGRATE_ON_START/);
  });

  it("allows long-polling unless SOCKET_TRANSPORTS is websocket; WebSocket cannot be left out", () => {
    expect(parseConfig({}).socketPolling).toBe(true);
    expect(parseConfig({ SOCKET_TRANSPORTS: "websocket" }).socketPolling).toBe(false);
    expect(parseConfig({ SOCKET_TRANSPORTS: " polling, websocket " }).socketPolling).toBe(true);
    for (const bad of ["polling", "websocket,webtransport", ""]) {
      expect(() => parseConfig({ SOCKET_TRANSPORTS: bad })).toThrow(
        /SOCKET_TRANSPORTS must be "websocket" or "websocket,polling"/,
      );
    }
  });
});
