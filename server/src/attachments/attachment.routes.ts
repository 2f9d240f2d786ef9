import fastifyMultipart from "@fastify/multipart";
import { ATTACHMENT_LIMITS, contract, type AttachmentList } from "@bedside/shared";
import type { FastifyInstance } from "fastify";
import type { Limit } from "../http/http.limits.js";
import { routesOf } from "../http/http.routes.js";
import { refusal, type AttachmentService } from "./attachment.service.js";
import { DomainError } from "../access/access.errors.js";
import { clinicianIdOf, guestOf, type Guards } from "../access/access.guards.js";

const extension = { "image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf" } as const;

export async function registerAttachmentRoutes(
  app: FastifyInstance,
  deps: {
    service: AttachmentService;
    guards: Guards;
    uploadLimit: Limit;
  },
): Promise<void> {
  const { service, guards } = deps;

  // Multipart is parsed in this scope only: every other route still takes JSON alone, so a
  // cross-site form can post to none of them.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // One file and nothing else; over 10 MB the stream stops and nothing is stored.
      limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 50 },
    });
    // The patient, with the participant token from check-in (in the waiting room or the call).
    routesOf(scope, guards)(
      contract.sendAttachment,
      async (request, reply) => {
        const guest = guestOf(request);
        await service.mayUpload(guest);
        if (!request.isMultipart()) throw refusal("no_file");
        let upload: Buffer;
        try {
          const part = await request.file();
          if (!part) throw refusal("no_file");
          upload = await part.toBuffer();
        } catch (err) {
          if (err instanceof DomainError) throw err;
          const code = (err as { code?: string }).code;
          if (code === "FST_REQ_FILE_TOO_LARGE") throw refusal("too_large");
          // A form that is not one file (extra fields or parts, a broken body).
          throw refusal("no_file");
        }
        return reply.status(201).send(await service.send(guest, upload));
      },
      { onRequest: deps.uploadLimit },
    );
  });
  const route = routesOf(app, guards);

  route(contract.attachments, async (request): Promise<AttachmentList> => ({
    attachments: await service.list(clinicianIdOf(request), request.params.visitId),
  }));

  route(contract.attachment, async (request, reply) => {
    const clinicianId = clinicianIdOf(request);
    const { visitId, attachmentId } = request.params;
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
