// LiveKit tells the server who joins and leaves each visit's room (a signed webhook). The server
// keeps LiveKit in line with the visit: anyone not allowed in the room now (a sent-back patient
// with their old token, anyone in an ended visit) is removed, and a call left with nobody in it
// ends after `emptyEndMs`. At start the same rules are applied to LiveKit's room list.
// When the room became empty is kept with the visit and the end waits in the job queue (issue 29),
// not in one instance's timer: it still happens after a restart, whichever instance is up, once.
import { contract } from "@bedside/shared";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { z } from "zod";

import { routesOf } from "../http/http.routes.js";
import type { Livekit } from "../livekit/livekit.client.js";
import type { JobQueue } from "../schedule/schedule.jobs.js";
import type { VisitService } from "./visit.service.js";
import { DomainError } from "../access/access.errors.js";

/** The job queue's queue for "end this call if its room is still empty". */
export const EMPTY_CALL_QUEUE = "empty-call-end";
export const emptyCallJobSchema = z.object({ visitId: z.uuid() });

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
  visits: Pick<
    VisitService,
    | "mayBeInRoom"
    | "endAbandoned"
    | "visitStates"
    | "inCallVisitIds"
    | "roomEmptied"
    | "roomOccupied"
    | "roomEmptySince"
  >;
  jobs: Pick<JobQueue, "send">;
  /** How long a call may stay in progress with nobody in its room before it ends. */
  emptyEndMs: number;
  log: FastifyBaseLogger;
}

/** When a check cannot ask LiveKit or the database, it looks again this much later. */
const RETRY_MS = 5_000;

export function createCallWatch(deps: CallWatchDeps) {
  const { livekit, visits, jobs, log } = deps;

  const people = async (visitId: string) =>
    (await livekit.participantIdentities(visitId)).filter((identity) => !isScribe(identity));

  /** A check queued for `at` (one per visit and time, whichever instance queues it). */
  const checkAt = (visitId: string, at: Date) =>
    jobs.send(EMPTY_CALL_QUEUE, { visitId }, { startAfter: at, singletonKey: `${visitId}@${at.getTime()}` });

  /** The room is empty: the call ends `emptyEndMs` after it first was, unless someone is back by then. */
  async function endIfStillEmpty(visitId: string): Promise<void> {
    const since = await visits.roomEmptied(visitId);
    if (since) await checkAt(visitId, new Date(since.getTime() + deps.emptyEndMs));
  }

  /** The queued check: ends the call if its room has stayed empty for the whole grace period. */
  async function check(visitId: string): Promise<void> {
    try {
      const since = await visits.roomEmptySince(visitId);
      if (!since) return; // someone came back, or the call ended
      const due = since.getTime() + deps.emptyEndMs;
      if (Date.now() < due) return void (await checkAt(visitId, new Date(due)));
      if ((await people(visitId)).length > 0) return void (await visits.roomOccupied(visitId));
      if (await visits.endAbandoned(visitId)) log.info({ visitId }, "call ended: nobody in its room");
    } catch (err) {
      // LiveKit or the database is down: look again later rather than end a call blindly.
      log.warn({ visitId, err: (err as Error).message }, "abandoned-call check failed; retrying");
      await checkAt(visitId, new Date(Date.now() + RETRY_MS));
    }
  }

  async function roomChanged(visitId: string): Promise<void> {
    const state = (await visits.visitStates([visitId])).get(visitId);
    if (state === "ended") return void livekit.eventually.closeRoom(visitId);
    if (state !== "in_call") return;
    if ((await people(visitId)).length === 0) await endIfStillEmpty(visitId);
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
          if (!isScribe(identity)) await visits.roomOccupied(visitId);
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

    check,

    /**
     * At start: rooms of ended visits are closed, in-call visits with nobody in their room get the
     * abandoned-call check (counted from when their room was first seen empty). Returns the
     * in-call visits that do have people (the scribe rejoins only those).
     */
    async reconcile(): Promise<string[]> {
      const names = await livekit.roomNames();
      const states = await visits.visitStates(names);
      for (const name of names) if (states.get(name) === "ended") void livekit.eventually.closeRoom(name);
      const live: string[] = [];
      for (const visitId of await visits.inCallVisitIds()) {
        if (names.includes(visitId) && (await people(visitId)).length > 0) live.push(visitId);
        else await endIfStillEmpty(visitId);
      }
      return live;
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
    routesOf(scope)(contract.livekitWebhook, async (request, reply) => {
      let raw: unknown;
      try {
        raw = await deps.livekit.receiveWebhook(String(request.body), request.headers.authorization);
      } catch {
        throw new DomainError("unauthorized", "The webhook's signature did not verify.");
      }
      const event = webhookEventSchema.safeParse(raw);
      if (!event.success) throw new DomainError("bad_request", "Not a LiveKit event.");
      try {
        await deps.watch.onEvent(event.data);
      } catch (err) {
        request.log.error(
          { err: (err as Error).message, event: event.data.event },
          "webhook handling failed",
        );
        throw new DomainError("unavailable", "Could not handle the event now; LiveKit will send it again.");
      }
      return reply.status(200).send({ ok: true });
    });
  });
}
