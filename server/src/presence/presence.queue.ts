// The clinician's queue: one read model, assembled here and nowhere else — who is waiting, who is
// in a call, today's visits (visits/), the clinician's status (presence/) and patients' unread
// questions (findings/) — and kept live for the clinicians watching it.
import type { ClinicianStatus, QuestionsWaiting, QueueSnapshot } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { rooms } from "../socket/socket.names.js";
import type { SocketServer } from "../socket/socket.server.js";
import type { VisitService } from "../visits/visit.service.js";
import { coalescer } from "./presence.coalesce.js";

export interface QueueDeps {
  io: SocketServer;
  /** Several server instances share one database: tell the others when a queue changes. */
  clustered: boolean;
  visits: Pick<VisitService, "queue">;
  status(clinicianId: string): Promise<ClinicianStatus>;
  questionsWaiting(clinicianId: string): Promise<QuestionsWaiting[]>;
  log: FastifyBaseLogger;
}

/** Queue changes arriving within this window are sent as one snapshot: a burst of arrivals costs one read. */
const QUEUE_COALESCE_MS = 25;

export function createQueue(deps: QueueDeps) {
  const { io, log } = deps;
  // Snapshots are read concurrently: one that finishes after a newer one must not be sent last.
  const latest = new Map<string, number>();
  let count = 0;

  async function read(clinicianId: string): Promise<QueueSnapshot> {
    const from = new Date();
    from.setHours(0, 0, 0, 0);
    const to = new Date(from.getTime() + 24 * 3600_000);
    const [status, visits, questions] = await Promise.all([
      deps.status(clinicianId),
      deps.visits.queue(clinicianId, { from, to }),
      deps.questionsWaiting(clinicianId),
    ]);
    return { status, ...visits, questions };
  }

  // Many connections of one clinician (tabs, devices, reconnects) asking at once share one read:
  // a read already under way, begun after the queue last changed, gives the same answer.
  const inFlight = new Map<string, Promise<QueueSnapshot>>();
  function snapshot(clinicianId: string): Promise<QueueSnapshot> {
    const pending = inFlight.get(clinicianId);
    if (pending) return pending;
    const started = read(clinicianId);
    inFlight.set(clinicianId, started);
    const forget = () => {
      if (inFlight.get(clinicianId) === started) inFlight.delete(clinicianId);
    };
    started.then(forget, forget);
    return started;
  }

  /** Whether a clinician watches their queue on this instance (each instance serves its own sockets). */
  const watchedHere = (clinicianId: string) =>
    (io.of("/").adapter.rooms.get(rooms.clinician(clinicianId))?.size ?? 0) > 0;

  const reads = coalescer(QUEUE_COALESCE_MS, async (clinicianId) => {
    if (!watchedHere(clinicianId)) return;
    const read = ++count;
    latest.set(clinicianId, read);
    try {
      const s = await snapshot(clinicianId);
      if (latest.get(clinicianId) !== read) return;
      latest.delete(clinicianId);
      io.local.to(rooms.clinician(clinicianId)).emit("queue:changed", s);
    } catch (err) {
      log.error({ err: (err as Error).message }, "queue snapshot failed");
    }
  });

  /**
   * Refreshes a clinician's queue on this instance, if anyone watches it here: a queue nobody
   * watches costs nothing (thousands of guests connecting is not thousands of snapshots).
   */
  const refreshHere = (clinicianId: string) => {
    inFlight.delete(clinicianId);
    if (watchedHere(clinicianId)) reads.schedule(clinicianId);
  };

  // Another instance changed a queue: only its id crosses the cluster, never the snapshot.
  if (deps.clustered) io.on("queue:changed", refreshHere);

  return {
    snapshot,

    /** Something in this clinician's queue changed: every instance refreshes its watchers. */
    changed(clinicianId: string): void {
      if (reads.closed) return;
      if (deps.clustered) io.serverSideEmit("queue:changed", clinicianId);
      refreshHere(clinicianId);
    },

    /** Stops sending, and waits for snapshots being read, so the database can close under none. */
    close: () => reads.close(),
  };
}
export type Queue = ReturnType<typeof createQueue>;
