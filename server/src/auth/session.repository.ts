import type { Database } from "../db/database.js";
import { hashSecret, newSecret } from "./auth.secrets.js";

export function createSessionRepository(db: Database, ttlMs: number) {
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

    async clinicianIdFor(token: string): Promise<string | undefined> {
      const row = await db
        .selectFrom("sessions")
        .select("clinician_id")
        .where("token_hash", "=", hashSecret(token))
        .where("expires_at", ">", new Date())
        .executeTakeFirst();
      return row?.clinician_id;
    },

    /** The current session behind a token, with its expiry (the socket layer disconnects then). */
    async sessionFor(token: string): Promise<{ clinicianId: string; expiresAt: Date } | undefined> {
      const row = await db
        .selectFrom("sessions")
        .select(["clinician_id", "expires_at"])
        .where("token_hash", "=", hashSecret(token))
        .where("expires_at", ">", new Date())
        .executeTakeFirst();
      return row && { clinicianId: row.clinician_id, expiresAt: row.expires_at };
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

    /**
     * Notes that a session was used, at most once a minute (a write per request would be a write
     * per socket command too).
     */
    async touch(token: string): Promise<void> {
      await db
        .updateTable("sessions")
        .set({ last_used_at: new Date() })
        .where("token_hash", "=", hashSecret(token))
        .where("last_used_at", "<", new Date(Date.now() - 60_000))
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

    /** Ends every session of the account ("sign out everywhere"); their token hashes. */
    async revokeEveryOf(clinicianId: string): Promise<string[]> {
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
