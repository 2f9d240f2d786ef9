import type { StaffPrincipal } from "@bedside/shared";
import type { Database } from "../db/database.js";
import { hashSecret, newSecret } from "./auth.secrets.js";

export function createSessionRepository(db: Database, ttlMs: number) {
  return {
    /** Returns the raw token for the cookie; only its hash is stored. */
    async create(clinicianId: string): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecret();
      const expiresAt = new Date(Date.now() + ttlMs);
      await db
        .insertInto("sessions")
        .values({ token_hash: hashSecret(token), clinician_id: clinicianId, expires_at: expiresAt })
        .execute();
      return { token, expiresAt };
    },

    /**
     * The staff member behind a current session, with their clinic and roles as they are now (a
     * role change takes effect at the next request), and the session's expiry. A deactivated
     * account's sessions stand for nobody, even before they are deleted.
     */
    async sessionFor(token: string): Promise<{ principal: StaffPrincipal; expiresAt: Date } | undefined> {
      const row = await db
        .selectFrom("sessions")
        .innerJoin("clinicians", "clinicians.id", "sessions.clinician_id")
        .select(["clinicians.id", "clinicians.clinic_id", "clinicians.roles", "sessions.expires_at"])
        .where("sessions.token_hash", "=", hashSecret(token))
        .where("sessions.expires_at", ">", new Date())
        .where("clinicians.deactivated_at", "is", null)
        .executeTakeFirst();
      return (
        row && {
          principal: { userId: row.id, clinicId: row.clinic_id, roles: row.roles },
          expiresAt: row.expires_at,
        }
      );
    },
    async revoke(token: string): Promise<void> {
      await db.deleteFrom("sessions").where("token_hash", "=", hashSecret(token)).execute();
    },

    /** Ends every session of one account (password reset, deactivation, "sign out everywhere"). */
    async revokeAllOf(clinicianId: string): Promise<number> {
      const res = await db.deleteFrom("sessions").where("clinician_id", "=", clinicianId).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
    async deleteExpired(): Promise<number> {
      const res = await db.deleteFrom("sessions").where("expires_at", "<=", new Date()).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
