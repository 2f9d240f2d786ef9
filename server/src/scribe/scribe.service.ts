import type { ParticipantRole, ScribeAction, ScribeScope, ScribeState } from "@bedside/shared";
import type { Livekit } from "../livekit/livekit.client.js";
import { isScribeOf } from "../livekit/livekit.names.js";
import { foldConsent, indicatorState } from "./scribe.consent.js";
import type { ScribeConfig } from "./scribe.config.js";
import type { ScribeRepository } from "./scribe.repository.js";
import { DomainError } from "../access/access.errors.js";

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

const MAX_BACKOFF_MS = 30_000;
/**
 * A dispatch that has not brought the scribe into the room after this long is made again (no
 * worker was registered when it was made — LiveKit does not hand it to one that comes later —
 * or its job was lost with its worker).
 */
const REDISPATCH_AFTER_MS = 10_000;
/** How long the instance that asks LiveKit for a first dispatch has before another may. */
const DISPATCH_LEASE_MS = 15_000;

/**
 * The server's side of the scribe, which runs in the scribe workers (worker.ts): when a call
 * starts it asks LiveKit to dispatch a scribe job to the visit's room (LiveKit picks a worker;
 * a job that dies is dispatched again by its worker), it follows whether the hidden scribe is in
 * the room (the indicator), and it is the one place consent changes are checked, recorded and
 * sent on to the job. What it knows of each call's scribe is in the database (`scribe_presence`,
 * issue 29): every instance checks the visits due, one instance each, so a dispatch, a
 * re-dispatch and a status change happen once across instances and go on after a restart.
 */
export function createScribeService(deps: ScribeServiceDeps) {
  const { repo, log, config, livekit } = deps;
  const watchMs = deps.watchMs ?? 1_000;
  let closed = false;
  let deployment: Promise<string> | undefined;
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  };

  async function consentOf(visitId: string) {
    const roster = await repo.roster(visitId);
    if (!roster) throw new DomainError("not_found", "No such visit.");
    return { roster, folded: foldConsent(roster, await repo.events(visitId)) };
  }

  async function state(visitId: string): Promise<ScribeState> {
    const { roster, folded } = await consentOf(visitId);
    const agent =
      roster.state !== "in_call" || !config.enabled
        ? "off"
        : ((await repo.presenceOf(visitId))?.status ?? "off");
    return indicatorState(visitId, folded, agent);
  }

  /** To every instance's sockets in the call (the socket.io adapter carries it across instances). */
  function publish(visitId: string): void {
    state(visitId).then(deps.notify, (err: unknown) =>
      log.error({ visitId, err: (err as Error).message }, "scribe state failed"),
    );
  }

  function deploymentId(): Promise<string> {
    deployment ??= repo.deploymentId().catch((err: unknown) => {
      deployment = undefined;
      throw err;
    });
    return deployment;
  }

  /**
   * Asks LiveKit for the visit's scribe job, if this instance is the one to (LiveKit down: asked
   * again with backoff, by whichever instance checks the visit then).
   */
  async function dispatch(visitId: string): Promise<void> {
    const attempts = await repo.presenceClaimDispatch(visitId, DISPATCH_LEASE_MS);
    if (attempts === undefined) return;
    try {
      const outcome = await livekit.scribe.ensureDispatched(visitId, await deploymentId());
      await repo.presenceDispatched(visitId);
      log.info({ visitId, outcome }, "scribe job dispatched");
    } catch (err) {
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
      await repo.presenceDispatchFailed(visitId, delay);
      log.warn(
        { visitId, err: (err as Error).message, retryInMs: delay },
        "scribe dispatch failed; retrying",
      );
    }
  }

  /** The indicator follows the hidden scribe participant: in the room = listening. */
  async function check(visitId: string): Promise<void> {
    const present = await livekit
      .participantIdentities(visitId)
      .then((ids) => ids.some((id) => isScribeOf(visitId, id)))
      .catch(() => undefined);
    if (present === undefined || closed) return;
    const changed = present ? await repo.presenceSeen(visitId) : await repo.presenceGone(visitId);
    if (!present) {
      const row = await repo.presenceOf(visitId);
      if (!row) return; // the call ended meanwhile
      if (row.dispatched_at === null) await dispatch(visitId);
      else if (await repo.presenceMissingTooLong(visitId, REDISPATCH_AFTER_MS)) {
        await deploymentId()
          .then((id) => livekit.scribe.replaceDispatches(visitId, id))
          .then(
            () => log.warn({ visitId }, "scribe did not come; dispatched again"),
            (err: unknown) => log.warn({ visitId, err: (err as Error).message }, "scribe redispatch failed"),
          );
      }
    }
    if (changed) {
      log.info({ visitId }, present ? "scribe joined" : "scribe left its room");
      publish(visitId);
    }
  }

  async function watch(): Promise<void> {
    await repo.presencePrune();
    // Half the period: this instance's next tick finds what it checked last time due again.
    for (const visitId of await repo.presenceClaimDue(watchMs / 2)) {
      if (closed) return;
      await check(visitId).catch((err: unknown) =>
        log.warn({ visitId, err: (err as Error).message }, "scribe presence check failed"),
      );
    }
  }

  async function start(visitId: string): Promise<void> {
    if (!(await repo.presenceStart(visitId))) return;
    publish(visitId);
    await check(visitId);
  }

  let watching: Promise<void> | undefined;
  const watchTimer = setInterval(() => {
    if (!config.enabled) return;
    watching ??= watch()
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, "scribe presence watch failed"))
      .finally(() => (watching = undefined));
  }, watchMs);
  watchTimer.unref();

  return {
    /** The call started (or someone joined it): make sure its scribe job is dispatched. Idempotent. */
    callStarted(visitId: string): void {
      if (!config.enabled || closed) return;
      void track(start(visitId)).catch((err: unknown) =>
        log.warn({ visitId, err: (err as Error).message }, "scribe start failed"),
      );
    },

    /**
     * The call ended: its room is closed, so the job leaves; segments it already cut are still
     * stored by the job.
     */
    async callEnded(visitId: string): Promise<void> {
      if (!(await repo.presenceEnd(visitId))) return;
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
      await Promise.all(ids.map((id) => track(start(id))));
      return ids.length;
    },

    /** Whether the hidden scribe is in the visit's room (as last seen), for tests and health. */
    async status(visitId: string): Promise<"starting" | "listening" | "off"> {
      return (await repo.presenceOf(visitId))?.status ?? "off";
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
      if (roster.state === "ended") throw new DomainError("conflict", "This visit has already ended.");
      if (scope === "everyone" && actor.role !== "clinician") {
        throw new DomainError("forbidden", "Only the clinician can pause the scribe for everyone.");
      }
      if (scope === "everyone" && action === "withdraw") {
        throw new DomainError("bad_request", "Consent can only be withdrawn for your own voice.");
      }
      const me = folded.speakers.get(actor.identity);
      if (action === "resume" && scope === "self" && me?.consent.reason === "withdrawn") {
        throw new DomainError(
          "conflict",
          "You withdrew consent for this visit; the scribe stays off for you.",
        );
      }
      await repo.record(visitId, { actorIdentity: actor.identity, actorRole: actor.role, action, scope });
      log.info({ visitId, actorRole: actor.role, action, scope }, "scribe consent changed");
      // The job reads consent from the database: it is told to do so now (and reads it every few
      // seconds anyway, should this message be lost).
      if (await repo.presenceOf(visitId)) {
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
      await watching;
      await Promise.allSettled([...pending]);
    },
  };
}
export type ScribeService = ReturnType<typeof createScribeService>;
