import { cpus } from "node:os";
import type { ParticipantRole, ScribeAction, ScribeScope, ScribeState } from "@bedside/shared";
import type { InferenceSession } from "onnxruntime-node";
import { HttpError } from "../http/http.errors.js";
import type { Livekit } from "../livekit/livekit.client.js";
import type { TranscriptService } from "../transcripts/transcript.service.js";
import { ScribeAgent, type SegmentTiming } from "./scribe.agent.js";
import { foldConsent, indicatorState } from "./scribe.consent.js";
import type { ScribeConfig } from "./scribe.config.js";
import type { ScribeRepository, ScribeRoster } from "./scribe.repository.js";
import { MEDICAL_VOCABULARY } from "./stt/medical.vocabulary.js";
import { createSttProvider } from "./stt/stt.factory.js";
import { SttPool } from "./stt.pool.js";
import { EnergyVad, loadSileroSession, SileroVad, type VoiceActivityDetector } from "./vad.js";

export interface ScribeServiceDeps {
  config: ScribeConfig;
  repo: ScribeRepository;
  transcripts: Pick<TranscriptService, "insert">;
  livekit: Pick<Livekit, "url" | "token">;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  /** Tells everyone in the visit (the indicator). */
  notify: (state: ScribeState) => void;
  onSegment?: (timing: SegmentTiming) => void;
}

interface Running {
  agent: ScribeAgent | undefined;
  status: "starting" | "listening";
  restarts: number;
  timer?: NodeJS.Timeout;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * What the engine should expect to hear in this visit: the people's names first (Whisper
 * otherwise spells an unusual name a different way each time), then medical terms.
 */
function visitVocabulary(roster: ScribeRoster): string[] {
  return [roster.clinicianName, ...roster.guests.map((g) => g.displayName), ...MEDICAL_VOCABULARY];
}

/**
 * Latency budget (end of speech → segment stored ≤ 1.5 s at p95): Whisper decodes a whole
 * utterance after it ends, at a real-time factor of ~0.2–0.3 here. Long speech is therefore cut
 * while the person goes on talking: past 4 s, at the first pause of 150 ms (shorter dips happen
 * inside words), so no word is split as a hard cut would split it — Whisper turns half a word
 * into a different word — and at 10 s in any case. Earlier pieces
 * are decoded while the person is still talking, and only the last piece after they stop.
 * 450 ms of silence ends an utterance (pauses between words are shorter; the segmenter's 600 ms
 * default costs latency for nothing here).
 */
export const SEGMENTER = {
  hangoverMs: 450,
  pauseCutAfterMs: 4_000,
  pauseCutMs: 150,
  maxUtteranceMs: 10_000,
} as const;

/**
 * Supervises one scribe agent per visit in a call: started when the call starts, stopped when
 * it ends, restarted with backoff when its room connection is lost or it fails to start, and
 * resumed for every visit still in a call when a server starts. Also the one place consent changes
 * are checked, recorded and applied.
 */
export function createScribeService(deps: ScribeServiceDeps) {
  const { repo, log, config } = deps;
  const running = new Map<string, Running>();
  const draining = new Map<string, Promise<unknown>>();
  let closed = false;
  const threads = Math.max(1, Math.floor(cpus().length / config.workers));
  const stt = new SttPool(
    Array.from({ length: config.workers }, () => createSttProvider(config.stt, { threads })),
    {
      maxQueue: config.queueMax,
      onOverload: (stats) => log.warn({ ...stats }, "speech decoding is behind; utterance stored as a gap"),
    },
  );

  let silero: Promise<InferenceSession | undefined> | undefined;
  const vadFactory = async (): Promise<() => VoiceActivityDetector> => {
    if (config.vad === "energy") return () => new EnergyVad();
    silero ??= loadSileroSession().catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, "Silero VAD unavailable; using the energy VAD");
      return undefined;
    });
    const session = await silero;
    return session ? () => new SileroVad(session) : () => new EnergyVad();
  };

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

  async function launch(visitId: string, r: Running): Promise<void> {
    const roster = await repo.roster(visitId);
    if (!roster || roster.state !== "in_call" || running.get(visitId) !== r || closed) {
      if (running.get(visitId) === r) running.delete(visitId);
      return;
    }
    const agent = new ScribeAgent({
      visitId,
      livekitUrl: deps.livekit.url,
      token: () =>
        deps.livekit.token({ identity: `scribe-${visitId}`, name: "Scribe", room: visitId, role: "scribe" }),
      speakers: async () => (await consentOf(visitId)).folded.speakers,
      callStartedAt: roster.startedAt ?? new Date(),
      stt,
      vocabulary: config.vocabulary ? visitVocabulary(roster) : [],
      newVad: await vadFactory(),
      segmenter: SEGMENTER,
      persist: (s) => deps.transcripts.insert(s),
      log,
      onSegment: deps.onSegment,
      onLost: (reason, restart) => {
        if (running.get(visitId) !== r) return;
        if (!restart) {
          log.info({ visitId, reason }, "scribe agent handed over");
          running.delete(visitId);
          void agent.stop();
          return;
        }
        log.warn({ visitId, reason }, "scribe agent lost its room; restarting");
        r.agent = undefined;
        r.status = "starting";
        publish(visitId);
        void agent.stop();
        schedule(visitId, r);
      },
    });
    r.agent = agent;
    try {
      await agent.start();
    } catch (err) {
      r.agent = undefined;
      void agent.stop();
      log.warn({ visitId, err: (err as Error).message }, "scribe agent failed to start; retrying");
      schedule(visitId, r);
      return;
    }
    if (running.get(visitId) !== r) {
      await agent.stop();
      return;
    }
    r.status = "listening";
    r.restarts = 0;
    log.info({ visitId }, "scribe agent joined");
    publish(visitId);
  }

  function schedule(visitId: string, r: Running): void {
    if (closed || running.get(visitId) !== r) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** r.restarts++);
    clearTimeout(r.timer);
    r.timer = setTimeout(() => {
      void launch(visitId, r).catch((err: unknown) => {
        log.error({ visitId, err: (err as Error).message }, "scribe agent launch failed");
        schedule(visitId, r);
      });
    }, delay);
    r.timer.unref();
  }

  return {
    stt,

    /** The call started (or someone joined it): make sure its agent runs. Idempotent. */
    callStarted(visitId: string): void {
      if (!config.enabled || closed || running.has(visitId)) return;
      const r: Running = { agent: undefined, status: "starting", restarts: 0 };
      running.set(visitId, r);
      // Model load (and its hash check) now, not on the first words said.
      void stt.warmUp();
      publish(visitId);
      void launch(visitId, r).catch((err: unknown) => {
        log.error({ visitId, err: (err as Error).message }, "scribe agent launch failed");
        schedule(visitId, r);
      });
    },

    /** The call ended: the agent leaves; segments already cut are still persisted. */
    async callEnded(visitId: string): Promise<void> {
      const r = running.get(visitId);
      running.delete(visitId);
      if (!r) return;
      clearTimeout(r.timer);
      // Ending the visit does not wait for the engine: utterances already cut are transcribed and
      // stored in the background (see `settled`).
      const stopping = (r.agent?.stop() ?? Promise.resolve()).catch((err: unknown) =>
        log.warn({ visitId, err: (err as Error).message }, "scribe agent stop failed"),
      );
      draining.set(visitId, stopping);
      void stopping.finally(() => draining.get(visitId) === stopping && draining.delete(visitId));
      publish(visitId);
    },

    /** Resolves when every segment of an ended call has been stored. */
    async settled(visitId: string): Promise<void> {
      await draining.get(visitId);
    },

    /**
     * On server start: every visit still in a call gets its agent back — only those with people in
     * their room when `live` is given (an abandoned room is not rejoined, which would keep it open).
     */
    async resumeAll(live?: string[]): Promise<number> {
      if (!config.enabled) return 0;
      const inCall = await repo.inCallVisitIds();
      const ids = live ? inCall.filter((id) => live.includes(id)) : inCall;
      for (const id of ids) this.callStarted(id);
      return ids.length;
    },

    state,

    /** Records a consent change (who, what, for whom, when), applies it at once and tells everyone. */
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
      await running.get(visitId)?.agent?.refresh();
      const next = await state(visitId);
      deps.notify(next);
      return next;
    },

    /** Test and benchmark hook: the running agent of a visit. */
    agentOf(visitId: string): ScribeAgent | undefined {
      return running.get(visitId)?.agent;
    },

    async close(): Promise<void> {
      closed = true;
      const all = [...running.values()];
      running.clear();
      for (const r of all) clearTimeout(r.timer);
      await Promise.all(all.map((r) => r.agent?.stop()));
      await Promise.all(draining.values());
      await stt.close();
    },
  };
}
export type ScribeService = ReturnType<typeof createScribeService>;
