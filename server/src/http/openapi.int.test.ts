// Issue 14: the OpenAPI 3 document describes every route the server registered (its own route
// table, from Fastify's onRoute hook), is served in development, and carries the shared schemas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness.js";
import { apiRoutes } from "./openapi.js";

describe("OpenAPI 3 of the HTTP API", () => {
  let t: TestApp;
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
  };
  beforeAll(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as typeof doc;
  });
  afterAll(() => t.close());

  it("has every route the server registered, and none it did not", () => {
    const registered = t.app.routes
      .filter((r) => r.method !== "HEAD")
      .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    expect(registered.length).toBeGreaterThan(30);
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    expect(documented).toEqual(registered);
    expect(Object.keys(apiRoutes)).toHaveLength(registered.length);
  });

  it("is OpenAPI 3 with the request bodies from the shared zod schemas", () => {
    expect(doc.openapi).toMatch(/^3\./);
    const save =
      doc.paths["/api/visits/{visitId}/note"]?.put?.requestBody?.content["application/json"]?.schema;
    expect(JSON.stringify(save)).toContain("chief_complaint");
    const add =
      doc.paths["/api/visits/{visitId}/findings"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(JSON.stringify(add)).toContain("warning_sign");
  });
});
