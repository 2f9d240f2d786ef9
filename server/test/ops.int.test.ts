// The database's operations as an operator runs them (the built `ops.js` that `bedside.mjs
// migrate|backup|restore` runs, and the built server), on the embedded database.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { freeTcpPort } from "../../scripts/livekit.mjs";

const dist = (name: string) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

function env(dataDir: string, extra: Record<string, string> = {}) {
  const lk = inject("livekit");
  return {
    PATH: process.env.PATH,
    DATA_DIR: dataDir,
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
    LOG_LEVEL: "warn",
    SCRIBE_ENABLED: "false",
    ...extra,
  };
}

/** Runs a built entry point to its end. */
function run(entry: string, args: string[], environment: NodeJS.ProcessEnv) {
  if (!existsSync(dist(entry))) throw new Error("server/dist is missing: run `pnpm build` first");
  const child = spawn(process.execPath, [dist(entry), ...args], { env: environment });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

/** The built server, once it says it is running. */
async function startServer(environment: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [dist("index.js")], { env: environment });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Bedside is running")) resolve();
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  return child;
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

describe("bedside.mjs migrate, backup and restore (ops.js) on the embedded database", () => {
  it("migrate as its own step; MIGRATE_ON_START=false; one process at a time; backup and restore", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-ops-"));
    const file = path.join(dataDir, "clinic.bedside");

    // Without migrations, a server told not to migrate refuses, naming the step.
    const port = String(await freeTcpPort());
    const refused = await run("index.js", [], env(dataDir, { PORT: port, MIGRATE_ON_START: "false" }));
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(
      /^bedside: the database lacks \d+ migrations of this version \(0001-init, .*\) and MIGRATE_ON_START is false: run `node scripts\/bedside\.mjs migrate` first$/,
    );

    const first = await run("ops.js", ["migrate"], env(dataDir));
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/^Applied \d+ migrations to the embedded database in .*: 0001-init, /);
    const again = await run("ops.js", ["migrate"], env(dataDir));
    expect(again.stdout).toMatch(/is up to date\.$/m);

    const server = await startServer(env(dataDir, { PORT: port, MIGRATE_ON_START: "false" }));
    try {
      // While it runs: a second server, a backup and a migrate are refused, in one line each.
      const second = await run("index.js", [], env(dataDir, { PORT: String(await freeTcpPort()) }));
      expect(second.code).toBe(1);
      expect(second.stderr.trim()).toMatch(
        new RegExp(
          `^bedside: the embedded database \\(.*\\) is in use by a Bedside server \\(pid ${server.pid},`,
        ),
      );
      for (const args of [["backup", file], ["migrate"]]) {
        const busy = await run("ops.js", args, env(dataDir));
        expect(busy.code).toBe(1);
        expect(busy.stderr.trim()).toMatch(
          /^bedside: the embedded database .* is in use by a Bedside server/,
        );
      }
      expect(existsSync(file)).toBe(false);
    } finally {
      await stop(server);
    }

    const backup = await run("ops.js", ["backup", file], env(dataDir));
    expect(backup).toMatchObject({ code: 0, stderr: "" });
    expect(backup.stdout).toContain("It holds clinical data (mode 0600)");
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const notEmpty = await run("ops.js", ["restore", file], env(dataDir));
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr.trim()).toMatch(/already an embedded database .* pass --force/);
    const forced = await run("ops.js", ["restore", file, "--force"], env(dataDir));
    expect(forced).toMatchObject({ code: 0, stderr: "" });

    const usage = await run("ops.js", ["restore"], env(dataDir));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: node scripts\/bedside\.mjs migrate/);
  }, 240_000);
});
