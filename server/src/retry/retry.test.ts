import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { retry, stopRetrying } from "./retry.js";

describe("retry", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Attempt times (ms from the start) of a call that fails `failures` times, then resolves. */
  async function attemptTimes(failures: number, backoff: Parameters<typeof retry>[1]["backoff"]) {
    const start = Date.now();
    const at: number[] = [];
    const done = retry(
      async () => {
        at.push(Date.now() - start);
        if (at.length <= failures) throw new Error("down");
        return "ok";
      },
      { backoff },
    );
    await vi.runAllTimersAsync();
    await expect(done).resolves.toBe("ok");
    return at;
  }

  it("doubles the wait after each failure, up to the cap", async () => {
    expect(await attemptTimes(5, { firstMs: 250, maxMs: 2_000 })).toEqual([0, 250, 750, 1_750, 3_750, 5_750]);
  });

  it("with equal jitter, waits between half and all of each exponential delay", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(await attemptTimes(3, { firstMs: 500, maxMs: 8_000, jitter: "equal" })).toEqual([
      0, 250, 750, 1_750,
    ]);
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const high = await attemptTimes(3, { firstMs: 500, maxMs: 8_000, jitter: "equal" });
    expect(high.map((t, i) => t - (high[i - 1] ?? 0)).slice(1)).toEqual([500, 1_000, 2_000]);
  });

  it("retries any error a driver throws, a TypeError too, and reports each as it was thrown", async () => {
    const seen: unknown[] = [];
    let n = 0;
    const bug = new TypeError("Cannot read properties of undefined (reading 'query')");
    const done = retry(
      async () => {
        if (n++ < 2) throw bug;
        return n;
      },
      { backoff: { firstMs: 10, maxMs: 10 }, onFailedAttempt: ({ error }) => void seen.push(error) },
    );
    await vi.runAllTimersAsync();
    await expect(done).resolves.toBe(3);
    expect(seen).toEqual([bug, bug]);
  });

  it("gives up after `retries`, rejecting with the last error itself", async () => {
    const err = new Error("still down");
    let calls = 0;
    const done = retry(
      async () => {
        calls++;
        throw err;
      },
      { backoff: { firstMs: 10, maxMs: 10 }, retries: 2 },
    );
    const settled = expect(done).rejects.toBe(err);
    await vi.runAllTimersAsync();
    await settled;
    expect(calls).toBe(3);
  });

  it("stops at once when the call says so, or when the signal aborts during a wait", async () => {
    const final = new Error("not worth retrying");
    await expect(
      retry(async () => stopRetrying(final), { backoff: { firstMs: 10, maxMs: 10 } }),
    ).rejects.toBe(final);

    const controller = new AbortController();
    let calls = 0;
    const done = retry(
      async () => {
        calls++;
        throw new Error("down");
      },
      { backoff: { firstMs: 1_000, maxMs: 1_000 }, signal: controller.signal },
    );
    const settled = expect(done).rejects.toThrow(/abort/i);
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await settled;
    expect(calls).toBe(1);
  });
});
