import { randomUUID } from "node:crypto";
import {
  type AgentDispatch,
  AgentDispatchClient,
  DataPacket_Kind,
  RoomServiceClient,
  WebhookReceiver,
  type WebhookEvent,
} from "livekit-server-sdk";
import { CAPTIONS_ATTRIBUTE } from "@bedside/shared";
import { retry } from "../retry/retry.js";
import type { Config } from "../config.js";
import {
  handOverIdentity,
  isScribeOf,
  SCRIBE_AGENT_NAME,
  SCRIBE_TOPIC,
  scribeIdentity,
} from "./livekit.names.js";
import { mintAccessToken } from "./livekit.tokens.js";

function ignoreNotFound(err: unknown): void {
  if (!/not.?found|does not exist|404/i.test(String((err as Error)?.message ?? err))) throw err;
}

export interface RetryLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 30_000;

/**
 * Calls that must reach LiveKit in the end (closing a room, removing a person): tried once now
 * and, if LiveKit is down or failing, again in the background with capped exponential backoff
 * until it agrees. One retry loop per key: asking again while one runs does not start another.
 */
function createRetrier(log: () => RetryLog | undefined) {
  const pending = new Map<string, AbortController>();
  let closed = false;
  return {
    /** Resolves after the first attempt, whatever its outcome; never rejects. */
    run(key: string, fn: () => Promise<void>): Promise<void> {
      if (closed || pending.has(key)) return Promise.resolve();
      const stop = new AbortController();
      pending.set(key, stop);
      let firstSettled!: () => void;
      const first = new Promise<void>((resolve) => (firstSettled = resolve));
      void retry(
        async (attempt) => {
          try {
            await fn();
          } catch (err) {
            if (attempt === 1) firstSettled();
            throw err;
          }
          if (pending.get(key) === stop) pending.delete(key);
          if (attempt > 1) log()?.info({ key, attempts: attempt }, "LiveKit call succeeded after retrying");
          firstSettled();
        },
        {
          backoff: { firstMs: RETRY_FIRST_MS, maxMs: RETRY_MAX_MS },
          signal: stop.signal,
          unref: true,
          onFailedAttempt: ({ error, retryInMs }) =>
            log()?.warn(
              {
                key,
                err: (error as Error).message,
                retryInMs,
              },
              "LiveKit call failed; retrying",
            ),
        },
      ).catch(() => {}); // closed: nothing more to do
      return first;
    },
    /** Keys still being retried (for tests and health). */
    pending: () => [...pending.keys()],
    close() {
      closed = true;
      for (const stop of pending.values()) stop.abort();
      pending.clear();
    },
  };
}

/** The one place the server (and the scribe worker) talks to LiveKit's API. */
export function createLivekit(config: Omit<Config["livekit"], "publicUrl"> & { publicUrl?: string }) {
  const httpUrl = config.url.replace(/^ws/, "http");
  const rooms = new RoomServiceClient(httpUrl, config.apiKey, config.apiSecret);
  const webhooks = new WebhookReceiver(config.apiKey, config.apiSecret);
  const dispatches = new AgentDispatchClient(httpUrl, config.apiKey, config.apiSecret);
  /** The scribe's dispatches of a room (none when the room does not exist yet: LiveKit then answers 503). */
  const scribeDispatches = async (room: string) => {
    if ((await rooms.listRooms([room])).length === 0) return [];
    return (await dispatches.listDispatch(room)).filter((d) => d.agentName === SCRIBE_AGENT_NAME);
  };
  const created = (d: AgentDispatch) => d.state?.createdAt ?? 0n;
  let retryLog: RetryLog | undefined;
  const retrier = createRetrier(() => retryLog);

  return {
    /** The address browsers are given (LIVEKIT_PUBLIC_URL); the server itself uses LIVEKIT_URL. */
    publicUrl: config.publicUrl ?? config.url,
    rooms,

    /** A short-lived token for one person in one visit's room (the room is named after the visit). */
    token: (p: Parameters<typeof mintAccessToken>[1]) => mintAccessToken(config, p),

    /**
     * Captions on or off for one person in the room (the scribe reads the attribute). False when
     * that person is not in the room now (nothing to set it on).
     */
    async setCaptions(room: string, identity: string, on: boolean): Promise<boolean> {
      try {
        await rooms.updateParticipant(room, identity, {
          attributes: { [CAPTIONS_ATTRIBUTE]: on ? "on" : "off" },
        });
        return true;
      } catch (err) {
        ignoreNotFound(err);
        return false;
      }
    },

    /** Ends the call for everyone still connected; a room that is already gone is fine. */
    async closeRoom(room: string): Promise<void> {
      await rooms.deleteRoom(room).catch(ignoreNotFound);
    },

    /** Disconnects one person (sent back to the waiting room, or not admitted at all). */
    async removeParticipant(room: string, identity: string): Promise<void> {
      await rooms.removeParticipant(room, identity).catch(ignoreNotFound);
    },

    /** The same calls, retried in the background until LiveKit agrees (see createRetrier). */
    eventually: {
      closeRoom: (room: string) =>
        retrier.run(`close-room:${room}`, () => rooms.deleteRoom(room).catch(ignoreNotFound)),
      /**
       * Takes away what they may do in the room (no publishing, no subscribing: media stops at
       * once) and disconnects them. LiveKit cannot revoke a token it issued, so a person who comes
       * back with theirs is removed again when the webhook reports them (visit.webhook.ts).
       */
      removeParticipant: (room: string, identity: string) =>
        retrier.run(`remove:${room}:${identity}`, async () => {
          await Promise.all([
            rooms
              .updateParticipant(room, identity, {
                permission: { canPublish: false, canSubscribe: false, canPublishData: false },
              })
              .catch(ignoreNotFound),
            rooms.removeParticipant(room, identity).catch(ignoreNotFound),
          ]);
        }),
      pending: () => retrier.pending(),
    },

    /**
     * Sets attributes on a connected person (an empty value removes one; others are kept).
     * False when they are not in the room.
     */
    async setAttributes(
      room: string,
      identity: string,
      attributes: Record<string, string>,
    ): Promise<boolean> {
      try {
        await rooms.updateParticipant(room, identity, { attributes });
        return true;
      } catch (err) {
        ignoreNotFound(err);
        return false;
      }
    },

    /** Room names LiveKit has now (each is a visit id). */
    async roomNames(): Promise<string[]> {
      return (await rooms.listRooms()).map((r) => r.name);
    },

    /** Identities of the people in a room now (an empty list if the room is gone). */
    async participantIdentities(room: string): Promise<string[]> {
      try {
        return (await rooms.listParticipants(room)).map((p) => p.identity);
      } catch (err) {
        ignoreNotFound(err);
        return [];
      }
    },

    /** The scribe worker's jobs, dispatched by LiveKit to whichever worker is registered and free. */
    scribe: {
      /** Dispatches the scribe to a visit's room unless a dispatch is already there; idempotent. */
      async ensureDispatched(visitId: string, deployment: string): Promise<"dispatched" | "already"> {
        if ((await scribeDispatches(visitId)).length > 0) return "already";
        await dispatches.createDispatch(visitId, SCRIBE_AGENT_NAME, {
          metadata: JSON.stringify({ visitId, deployment }),
        });
        return "dispatched";
      },
      /**
       * A job of this room died: a new dispatch gives the visit a new job (LiveKit assigns it to a
       * worker again), unless someone already did (a dispatch newer than the dead job's exists).
       *
       * The dead job's participant lingers until LiveKit times it out, and it must be gone before
       * the new job joins under the same identity. LiveKit (1.13.5, pkg/rtc/room.go) keeps one agent
       * job per identity: when a newcomer takes the identity over, removing the old participant
       * terminates the job registered under it, which is by then the newcomer's (it left at once,
       * "CLIENT_INITIATED", and the visit waited for a third job: 4 to 12 s instead of 2). Deleting
       * the dead dispatch does the same from a background task that can run after the newcomer
       * joined, so the dead dispatch stays (harmless: its job is over) and the lingering
       * participant is removed here, before the new dispatch exists. `lingering`: the dead job's
       * identity (a job that took the visit over in a hand-over has its own).
       */
      async redispatch(
        visitId: string,
        deadDispatchId: string,
        deployment: string,
        lingering = scribeIdentity(visitId),
      ): Promise<"dispatched" | "already"> {
        const all = await scribeDispatches(visitId);
        const dead = all.find((d) => d.id === deadDispatchId);
        const newer = all.some((d) => d.id !== deadDispatchId && (!dead || created(d) > created(dead)));
        if (newer) return "already";
        await rooms.removeParticipant(visitId, lingering).catch(ignoreNotFound);
        await dispatches.createDispatch(visitId, SCRIBE_AGENT_NAME, {
          metadata: JSON.stringify({ visitId, deployment }),
        });
        return "dispatched";
      },
      /**
       * A worker that is stopping hands its visit over: a new dispatch, which LiveKit gives to
       * another worker (the stopping one refuses it). The new job joins under its own identity
       * (`handOverIdentity`, from the dispatch's tag: one identity for both would end the new job,
       * see there) while the old one goes on listening; the stopping worker ends the old job once
       * the new one is in the room (worker.main.ts), so no utterance falls between the two.
       * Resolves with the new job's identity.
       */
      async handOver(visitId: string, deployment: string): Promise<string> {
        const tag = randomUUID().replaceAll("-", "").slice(0, 12);
        await dispatches.createDispatch(visitId, SCRIBE_AGENT_NAME, {
          metadata: JSON.stringify({ visitId, deployment, handOver: tag }),
        });
        return handOverIdentity(visitId, tag);
      },
      /**
       * The visit's dispatch did not bring a scribe (no worker was registered when it was made,
       * or its job was lost): every scribe dispatch of the room is replaced by a new one.
       */
      async replaceDispatches(visitId: string, deployment: string): Promise<void> {
        for (const d of await scribeDispatches(visitId)) {
          await dispatches.deleteDispatch(d.id, visitId).catch(ignoreNotFound);
        }
        await dispatches.createDispatch(visitId, SCRIBE_AGENT_NAME, {
          metadata: JSON.stringify({ visitId, deployment }),
        });
      },
      /**
       * Tells the visit's job to read consent again (a reliable data message, to it only; to both
       * during a hand-over).
       */
      async consentChanged(visitId: string): Promise<void> {
        const scribes = (await rooms.listParticipants(visitId).catch(() => []))
          .map((p) => p.identity)
          .filter((i) => isScribeOf(visitId, i));
        await rooms
          .sendData(visitId, new TextEncoder().encode("consent"), DataPacket_Kind.RELIABLE, {
            destinationIdentities: scribes.length > 0 ? scribes : [scribeIdentity(visitId)],
            topic: SCRIBE_TOPIC,
          })
          .catch(ignoreNotFound);
      },
    },

    /** A webhook from LiveKit, its signature (the Authorization header) verified; throws if it is not. */
    receiveWebhook: (body: string, authorization: string | undefined): Promise<WebhookEvent> =>
      webhooks.receive(body, authorization),

    /** Where retries log; set once the app has a logger. */
    setLog(log: RetryLog) {
      retryLog = log;
    },

    /** Stops background retries (the server is shutting down; start-up reconciles what is left). */
    close() {
      retrier.close();
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
