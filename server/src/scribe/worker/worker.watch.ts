import type { AgentServer } from "@livekit/agents";
import type { createLivekit } from "../../livekit/livekit.client.js";
import { isScribeOf } from "../../livekit/livekit.names.js";
import type { logger } from "./worker.log.js";

const WATCH_MS = 500;

/**
 * A job whose process died (killed, crashed) is not reported to LiveKit by the framework, and its
 * participant lingers in the room until LiveKit times it out. The worker that ran it notices it
 * gone from its active jobs and, if the visit's room still has people in it, removes the lingering
 * participant and dispatches again: LiveKit gives the visit a new job (on any worker).
 */
export function watchJobs(
  server: AgentServer,
  livekit: ReturnType<typeof createLivekit>,
  deployment: string,
  log: ReturnType<typeof logger>,
) {
  const known = new Map<string, { room: string; dispatchId: string; identity: string }>();
  const timer = setInterval(() => {
    const now = new Map(
      server.activeJobs.map((j) => [
        j.job.id,
        { room: j.job.room?.name ?? "", dispatchId: j.job.dispatchId, identity: j.acceptArguments.identity },
      ]),
    );
    for (const [id, job] of known) {
      if (now.has(id)) continue;
      known.delete(id);
      void (async () => {
        const people = (await livekit.participantIdentities(job.room)).filter(
          (i) => !isScribeOf(job.room, i),
        );
        if (people.length === 0) return; // the call ended (its room is gone or empty)
        const outcome = await livekit.scribe.redispatch(job.room, job.dispatchId, deployment, job.identity);
        log.warn(
          { visitId: job.room, jobId: id, outcome },
          "scribe job ended while its call goes on; dispatched again",
        );
      })().catch((err: unknown) =>
        log.error({ visitId: job.room, err: (err as Error).message }, "scribe redispatch failed"),
      );
    }
    for (const [id, job] of now) if (job.room && job.dispatchId) known.set(id, job);
  }, WATCH_MS);
  return () => clearInterval(timer);
}

const INFERENCE_CHECK_MS = 2_000;

/**
 * The worker's speech engines run in the framework's inference process, which the framework
 * does not start again if it dies (its health endpoint then answers 503 "inference process not
 * running"); every utterance after that would be stored as a gap. So the worker watches its own
 * health endpoint and, once the inference process is gone, calls `onGone`: the worker closes (its
 * jobs end and store what they had) and exits with an error, for whatever runs it to start it
 * again (`npm start` does). The server dispatches the visits' jobs again meanwhile (its scribe
 * service notices the scribe missing from a room in a call).
 */
export function watchInference(host: string, port: number, onGone: () => void) {
  // Bound to every address: ask over loopback.
  const at = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const timer = setInterval(() => {
    void fetch(`http://${at}:${port}/`, { signal: AbortSignal.timeout(INFERENCE_CHECK_MS) })
      .then(async (res) => {
        if (res.status === 503 && (await res.text()).includes("inference process")) onGone();
      })
      .catch(() => {}); // not listening yet, or busy: the next check sees it
  }, INFERENCE_CHECK_MS);
  return () => clearInterval(timer);
}
