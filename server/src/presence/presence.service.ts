// Presence: the clinician's status, and whether each guest is connected. A dropped guest is
// "reconnecting" and keeps their place for the grace period, then has "left".
import type { ClinicianStatus } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import type { GuestConnection } from "../db/schema.js";
import type { GuestPrincipal } from "../visits/visit.access.js";
import type { PresenceRepository } from "./presence.repository.js";

export interface PresenceServiceDeps {
  repo: PresenceRepository;
  /** Whether any server instance still holds a connection for this guest. */
  stillConnected(participantId: string): Promise<boolean>;
  /** A clinician's queue shows connection states: told after they are written. */
  queueChanged(clinicianId: string): void;
  /** How long a dropped guest keeps their place before they count as having left. */
  graceMs: number;
  log: FastifyBaseLogger;
}

export function createPresenceService(deps: PresenceServiceDeps) {
  const { repo, log } = deps;
  const graceTimers = new Map<string, NodeJS.Timeout>();

  // Connection states are written in batches: everything that changed in one turn of the event
  // loop becomes one UPDATE per state (a waiting room reconnecting at once is a handful of
  // statements, not thousands), and each affected clinician's queue is refreshed once.
  let pending: Map<string, { connection: GuestConnection; clinicianId: string }> | undefined;
  const writing = new Set<Promise<void>>();
  const flush = (batch: NonNullable<typeof pending>) => {
    const byState = new Map<GuestConnection, string[]>();
    for (const [id, { connection }] of batch)
      byState.set(connection, [...(byState.get(connection) ?? []), id]);
    const done = Promise.all(
      [...byState].map(([connection, ids]) => repo.setConnections(ids, connection)),
    ).then(
      () => {
        for (const clinicianId of new Set([...batch.values()].map((b) => b.clinicianId))) {
          deps.queueChanged(clinicianId);
        }
      },
      (err: unknown) => log.error({ err: (err as Error).message }, "presence update failed"),
    );
    writing.add(done);
    void done.finally(() => writing.delete(done));
  };
  let closed = false;
  const record = (guest: GuestPrincipal, connection: GuestConnection) => {
    if (closed) return;
    if (!pending) {
      const batch = new Map<string, { connection: GuestConnection; clinicianId: string }>();
      pending = batch;
      setImmediate(() => {
        if (pending !== batch) return; // already written by close()
        pending = undefined;
        flush(batch);
      });
    }
    pending.set(guest.participantId, { connection, clinicianId: guest.clinicianId });
  };

  return {
    status: (clinicianId: string): Promise<ClinicianStatus> => repo.status(clinicianId),
    setStatus: (clinicianId: string, status: ClinicianStatus) => repo.setStatus(clinicianId, status),

    guestConnected(guest: GuestPrincipal): void {
      clearTimeout(graceTimers.get(guest.participantId));
      graceTimers.delete(guest.participantId);
      record(guest, "online");
    },

    /** Never rejects: a failure is logged (it runs from a socket's disconnect event). */
    async guestDisconnected(guest: GuestPrincipal): Promise<void> {
      const connected = await deps.stillConnected(guest.participantId).catch((err: unknown) => {
        log.error({ err: (err as Error).message }, "presence check failed");
        return false;
      });
      if (connected) return;
      record(guest, "reconnecting");
      clearTimeout(graceTimers.get(guest.participantId));
      const timer = setTimeout(() => {
        graceTimers.delete(guest.participantId);
        deps.stillConnected(guest.participantId).then(
          (connected) => connected || record(guest, "left"),
          (err: unknown) => log.error({ err: (err as Error).message }, "grace expiry failed"),
        );
      }, deps.graceMs);
      timer.unref();
      graceTimers.set(guest.participantId, timer);
    },

    /** Writes what is pending and waits for writes in flight, so the database can close under none. */
    async close(): Promise<void> {
      closed = true;
      for (const timer of graceTimers.values()) clearTimeout(timer);
      graceTimers.clear();
      if (pending) {
        const batch = pending;
        pending = undefined;
        flush(batch);
      }
      await Promise.allSettled(writing);
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
