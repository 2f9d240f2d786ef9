import { describe, expect, it } from "vitest";
import { bareId, parseHalf, trainHalf } from "./halves.js";

describe("training halves", () => {
  it("puts one dialogue in the same half whatever prefix a tool adds", () => {
    for (const id of ["D2N001", "D2N006", "279", "767"]) {
      expect(trainHalf(`aci-train-${id}`)).toBe(trainHalf(id));
      expect(trainHalf(`aci-train:${id}`)).toBe(trainHalf(id));
      expect(trainHalf(`mts-train-${id}`)).toBe(trainHalf(id));
    }
    expect(bareId("mts-train-279")).toBe("279");
  });

  it("is a fixed split (sha-256 first byte parity), not one that moves", () => {
    expect(trainHalf("D2N001")).toBe("A");
    expect(trainHalf("D2N006")).toBe("B");
    expect(trainHalf("767")).toBe("A");
    expect(trainHalf("279")).toBe("B");
  });

  it("splits roughly in two", () => {
    const ids = Array.from({ length: 400 }, (_, i) => `D2N${String(i).padStart(3, "0")}`);
    const a = ids.filter((id) => trainHalf(id) === "A").length;
    expect(a).toBeGreaterThan(160);
    expect(a).toBeLessThan(240);
  });

  it("reads --half at the boundary", () => {
    expect(parseHalf(undefined)).toEqual({});
    expect(parseHalf("b")).toEqual({ half: "B" });
    expect(parseHalf("C").error).toMatch(/A or B/);
  });
});
