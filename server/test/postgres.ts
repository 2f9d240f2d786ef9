import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freeTcpPort } from "../../scripts/livekit.mjs";

/** Debian keeps the server binaries off PATH, under /usr/lib/postgresql/<major>/bin. */
function findBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const major = readdirSync(base)
    .filter((d) => existsSync(path.join(base, d, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a))[0];
  return major && path.join(base, major, "bin");
}

function ensureInstalled(): string {
  let bin = findBinDir();
  if (!bin && process.getuid?.() === 0) {
    execFileSync(
      "sh",
      ["-c", "apt-get install -y postgresql || (apt-get update && apt-get install -y postgresql)"],
      {
        stdio: "ignore",
      },
    );
    bin = findBinDir();
  }
  if (!bin) throw new Error("PostgreSQL is not installed: apt-get install postgresql, or set DATABASE_URL");
  return bin;
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port. Postgres refuses to
 * run as root, so as root it runs as the `postgres` user the package creates.
 */
export async function startPostgres(): Promise<{
  url: string;
  stop: () => Promise<void>;
  /** Stops the server abruptly (every connection drops) and starts it again on the same port. */
  restart: (downMs?: number) => Promise<void>;
}> {
  const bin = ensureInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  const as = (cmd: string, args: string[]) =>
    (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]) as [string, string[]];

  execFileSync(
    ...as(path.join(bin, "initdb"), ["-D", dir, "-U", "bedside", "--auth=trust", "-E", "UTF8", "--no-sync"]),
    {
      stdio: "ignore",
    },
  );
  const port = await freeTcpPort();
  const launch = () =>
    spawn(
      ...as(path.join(bin, "postgres"), [
        "-D",
        dir,
        "-p",
        String(port),
        "-k",
        dir,
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "fsync=off",
      ]),
      { stdio: "ignore" },
    );
  let child = launch();
  const url = `postgres://bedside@127.0.0.1:${port}/postgres`;
  const ready = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        break;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill("SIGKILL");
          throw new Error(`PostgreSQL did not start: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await ready();
  return {
    url,
    async restart(downMs = 1_000) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      execFileSync(
        ...as(path.join(bin, "pg_ctl"), ["stop", "-D", dir, "-m", "immediate", "-w", "-t", "20"]),
        {
          stdio: "ignore",
        },
      );
      await exited;
      await new Promise((r) => setTimeout(r, downMs));
      child = launch();
      await ready();
    },
    // pg_ctl signals the postmaster itself: under runuser, a signal sent to our child would not reach it.
    stop: async () => {
      const exited = new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : child.once("exit", () => resolve()),
      );
      try {
        execFileSync(...as(path.join(bin, "pg_ctl"), ["stop", "-D", dir, "-m", "fast", "-w", "-t", "20"]), {
          stdio: "ignore",
        });
      } catch {
        child.kill("SIGKILL");
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
