import { describe, expect, it } from "vitest";
import { jobLoad } from "./worker.load.js";

describe("a worker's load in jobs", () => {
  it("counts an accepted job until its process runs it, and after its accept settled, then once", async () => {
    const running: string[] = [];
    const load = jobLoad(() => running);
    let launched!: () => void;
    const accepting = load.accept("job-1", new Promise<void>((resolve) => (launched = resolve)));
    expect(load.count()).toBe(1);
    launched();
    await accepting;
    // Launched, not yet seen running (ci19: a worker took a third job in that moment).
    expect(load.count()).toBe(1);
    running.push("job-1");
    expect(load.count()).toBe(1);
    running.pop();
    expect(load.count()).toBe(0);
  });

  it("frees the slot of a job whose launch failed", async () => {
    const load = jobLoad(() => []);
    await expect(load.accept("job-1", Promise.reject(new Error("no process")))).rejects.toThrow();
    expect(load.count()).toBe(0);
  });

  it("stops counting a job LiveKit gave to another worker (its accept never settles) after 30 s", () => {
    let now = 0;
    const load = jobLoad(
      () => [],
      () => now,
    );
    void load.accept("job-1", new Promise<void>(() => {}));
    now = 30_000;
    expect(load.count()).toBe(1);
    now = 30_001;
    expect(load.count()).toBe(0);
  });
});
