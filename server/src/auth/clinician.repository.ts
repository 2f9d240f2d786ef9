import type { Clinician, ClinicianSettings, StaffRole } from "@bedside/shared";
import { sql } from "kysely";
import type { Database } from "../db/database.js";

// Every staff account (admin, clinician, front desk) is a row of `clinicians`: the name stays
// because every other table's `clinician_id` points at it.
const COLUMNS = ["id", "email", "display_name", "speech_language", "clinic_id", "roles"] as const;

function toClinician(row: {
  id: string;
  email: string;
  display_name: string;
  speech_language: string;
  clinic_id: string;
  roles: StaffRole[];
}): Clinician {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    speechLanguage: row.speech_language,
    clinicId: row.clinic_id,
    roles: row.roles,
  };
}

export function createClinicianRepository(db: Database) {
  return {
    async findByEmail(email: string) {
      return db
        .selectFrom("clinicians")
        .selectAll()
        .where("email", "=", email.toLowerCase())
        .executeTakeFirst();
    },
    async findById(id: string): Promise<Clinician | undefined> {
      const row = await db.selectFrom("clinicians").select(COLUMNS).where("id", "=", id).executeTakeFirst();
      return row && toClinician(row);
    },
    async updateSettings(id: string, settings: ClinicianSettings): Promise<Clinician | undefined> {
      const row = await db
        .updateTable("clinicians")
        .set({ ...(settings.speechLanguage ? { speech_language: settings.speechLanguage } : {}) })
        .where("id", "=", id)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toClinician(row);
    },
    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.updateTable("clinicians").set({ password_hash: passwordHash }).where("id", "=", id).execute();
    },
    /**
     * A new staff account. Without a clinic it joins the installation's first clinic (a single-clinic
     * install has only that one); without roles it is a clinician.
     */
    async create(input: {
      email: string;
      displayName: string;
      passwordHash: string;
      clinicId?: string;
      roles?: StaffRole[];
    }): Promise<Clinician> {
      const row = await db
        .insertInto("clinicians")
        .values({
          email: input.email.toLowerCase(),
          display_name: input.displayName,
          password_hash: input.passwordHash,
          clinic_id: input.clinicId ?? sql<string>`(select id from clinics order by created_at, id limit 1)`,
          roles: input.roles ?? ["clinician"],
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toClinician(row);
    },
    async setRoles(id: string, roles: StaffRole[]): Promise<Clinician | undefined> {
      const row = await db
        .updateTable("clinicians")
        .set({ roles })
        .where("id", "=", id)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toClinician(row);
    },
    /** Whether the clinic has an active admin (without one, start prints the setup link). */
    async hasActiveAdmin(clinicId?: string): Promise<boolean> {
      let q = db
        .selectFrom("clinicians")
        .select("id")
        .where(sql<boolean>`'admin' = any(roles)`)
        .where("deactivated_at", "is", null);
      if (clinicId) q = q.where("clinic_id", "=", clinicId);
      return (await q.limit(1).executeTakeFirst()) !== undefined;
    },
  };
}
export type ClinicianRepository = ReturnType<typeof createClinicianRepository>;
