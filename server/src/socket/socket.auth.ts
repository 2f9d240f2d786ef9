import type { Principal } from "@bedside/shared";
import { parse as parseCookie } from "cookie";
import type { FastifyBaseLogger } from "fastify";
import { SESSION_COOKIE } from "../auth/auth.routes.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { SocketServer } from "./socket.server.js";

/**
 * Says who is connecting, once, at the handshake: guests by the participant token from check-in
 * (`auth.participantToken`), clinicians by their session cookie. Anything else is refused with
 * "unauthorized"; a failure to look it up (the database is down) is refused with "unavailable",
 * logged, and never an unhandled rejection.
 */
export function identifySockets(
  io: SocketServer,
  access: Pick<VisitAccess, "guest" | "clinician">,
  log: FastifyBaseLogger,
): void {
  const resolve = async (auth: unknown, cookieHeader: string | undefined): Promise<Principal | undefined> => {
    const guestToken: unknown = (auth as { participantToken?: unknown } | undefined)?.participantToken;
    if (typeof guestToken === "string") return access.guest(guestToken);
    const clinicianId = await access.clinician(parseCookie(cookieHeader ?? "")[SESSION_COOKIE]);
    return clinicianId ? { kind: "clinician", clinicianId } : undefined;
  };
  io.use((socket, next) => {
    resolve(socket.handshake.auth, socket.handshake.headers.cookie).then(
      (principal) => {
        if (!principal) return next(new Error("unauthorized"));
        socket.data.principal = principal;
        next();
      },
      (err: unknown) => {
        log.error({ err: (err as Error).message }, "socket handshake failed");
        next(new Error("unavailable"));
      },
    );
  });
}
