// Presence: the clinician's status, and whether each guest is connected. A dropped guest is
// "reconnecting" and keeps their place for the grace period, then has "left".
import type { ClinicianStatus } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import type { GuestConnection } from "../db/schema.js";

import type { PresenceRepository } from "./presence.repository.js";
import type { GuestPrincipal } from "../access/access.principals.js";

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
  // Batches are written one after another, so a later state never lands before an earlier one.
  let written: Promise<void> = Promise.resolve();
  const flush = (batch: NonNullable<typeof pending>) => {
    const byState = new Map<GuestConnection, string[]>();
    for (const [id, { connection }] of batch) {
      const ids = byState.get(connection) ?? [];
      ids.push(id);
      byState.set(connection, ids);
    }
    written = written
      .then(() => Promise.all([...byState].map(([connection, ids]) => repo.setConnections(ids, connection))))
      .then(
        () => {
          for (const clinicianId of new Set([...batch.values()].map((b) => b.clinicianId))) {
            deps.queueChanged(clinicianId);
          }
        },
        (err: unknown) => log.error({ err: (err as Error).message }, "presence update failed"),
      );
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

  // A status change reaches waiting patients at once and is written behind: the row is what a
  // reload or another instance reads, but a patient need not wait on a disk write (file-backed
  // PGlite takes ~9 ms per write at p50, tens of ms under load) to see "running late". Until it
  // is stored, this instance answers with the newest status; a burst of changes writes the last.
  const unsaved = new Map<string, ClinicianStatus>();
  const saving = new Map<string, Promise<void>>();
  const save = (clinicianId: string): Promise<void> => {
    const status = unsaved.get(clinicianId);
    if (!status) return Promise.resolve();
    const write = repo.setStatus(clinicianId, status).then(
      () => {
        if (unsaved.get(clinicianId) === status) unsaved.delete(clinicianId);
      },
      (err: unknown) => {
        // Kept in memory (and served from there); the next change tries again.
        log.error({ err: (err as Error).message }, "clinician status write failed");
      },
    );
    const next = write.then(() => {
      saving.delete(clinicianId);
      if (unsaved.get(clinicianId) !== status && unsaved.has(clinicianId) && !closed)
        void startSave(clinicianId);
    });
    saving.set(clinicianId, next);
    return next;
  };
  const startSave = (clinicianId: string) => saving.get(clinicianId) ?? save(clinicianId);

  return {
    status: async (clinicianId: string): Promise<ClinicianStatus> =>
      unsaved.get(clinicianId) ?? repo.status(clinicianId),

    /** The new status, effective at once for this instance; stored right behind it. */
    setStatus(clinicianId: string, status: ClinicianStatus): void {
      unsaved.set(clinicianId, status);
      void startSave(clinicianId);
    },

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

    /**
     * After a crash, rows still say "online" for guests nobody holds any more: each is treated as
     * just disconnected (reconnecting, then left after the grace period) unless connected somewhere.
     */
    async sweep(): Promise<number> {
      const guests = await repo.connectedGuests();
      await Promise.all(guests.map((g) => this.guestDisconnected(g)));
      return guests.length;
    },

    /** Writes what is pending and waits for writes in flight, so the database can close under none. */
    async close(): Promise<void> {
      closed = true;
      for (const timer of graceTimers.values()) clearTimeout(timer);
      graceTimers.clear();
      await Promise.allSettled(saving.values());
      // Whatever changed while the last write was running is written now.
      await Promise.allSettled([...unsaved.keys()].map((id) => save(id)));
      if (pending) {
        const batch = pending;
        pending = undefined;
        flush(batch);
      }
      await written;
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
