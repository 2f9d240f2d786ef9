// Issue 12, finding 7 (and the PostgreSQL-restart fault test): a real server process on a real
// PostgreSQL that is restarted under it. The server must stay up, refuse socket handshakes with a
// clear "unavailable" while the database is down, and recover by itself.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientToServerEvents, ServerToClientEvents } from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freeTcpPort } from "../../scripts/livekit.mjs";
import { startPostgres } from "./postgres.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

describe("faults: a PostgreSQL restart under a running server", () => {
  let postgres: Awaited<ReturnType<typeof startPostgres>>;
  let server: ChildProcess;
  let url: string;
  let exitedWith: number | null | undefined;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    if (!existsSync(entry)) throw new Error("server/dist is missing: run `pnpm build` first");
    postgres = await startPostgres();
    const lk = inject("livekit");
    const port = await freeTcpPort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: postgres.url,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-faults-")),
        LIVEKIT_URL: lk.url,
        LIVEKIT_API_KEY: lk.apiKey,
        LIVEKIT_API_SECRET: lk.apiSecret,
        DEMO_CLINICIAN_PASSWORD: "faults-password",
        SCRIBE_ENABLED: "false",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", process.env.FAULTS_DEBUG ? "inherit" : "ignore"],
    });
    server.once("exit", (code) => (exitedWith = code));
    await new Promise<void>((resolve, reject) => {
      let out = "";
      server.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("Bedside is running")) resolve();
      });
      server.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    if (server?.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    await postgres?.stop();
  });

  const open = (cookie: string) =>
    new Promise<ClientSocket>((resolve, reject) => {
      const s: ClientSocket = connect(url, {
        transports: ["websocket"],
        extraHeaders: { cookie },
        reconnection: false,
      });
      sockets.push(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
    });

  it("finding 7: survives the restart, says 'unavailable' meanwhile, and recovers by itself", async () => {
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "rivera@bedside.local", password: "faults-password" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const before = await open(cookie);
    expect((await before.emitWithAck("queue:watch", {})).ok).toBe(true);

    // Down: every pooled connection is terminated; a handshake now is refused with a reason.
    const restarted = postgres.restart(3_000);
    await new Promise((r) => setTimeout(r, 1_000));
    await expect(open(cookie)).rejects.toThrow("unavailable");
    await restarted;

    // Back: the same process answers again, without anyone restarting it.
    await expect
      .poll(async () => (await fetch(`${url}/healthz`)).status, { timeout: 15_000, interval: 250 })
      .toBe(200);
    const after = await open(cookie);
    expect((await after.emitWithAck("queue:watch", {})).ok).toBe(true);
    expect(exitedWith).toBeUndefined();
    expect(server.exitCode).toBeNull();
  }, 60_000);
});
