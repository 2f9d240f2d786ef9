import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freeTcpPort, startLivekit } from "../scripts/livekit.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEMO_PASSWORD = "e2e-demo-password";

/** Starts a real LiveKit server and the built Bedside server on free ports, with an embedded database in a temp folder. */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-e2e-"));
  const livekit = await startLivekit({ logFile: path.join(dataDir, "livekit.log") });
  const port = await freeTcpPort();
  const server: ChildProcess = spawn(process.execPath, [path.join(root, "server/dist/index.js")], {
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
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Bedside is running")) resolve();
    });
    server.once("exit", (code) =>
      reject(new Error(`server exited with ${code} before it was ready:\n${out}`)),
    );
  });
  process.env.BEDSIDE_URL = url;
  process.env.BEDSIDE_DEMO_PASSWORD = DEMO_PASSWORD;

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await livekit.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
