import { ATTACHMENT_LIMITS, attachmentSchema, contract, type Attachment } from "@bedside/shared";
import { ApiError, apiErrorFrom, call, invalidResponse, pathOf } from "../../lib/api";

/** The patient's file, as multipart (the one route that takes a form); the answer parsed by its schema. */
export async function sendAttachment(file: File, bearer: string): Promise<Attachment> {
  // Said at once, without sending 10 MB first; the server checks again.
  if (file.size > ATTACHMENT_LIMITS.maxBytes) {
    throw new ApiError(413, "bad_request", "This file is larger than 10 MB.", "too_large");
  }
  const form = new FormData();
  form.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(pathOf(contract.sendAttachment), {
      method: contract.sendAttachment.method,
      credentials: "same-origin",
      headers: { authorization: `Bearer ${bearer}` },
      body: form,
    });
  } catch {
    throw new ApiError(0, "network", "We could not reach Bedside.");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw apiErrorFrom(res.status, body);
  const parsed = attachmentSchema.safeParse(body);
  if (!parsed.success) throw invalidResponse(res.status);
  return parsed.data;
}

export async function listAttachments(visitId: string): Promise<Attachment[]> {
  return (await call(contract.attachments, { params: { visitId } })).attachments;
}

/** Where the clinician's browser opens one (its session cookie; each opening is audited). */
export const attachmentUrl = (a: Attachment) =>
  pathOf(contract.attachment, { visitId: a.visitId, attachmentId: a.id });
