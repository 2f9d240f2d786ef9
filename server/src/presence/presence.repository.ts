import type { ClinicianStatus } from "@bedside/shared";
import type { Database } from "../db/database.js";
import type { GuestConnection } from "../db/schema.js";
import type { GuestPrincipal } from "../access/access.principals.js";

const defaultStatus: ClinicianStatus = { status: "available", lateMinutes: null, message: null };

export function createPresenceRepository(db: Database) {
  return {
    async status(clinicianId: string): Promise<ClinicianStatus> {
      const row = await db
        .selectFrom("clinician_status")
        .select(["status", "late_minutes", "message"])
        .where("clinician_id", "=", clinicianId)
        .executeTakeFirst();
      return row
        ? { status: row.status, lateMinutes: row.late_minutes, message: row.message }
        : defaultStatus;
    },

    async setStatus(clinicianId: string, s: ClinicianStatus): Promise<void> {
      const values = {
        status: s.status,
        late_minutes: s.lateMinutes,
        message: s.message || null,
        updated_at: new Date(),
      };
      await db
        .insertInto("clinician_status")
        .values({ clinician_id: clinicianId, ...values })
        .onConflict((oc) => oc.column("clinician_id").doUpdateSet(values))
        .execute();
    },

    /** Guests of running visits that some instance last marked connected. */
    async connectedGuests(): Promise<GuestPrincipal[]> {
      const rows = await db
        .selectFrom("participants as p")
        .innerJoin("visits as v", "v.id", "p.visit_id")
        .select(["p.id", "p.visit_id", "p.role", "v.clinician_id"])
        .where("p.connection", "in", ["online", "reconnecting"])
        .where("v.state", "!=", "ended")
        .where("p.role", "!=", "clinician")
        .execute();
      return rows.map((r) => ({
        kind: "guest",
        participantId: r.id,
        visitId: r.visit_id,
        clinicianId: r.clinician_id,
        role: r.role as GuestPrincipal["role"],
      }));
    },

    /** One statement for many guests: a burst of (re)connections is one write, not one each. */
    async setConnections(participantIds: string[], connection: GuestConnection): Promise<void> {
      if (participantIds.length === 0) return;
      await db.updateTable("participants").set({ connection }).where("id", "in", participantIds).execute();
    },
  };
}
export type PresenceRepository = ReturnType<typeof createPresenceRepository>;
