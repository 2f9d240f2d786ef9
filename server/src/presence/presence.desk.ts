// The front desk's view of the clinic: every waiting guest with their clinician, today's visits
// and each clinician's status — one read model, kept live for the front desk watching it. A change
// in any clinician's queue refreshes their clinic's view.
import type { ClinicianStatus, DeskSnapshot } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { rooms } from "../socket/socket.names.js";
import type { SocketServer } from "../socket/socket.server.js";
import type { VisitService } from "../visits/visit.service.js";
import { coalescer } from "./presence.coalesce.js";

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
  // A clinician's clinic does not change while they work: asked once per clinician.
  const clinicOf = new Map<string, Promise<string | undefined>>();

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

  const reads = coalescer(DESK_COALESCE_MS, async (clinicId) => {
    if (!watchedHere(clinicId)) return;
    try {
      io.local.to(rooms.desk(clinicId)).emit("desk:changed", await snapshot(clinicId));
    } catch (err) {
      log.error({ err: (err as Error).message }, "desk snapshot failed");
    }
  });

  const changedHere = (clinicianId: string) => {
    if (reads.closed) return;
    let clinic = clinicOf.get(clinicianId);
    if (!clinic) {
      clinic = deps.visits.clinicOf(clinicianId).catch(() => undefined);
      clinicOf.set(clinicianId, clinic);
    }
    void clinic.then((clinicId) => {
      if (!clinicId) return clinicOf.delete(clinicianId);
      if (watchedHere(clinicId)) reads.schedule(clinicId);
    });
  };
  if (deps.clustered) io.on("queue:changed", changedHere);

  return {
    snapshot,
    /** Called with a clinician's queue change (which already crosses the cluster). */
    changed: changedHere,
    close: () => reads.close(),
  };
}
export type DeskView = ReturnType<typeof createDeskView>;
