// Storage for the clinical note of a visit (migration 0014-visit-notes).
import { type ClinicalNote, clinicalNoteSchema } from "@bedside/shared";
import type { Selectable } from "kysely";
import type { Database } from "../db/database.js";
import type { VisitNoteTable } from "../db/schema.js";

export type StoredNote = Selectable<VisitNoteTable>;

export function createNotesRepository(db: Database) {
  return {
    async find(visitId: string): Promise<StoredNote | undefined> {
      const row = await db
        .selectFrom("visit_notes")
        .selectAll()
        .where("visit_id", "=", visitId)
        .executeTakeFirst();
      if (!row) return undefined;
      // A note stored before the exam, results and history sections existed reads with them, empty.
      const note = clinicalNoteSchema.safeParse(row.note);
      return note.success ? { ...row, note: note.data } : row;
    },

    /**
     * Stores the note unless it is signed; `sign` signs it in the same statement. Returns the
     * row, or undefined when the note was already signed (nothing is written then).
     */
    async save(
      visitId: string,
      note: ClinicalNote,
      meta: { engine: string; fallbackReason?: string; edited: boolean },
      sign?: { by: string; at: Date },
    ): Promise<StoredNote | undefined> {
      const now = new Date();
      const values = {
        note: JSON.stringify(note),
        engine: meta.engine,
        fallback_reason: meta.fallbackReason ?? null,
        edited: meta.edited,
        updated_at: now,
        signed_by: sign?.by ?? null,
        signed_at: sign?.at ?? null,
      };
      return db
        .insertInto("visit_notes")
        .values({ visit_id: visitId, ...values })
        .onConflict((oc) =>
          oc.column("visit_id").doUpdateSet(values).where("visit_notes.signed_at", "is", null),
        )
        .returningAll()
        .executeTakeFirst();
    },
  };
}
export type NotesRepository = ReturnType<typeof createNotesRepository>;
