import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freeTcpPort, startLivekit } from "../scripts/livekit.mjs";
import { DEMO_PASSWORD, startServer } from "./stack";

/**
 * Two lines of journeys run side by side (playwright.config.ts), each on a stack of its own: a
 * real LiveKit server and the Bedside server with its scribe worker. A journey's queue, calls and
 * scribe then see only its own line's: the scribed visits' LiveKit offers their jobs to their own
 * worker only, as when one line ran them. Specs may start more servers on their line's LiveKit.
 */
export default async function globalSetup() {
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bedside-e2e-livekit-"));
  const stacks = await Promise.all(
    ["first", "second"].map(async (line) => {
      // LiveKit tells the server who joins and leaves (its webhook), as in `npm start`.
      const port = await freeTcpPort();
      const livekit = await startLivekit({
        logFile: path.join(logDir, `livekit-${line}.log`),
        webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`],
      });
      // The second line's journeys never use the scribe: its server runs without a worker (two
      // Whisper processes fewer beside the first line's scribed visits).
      const server = await startServer(livekit, {
        PORT: String(port),
        ...(line === "second" ? { SCRIBE_ENABLED: "false" } : {}),
      });
      return { livekit, server };
    }),
  );
  const [first, second] = stacks as [(typeof stacks)[0], (typeof stacks)[0]];
  const keys = ({ livekit }: typeof first) =>
    JSON.stringify({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  process.env.BEDSIDE_URL = first.server.url;
  process.env.BEDSIDE_LIVEKIT = keys(first);
  process.env.BEDSIDE_SECOND_URL = second.server.url;
  process.env.BEDSIDE_SECOND_LIVEKIT = keys(second);
  // The scribed journeys' worker (tests/scribed-visit.ts reads it): they run on the first line.
  process.env.BEDSIDE_SCRIBE_LOG = first.server.workerLog;
  process.env.BEDSIDE_DEMO_PASSWORD = DEMO_PASSWORD;
  return async () => {
    await Promise.all(
      stacks.map(async ({ server, livekit }) => {
        await server.stop();
        await livekit.stop();
      }),
    );
  };
}
