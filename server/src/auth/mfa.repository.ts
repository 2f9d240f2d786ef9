import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { hashSecret, newSecret } from "../access/access.secrets.js";

/** `adminsNeedTwoFactor`: as in session.repository.ts (off only with the demo seed). */
export function createMfaRepository(db: Database, adminsNeedTwoFactor = true) {
  return {
    async credential(clinicianId: string) {
      return db
        .selectFrom("totp_credentials")
        .select(["secret_enc", "confirmed_at", "last_step"])
        .where("clinician_id", "=", clinicianId)
        .executeTakeFirst();
    },

    /** A new, unconfirmed enrolment (replacing one that was never confirmed); never a confirmed one. */
    async startEnrolment(clinicianId: string, secretEnc: string): Promise<boolean> {
      const row = await db
        .insertInto("totp_credentials")
        .values({ clinician_id: clinicianId, secret_enc: secretEnc })
        .onConflict((oc) =>
          oc
            .column("clinician_id")
            .doUpdateSet({ secret_enc: secretEnc, last_step: null, created_at: sql`now()` } as never)
            .where("totp_credentials.confirmed_at", "is", null),
        )
        .returning("clinician_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Records that a code for `step` was accepted, only if no code for it or a later step was: the
     * one update is the replay check, so two requests with the same code cannot both pass.
     */
    async acceptStep(clinicianId: string, step: number): Promise<boolean> {
      const res = await db
        .updateTable("totp_credentials")
        .set({ last_step: step })
        .where("clinician_id", "=", clinicianId)
        .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", String(step))]))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Confirms the enrolment and stores its recovery codes' hashes (the old ones go), in one transaction. */
    async confirm(clinicianId: string, step: number, recoveryHashes: string[]): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable("totp_credentials")
          .set({ confirmed_at: new Date(), last_step: step })
          .where("clinician_id", "=", clinicianId)
          .where("confirmed_at", "is", null)
          .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", String(step))]))
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await tx.deleteFrom("recovery_codes").where("clinician_id", "=", clinicianId).execute();
        await tx
          .insertInto("recovery_codes")
          .values(recoveryHashes.map((code_hash) => ({ clinician_id: clinicianId, code_hash })))
          .execute();
        return true;
      });
    },

    /** Spends a recovery code: true once, then never again for the same code. */
    async useRecoveryCode(clinicianId: string, codeHash: string): Promise<boolean> {
      const row = await db
        .updateTable("recovery_codes")
        .set({ used_at: new Date() })
        .where("id", "=", (eb) =>
          eb
            .selectFrom("recovery_codes")
            .select("id")
            .where("clinician_id", "=", clinicianId)
            .where("code_hash", "=", codeHash)
            .where("used_at", "is", null)
            .limit(1),
        )
        .where("used_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      return row !== undefined;
    },

    async recoveryCodesLeft(clinicianId: string): Promise<number> {
      const row = await db
        .selectFrom("recovery_codes")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("clinician_id", "=", clinicianId)
        .where("used_at", "is", null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Two-factor off: the authenticator and its recovery codes are gone. */
    async remove(clinicianId: string): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        await tx.deleteFrom("recovery_codes").where("clinician_id", "=", clinicianId).execute();
        const res = await tx
          .deleteFrom("totp_credentials")
          .where("clinician_id", "=", clinicianId)
          .executeTakeFirst();
        return Number(res.numDeletedRows) > 0;
      });
    },

    /** Whether the account must have two-factor: admins always, everyone when their clinic says so. */
    async required(clinicianId: string): Promise<boolean> {
      const row = await db
        .selectFrom("clinicians")
        .innerJoin("clinics", "clinics.id", "clinicians.clinic_id")
        .select(
          sql<boolean>`clinics.mfa_required or (${adminsNeedTwoFactor} and 'admin' = any(clinicians.roles))`.as(
            "required",
          ),
        )
        .where("clinicians.id", "=", clinicianId)
        .executeTakeFirst();
      return row?.required ?? false;
    },

    async clinicRequires(clinicId: string): Promise<boolean> {
      const row = await db
        .selectFrom("clinics")
        .select("mfa_required")
        .where("id", "=", clinicId)
        .executeTakeFirst();
      return row?.mfa_required ?? false;
    },

    async setClinicRequires(clinicId: string, required: boolean): Promise<void> {
      await db.updateTable("clinics").set({ mfa_required: required }).where("id", "=", clinicId).execute();
    },

    /** Whether an account belongs to the clinic (another clinic's people do not exist for its admins). */
    async inClinic(clinicianId: string, clinicId: string): Promise<boolean> {
      const row = await db
        .selectFrom("clinicians")
        .select("id")
        .where("id", "=", clinicianId)
        .where("clinic_id", "=", clinicId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The secret between password and code; only its hash is stored. */
    async createPending(clinicianId: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecret();
      const expiresAt = new Date(Date.now() + ttlMs);
      await db
        .insertInto("pending_sign_ins")
        .values({ token_hash: hashSecret(token), clinician_id: clinicianId, expires_at: expiresAt })
        .execute();
      // Spent and expired ones have no use: they go as new ones are made.
      await db
        .deleteFrom("pending_sign_ins")
        .where((eb) => eb.or([eb("expires_at", "<=", new Date()), eb("used_at", "is not", null)]))
        .execute();
      return { token, expiresAt };
    },

    /**
     * The account behind a pending sign-in that is current, unspent and under its attempt limit;
     * each look counts as an attempt (so one pending sign-in cannot try a million codes).
     */
    async pendingAttempt(token: string, maxAttempts: number): Promise<string | undefined> {
      const row = await db
        .updateTable("pending_sign_ins")
        .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("token_hash", "=", hashSecret(token))
        .where("used_at", "is", null)
        .where("expires_at", ">", new Date())
        .where("attempts", "<", maxAttempts)
        .returning("clinician_id")
        .executeTakeFirst();
      return row?.clinician_id;
    },

    /** Spends a pending sign-in: true once. */
    async spendPending(token: string): Promise<boolean> {
      const res = await db
        .updateTable("pending_sign_ins")
        .set({ used_at: new Date() })
        .where("token_hash", "=", hashSecret(token))
        .where("used_at", "is", null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
export type MfaRepository = ReturnType<typeof createMfaRepository>;
