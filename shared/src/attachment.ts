import { z } from "zod";
import { guestRoleSchema } from "./visit.js";

/**
 * Issue 30: a photo or document the patient sends during a visit. What is stored is what the
 * server made of the upload: images re-encoded (no EXIF, no location), PDFs as sent after a check.
 */
export const attachmentContentTypes = ["image/jpeg", "image/png", "application/pdf"] as const;
export const attachmentContentTypeSchema = z.enum(attachmentContentTypes);
export type AttachmentContentType = z.infer<typeof attachmentContentTypeSchema>;

/** What the patient may send: one file at a time, and per visit a count and a total. */
export const ATTACHMENT_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  perVisitCount: 20,
  perVisitBytes: 60 * 1024 * 1024,
} as const;

export const attachmentSchema = z.object({
  id: z.uuid(),
  visitId: z.uuid(),
  contentType: attachmentContentTypeSchema,
  /** Bytes as stored (after re-encoding). */
  sizeBytes: z.number().int().nonnegative(),
  senderRole: guestRoleSchema,
  sentAt: z.iso.datetime(),
  /** Pixels, for images. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z.object({ attachments: z.array(attachmentSchema) });
export type AttachmentList = z.infer<typeof attachmentListSchema>;

/**
 * Why a file was refused, as the `reason` of the 4xx error, so the patient's page says it in their
 * language: not one of the four kinds (by its bytes, whatever its name), over 10 MB, an image or PDF
 * that cannot be read, the visit's count or total reached, or no file in the form.
 */
export const attachmentRefusals = [
  "unsupported_type",
  "too_large",
  "unreadable",
  "too_many",
  "visit_full",
  "no_file",
] as const;
export const attachmentRefusalSchema = z.enum(attachmentRefusals);
export type AttachmentRefusal = z.infer<typeof attachmentRefusalSchema>;
