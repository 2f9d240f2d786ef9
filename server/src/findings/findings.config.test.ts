import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config.js";

describe("findings and after-visit configuration", () => {
  it("defaults to the built-in engine and a 30-day after-visit window", () => {
    const c = parseConfig({});
    expect(c.findings).toEqual({ engine: "builtin" });
    expect(c.afterVisitDays).toBe(30);
  });

  it.each([
    [{ AFTER_VISIT_DAYS: "0" }, /AFTER_VISIT_DAYS/],
    [{ AFTER_VISIT_DAYS: "soon" }, /AFTER_VISIT_DAYS/],
    [{ FINDINGS_ENGINE: "openai-compatible" }, /FINDINGS_OPENAI_BASE_URL is required/],
    [{ FINDINGS_ENGINE: "gpt" }, /FINDINGS_ENGINE/],
  ])("rejects %j naming the variable", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("selects the OpenAI-compatible engine when configured", () => {
    const c = parseConfig({
      FINDINGS_ENGINE: "openai-compatible",
      FINDINGS_OPENAI_BASE_URL: "http://127.0.0.1:8000/v1/",
      FINDINGS_OPENAI_MODEL: "m",
    });
    expect(c.findings).toMatchObject({
      engine: "openai-compatible",
      baseUrl: "http://127.0.0.1:8000/v1",
      model: "m",
    });
  });
});
