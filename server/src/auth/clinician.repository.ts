import type { Clinician, ClinicianSettings } from "@bedside/shared";
import type { Database } from "../db/database.js";

const COLUMNS = ["id", "email", "display_name", "speech_language"] as const;

function toClinician(row: {
  id: string;
  email: string;
  display_name: string;
  speech_language: string;
}): Clinician {
  return { id: row.id, email: row.email, displayName: row.display_name, speechLanguage: row.speech_language };
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
    async create(input: { email: string; displayName: string; passwordHash: string }): Promise<Clinician> {
      const row = await db
        .insertInto("clinicians")
        .values({
          email: input.email.toLowerCase(),
          display_name: input.displayName,
          password_hash: input.passwordHash,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toClinician(row);
    },
  };
}
export type ClinicianRepository = ReturnType<typeof createClinicianRepository>;
