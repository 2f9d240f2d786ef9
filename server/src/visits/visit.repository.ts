import type { QueueEntry } from "@bedside/shared";
import type { Database } from "../db/database.js";

export function createVisitRepository(db: Database) {
  return {
    /** Everyone waiting to be admitted to one of this clinician's visits, longest wait first. */
    async waitingQueue(clinicianId: string): Promise<QueueEntry[]> {
      const rows = await db
        .selectFrom("participants as p")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .select(["p.id", "p.visit_id", "p.role", "p.display_name", "p.waiting_since"])
        .where("v.clinician_id", "=", clinicianId)
        .where("p.state", "=", "waiting")
        .where("v.state", "!=", "ended")
        .orderBy("p.waiting_since")
        .execute();
      return rows.map((r) => ({
        visitId: r.visit_id,
        participantId: r.id,
        role: r.role,
        displayName: r.display_name,
        waitingSince: (r.waiting_since ?? new Date()).toISOString(),
      }));
    },
  };
}
export type VisitRepository = ReturnType<typeof createVisitRepository>;
