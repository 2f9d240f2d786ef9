// The front desk's view of the clinic: every waiting guest with their clinician, today's visits
// and each clinician's status — one read model, kept live for the front desk watching it. A change
// in any clinician's queue refreshes their clinic's view.
import type { ClinicianStatus, DeskSnapshot } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { rooms } from "../socket/socket.names.js";
import type { SocketServer } from "../socket/socket.server.js";
import type { VisitService } from "../visits/visit.service.js";

export interface DeskDeps {
  io: SocketServer;
  /** Several instances share one database: a change announced on another arrives as "queue:changed". */
  clustered: boolean;
  visits: Pick<VisitService, "desk" | "clinicOf">;
  status(clinicianId: string): Promise<ClinicianStatus>;
  log: FastifyBaseLogger;
}

const DESK_COALESCE_MS = 50;

export function createDeskView(deps: DeskDeps) {
  const { io, log } = deps;
  const timers = new Map<string, NodeJS.Timeout>();
  const reading = new Set<Promise<void>>();
  // A clinician's clinic does not change while they work: asked once per clinician.
  const clinicOf = new Map<string, Promise<string | undefined>>();
  let closed = false;

  async function snapshot(clinicId: string): Promise<DeskSnapshot> {
    const from = new Date();
    from.setHours(0, 0, 0, 0);
    const to = new Date(from.getTime() + 24 * 3600_000);
    const view = await deps.visits.desk(clinicId, { from, to });
    const clinicians = await Promise.all(
      view.clinicians.map(async (c) => ({ ...c, status: await deps.status(c.id) })),
    );
    return { ...view, clinicians };
  }

  const watchedHere = (clinicId: string) =>
    (io.of("/").adapter.rooms.get(rooms.desk(clinicId))?.size ?? 0) > 0;

  const flush = (clinicId: string) => {
    timers.delete(clinicId);
    if (closed || !watchedHere(clinicId)) return;
    const done = snapshot(clinicId).then(
      (s) => void io.local.to(rooms.desk(clinicId)).emit("desk:changed", s),
      (err: unknown) => log.error({ err: (err as Error).message }, "desk snapshot failed"),
    );
    reading.add(done);
    void done.finally(() => reading.delete(done));
  };

  const changedHere = (clinicianId: string) => {
    if (closed) return;
    let clinic = clinicOf.get(clinicianId);
    if (!clinic) {
      clinic = deps.visits.clinicOf(clinicianId).catch(() => undefined);
      clinicOf.set(clinicianId, clinic);
    }
    void clinic.then((clinicId) => {
      if (!clinicId) return clinicOf.delete(clinicianId);
      if (closed || timers.has(clinicId) || !watchedHere(clinicId)) return;
      timers.set(
        clinicId,
        setTimeout(() => flush(clinicId), DESK_COALESCE_MS),
      );
    });
  };
  if (deps.clustered) io.on("queue:changed", changedHere);

  return {
    snapshot,
    /** Called with a clinician's queue change (which already crosses the cluster). */
    changed: changedHere,
    async close(): Promise<void> {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled(reading);
    },
  };
}
export type DeskView = ReturnType<typeof createDeskView>;
