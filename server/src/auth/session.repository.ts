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

    async deleteExpired(): Promise<number> {
      const res = await db.deleteFrom("sessions").where("expires_at", "<=", new Date()).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
