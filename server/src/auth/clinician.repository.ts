import type { Clinician } from "@bedside/shared";
import type { Database } from "../db/database.js";

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
      const row = await db
        .selectFrom("clinicians")
        .select(["id", "email", "display_name"])
        .where("id", "=", id)
        .executeTakeFirst();
      return row && { id: row.id, email: row.email, displayName: row.display_name };
    },

    async create(input: { email: string; displayName: string; passwordHash: string }): Promise<Clinician> {
      const row = await db
        .insertInto("clinicians")
        .values({
          email: input.email.toLowerCase(),
          display_name: input.displayName,
          password_hash: input.passwordHash,
        })
        .returning(["id", "email", "display_name"])
        .executeTakeFirstOrThrow();
      return { id: row.id, email: row.email, displayName: row.display_name };
    },
  };
}
export type ClinicianRepository = ReturnType<typeof createClinicianRepository>;
