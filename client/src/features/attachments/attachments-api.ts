import {
  ATTACHMENT_LIMITS,
  apiErrorSchema,
  attachmentListSchema,
  attachmentSchema,
  type Attachment,
} from "@bedside/shared";
import { ApiError, api } from "../../lib/api";

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
    res = await fetch("/api/guest/attachments", {
      method: "POST",
      credentials: "same-origin",
      headers: { authorization: `Bearer ${bearer}` },
      body: form,
    });
  } catch {
    throw new ApiError(0, "network", "We could not reach Bedside.");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = apiErrorSchema.safeParse((body as { error?: unknown } | undefined)?.error);
    throw parsed.success
      ? new ApiError(res.status, parsed.data.code, parsed.data.message, parsed.data.reason)
      : new ApiError(res.status, "internal", `The server answered ${res.status}.`);
  }
  return attachmentSchema.parse(body);
}

export async function listAttachments(visitId: string): Promise<Attachment[]> {
  return attachmentListSchema.parse(await api(`/api/visits/${encodeURIComponent(visitId)}/attachments`))
    .attachments;
}

/** Where the clinician's browser opens one (its session cookie; each opening is audited). */
export const attachmentUrl = (a: Attachment) =>
  `/api/visits/${encodeURIComponent(a.visitId)}/attachments/${encodeURIComponent(a.id)}`;
