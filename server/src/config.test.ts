import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

describe("parseConfig", () => {
  it("uses safe local defaults: loopback, embedded database, local LiveKit", () => {
    const c = parseConfig({});
    expect(c.host).toBe("127.0.0.1");
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe("pglite");
    expect(c.livekit.url).toBe("ws://127.0.0.1:7880");
    expect(c.demo?.email).toBe("rivera@bedside.local");
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
  ])("rejects %j with a message naming the variable", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });
});
