import type { Principal } from "@bedside/shared";
import { parse as parseCookie } from "cookie";
import type { FastifyBaseLogger } from "fastify";

import type { Access } from "../access/access.resolver.js";
import type { ServerSocket, SocketServer } from "./socket.server.js";
import { SESSION_COOKIE } from "../access/access.guards.js";
import type { SocketCredential } from "../access/access.principals.js";

type CredentialAccess = Pick<Access, "socketCredential">;

/** The secret a connection presented: the guest's participant token, else the session cookie. */
function secretOf(socket: ServerSocket) {
  const guestToken: unknown = (socket.handshake.auth as { participantToken?: unknown } | undefined)
    ?.participantToken;
  if (typeof guestToken === "string") return { participantToken: guestToken };
  return { sessionToken: parseCookie(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE] };
}

const principalOf = (c: SocketCredential): Principal =>
  c.kind === "guest" ? c.principal : { kind: "staff", ...c.principal };

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

/** Same person with the same powers: a staff member whose roles or clinic changed reconnects. */
const samePrincipal = (a: Principal, b: Principal) =>
  a.kind === "staff"
    ? b.kind === "staff" && a.userId === b.userId && a.clinicId === b.clinicId && sameRoles(a.roles, b.roles)
    : b.kind === "guest" && a.participantId === b.participantId;

// What each connection's secret resolved to at the handshake (never sent to other instances,
// unlike `socket.data`).
const credentials = new WeakMap<ServerSocket, SocketCredential>();
export const credentialOf = (socket: ServerSocket) => credentials.get(socket);

/** Who a connection acts for, as one key: what the command budget is counted against. */
export const principalKey = (p: Principal) =>
  p.kind === "staff" ? `staff:${p.userId}` : `guest:${p.participantId}`;

/**
 * Says who is connecting, at the handshake: guests by the participant token from check-in
 * (`auth.participantToken`), staff by their session cookie. Anything else is refused with
 * "unauthorized"; a failure to look it up (the database is down) is refused with "unavailable",
 * logged, and never an unhandled rejection. One secret holds at most `connectionsPerSecret`
 * connections on this server (a few tabs); more are refused with "too_many_connections".
 */
export function identifySockets(
  io: SocketServer,
  access: CredentialAccess,
  log: FastifyBaseLogger,
  options: { connectionsPerSecret?: number } = {},
): void {
  const max = options.connectionsPerSecret ?? 10;
  // Places taken per secret (its hash), counted from the moment a handshake is let through:
  // handshakes that arrive together cannot all see a free place.
  const taken = new Map<string, number>();
  const release = (tokenHash: string) => {
    const left = (taken.get(tokenHash) ?? 1) - 1;
    if (left > 0) taken.set(tokenHash, left);
    else taken.delete(tokenHash);
  };
  io.use((socket, next) => {
    access.socketCredential(secretOf(socket)).then(
      (credential) => {
        if (!credential) return next(new Error("unauthorized"));
        const held = taken.get(credential.tokenHash) ?? 0;
        if (held >= max) return next(new Error("too_many_connections"));
        taken.set(credential.tokenHash, held + 1);
        credentials.set(socket, credential);
        socket.data.principal = principalOf(credential);
        next();
        // socket.io connects on the next tick, or drops the socket silently if the client left
        // meanwhile: by setImmediate the place is either held until disconnect or given back.
        setImmediate(() => {
          if (socket.connected) socket.once("disconnect", () => release(credential.tokenHash));
          else release(credential.tokenHash);
        });
      },
      (err: unknown) => {
        log.error({ err: (err as Error).message }, "socket handshake failed");
        next(new Error("unavailable"));
      },
    );
  });
}

/**
 * Whether the secret a connection opened with still stands for the same person (not signed out,
 * not revoked, not replaced, not expired). Commands re-check this; a database failure rejects.
 */
export async function stillValid(access: CredentialAccess, socket: ServerSocket): Promise<boolean> {
  return (await currentCredential(access, socket)) !== undefined;
}

/** The connection's secret as it stands now, if it still stands for the same person. */
export async function currentCredential(
  access: CredentialAccess,
  socket: ServerSocket,
): Promise<SocketCredential | undefined> {
  const now = await access.socketCredential(secretOf(socket));
  return now && samePrincipal(principalOf(now), socket.data.principal) ? now : undefined;
}
