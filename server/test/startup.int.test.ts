import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { freeTcpPort } from "../../scripts/livekit.mjs";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** Runs the built server as an operator would and collects what it prints. */
function runServer(env: Record<string, string>, until?: RegExp) {
  if (!existsSync(entry)) throw new Error("server/dist is missing: run `pnpm build` first");
  const lk = inject("livekit");
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-start-")),
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  let signalled = false;
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    if (!signalled && until?.test(stdout)) {
      signalled = true;
      child.kill("SIGTERM");
    }
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

const oneLine = (s: string) => s.trim().split("\n").length === 1;

describe("starting the server", () => {
  it("prints the URL and demo sign-in, and exits 0 on SIGTERM", async () => {
    const port = await freeTcpPort();
    const res = await runServer(
      { PORT: String(port), DEMO_CLINICIAN_PASSWORD: "demo-password" },
      /Sign in as/,
    );
    expect(res.stdout).toContain(`Bedside is running at http://127.0.0.1:${port}`);
    expect(res.stdout).toContain("Sign in as the demo clinician: rivera@bedside.local / demo-password");
    // The demo clinician is also the clinic's admin: no setup link.
    expect(res.stdout).not.toContain("/setup/");
    expect({ code: res.code, signal: res.signal, stderr: res.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: "",
    });
  });

  it("with DEMO_SEED=false on an empty data directory, prints a one-time setup link for the first admin", async () => {
    const port = await freeTcpPort();
    const res = await runServer({ PORT: String(port), DEMO_SEED: "false" }, /setup\/[\w-]{43}/);
    expect(res.stdout).toContain(`Bedside is running at http://127.0.0.1:${port}`);
    expect(res.stdout).not.toContain("Sign in as the demo clinician");
    expect(res.stdout).toMatch(/set up the clinic's first admin \(it works once, for one hour/);
    expect(res.stdout).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/setup/[\\w-]{43}\\n`));
    expect(res.code).toBe(0);
  });

  it("explains a malformed DATABASE_URL in one line and exits 1", async () => {
    const res = await runServer({ DATABASE_URL: "mysql://localhost/db" });
    expect(res.code).toBe(1);
    expect(oneLine(res.stderr)).toBe(true);
    expect(res.stderr).toMatch(/^bedside: invalid configuration: DATABASE_URL must be a postgres/);
  });

  it("explains an unreachable PostgreSQL in one line and exits 1", async () => {
    const res = await runServer({ DATABASE_URL: `postgres://u@127.0.0.1:${await freeTcpPort()}/db` });
    expect(res.code).toBe(1);
    expect(oneLine(res.stderr)).toBe(true);
    expect(res.stderr).toMatch(/^bedside: cannot open the database \(PostgreSQL at DATABASE_URL\)/);
  });

  it("explains a port in use in one line and exits 1", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    const res = await runServer({ PORT: String(port) });
    blocker.close();
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe(`bedside: port ${port} on 127.0.0.1 is already in use (set PORT)`);
    // A fresh embedded database is migrated before the port is bound: 5 s alone, over 30 s beside the
    // rest of the suite on two cores.
  }, 60_000);

  it("explains an unreachable LiveKit in one line and exits 1", async () => {
    const res = await runServer({ LIVEKIT_URL: `ws://127.0.0.1:${await freeTcpPort()}` });
    expect(res.code).toBe(1);
    expect(oneLine(res.stderr)).toBe(true);
    expect(res.stderr).toMatch(/^bedside: LiveKit unreachable at ws:\/\/127\.0\.0\.1:\d+/);
    // A fresh embedded database's migrations and then the 5 s LiveKit wait: 10 s on an idle
    // machine, over 20 s beside the rest of the suite on two cores.
  }, 60_000);
});
