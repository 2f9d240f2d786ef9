import { describe, expect, it } from "vitest";
import { z } from "zod";
import { contract, routeAccessValues, type RouteContract } from "./routes.js";

describe("the route contract", () => {
  const entries: Array<[string, RouteContract & { name: string }]> = Object.entries(contract);

  it("names each method and path once", () => {
    const keys = entries.map(([, r]) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, r] of entries) expect(r.name).toBe(name);
  });

  it("declares a parameter schema with exactly the path's parameters", () => {
    for (const [name, r] of entries) {
      const inPath = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      const declared = r.params instanceof z.ZodObject ? Object.keys(r.params.shape).sort() : [];
      expect(declared, name).toEqual(inPath);
    }
  });

  it("says who may call every route, from the known set", () => {
    for (const [name, r] of entries) expect(routeAccessValues, name).toContain(r.access);
  });
});
