// scripts/cluster.mjs's supervisor (what `npm start` and the cluster run their scribe workers
// under): a restart asked for starts the process again at once and is not counted as a crash; a
// restart asked for while stopping never starts; a process that exits on its own is started again.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keepRunning } from "../../scripts/cluster.mjs";

/** A process that takes `drainMs` to exit after SIGTERM (a worker draining); says "ready" once it does. */
const child = (drainMs: number) =>
  spawn(
    process.execPath,
    [
      "-e",
      `process.on("SIGTERM", () => setTimeout(() => process.exit(0), ${drainMs})); console.log("ready"); setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
/** Until the process has its SIGTERM handler (before it, SIGTERM would kill it at once). */
const ready = (c: ChildProcess) => new Promise<void>((resolve) => c.stdout!.once("data", () => resolve()));

describe("keepRunning", () => {
  const supervisors: ReturnType<typeof keepRunning>[] = [];
  afterEach(async () => {
    await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  });

  it("restart: the process drains, exits and is started again at once, however often", async () => {
    const starts: number[] = [];
    const s = keepRunning(() => child(300), {
      name: "test",
      onStart: (c) => starts.push(c.pid!),
    });
    supervisors.push(s);
    const crashes = vi.spyOn(console, "error").mockImplementation(() => {});
    const first = s.child;
    await ready(first);
    const t0 = Date.now();
    const second = await s.restart();
    expect(first.exitCode ?? first.signalCode).not.toBeNull();
    expect(second?.pid).toBe(s.child.pid);
    expect(second?.pid).not.toBe(first.pid);
    await ready(second!);
    const third = await s.restart();
    expect(third?.pid).not.toBe(second?.pid);
    // Each drained (300 ms), and neither was taken for a crash (which waits 1 s, then 2 s, and says so).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2 * 300);
    expect(crashes).not.toHaveBeenCalled();
    expect(starts).toEqual([first.pid, second!.pid, third!.pid]);
    // Asked twice at once (two operators, a retried request): one restart, one new process.
    await ready(third!);
    const [a, b] = await Promise.all([s.restart(), s.restart()]);
    expect(a?.pid).toBe(b?.pid);
    expect(starts).toHaveLength(4);
    crashes.mockRestore();
  });

  it("a restart asked for while it is stopped for good never starts", async () => {
    let starts = 0;
    const s = keepRunning(() => child(500), { name: "test", onStart: () => starts++ });
    supervisors.push(s);
    await ready(s.child);
    const restarting = s.restart();
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    expect(await restarting).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(starts).toBe(1);
    expect(await s.restart()).toBeUndefined();
  });

  it("a process that exits on its own is started again", async () => {
    const pids: number[] = [];
    const s = keepRunning(() => child(0), { name: "test", onStart: (c) => pids.push(c.pid!) });
    supervisors.push(s);
    s.child.kill("SIGKILL");
    await expect.poll(() => pids.length, { timeout: 5_000 }).toBe(2);
  });
});
