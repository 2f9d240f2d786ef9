import type { ErrorCode } from "@bedside/shared";

/**
 * A refusal in the domain's own terms: a code from the shared set (what a client branches on), an
 * English message, and optionally a finer reason and details. Domain code throws this and never
 * speaks HTTP: the edges map the code, the HTTP error handler to a status (http/http.errors.ts),
 * the socket layer to an ack (socket/socket.handle.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, "internal">,
    message: string,
    /** A finer reason a client can put in the person's language ("revoked", "expired", "ended"). */
    readonly reason?: string,
    /** More for that client, sent with the error (a booked visit's link: when it opens). */
    readonly details?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
