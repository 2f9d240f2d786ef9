import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startWithin } from "./scribe.job.js";

describe("a scribe job that does not join its room in time", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const job = () => ({ stop: vi.fn(async () => {}) });

  it("gives up at the deadline when the start hangs", async () => {
    const onLate = vi.fn();
    void startWithin(30_000, () => new Promise<never>(() => {}), onLate);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(onLate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onLate).toHaveBeenCalledOnce();
  });

  it("stops a job that starts after the deadline, and returns none", async () => {
    const late = job();
    const onLate = vi.fn();
    const started = startWithin(
      30_000,
      () => new Promise<typeof late>((resolve) => setTimeout(() => resolve(late), 31_000)),
      onLate,
    );
    await vi.advanceTimersByTimeAsync(31_000);
    await expect(started).resolves.toBeUndefined();
    expect(onLate).toHaveBeenCalledOnce();
    expect(late.stop).toHaveBeenCalledOnce();
  });

  it("returns a job that starts in time, and never gives up on it", async () => {
    const ok = job();
    const onLate = vi.fn();
    await expect(startWithin(30_000, async () => ok, onLate)).resolves.toBe(ok);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onLate).not.toHaveBeenCalled();
    expect(ok.stop).not.toHaveBeenCalled();
  });
});
