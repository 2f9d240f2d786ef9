import { describe, expect, it } from "vitest";
import { en } from "./en";
import { es } from "./es";

/** Every leaf's path: "checkIn.title", "feedback.items.0.title". */
function paths(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  if (Array.isArray(node)) return node.flatMap((v, i) => paths(v, `${prefix}.${i}`));
  if (node && typeof node === "object")
    return Object.entries(node).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k));
  return [`${prefix} (not a string)`];
}

function leaf(node: unknown, path: string): string {
  return path.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], node) as string;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}|<(\w+)>/g)].map((m) => m[0]).sort();

describe("catalogues", () => {
  it("English and Spanish have exactly the same keys", () => {
    expect(paths(es).sort()).toEqual(paths(en).sort());
  });

  it("each Spanish string keeps its English placeholders and markup, and is not left in English", () => {
    // Names of languages are written in their own language on purpose.
    const sameOnPurpose = new Set(["language.en", "language.es", "common.no"]);
    for (const p of paths(en)) {
      expect(placeholders(leaf(es, p)), p).toEqual(placeholders(leaf(en, p)));
      if (!sameOnPurpose.has(p)) expect(leaf(es, p), p).not.toBe(leaf(en, p));
    }
  });
});
