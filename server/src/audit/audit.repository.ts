import type { AuditAction, AuditActorKind } from "@bedside/shared";
import type { Database } from "../db/database.js";

export interface NewAuditEvent {
  visitId: string | null;
  actor: { kind: AuditActorKind; id: string | null };
  action: AuditAction;
  detail?: Record<string, string | number | boolean>;
}

/** The audit trail: append and read, nothing else (the table refuses UPDATE and DELETE). */
export function createAuditRepository(db: Database) {
  return {
    async append(e: NewAuditEvent): Promise<void> {
      await db
        .insertInto("audit_events")
        .values({
          visit_id: e.visitId,
          actor_kind: e.actor.kind,
          actor_id: e.actor.id,
          action: e.action,
          detail: JSON.stringify(e.detail ?? {}),
        })
        .execute();
    },
    async forVisit(visitId: string, limit = 500) {
      return db
        .selectFrom("audit_events")
        .select(["actor_kind", "actor_id", "action", "detail", "created_at"])
        .where("visit_id", "=", visitId)
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
