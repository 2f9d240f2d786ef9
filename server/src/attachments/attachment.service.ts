// The patient's photos and documents (issue 30): inspected, stored within the visit's limits,
// announced to the clinician, opened by the clinician (each opening audited), exported in FHIR.
import type { Attachment } from "@bedside/shared";
import type { Auditor } from "../audit/audit.service.js";
import type { Access } from "../access/access.resolver.js";
import { AttachmentRefused, inspectAttachment } from "./attachment.inspect.js";
import type { AttachmentRepository } from "./attachment.repository.js";
import { DomainError } from "../access/access.errors.js";
import type { GuestPrincipal } from "../access/access.principals.js";

/** What the patient's page shows for each refusal is theirs to word (en/es); these are for logs and API users. */
const refusalMessages = {
  unsupported_type: "Only photos (JPEG, PNG, HEIC) and PDF documents can be sent.",
  too_large: "This file is larger than 10 MB.",
  unreadable: "This file could not be opened. It may be damaged.",
  too_many: "No more files can be sent in this visit.",
  visit_full: "This visit has no room for more files.",
  no_file: "Choose a photo or a document to send.",
} as const;

// The reason says which refusal it is; the HTTP edge gives the file refusals their own statuses
// (http/http.errors.ts: 415, 413, 422).
export const refusal = (reason: keyof typeof refusalMessages) =>
  new DomainError(
    reason === "too_many" || reason === "visit_full" ? "conflict" : "bad_request",
    refusalMessages[reason],
    reason,
  );

export function createAttachmentService(deps: {
  repo: AttachmentRepository;
  access: Pick<Access, "ownedVisit">;
  audit: Auditor;
  /** Tells the visit's clinician (every connection of theirs), on every instance. */
  announce: (clinicianId: string, attachment: Attachment) => void;
}) {
  const { repo } = deps;
  const ended = () => new DomainError("gone", "This visit has ended. You can close this page.", "ended");
  return {
    /** Who may send, checked before a byte of the upload is read: the patient of a visit not yet over. */
    async mayUpload(guest: GuestPrincipal): Promise<void> {
      if (guest.role !== "patient") {
        throw new DomainError("forbidden", "Only the patient can send photos and documents.");
      }
      if (!(await repo.visitOpen(guest.visitId))) throw ended();
    },

    async send(guest: GuestPrincipal, upload: Buffer): Promise<Attachment> {
      await this.mayUpload(guest);
      let file;
      try {
        file = await inspectAttachment(upload);
      } catch (err) {
        if (err instanceof AttachmentRefused) throw refusal(err.reason);
        throw err;
      }
      const added = await repo.add(
        guest.visitId,
        { participantId: guest.participantId, role: guest.role },
        file,
      );
      if (!added.ok) {
        if (added.reason === "ended") throw ended();
        throw refusal(added.reason);
      }
      await deps.audit.record({
        visitId: guest.visitId,
        actor: { kind: guest.role, id: guest.participantId },
        action: "attachment.sent",
        detail: {
          attachmentId: added.attachment.id,
          contentType: file.contentType,
          bytes: file.bytes.length,
        },
      });
      deps.announce(guest.clinicianId, added.attachment);
      return added.attachment;
    },

    /** The visit's attachments, described (no bytes, so not a read of their content). */
    async list(clinicianId: string, visitId: string): Promise<Attachment[]> {
      await deps.access.ownedVisit(clinicianId, visitId);
      return repo.list(visitId);
    },

    /** One attachment's bytes, for the clinician of the visit; every opening is in the audit trail. */
    async open(clinicianId: string, visitId: string, attachmentId: string) {
      await deps.access.ownedVisit(clinicianId, visitId);
      const found = await repo.file(visitId, attachmentId);
      if (!found) throw new DomainError("not_found", "No such attachment.");
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: clinicianId },
        action: "attachment.read",
        detail: { attachmentId, contentType: found.attachment.contentType },
      });
      return found;
    },

    /** Everything the FHIR export carries: the attachments with their bytes (the export is audited as such). */
    async forExport(visitId: string) {
      const described = await repo.list(visitId);
      const files = await Promise.all(described.map((a) => repo.file(visitId, a.id)));
      return files.filter((f): f is NonNullable<typeof f> => f !== undefined);
    },
  };
}
export type AttachmentService = ReturnType<typeof createAttachmentService>;
