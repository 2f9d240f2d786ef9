import { spawn } from "node:child_process";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freeTcpPort } from "../scripts/livekit.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEMO_PASSWORD = "e2e-demo-password";

export interface RunningServer {
  url: string;
  /** The scribe worker's output (JSON lines), when it runs. */
  workerLog?: string;
  /** What the server printed on its standard output so far (its start banner: a setup link, say). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The built Bedside server on a free port with an embedded database in a temp folder, and a
 * scribe worker beside it (as `npm start` runs them) that reaches the database through it.
 */
export async function startServer(
  livekit: { url: string; apiKey: string; apiSecret: string },
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-e2e-"));
  // A caller may fix the port (its LiveKit's webhook must know where the server listens).
  const port = env.PORT ? Number(env.PORT) : await freeTcpPort();
  const sharePort = await freeTcpPort();
  const workerLog = path.join(dataDir, "scribe-worker.log");
  const server = spawn(process.execPath, [path.join(root, "server/dist/index.js")], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      CLIENT_DIST: path.join(root, "client/dist"),
      DEMO_CLINICIAN_PASSWORD: DEMO_PASSWORD,
      LOG_LEVEL: "warn",
      SCRIBE_DB_SHARE_PORT: String(sharePort),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    server.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Bedside is running")) resolve();
    });
    server.once("exit", (code) =>
      reject(new Error(`server exited with ${code} before it was ready:\n${out}`)),
    );
  });
  const worker =
    env.SCRIBE_ENABLED === "false"
      ? undefined
      : spawn(process.execPath, [path.join(root, "server/dist/worker.js")], {
          env: {
            ...process.env,
            LIVEKIT_URL: livekit.url,
            LIVEKIT_API_KEY: livekit.apiKey,
            LIVEKIT_API_SECRET: livekit.apiSecret,
            DATABASE_URL: `postgres://postgres@127.0.0.1:${sharePort}/postgres`,
            // The password of the server's database share, which it writes at start.
            DATABASE_PASSWORD_FILE: path.join(dataDir, "db-share.secret"),
            SCRIBE_WORKER_PORT: String(await freeTcpPort()),
            ...env,
          },
          // Its info lines (JSON, ids only) go to a file the specs read: "scribe job stopped" says
          // a visit's transcript is complete.
          stdio: ["ignore", openSync(workerLog, "a"), "inherit"],
        });
  return {
    url: `http://127.0.0.1:${port}`,
    workerLog: worker ? workerLog : undefined,
    output: () => out,
    stop: async () => {
      if (worker && worker.exitCode === null) {
        worker.kill("SIGTERM");
        await new Promise((r) => worker.once("exit", r));
      }
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((r) => server.once("exit", r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
