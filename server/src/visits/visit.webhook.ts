// LiveKit tells the server who joins and leaves each visit's room (a signed webhook). The server
// keeps LiveKit in line with the visit: anyone not allowed in the room now (a sent-back patient
// with their old token, anyone in an ended visit) is removed, and a call left with nobody in it
// ends after `emptyEndMs`. At start the same rules are applied to LiveKit's room list.
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { z } from "zod";
import { HttpError } from "../http/http.errors.js";
import type { Livekit } from "../livekit/livekit.client.js";
import type { VisitService } from "./visit.service.js";

/** Only the fields used, parsed at the boundary (the signature covers the whole body). */
const webhookEventSchema = z.object({
  event: z.string(),
  room: z.object({ name: z.string().max(64) }).optional(),
  participant: z.object({ identity: z.string().max(128) }).optional(),
});
export type CallEvent = z.infer<typeof webhookEventSchema>;

const isScribe = (identity: string) => identity.startsWith("scribe-");

export interface CallWatchDeps {
  livekit: Pick<Livekit, "participantIdentities" | "roomNames" | "eventually">;
  visits: Pick<VisitService, "mayBeInRoom" | "endAbandoned" | "visitStates" | "inCallVisitIds">;
  /** How long a call may stay in progress with nobody in its room before it ends. */
  emptyEndMs: number;
  log: FastifyBaseLogger;
}

export function createCallWatch(deps: CallWatchDeps) {
  const { livekit, visits, log } = deps;
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const people = async (visitId: string) =>
    (await livekit.participantIdentities(visitId)).filter((identity) => !isScribe(identity));

  /** Ends the call after the grace period unless someone is back in its room by then. */
  function endIfStillEmpty(visitId: string): void {
    if (closed || timers.has(visitId)) return;
    const timer = setTimeout(() => {
      timers.delete(visitId);
      people(visitId)
        .then(async (present) => {
          if (present.length > 0) return;
          if (await visits.endAbandoned(visitId)) log.info({ visitId }, "call ended: nobody in its room");
        })
        .catch((err: unknown) => {
          // LiveKit or the database is down: look again later rather than end a call blindly.
          log.warn({ visitId, err: (err as Error).message }, "abandoned-call check failed; retrying");
          endIfStillEmpty(visitId);
        });
    }, deps.emptyEndMs);
    timer.unref();
    timers.set(visitId, timer);
  }

  async function roomChanged(visitId: string): Promise<void> {
    const state = (await visits.visitStates([visitId])).get(visitId);
    if (state === "ended") return void livekit.eventually.closeRoom(visitId);
    if (state !== "in_call") return;
    if ((await people(visitId)).length === 0) endIfStillEmpty(visitId);
  }

  return {
    async onEvent(event: CallEvent): Promise<void> {
      const visitId = event.room?.name;
      if (!visitId) return;
      switch (event.event) {
        case "participant_joined": {
          const identity = event.participant?.identity;
          if (!identity) return;
          const allowed = await visits.mayBeInRoom(visitId, identity);
          if (allowed === undefined) return;
          if (!allowed) {
            log.warn({ visitId }, "removing a participant who may not be in the call");
            await livekit.eventually.removeParticipant(visitId, identity);
            await roomChanged(visitId);
            return;
          }
          if (!isScribe(identity)) {
            clearTimeout(timers.get(visitId));
            timers.delete(visitId);
          }
          return;
        }
        case "participant_left":
        case "room_started":
        case "room_finished":
          return roomChanged(visitId);
        default:
          return;
      }
    },

    /**
     * At start: rooms of ended visits are closed, in-call visits with nobody in their room get the
     * abandoned-call timer. Returns the in-call visits that do have people (the scribe rejoins
     * only those).
     */
    async reconcile(): Promise<string[]> {
      const names = await livekit.roomNames();
      const states = await visits.visitStates(names);
      for (const name of names) if (states.get(name) === "ended") void livekit.eventually.closeRoom(name);
      const live: string[] = [];
      for (const visitId of await visits.inCallVisitIds()) {
        if (names.includes(visitId) && (await people(visitId)).length > 0) live.push(visitId);
        else endIfStillEmpty(visitId);
      }
      return live;
    },

    close(): void {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
export type CallWatch = ReturnType<typeof createCallWatch>;

/** `POST /api/livekit/webhook`: LiveKit's signed events (the Authorization header is checked). */
export async function registerLivekitWebhook(
  http: FastifyInstance,
  deps: { livekit: Pick<Livekit, "receiveWebhook">; watch: CallWatch },
): Promise<void> {
  await http.register(async (scope) => {
    // The signature covers the exact bytes: the body is kept as text and verified before parsing.
    scope.addContentTypeParser(
      ["application/webhook+json", "application/json"],
      { parseAs: "string" },
      (_request, body, done) => done(null, body),
    );
    scope.post("/api/livekit/webhook", async (request, reply) => {
      let raw: unknown;
      try {
        raw = await deps.livekit.receiveWebhook(String(request.body), request.headers.authorization);
      } catch {
        throw new HttpError(401, "unauthorized", "The webhook's signature did not verify.");
      }
      const event = webhookEventSchema.safeParse(raw);
      if (!event.success) throw new HttpError(400, "bad_request", "Not a LiveKit event.");
      try {
        await deps.watch.onEvent(event.data);
      } catch (err) {
        request.log.error(
          { err: (err as Error).message, event: event.data.event },
          "webhook handling failed",
        );
        throw new HttpError(
          503,
          "unavailable",
          "Could not handle the event now; LiveKit will send it again.",
        );
      }
      return reply.status(200).send({ ok: true });
    });
  });
}
