// Cross-site request and WebSocket hijacking: a browser always says where a request comes from
// (Origin; Sec-Fetch-Site on newer browsers). A request that a browser made from another site is
// refused before anything acts on it. A client that is not a browser sends neither and is not a
// cross-site vector (it holds its own credentials).
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyInstance } from "fastify";
import { DomainError } from "../access/access.errors.js";

/**
 * Whether a request may act: its Origin, if any, is the app's own (PUBLIC_URL's origin, or when
 * none is configured the origin of the Host it was sent to). Used by state-changing HTTP routes
 * and by the socket.io handshake (`allowRequest`).
 */
export function isAllowedOrigin(
  headers: IncomingHttpHeaders,
  publicUrl: string | undefined,
  protocol: "http" | "https" = "http",
): boolean {
  if (headers["sec-fetch-site"] === "cross-site") return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  const own = publicUrl
    ? new URL(publicUrl).origin
    : headers.host
      ? `${protocol}://${headers.host}`
      : undefined;
  return own !== undefined && origin === own;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuses cross-site POST, PUT, PATCH and DELETE with a 403 before the route runs. */
export function installOriginCheck(app: FastifyInstance, publicUrl: string | undefined): void {
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!isAllowedOrigin(request.headers, publicUrl, request.protocol)) {
      throw new DomainError("forbidden", "This request came from another site and was refused.");
    }
  });
}
