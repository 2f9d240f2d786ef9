import { RoomServiceClient } from "livekit-server-sdk";
import type { Config } from "../config.js";

/** The one place the server talks to LiveKit's API. */
export function createLivekit(config: Config["livekit"]) {
  const httpUrl = config.url.replace(/^ws/, "http");
  const rooms = new RoomServiceClient(httpUrl, config.apiKey, config.apiSecret);

  return {
    url: config.url,
    rooms,

    /** "ok", or why LiveKit cannot be used (unreachable, or it rejects our API key). */
    async check(timeoutMs = 2_000): Promise<string> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([rooms.listRooms(), timeout]);
        return "ok";
      } catch (err) {
        const message = (err as Error).message || String(err);
        return /401|unauthori[sz]ed|invalid token/i.test(message)
          ? `rejected our API key (${message})`
          : `unreachable at ${config.url}: ${message}`;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
export type Livekit = ReturnType<typeof createLivekit>;
