import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freeTcpPort, startLivekit } from "../scripts/livekit.mjs";
import { DEMO_PASSWORD, startServer } from "./stack";

/** One real LiveKit server and one Bedside server for every journey; specs may start more servers on the same LiveKit. */
export default async function globalSetup() {
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bedside-e2e-livekit-"));
  // LiveKit tells the server who joins and leaves (its webhook), as in `npm start`.
  const port = await freeTcpPort();
  const livekit = await startLivekit({
    logFile: path.join(logDir, "livekit.log"),
    webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`],
  });
  const server = await startServer(livekit, { PORT: String(port) });
  process.env.BEDSIDE_URL = server.url;
  process.env.BEDSIDE_SCRIBE_LOG = server.workerLog;
  process.env.BEDSIDE_DEMO_PASSWORD = DEMO_PASSWORD;
  process.env.BEDSIDE_LIVEKIT = JSON.stringify({
    url: livekit.url,
    apiKey: livekit.apiKey,
    apiSecret: livekit.apiSecret,
  });
  return async () => {
    await server.stop();
    await livekit.stop();
  };
}
