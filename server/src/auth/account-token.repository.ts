import type { StaffRole } from "@bedside/shared";
import { hashSecret, looksLikeSecret, newSecret } from "../access/access.secrets.js";
import type { Database } from "../db/database.js";

export type AccountTokenPurpose = "setup" | "invitation" | "reset";

/** Single-use secrets for account mail and setup: only their hash is stored. */
export function createAccountTokenRepository(db: Database) {
  const live = (now: Date) =>
    db
      .selectFrom("account_tokens")
      .selectAll()
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now);
  return {
    async issue(input: {
      purpose: AccountTokenPurpose;
      clinicId: string;
      ttlMs: number;
      clinicianId?: string;
      email?: string;
      displayName?: string;
      roles?: StaffRole[];
      createdBy?: string;
    }): Promise<{ id: string; secret: string; expiresAt: Date }> {
      const secret = newSecret();
      const expiresAt = new Date(Date.now() + input.ttlMs);
      const row = await db
        .insertInto("account_tokens")
        .values({
          token_hash: hashSecret(secret),
          purpose: input.purpose,
          clinic_id: input.clinicId,
          clinician_id: input.clinicianId ?? null,
          email: input.email?.toLowerCase() ?? null,
          display_name: input.displayName ?? null,
          roles: input.roles ?? null,
          created_by: input.createdBy ?? null,
          expires_at: expiresAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: row.id, secret, expiresAt };
    },
    /** A usable token of this purpose (not used, revoked or expired), without using it. */
    async peek(secret: string, purpose: AccountTokenPurpose) {
      if (!looksLikeSecret(secret)) return undefined;
      return live(new Date())
        .where("token_hash", "=", hashSecret(secret))
        .where("purpose", "=", purpose)
        .executeTakeFirst();
    },
    /**
     * Uses a token: in one statement, so two requests with the same link cannot both succeed.
     * Inside the caller's transaction, so a failure after it leaves the link usable.
     */
    async consume(trx: Database, secret: string, purpose: AccountTokenPurpose) {
      if (!looksLikeSecret(secret)) return undefined;
      return trx
        .updateTable("account_tokens")
        .set({ used_at: new Date() })
        .where("token_hash", "=", hashSecret(secret))
        .where("purpose", "=", purpose)
        .where("used_at", "is", null)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", new Date())
        .returningAll()
        .executeTakeFirst();
    },
    /** Revokes every usable token matching: earlier setup links, a user's other reset links, an invitation. */
    async revoke(
      where: { purpose: AccountTokenPurpose; clinicId?: string; clinicianId?: string; id?: string },
      trx: Database = db,
    ): Promise<number> {
      let q = trx
        .updateTable("account_tokens")
        .set({ revoked_at: new Date() })
        .where("purpose", "=", where.purpose)
        .where("used_at", "is", null)
        .where("revoked_at", "is", null);
      if (where.clinicId) q = q.where("clinic_id", "=", where.clinicId);
      if (where.clinicianId) q = q.where("clinician_id", "=", where.clinicianId);
      if (where.id) q = q.where("id", "=", where.id);
      return Number((await q.executeTakeFirst()).numUpdatedRows);
    },
    /** The clinic's invitations not yet accepted (or revoked), expired ones included, newest first. */
    async pendingInvitations(clinicId: string) {
      return db
        .selectFrom("account_tokens")
        .select(["id", "email", "display_name", "roles", "expires_at", "created_at"])
        .where("clinic_id", "=", clinicId)
        .where("purpose", "=", "invitation")
        .where("used_at", "is", null)
        .where("revoked_at", "is", null)
        .orderBy("created_at", "desc")
        .execute();
    },
  };
}
