import type { ParticipantRole, ScribeAction, ScribeScope, ScribeState } from "@bedside/shared";
import { HttpError } from "../http/http.errors.js";
import type { Livekit } from "../livekit/livekit.client.js";
import { scribeIdentity } from "../livekit/livekit.names.js";
import { foldConsent, indicatorState } from "./scribe.consent.js";
import type { ScribeConfig } from "./scribe.config.js";
import type { ScribeRepository } from "./scribe.repository.js";

export interface ScribeServiceDeps {
  config: Pick<ScribeConfig, "enabled">;
  repo: ScribeRepository;
  livekit: Pick<Livekit, "scribe" | "participantIdentities">;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  /** Tells everyone in the visit (the indicator). */
  notify: (state: ScribeState) => void;
  /** How often the scribe's presence in each call's room is checked (ms). */
  watchMs?: number;
}

interface Running {
  status: "starting" | "listening";
  dispatched: boolean;
  attempts: number;
  /** When the scribe was last seen missing from the room with a dispatch made (ms). */
  missingSince?: number;
}

const MAX_BACKOFF_MS = 30_000;
/**
 * A dispatch that has not brought the scribe into the room after this long is made again (no
 * worker was registered when it was made — LiveKit does not hand it to one that comes later —
 * or its job was lost with its worker).
 */
const REDISPATCH_AFTER_MS = 10_000;

/**
 * The server's side of the scribe, which runs in the scribe workers (worker.ts): when a call
 * starts it asks LiveKit to dispatch a scribe job to the visit's room (LiveKit picks a worker;
 * a job that dies is dispatched again by its worker), it follows whether the hidden scribe is in
 * the room (the indicator), and it is the one place consent changes are checked, recorded and
 * sent on to the job. Resumed for every visit still in a call when a server starts.
 */
export function createScribeService(deps: ScribeServiceDeps) {
  const { repo, log, config, livekit } = deps;
  const running = new Map<string, Running>();
  let closed = false;
  let deployment: Promise<string> | undefined;

  async function consentOf(visitId: string) {
    const roster = await repo.roster(visitId);
    if (!roster) throw new HttpError(404, "not_found", "No such visit.");
    return { roster, folded: foldConsent(roster, await repo.events(visitId)) };
  }

  async function state(visitId: string): Promise<ScribeState> {
    const { roster, folded } = await consentOf(visitId);
    const r = running.get(visitId);
    const agent = roster.state !== "in_call" || !config.enabled ? "off" : (r?.status ?? "off");
    return indicatorState(visitId, folded, agent);
  }

  function publish(visitId: string): void {
    state(visitId).then(deps.notify, (err: unknown) =>
      log.error({ visitId, err: (err as Error).message }, "scribe state failed"),
    );
  }

  /** Asks LiveKit for the visit's scribe job until it agrees (LiveKit down: retried with backoff). */
  function dispatch(visitId: string, r: Running): void {
    if (closed || running.get(visitId) !== r || r.dispatched) return;
    deployment ??= repo.deploymentId().catch((err: unknown) => {
      deployment = undefined;
      throw err;
    });
    deployment
      .then((id) => livekit.scribe.ensureDispatched(visitId, id))
      .then(
        (outcome) => {
          r.dispatched = true;
          r.attempts = 0;
          log.info({ visitId, outcome }, "scribe job dispatched");
        },
        (err: unknown) => {
          const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** r.attempts++);
          log.warn(
            { visitId, err: (err as Error).message, retryInMs: delay },
            "scribe dispatch failed; retrying",
          );
          setTimeout(() => dispatch(visitId, r), delay).unref();
        },
      );
  }

  /** The indicator follows the hidden scribe participant: in the room = listening. */
  async function watch(): Promise<void> {
    for (const [visitId, r] of running) {
      const present = await livekit
        .participantIdentities(visitId)
        .then((ids) => ids.includes(scribeIdentity(visitId)))
        .catch(() => undefined);
      if (present === undefined || running.get(visitId) !== r) continue;
      if (present || !r.dispatched) r.missingSince = undefined;
      else if (r.missingSince === undefined) r.missingSince = Date.now();
      else if (Date.now() - r.missingSince > REDISPATCH_AFTER_MS) {
        r.missingSince = Date.now();
        await (deployment ?? Promise.reject(new Error("no deployment id yet")))
          .then((id) => livekit.scribe.replaceDispatches(visitId, id))
          .then(
            () => log.warn({ visitId }, "scribe did not come; dispatched again"),
            (err: unknown) => log.warn({ visitId, err: (err as Error).message }, "scribe redispatch failed"),
          );
      }
      const status = present ? "listening" : "starting";
      if (status !== r.status) {
        r.status = status;
        log.info({ visitId, status }, status === "listening" ? "scribe joined" : "scribe left its room");
        publish(visitId);
      }
    }
  }
  let watching: Promise<void> | undefined;
  const watchTimer = setInterval(() => {
    watching ??= watch().finally(() => (watching = undefined));
  }, deps.watchMs ?? 1_000);
  watchTimer.unref();

  return {
    /** The call started (or someone joined it): make sure its scribe job is dispatched. Idempotent. */
    callStarted(visitId: string): void {
      if (!config.enabled || closed || running.has(visitId)) return;
      const r: Running = { status: "starting", dispatched: false, attempts: 0 };
      running.set(visitId, r);
      publish(visitId);
      dispatch(visitId, r);
    },

    /**
     * The call ended: its room is closed, so the job leaves; segments it already cut are still
     * stored by the job.
     */
    async callEnded(visitId: string): Promise<void> {
      if (!running.delete(visitId)) return;
      publish(visitId);
    },

    /**
     * On server start: every visit still in a call gets its scribe job (if it has none) — only
     * those with people in their room when `live` is given (an abandoned room is not rejoined).
     */
    async resumeAll(live?: string[]): Promise<number> {
      if (!config.enabled) return 0;
      const inCall = await repo.inCallVisitIds();
      const ids = live ? inCall.filter((id) => live.includes(id)) : inCall;
      for (const id of ids) this.callStarted(id);
      return ids.length;
    },

    /** Whether the hidden scribe is in the visit's room (as last seen), for tests and health. */
    status(visitId: string): Running["status"] | "off" {
      return running.get(visitId)?.status ?? "off";
    },

    state,

    /** Records a consent change (who, what, for whom, when), sends it on to the job and tells everyone. */
    async change(
      visitId: string,
      actor: { identity: string; role: ParticipantRole },
      action: ScribeAction,
      scope: ScribeScope,
    ): Promise<ScribeState> {
      const { roster, folded } = await consentOf(visitId);
      if (roster.state === "ended") throw new HttpError(409, "conflict", "This visit has already ended.");
      if (scope === "everyone" && actor.role !== "clinician") {
        throw new HttpError(403, "forbidden", "Only the clinician can pause the scribe for everyone.");
      }
      if (scope === "everyone" && action === "withdraw") {
        throw new HttpError(400, "bad_request", "Consent can only be withdrawn for your own voice.");
      }
      const me = folded.speakers.get(actor.identity);
      if (action === "resume" && scope === "self" && me?.consent.reason === "withdrawn") {
        throw new HttpError(
          409,
          "conflict",
          "You withdrew consent for this visit; the scribe stays off for you.",
        );
      }
      await repo.record(visitId, { actorIdentity: actor.identity, actorRole: actor.role, action, scope });
      log.info({ visitId, actorRole: actor.role, action, scope }, "scribe consent changed");
      // The job reads consent from the database: it is told to do so now (and reads it every few
      // seconds anyway, should this message be lost).
      if (running.has(visitId)) {
        await livekit.scribe
          .consentChanged(visitId)
          .catch((err: unknown) =>
            log.warn({ visitId, err: (err as Error).message }, "scribe job not told of a consent change"),
          );
      }
      const next = await state(visitId);
      deps.notify(next);
      return next;
    },

    async close(): Promise<void> {
      closed = true;
      clearInterval(watchTimer);
      running.clear();
      await watching;
    },
  };
}
export type ScribeService = ReturnType<typeof createScribeService>;
