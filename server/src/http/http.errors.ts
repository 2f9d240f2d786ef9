import type { ErrorCode } from "@bedside/shared";
import type { FastifyError, FastifyInstance } from "fastify";
import type { z } from "zod";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
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
      return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
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
