import fastifyMultipart from "@fastify/multipart";
import { ATTACHMENT_LIMITS, type AttachmentList } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireClinician } from "../auth/auth.routes.js";
import { bearerSecret, HttpError, noteActor, parseOr400 } from "../http/http.errors.js";
import type { Limit } from "../http/http.limits.js";
import type { VisitAccess } from "../visits/visit.access.js";
import { refusal, type AttachmentService } from "./attachment.service.js";

const visitParams = z.object({ visitId: z.uuid() });
const fileParams = visitParams.extend({ attachmentId: z.uuid() });
const extension = { "image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf" } as const;

export async function registerAttachmentRoutes(
  app: FastifyInstance,
  deps: {
    service: AttachmentService;
    access: Pick<VisitAccess, "staff" | "guest">;
    uploadLimit: Limit;
  },
): Promise<void> {
  const { service, access } = deps;

  // Multipart is parsed in this scope only: every other route still takes JSON alone, so a
  // cross-site form can post to none of them.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // One file and nothing else; over 10 MB the stream stops and nothing is stored.
      limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 50 },
    });
    // The patient, with the participant token from check-in (in the waiting room or the call).
    scope.post("/api/guest/attachments", { onRequest: deps.uploadLimit }, async (request, reply) => {
      const guest = await access.guest(bearerSecret(request));
      if (!guest) {
        throw new HttpError(
          401,
          "unauthorized",
          "This page could not open your visit. Please open the link the clinic sent you again.",
        );
      }
      noteActor(request, guest.role, guest.visitId);
      await service.mayUpload(guest);
      if (!request.isMultipart()) throw refusal("no_file");
      let upload: Buffer;
      try {
        const part = await request.file();
        if (!part) throw refusal("no_file");
        upload = await part.toBuffer();
      } catch (err) {
        if (err instanceof HttpError) throw err;
        const code = (err as { code?: string }).code;
        if (code === "FST_REQ_FILE_TOO_LARGE") throw refusal("too_large");
        // A form that is not one file (extra fields or parts, a broken body).
        throw refusal("no_file");
      }
      return reply.status(201).send(await service.send(guest, upload));
    });
  });

  app.get("/api/visits/:visitId/attachments", async (request): Promise<AttachmentList> => {
    const clinicianId = await requireClinician(request, access);
    const { visitId } = parseOr400(visitParams, request.params);
    return { attachments: await service.list(clinicianId, visitId) };
  });

  app.get("/api/visits/:visitId/attachments/:attachmentId", async (request, reply) => {
    const clinicianId = await requireClinician(request, access);
    const { visitId, attachmentId } = parseOr400(fileParams, request.params);
    const { attachment, bytes } = await service.open(clinicianId, visitId, attachmentId);
    const name = `visit-attachment-${attachment.id}.${extension[attachment.contentType]}`;
    return (
      reply
        .type(attachment.contentType)
        // Images are shown in the page; a PDF is downloaded, never rendered on the app's origin.
        .header(
          "content-disposition",
          `${attachment.contentType === "application/pdf" ? "attachment" : "inline"}; filename="${name}"`,
        )
        .send(bytes)
    );
  });
}
