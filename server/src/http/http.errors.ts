import type { ErrorCode } from "@bedside/shared";
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { z } from "zod";
import { DomainError } from "../access/access.errors.js";

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

// Domain code speaks in codes; this is the one place they become HTTP statuses.
const statusByCode: Record<DomainError["code"], number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  unavailable: 503,
};
/** Refused files keep the statuses HTTP has for them (attachments/attachment.service.ts's reasons). */
const statusByReason: Partial<Record<string, number>> = {
  unsupported_type: 415,
  too_large: 413,
  unreadable: 422,
};

/** The HTTP status of a domain error. */
export const statusOf = (err: DomainError): number =>
  (err.reason !== undefined ? statusByReason[err.reason] : undefined) ?? statusByCode[err.code];

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "gone",
  429: "rate_limited",
};

/** Every error leaves as `{ error: { code, message } }`; unexpected ones are logged without request data. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, request, reply) => {
    if (err instanceof DomainError) {
      return reply.status(statusOf(err)).send({
        error: {
          code: err.code,
          message: err.message,
          ...(err.reason ? { reason: err.reason } : {}),
          ...err.details,
        },
      });
    }
    // A route contract's schema refused the params, query or body (http.routes.ts): the same 400,
    // worded the same way, as a refusal inside a handler.
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(400).send({
        error: {
          code: "bad_request",
          message: err.validation
            .slice(0, 5)
            .map((v) => {
              const path = v.instancePath.replace(/^\//, "").replaceAll("/", ".");
              return path ? `${path}: ${v.message}` : v.message;
            })
            .join("; "),
        },
      });
    }
    const status = "statusCode" in err && err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error(
        { err: { name: err.name, message: err.message, stack: err.stack } },
        "request failed",
      );
      return reply
        .status(500)
        .send({ error: { code: "internal", message: "Something went wrong on our side." } });
    }
    return reply
      .status(status)
      .send({ error: { code: codeByStatus[status] ?? "bad_request", message: err.message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: "not_found", message: `No route for ${request.method} ${request.url.split("?")[0]}` },
    }),
  );
}
