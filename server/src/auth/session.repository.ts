import type { StaffPrincipal } from "@bedside/shared";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { hashSecret, newSecret } from "../access/access.secrets.js";

/**
 * `adminsNeedTwoFactor`: admins must set up two-factor before anything else. Off only while the demo
 * seed is on (local tries, never a deployment): the demo account is an admin and "try a visit at
 * once" would otherwise start with an authenticator app.
 */
export function createSessionRepository(db: Database, ttlMs: number, adminsNeedTwoFactor = true) {
  return {
    /** Returns the raw token for the cookie; only its hash is stored. */
    async create(clinicianId: string, userAgent?: string): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecret();
      const expiresAt = new Date(Date.now() + ttlMs);
      await db
        .insertInto("sessions")
        .values({
          token_hash: hashSecret(token),
          clinician_id: clinicianId,
          expires_at: expiresAt,
          user_agent: userAgent?.slice(0, 512) ?? null,
        })
        .execute();
      return { token, expiresAt };
    },

    /**
     * The staff member behind a current session, with their clinic and roles as they are now (a
     * role change takes effect at the next request), and the session's expiry. A deactivated
     * account's sessions stand for nobody, even before they are deleted. `mfaSetupRequired`: the
     * account must have two-factor (an admin, or the clinic requires it) and has none yet, so the
     * session may only set it up — worked out now, so a clinic turning the requirement on holds
     * every such session at its next request.
     */
    async sessionFor(
      token: string,
    ): Promise<
      { principal: StaffPrincipal; expiresAt: Date; sessionId: string; mfaSetupRequired: boolean } | undefined
    > {
      const tokenHash = hashSecret(token);
      const row = await db
        .selectFrom("sessions")
        .innerJoin("clinicians", "clinicians.id", "sessions.clinician_id")
        .innerJoin("clinics", "clinics.id", "clinicians.clinic_id")
        .leftJoin("totp_credentials", (j) =>
          j
            .onRef("totp_credentials.clinician_id", "=", "clinicians.id")
            .on("totp_credentials.confirmed_at", "is not", null),
        )
        .select([
          "clinicians.id",
          "clinicians.clinic_id",
          "clinicians.roles",
          "sessions.id as session_id",
          "sessions.expires_at",
          "sessions.last_used_at",
          sql<boolean>`totp_credentials.clinician_id is null and (clinics.mfa_required or (${adminsNeedTwoFactor} and 'admin' = any(clinicians.roles)))`.as(
            "mfa_setup_required",
          ),
        ])
        .where("sessions.token_hash", "=", tokenHash)
        .where("sessions.expires_at", ">", new Date())
        .where("clinicians.deactivated_at", "is", null)
        .executeTakeFirst();
      if (!row) return undefined;
      // When it was last used, for the sessions list: written at most once a minute, not per request.
      if (row.last_used_at.getTime() < Date.now() - 60_000) {
        await db
          .updateTable("sessions")
          .set({ last_used_at: new Date() })
          .where("token_hash", "=", tokenHash)
          .execute();
      }
      return {
        principal: { userId: row.id, clinicId: row.clinic_id, roles: row.roles },
        expiresAt: row.expires_at,
        sessionId: row.session_id,
        mfaSetupRequired: row.mfa_setup_required,
      };
    },
    async revoke(token: string): Promise<void> {
      await db.deleteFrom("sessions").where("token_hash", "=", hashSecret(token)).execute();
    },

    /** The account's current sessions, newest use first (the sessions list). */
    async listFor(clinicianId: string) {
      return db
        .selectFrom("sessions")
        .select(["id", "token_hash", "created_at", "last_used_at", "user_agent"])
        .where("clinician_id", "=", clinicianId)
        .where("expires_at", ">", new Date())
        .orderBy("last_used_at", "desc")
        .execute();
    },

    /** Ends one of the account's sessions by its id; the ended session's token hash (its sockets' room). */
    async revokeById(clinicianId: string, sessionId: string): Promise<string | undefined> {
      const row = await db
        .deleteFrom("sessions")
        .where("id", "=", sessionId)
        .where("clinician_id", "=", clinicianId)
        .returning("token_hash")
        .executeTakeFirst();
      return row?.token_hash;
    },

    /** Ends every session of one account (an admin's reset, "sign out everywhere"); their token hashes. */
    async revokeAllOf(clinicianId: string): Promise<string[]> {
      const rows = await db
        .deleteFrom("sessions")
        .where("clinician_id", "=", clinicianId)
        .returning("token_hash")
        .execute();
      return rows.map((r) => r.token_hash);
    },

    async deleteExpired(): Promise<number> {
      const res = await db.deleteFrom("sessions").where("expires_at", "<=", new Date()).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
