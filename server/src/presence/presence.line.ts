// The waiting patients' side of the queue: when a clinician's line changes (someone arrives, is
// admitted, leaves, a call ends), each of their waiting guests connected to this instance is told
// their new place and estimated wait.
import type { WaitEstimate } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { coalescer } from "./presence.coalesce.js";
import { rooms } from "../socket/socket.names.js";
import type { SocketServer } from "../socket/socket.server.js";

export interface WaitingLineDeps {
  io: SocketServer;
  /** Several instances share one database: a change announced on another arrives as "queue:changed". */
  clustered: boolean;
  line(clinicianId: string): Promise<Map<string, WaitEstimate>>;
  log: FastifyBaseLogger;
}

/** Changes within this window are one read: a burst of arrivals costs one query per clinician. */
const LINE_COALESCE_MS = 25;

export function createWaitingLine(deps: WaitingLineDeps) {
  const { io, log } = deps;
  /** Whether any guest of this clinician is connected here: a line nobody waits in costs nothing. */
  const guestsHere = (clinicianId: string) =>
    (io.of("/").adapter.rooms.get(rooms.guestsOf(clinicianId))?.size ?? 0) > 0;

  const reads = coalescer(LINE_COALESCE_MS, async (clinicianId) => {
    if (!guestsHere(clinicianId)) return;
    try {
      for (const [visitId, estimate] of await deps.line(clinicianId)) {
        io.local.to(rooms.visit(visitId)).emit("waiting:line-changed", estimate);
      }
    } catch (err) {
      log.error({ err: (err as Error).message }, "waiting line read failed");
    }
  });

  const changedHere = (clinicianId: string) => {
    if (guestsHere(clinicianId)) reads.schedule(clinicianId);
  };
  if (deps.clustered) io.on("queue:changed", changedHere);

  return {
    /** Called with the queue's own change (which already crosses the cluster). */
    changed: changedHere,
    close: () => reads.close(),
  };
}
