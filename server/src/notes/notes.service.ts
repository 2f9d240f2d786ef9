// The clinical note of a visit (issue 14): drafted from the approved findings and the transcript,
// edited and signed by the visit's own clinician, and exported as a FHIR R4 Bundle once signed.
// Every read, change, signature and export is audited before the answer goes out.
import {
  type AuditAction,
  type ClinicalNote,
  noteText,
  type Transcript,
  type VisitNote,
} from "@bedside/shared";
import type { Bundle } from "@medplum/fhirtypes";
import type { Auditor } from "../audit/audit.service.js";
import type { FindingsService } from "../findings/findings.service.js";
import { summarySections, summaryText } from "../findings/summary.compose.js";

import type { TranscriptService } from "../transcripts/transcript.service.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { AttachmentService } from "../attachments/attachment.service.js";
import { visitBundle } from "./fhir.bundle.js";
import { findOmissions } from "./note.omissions.js";
import type { NoteEngine } from "./note.engine.js";
import type { NotesRepository, StoredNote } from "./notes.repository.js";
import { DomainError } from "../access/access.errors.js";

export interface NotesServiceDeps {
  notes: NotesRepository;
  /** The patient's photos and documents, exported with the visit. */
  attachments: Pick<AttachmentService, "forExport">;
  findings: Pick<FindingsService, "forNote">;
  transcripts: Pick<TranscriptService, "named">;
  access: Pick<VisitAccess, "ownedVisit">;
  engine: NoteEngine;
  audit: Auditor;
}

export function createNotesService(deps: NotesServiceDeps) {
  const { notes } = deps;
  const byClinician = (
    clinicianId: string,
    visitId: string,
    action: AuditAction,
    detail?: Record<string, string | number | boolean>,
  ) => deps.audit.record({ visitId, actor: { kind: "clinician", id: clinicianId }, action, detail });

  /** The clinician's own ended visit (another's is a 404; one not ended yet a 409). */
  async function endedVisit(clinicianId: string, visitId: string) {
    const visit = await deps.access.ownedVisit(clinicianId, visitId);
    if (visit.state !== "ended") {
      throw new DomainError("conflict", "The note can be written once the visit has ended.");
    }
    return visit;
  }

  /** The transcript the note may cite: what was transcribed, in spoken order. */
  async function transcriptOf(visitId: string) {
    const segments = (await deps.transcripts.named(visitId)).filter(
      (s) => s.status === "ok" && s.text.trim().length > 0,
    );
    const transcript: Transcript = segments.map((s) => ({ id: s.id, speaker: s.role, text: s.text }));
    return transcript;
  }

  const sentenceCount = (note: ClinicalNote) => note.sections.reduce((n, s) => n + s.sentences.length, 0);

  /** What was said that the approved findings and this note leave out (none once signed). */
  async function omissionsOf(visitId: string, note: ClinicalNote, signed: boolean) {
    if (signed) return [];
    const [source, transcript] = await Promise.all([deps.findings.forNote(visitId), transcriptOf(visitId)]);
    return findOmissions({ transcript, findings: source.approved, note });
  }

  function toVisitNote(
    row: StoredNote,
    signerName: string | null,
    omissions: VisitNote["omissions"] = [],
  ): VisitNote {
    return {
      omissions,
      note: row.note,
      status: row.signed_at ? "signed" : "draft",
      stored: true,
      engine: row.engine === "openai-compatible" ? "openai-compatible" : "builtin",
      ...(row.fallback_reason ? { fallbackReason: row.fallback_reason } : {}),
      updatedAt: row.updated_at.toISOString(),
      signed: row.signed_at ? { by: signerName ?? "", at: row.signed_at.toISOString() } : null,
    };
  }

  /** Every segment id a sentence cites must be a transcribed segment of this visit. */
  async function checkTrace(visitId: string, note: ClinicalNote): Promise<void> {
    const ids = new Set((await transcriptOf(visitId)).map((s) => s.id));
    note.sections.forEach((section, i) =>
      section.sentences.forEach((s, j) => {
        const bad = s.segmentIds.find((id) => !ids.has(id));
        if (bad !== undefined) {
          throw new DomainError(
            "bad_request",
            `note.sections.${i}.sentences.${j}.segmentIds: not a transcribed segment of this visit`,
          );
        }
      }),
    );
  }

  async function fresh(visitId: string) {
    const [source, transcript] = await Promise.all([deps.findings.forNote(visitId), transcriptOf(visitId)]);
    return { source, transcript, draft: await deps.engine.draft({ findings: source.approved, transcript }) };
  }

  return {
    /** The stored note, or a fresh draft from the approved findings when none is stored yet. */
    async get(clinicianId: string, visitId: string): Promise<VisitNote> {
      await endedVisit(clinicianId, visitId);
      const row = await notes.find(visitId);
      if (row) {
        const { clinicianName } = await deps.findings.forNote(visitId);
        await byClinician(clinicianId, visitId, "note.read", { status: row.signed_at ? "signed" : "draft" });
        return toVisitNote(row, clinicianName, await omissionsOf(visitId, row.note, row.signed_at !== null));
      }
      const { draft, source, transcript } = await fresh(visitId);
      await byClinician(clinicianId, visitId, "note.read", { status: "new draft", engine: draft.engine });
      return {
        note: draft.note,
        status: "draft",
        stored: false,
        engine: draft.engine,
        ...(draft.fallbackReason ? { fallbackReason: draft.fallbackReason } : {}),
        updatedAt: null,
        signed: null,
        omissions: findOmissions({ transcript, findings: source.approved, note: draft.note }),
      };
    },

    /** Drafts again from the findings approved now, replacing the unsigned note and its edits. */
    async redraft(clinicianId: string, visitId: string): Promise<VisitNote> {
      await endedVisit(clinicianId, visitId);
      const { draft, source, transcript } = await fresh(visitId);
      const row = await notes.save(visitId, draft.note, {
        engine: draft.engine,
        fallbackReason: draft.fallbackReason,
        edited: false,
      });
      if (!row) throw new DomainError("conflict", "This note is signed and can no longer be changed.");
      await byClinician(clinicianId, visitId, "note.changed", { change: "drafted", engine: draft.engine });
      return toVisitNote(
        row,
        source.clinicianName,
        findOmissions({ transcript, findings: source.approved, note: row.note }),
      );
    },

    /** Saves the clinician's edits (unsigned notes only). */
    async save(clinicianId: string, visitId: string, note: ClinicalNote, sign = false): Promise<VisitNote> {
      await endedVisit(clinicianId, visitId);
      await checkTrace(visitId, note);
      if (sign && sentenceCount(note) === 0) {
        throw new DomainError("conflict", "The note is empty. Write or draft it before signing.");
      }
      const current = await notes.find(visitId);
      if (current?.signed_at) {
        throw new DomainError("conflict", "This note is signed and can no longer be changed.");
      }
      const engine = current?.engine ?? deps.engine.name;
      const row = await notes.save(
        visitId,
        note,
        {
          engine,
          fallbackReason: current?.fallback_reason ?? undefined,
          edited: (current?.edited ?? false) || note.sections.some((s) => s.sentences.some((x) => x.edited)),
        },
        sign ? { by: clinicianId, at: new Date() } : undefined,
      );
      // A signature that landed between the read and the write: nothing was changed.
      if (!row) throw new DomainError("conflict", "This note is signed and can no longer be changed.");
      const { clinicianName } = await deps.findings.forNote(visitId);
      await byClinician(clinicianId, visitId, sign ? "note.signed" : "note.changed", {
        sentences: sentenceCount(note),
        ...(sign ? {} : { change: "edited" }),
      });
      return toVisitNote(row, clinicianName, await omissionsOf(visitId, row.note, sign));
    },

    /**
     * A speaker's words were deleted at their request: an unsigned note drops the drafted
     * sentences drawn from them, and the clinician's own sentences lose those traces. A signed
     * note is the clinician's attested record and stays as signed. Returns the sentences dropped.
     */
    async withdraw(visitId: string, segmentIds: string[]): Promise<number> {
      const row = await notes.find(visitId);
      if (!row || row.signed_at || segmentIds.length === 0) return 0;
      const gone = new Set(segmentIds);
      let dropped = 0;
      const note: ClinicalNote = {
        sections: row.note.sections.map((section) => ({
          key: section.key,
          sentences: section.sentences.flatMap((s) => {
            if (!s.segmentIds.some((id) => gone.has(id))) return [s];
            if (!s.edited) {
              dropped++;
              return [];
            }
            return [{ ...s, segmentIds: s.segmentIds.filter((id) => !gone.has(id)) }];
          }),
        })),
      };
      await notes.save(visitId, note, {
        engine: row.engine,
        fallbackReason: row.fallback_reason ?? undefined,
        edited: row.edited,
      });
      return dropped;
    },

    /** The signed visit as a FHIR R4 Bundle. */
    async fhir(clinicianId: string, visitId: string): Promise<Bundle> {
      const visit = await endedVisit(clinicianId, visitId);
      const row = await notes.find(visitId);
      if (!row?.signed_at) {
        throw new DomainError("conflict", "Sign the note before exporting the visit.");
      }
      const source = await deps.findings.forNote(visitId);
      const bundle = visitBundle({
        visit: {
          id: visit.id,
          patientDisplayName: visit.patient_display_name,
          clinicianName: source.clinicianName,
          start: (visit.started_at ?? visit.scheduled_at).toISOString(),
          ...(visit.ended_at ? { end: visit.ended_at.toISOString() } : {}),
        },
        findings: source.approved,
        noteText: noteText(row.note),
        summaryText: summaryText(summarySections(source.summary)),
        signed: { by: source.clinicianName, at: row.signed_at.toISOString() },
        engine: row.engine,
        at: new Date().toISOString(),
        attachments: await deps.attachments.forExport(visitId),
      });
      await byClinician(clinicianId, visitId, "export", {
        format: "fhir-r4",
        resources: bundle.entry?.length ?? 0,
      });
      return bundle;
    },
  };
}
export type NotesService = ReturnType<typeof createNotesService>;
