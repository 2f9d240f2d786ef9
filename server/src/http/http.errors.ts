import type { ErrorCode } from "@bedside/shared";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import type { z } from "zod";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** A finer reason a client can put in the person's language ("revoked", "expired", "ended"). */
    readonly reason?: string,
    /** More for that client, sent with the error (a booked visit's link: when it opens). */
    readonly details?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/** Parses an inbound payload or throws a 400 naming the first problems. Nothing is written before this passes. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, "bad_request", describeZodError(result.error));
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

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
  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.status(err.status).send({
        error: {
          code: err.code,
          message: err.message,
          ...(err.reason ? { reason: err.reason } : {}),
          ...err.details,
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

/**
 * A guest's bearer secret (participant token or summary link). It travels in a header, never the URL,
 * so it cannot end up in logs, history or a Referer.
 */
export function bearerSecret(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) {
    throw new HttpError(
      401,
      "unauthorized",
      "This page could not open your visit. Please open the link the clinic sent you again.",
    );
  }
  return match[1];
}

declare module "fastify" {
  interface FastifyRequest {
    /** Who made the request and for which visit, for its log line (ids only: never names or text). */
    actor?: { who: string; visitId?: string | undefined };
  }
}

/** Records who is asking (and about which visit) on the request, for its log line. */
export function noteActor(request: FastifyRequest, who: string, visitId?: string): void {
  request.actor = { who, visitId: visitId ?? request.actor?.visitId };
}
