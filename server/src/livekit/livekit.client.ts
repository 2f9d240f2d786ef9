import { RoomServiceClient } from "livekit-server-sdk";
import type { Config } from "../config.js";
import { mintAccessToken } from "./livekit.tokens.js";

function ignoreNotFound(err: unknown): void {
  if (!/not.?found|does not exist|404/i.test(String((err as Error)?.message ?? err))) throw err;
}

/** The one place the server talks to LiveKit's API. */
export function createLivekit(config: Config["livekit"]) {
  const httpUrl = config.url.replace(/^ws/, "http");
  const rooms = new RoomServiceClient(httpUrl, config.apiKey, config.apiSecret);

  return {
    url: config.url,
    rooms,

    /** A short-lived token for one person in one visit's room (the room is named after the visit). */
    token: (p: Parameters<typeof mintAccessToken>[1]) => mintAccessToken(config, p),

    /** Ends the call for everyone still connected; a room that is already gone is fine. */
    async closeRoom(room: string): Promise<void> {
      await rooms.deleteRoom(room).catch(ignoreNotFound);
    },

    /** Disconnects one person (sent back to the waiting room); they can rejoin only with a new token. */
    async removeParticipant(room: string, identity: string): Promise<void> {
      await rooms.removeParticipant(room, identity).catch(ignoreNotFound);
    },

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
