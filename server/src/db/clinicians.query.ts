// One query that two domains share: visits (give or transfer a visit) and schedule (book one).
import { sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "./schema.js";

/** The clinic's active clinicians: whom a visit can be booked with, given or transferred to. */
export const activeClinicians = (db: Kysely<DatabaseSchema>, clinicId: string) =>
  db
    .selectFrom("clinicians")
    .where("clinic_id", "=", clinicId)
    .where("deactivated_at", "is", null)
    .where(sql<boolean>`'clinician' = any(roles)`);
