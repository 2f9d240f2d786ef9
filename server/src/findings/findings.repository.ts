// Storage for review findings, releases, explanations, patient questions and feedback.
import type {
  CareAnswer,
  Explanation,
  FindingDetails,
  FindingKind,
  FindingSource,
  FindingStatus,
  GlossaryEntry,
  PatientSummary,
  StoredEvidence,
} from "@bedside/shared";
import { sql, type Selectable } from "kysely";
import type { Database } from "../db/database.js";
import type { FindingTable } from "../db/schema.js";

export type StoredFinding = Selectable<FindingTable>;

export interface NewFinding {
  kind: FindingKind;
  text: string;
  term: string | null;
  details: FindingDetails;
  evidence: StoredEvidence[];
  source: FindingSource;
  status?: FindingStatus;
  editedByClinician?: boolean;
}

export interface FindingChanges {
  kind?: FindingKind;
  text?: string;
  term?: string | null;
  details?: FindingDetails;
  evidence?: StoredEvidence[];
  status?: FindingStatus;
  editedByClinician?: boolean;
}

const toRow = (visitId: string, f: NewFinding) => ({
  visit_id: visitId,
  kind: f.kind,
  text: f.text,
  term: f.term,
  details: JSON.stringify(f.details),
  evidence: JSON.stringify(f.evidence),
  source: f.source,
  status: f.status ?? "draft",
  edited_by_clinician: f.editedByClinician ?? false,
});

export function createFindingsRepository(db: Database) {
  return {
    /** Who the summary is from and when the visit was: what the patient's page heads with. */
    async visitNames(
      visitId: string,
    ): Promise<{ clinicianName: string; visitDate: Date; preferredLanguage: string }> {
      const row = await db
        .selectFrom("visits as v")
        .innerJoin("clinicians as c", "c.id", "v.clinician_id")
        .select([
          "c.display_name as clinicianName",
          "v.started_at",
          "v.scheduled_at",
          "v.preferred_language as preferredLanguage",
        ])
        .where("v.id", "=", visitId)
        .executeTakeFirstOrThrow();
      return {
        clinicianName: row.clinicianName,
        visitDate: row.started_at ?? row.scheduled_at,
        preferredLanguage: row.preferredLanguage,
      };
    },

    async list(visitId: string): Promise<StoredFinding[]> {
      return db
        .selectFrom("findings")
        .selectAll()
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
    },

    async find(visitId: string, findingId: string): Promise<StoredFinding | undefined> {
      return db
        .selectFrom("findings")
        .selectAll()
        .where("visit_id", "=", visitId)
        .where("id", "=", findingId)
        .executeTakeFirst();
    },

    async lastRun(visitId: string) {
      return db.selectFrom("findings_runs").selectAll().where("visit_id", "=", visitId).executeTakeFirst();
    },

    /**
     * Replaces the engine's untouched drafts with a new run's, in one transaction: approved,
     * edited, removed and hand-written findings stay, and a new draft that repeats one of
     * them (same kind and text) is skipped.
     */
    async replaceDrafts(
      visitId: string,
      run: { engine: string; fallbackReason: string | undefined },
      drafts: NewFinding[],
    ): Promise<{ added: number; kept: number }> {
      return db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom("findings")
          .where("visit_id", "=", visitId)
          .where("status", "=", "draft")
          .where("edited_by_clinician", "=", false)
          .where("source", "!=", "clinician")
          .execute();
        const kept = await tx
          .selectFrom("findings")
          .select(["kind", "text"])
          .where("visit_id", "=", visitId)
          .execute();
        const seen = new Set(kept.map((k) => `${k.kind}\u0000${k.text.toLowerCase()}`));
        const fresh = drafts.filter((d) => !seen.has(`${d.kind}\u0000${d.text.toLowerCase()}`));
        if (fresh.length > 0) {
          await tx
            .insertInto("findings")
            .values(fresh.map((f) => toRow(visitId, f)))
            .execute();
        }
        await tx
          .insertInto("findings_runs")
          .values({ visit_id: visitId, engine: run.engine, fallback_reason: run.fallbackReason ?? null })
          .onConflict((oc) =>
            oc.column("visit_id").doUpdateSet({
              engine: run.engine,
              fallback_reason: run.fallbackReason ?? null,
              ran_at: new Date(),
            }),
          )
          .execute();
        return { added: fresh.length, kept: kept.length };
      });
    },

    async insert(visitId: string, finding: NewFinding): Promise<StoredFinding> {
      return db
        .insertInto("findings")
        .values(toRow(visitId, finding))
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /**
     * Drops the quotes that cite these (deleted) segments from the visit's findings and flags those
     * findings for the clinician, in one transaction. Returns how many findings were flagged.
     */
    async withdrawEvidence(visitId: string, segmentIds: string[]): Promise<number> {
      if (segmentIds.length === 0) return 0;
      const gone = new Set(segmentIds);
      return db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom("findings")
          .select(["id", "evidence"])
          .where("visit_id", "=", visitId)
          .forUpdate()
          .execute();
        let flagged = 0;
        for (const r of rows) {
          const kept = r.evidence.filter((e) => !gone.has(e.segmentId));
          if (kept.length === r.evidence.length) continue;
          await tx
            .updateTable("findings")
            .set({
              evidence: JSON.stringify(kept),
              evidence_withdrawn_at: new Date(),
              updated_at: new Date(),
            })
            .where("id", "=", r.id)
            .execute();
          flagged++;
        }
        return flagged;
      });
    },

    async update(visitId: string, findingId: string, changes: FindingChanges): Promise<StoredFinding> {
      return db
        .updateTable("findings")
        .set({
          ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
          ...(changes.text !== undefined ? { text: changes.text } : {}),
          ...(changes.term !== undefined ? { term: changes.term } : {}),
          ...(changes.details !== undefined ? { details: JSON.stringify(changes.details) } : {}),
          ...(changes.evidence !== undefined ? { evidence: JSON.stringify(changes.evidence) } : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.editedByClinician !== undefined
            ? { edited_by_clinician: changes.editedByClinician }
            : {}),
          updated_at: new Date(),
        })
        .where("visit_id", "=", visitId)
        .where("id", "=", findingId)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /**
     * Stores a release and its explanations together, replacing the previous version when
     * `previousRevision` is given. Both the primary key (first release) and the revision check
     * (a correction) make a second, racing release fail instead of writing twice: undefined then.
     */
    async release(
      visitId: string,
      clinicianId: string,
      released: { explanation: Explanation; kind: FindingKind; evidence: StoredEvidence[] }[],
      glossary: GlossaryEntry[],
      summary: PatientSummary,
      alternates: PatientSummary[],
      previousRevision: number | null,
    ): Promise<{ releasedAt: Date; revisedAt: Date | null } | undefined> {
      return db.transaction().execute(async (tx) => {
        const row =
          previousRevision === null
            ? await tx
                .insertInto("visit_releases")
                .values({
                  visit_id: visitId,
                  released_by: clinicianId,
                  glossary: JSON.stringify(glossary),
                  summary: JSON.stringify(summary),
                  summary_alternates: JSON.stringify(alternates),
                })
                .onConflict((oc) => oc.column("visit_id").doNothing())
                .returning(["released_at", "revised_at"])
                .executeTakeFirst()
            : await tx
                .updateTable("visit_releases")
                .set({
                  released_by: clinicianId,
                  glossary: JSON.stringify(glossary),
                  summary: JSON.stringify(summary),
                  summary_alternates: JSON.stringify(alternates),
                  revision: previousRevision + 1,
                  revised_at: sql`now()`,
                })
                .where("visit_id", "=", visitId)
                .where("revision", "=", previousRevision)
                .returning(["released_at", "revised_at"])
                .executeTakeFirst();
        if (!row) return undefined;
        await tx.deleteFrom("finding_explanations").where("visit_id", "=", visitId).execute();
        await tx
          .insertInto("finding_explanations")
          .values(
            released.map((r) => ({
              finding_id: r.explanation.findingId,
              visit_id: visitId,
              explanation: JSON.stringify(r.explanation),
              kind: r.kind,
              evidence: JSON.stringify(r.evidence),
            })),
          )
          .execute();
        return { releasedAt: row.released_at, revisedAt: row.revised_at };
      });
    },

    async releaseOf(visitId: string) {
      return db.selectFrom("visit_releases").selectAll().where("visit_id", "=", visitId).executeTakeFirst();
    },

    /** Released findings with their stored explanations, in the order the clinician reviewed them. */
    async released(visitId: string) {
      return db
        .selectFrom("finding_explanations as e")
        .innerJoin("findings as f", "f.id", "e.finding_id")
        .select(["f.id", "e.kind", "e.evidence", "e.explanation"])
        .where("e.visit_id", "=", visitId)
        .orderBy("f.created_at")
        .orderBy("f.id")
        .execute();
    },

    async isReleasedFinding(visitId: string, findingId: string): Promise<boolean> {
      const row = await db
        .selectFrom("finding_explanations")
        .select("finding_id")
        .where("visit_id", "=", visitId)
        .where("finding_id", "=", findingId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Stores a question unless the visit already has `max`; undefined when it has. Count and insert
     * run in one transaction holding a per-visit advisory lock, so questions sent at the same moment
     * cannot all see room for one more and overshoot the cap.
     */
    async addQuestion(
      input: { visitId: string; findingId: string; participantId: string; text: string },
      max: number,
    ) {
      return db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`finding_questions:${input.visitId}`}))`.execute(
          tx,
        );
        const { n } = await tx
          .selectFrom("finding_questions")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("visit_id", "=", input.visitId)
          .executeTakeFirstOrThrow();
        if (Number(n) >= max) return undefined;
        return tx
          .insertInto("finding_questions")
          .values({
            visit_id: input.visitId,
            finding_id: input.findingId,
            participant_id: input.participantId,
            text: input.text,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    /** Visits whose patients asked questions the clinician has not opened yet, newest first. */
    async questionsWaiting(clinicianId: string) {
      const rows = await db
        .selectFrom("finding_questions as q")
        .innerJoin("visits as v", "v.id", "q.visit_id")
        .select((eb) => [
          "v.id as visitId",
          "v.patient_display_name as patientDisplayName",
          eb.fn.countAll<string>().as("count"),
          eb.fn.max("q.created_at").as("lastAskedAt"),
        ])
        .where("v.clinician_id", "=", clinicianId)
        .where("q.seen_at", "is", null)
        .groupBy(["v.id", "v.patient_display_name"])
        .orderBy("lastAskedAt", "desc")
        .execute();
      return rows.map((r) => ({
        visitId: r.visitId,
        patientDisplayName: r.patientDisplayName,
        count: Number(r.count),
        lastAskedAt: new Date(r.lastAskedAt).toISOString(),
      }));
    },

    /** Marks a visit's questions as opened; returns how many were new. */
    async markQuestionsSeen(visitId: string): Promise<number> {
      const result = await db
        .updateTable("finding_questions")
        .set({ seen_at: sql`now()` })
        .where("visit_id", "=", visitId)
        .where("seen_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async questions(visitId: string) {
      return db
        .selectFrom("finding_questions as q")
        .innerJoin("findings as f", "f.id", "q.finding_id")
        .innerJoin("participants as p", "p.id", "q.participant_id")
        .select([
          "q.id",
          "q.finding_id as findingId",
          "f.text as findingText",
          "q.text",
          "p.display_name as askedBy",
          "q.created_at as askedAt",
          "q.seen_at as seenAt",
        ])
        .where("q.visit_id", "=", visitId)
        .orderBy("q.created_at")
        .orderBy("q.id")
        .execute();
    },

    /** Inserts the visit's one feedback response; false when there already is one. */
    async addFeedback(input: {
      visitId: string;
      participantId: string;
      care: CareAnswer[];
      score: number | null;
      comment: string | null;
    }): Promise<boolean> {
      const row = await db
        .insertInto("visit_feedback")
        .values({
          visit_id: input.visitId,
          participant_id: input.participantId,
          care: JSON.stringify(input.care),
          care_score: input.score,
          comment: input.comment,
        })
        .onConflict((oc) => oc.column("visit_id").doNothing())
        .returning("id")
        .executeTakeFirst();
      return row !== undefined;
    },

    async hasFeedback(visitId: string): Promise<boolean> {
      const row = await db
        .selectFrom("visit_feedback")
        .select("id")
        .where("visit_id", "=", visitId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async feedbackForClinician(clinicianId: string) {
      return db
        .selectFrom("visit_feedback as f")
        .innerJoin("visits as v", "v.id", "f.visit_id")
        .select(["f.care", "f.care_score", "f.comment", "f.created_at"])
        .where("v.clinician_id", "=", clinicianId)
        .orderBy("f.created_at", "desc")
        .execute();
    },
  };
}
export type FindingsRepository = ReturnType<typeof createFindingsRepository>;
