// The scribe as it runs for real, for integration tests: a LiveKit server of the test's own (a
// registered worker takes every "bedside-scribe" dispatch on its LiveKit, so workers must not
// share the suite's), the app on the embedded PGlite shared over its socket, and scribe worker
// processes (server/dist/worker.js, as `npm start` runs them).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";

export const workerEntry = fileURLToPath(new URL("../dist/worker.js", import.meta.url));

export interface ScribeWorker {
  process: ChildProcess;
  /** Its output lines (JSON), for the test to read what it did. */
  lines: string[];
  /** The pid of the job process that last joined this visit's room (from its log line). */
  jobPid(visitId: string): number | undefined;
  /**
   * How many times a job of this worker started listening to this participant's microphone in
   * the visit: speech before that is not heard (subscribing follows the job's join by a moment).
   */
  listenings(visitId: string, identity: string): number;
  stop(): Promise<void>;
}

export async function startOwnLivekit() {
  return startLivekit();
}

/** One scribe worker process, registered with LiveKit (its health endpoint answers) when this resolves. */
export async function startScribeWorker(opts: {
  livekit: { url: string; apiKey: string; apiSecret: string };
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<ScribeWorker> {
  if (!existsSync(workerEntry)) throw new Error("server/dist is missing: run `pnpm build` first");
  const port = await freeTcpPort();
  const child = spawn(process.execPath, [workerEntry], {
    env: {
      PATH: process.env.PATH,
      LIVEKIT_URL: opts.livekit.url,
      LIVEKIT_API_KEY: opts.livekit.apiKey,
      LIVEKIT_API_SECRET: opts.livekit.apiSecret,
      DATABASE_URL: opts.databaseUrl,
      SCRIBE_WORKER_PORT: String(port),
      SCRIBE_STT_WORKERS: "1",
      ...(process.env.SCRIBE_WORKER_DEBUG ? { SCRIBE_AGENTS_LOG_LEVEL: "debug" } : {}),
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (d: Buffer) => {
    for (const l of d.toString().split("\n")) if (l.trim()) lines.push(l);
    if (process.env.SCRIBE_WORKER_DEBUG) process.stderr.write(d);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`scribe worker exited at start: ${lines.join("\n")}`);
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL"); // not left behind by a failing test
      throw new Error(`scribe worker not registered within 60 s: ${lines.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    process: child,
    lines,
    jobPid(visitId: string) {
      const joined = lines
        .filter((l) => l.includes("scribe job joined") && l.includes(visitId))
        .map((l) => JSON.parse(l) as { pid: number });
      return joined.at(-1)?.pid;
    },
    listenings(visitId: string, identity: string) {
      return lines.filter(
        (l) =>
          l.includes("scribe listening to a track") && l.includes(visitId) && l.includes(`"${identity}"`),
      ).length;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/**
 * Speech before a job listens to a microphone is not heard (subscribing follows the job's join by
 * a moment): waits until a job of one of `workers` listens to each, anew (more than `after` times).
 */
export function untilListening(
  workers: ScribeWorker[],
  mics: { visitId: string; identity: string }[],
  after = 0,
): Promise<void> {
  return expect
    .poll(() => mics.every((m) => workers.some((w) => w.listenings(m.visitId, m.identity) > after)), {
      timeout: 30_000,
      interval: 100,
    })
    .toBe(true);
}
