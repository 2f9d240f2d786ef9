// The audit trail's one entry point: domains record through `record` (handed to them by app.ts),
// the clinician reads the trail of their own visits through `trail`.
import type { AuditTrail } from "@bedside/shared";
import type { Access } from "../access/access.resolver.js";
import type { AuditRepository, NewAuditEvent } from "./audit.repository.js";

export type { NewAuditEvent } from "./audit.repository.js";

/** What a domain needs to leave a trace. Awaited before the answer goes out: no read goes unrecorded. */
export interface Auditor {
  record(event: NewAuditEvent): Promise<void>;
}

export function createAuditService(deps: { repo: AuditRepository; access: Pick<Access, "ownedVisit"> }) {
  return {
    record: (event: NewAuditEvent) => deps.repo.append(event),
    /** The trail of one of the clinician's own visits, newest first (another clinician's visit is a 404). */
    async trail(clinicianId: string, visitId: string): Promise<AuditTrail> {
      await deps.access.ownedVisit(clinicianId, visitId);
      const rows = await deps.repo.forVisit(visitId);
      return {
        events: rows.map((r) => ({
          at: r.created_at.toISOString(),
          actor: { kind: r.actor_kind, id: r.actor_id },
          action: r.action,
          detail: r.detail,
        })),
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
