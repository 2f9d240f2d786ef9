import { describe, expect, it } from "vitest";
import { estimateWaits, median, roundedMinutes } from "./visit.wait.js";

const min = 60_000;

describe("the estimated wait", () => {
  it("takes the median, not the mean, of today's visit lengths", () => {
    expect(median([])).toBeUndefined();
    expect(median([10, 50, 20])).toBe(20);
    expect(median([10, 20, 30, 40])).toBe(25);
  });

  it("rounds to 5 minutes, and a couple of minutes to 0", () => {
    expect(roundedMinutes(0)).toBe(0);
    expect(roundedMinutes(2 * min)).toBe(0);
    expect(roundedMinutes(3 * min)).toBe(5);
    expect(roundedMinutes(11 * min)).toBe(10);
    expect(roundedMinutes(13 * min)).toBe(15);
    expect(roundedMinutes(-4 * min)).toBe(0);
  });

  it("uses the default visit length when nothing ended today", () => {
    const waits = estimateWaits({ waiting: ["a", "b", "c"], endedTodayMs: [], currentElapsedMs: null });
    expect([...waits]).toEqual([
      ["a", { place: 1, aboutMinutes: 0 }],
      ["b", { place: 2, aboutMinutes: 15 }],
      ["c", { place: 3, aboutMinutes: 30 }],
    ]);
  });

  it("counts the people ahead times today's median plus what is left of the current call", () => {
    const waits = estimateWaits({
      waiting: ["a", "b"],
      endedTodayMs: [8 * min, 12 * min, 40 * min],
      currentElapsedMs: 5 * min,
    });
    // Typical 12 min; 7 min left of the current call.
    expect(waits.get("a")).toEqual({ place: 1, aboutMinutes: 5 });
    expect(waits.get("b")).toEqual({ place: 2, aboutMinutes: 20 });
  });

  it("never counts an overrunning call as negative time", () => {
    const waits = estimateWaits({
      waiting: ["a", "b"],
      endedTodayMs: [10 * min],
      currentElapsedMs: 25 * min,
    });
    expect(waits.get("a")).toEqual({ place: 1, aboutMinutes: 0 });
    expect(waits.get("b")).toEqual({ place: 2, aboutMinutes: 10 });
  });

  it("gives a visit one place however many of its guests wait (patient and interpreter)", () => {
    const waits = estimateWaits({ waiting: ["a", "a", "b"], endedTodayMs: [], currentElapsedMs: null });
    expect(waits.get("b")).toEqual({ place: 2, aboutMinutes: 15 });
  });
});
