// Issue 26: the server's routes and the shared contract are the same list. Every /api route is
// registered from a contract entry (http.routes.ts), and this fails when the server registers a route
// the contract lacks, or the contract names one the server does not register.
import { contract } from "@bedside/shared";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness.js";
import { collectRoutes, routesOf } from "./http.routes.js";

/** What the server registered and the contract does not name, and the other way round. */
function parity(registered: ReadonlyArray<{ method: string; url: string }>) {
  const server = registered.filter((r) => r.method !== "HEAD").map((r) => `${r.method} ${r.url}`);
  const named = Object.values(contract).map((c) => `${c.method} ${c.path}`);
  return {
    notInContract: server.filter((r) => !named.includes(r)).sort(),
    notRegistered: named.filter((c) => !server.includes(c)).sort(),
  };
}

describe("the route contract and the server's routes", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("registers exactly the contract's routes", () => {
    expect(t.app.routes.length).toBeGreaterThan(70);
    expect(parity(t.app.routes)).toEqual({ notInContract: [], notRegistered: [] });
  });

  it("fails on a route the contract lacks, and on a contract entry the server lacks", () => {
    const stray = [...t.app.routes, { method: "GET", url: "/api/stray" }];
    expect(parity(stray)).toEqual({ notInContract: ["GET /api/stray"], notRegistered: [] });
    const missing = t.app.routes.filter((r) => r.url !== "/api/visits/:visitId/review");
    expect(parity(missing)).toEqual({
      notInContract: [],
      notRegistered: ["GET /api/visits/:visitId/review"],
    });
  });

  it("refuses an /api route registered without its contract entry", async () => {
    const app = Fastify();
    const routes = collectRoutes(app);
    routesOf(app)(contract.joinInfo, () => ({}));
    expect(() => app.get("/api/stray", () => ({}))).toThrow(/not registered from the route contract/);
    await app.close();
    expect(routes).toEqual([
      { method: "GET", url: "/api/join/:secret" },
      { method: "HEAD", url: "/api/join/:secret" },
    ]);
  });

  it("refuses a guarded route registered without its guard", () => {
    const app = Fastify();
    expect(() => routesOf(app)(contract.review, () => ({}))).toThrow(/no guard/);
  });

  it("answers a refused parameter with today's 400 body, after the guard", async () => {
    const unauth = await t.app.http.inject({ method: "GET", url: "/api/visits/not-a-uuid/review" });
    expect(unauth.statusCode).toBe(401);
    const c = await t.app.repos.clinicians.create({
      email: "p@example.org",
      displayName: "P",
      passwordHash: "x",
    });
    const cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
    const res = await t.app.http.inject({
      method: "GET",
      url: "/api/visits/not-a-uuid/review",
      headers: { cookie },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: "bad_request", message: "visitId: Invalid UUID" } });
  });
});
