// Access is re-checked where it changes: a connection lives only as long as the secret it opened
// with. Sign-out, deactivation, a password reset, a role change, a replaced check-in and a revoked link disconnect the affected sockets on every
// server instance (rooms go through the cluster adapter); expiry disconnects them on time.
import type { FastifyBaseLogger } from "fastify";
import { hashSecret } from "../access/access.secrets.js";
import type { Access } from "../access/access.resolver.js";
import { credentialOf, currentCredential } from "./socket.auth.js";
import { rooms } from "./socket.names.js";
import type { ServerSocket, SocketServer } from "./socket.server.js";

/** setTimeout's limit; a later expiry is re-checked then and the timer set again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SocketRevoker {
  /** A clinician signed out: every connection opened with that session ends. */
  signedOut(sessionToken: string): void;
  /** A staff account was deactivated, its password reset or its roles changed: all its connections end. */
  staffEnded(userId: string): void;
  /** A participant token was replaced (the link checked in again): its connections end. */
  credentialReplaced(tokenHash: string): void;
  /** Links were revoked or replaced: everyone who checked in with them is disconnected. */
  linksRevoked(linkIds: string[]): void;
  /** Sessions were ended by their hashes (one signed out from the list, or all: "sign out everywhere"). */
  sessionsEnded(tokenHashes: string[]): void;
  /**
   * A visit moved to another clinician: its guests' connections now stand for a guest of the new
   * one (their status, their line), on every instance; the old clinician's connections leave the
   * visit's call room.
   */
  visitMoved(visitId: string, from: string, to: string): Promise<void>;
}

export function enforceSocketAccess(
  io: SocketServer,
  access: Pick<Access, "socketCredential">,
  log: FastifyBaseLogger,
  options: { clustered?: boolean } = {},
): SocketRevoker {
  const expire = (socket: ServerSocket, at: Date) => {
    const timer = setTimeout(
      () => {
        if (!socket.connected) return;
        currentCredential(access, socket).then(
          (fresh) => {
            if (!fresh) {
              socket.disconnect(true);
              return;
            }
            // Still valid: a timer that fired a little early, or an expiry moved since. Its expiry
            // as it stands now is the next check (a second on if the database still counts it valid).
            const next = fresh.expiresAt.getTime();
            expire(socket, new Date(next > Date.now() ? next : Date.now() + 1_000));
          },
          (err: unknown) => {
            // Cannot tell (database down): end it anyway; the client reconnects through the handshake.
            log.warn({ err: (err as Error).message }, "socket expiry check failed");
            socket.disconnect(true);
          },
        );
      },
      Math.min(MAX_TIMER_MS, Math.max(0, at.getTime() - Date.now())),
    );
    timer.unref();
    socket.once("disconnect", () => clearTimeout(timer));
  };

  io.on("connection", (socket) => {
    const c = credentialOf(socket);
    if (!c) return;
    void socket.join(
      c.kind === "guest"
        ? [rooms.credential(c.tokenHash), rooms.link(c.linkId)]
        : [rooms.credential(c.tokenHash), rooms.staff(c.principal.userId)],
    );
    expire(socket, c.expiresAt);
  });

  // The principal lives in each connection's memory on the instance that holds it.
  const moveHere = async (visitId: string, to: string) => {
    for (const s of await io.local.in(rooms.visit(visitId)).fetchSockets()) {
      const p = s.data.principal;
      if (p.kind === "guest" && p.visitId === visitId) s.data.principal = { ...p, clinicianId: to };
    }
  };
  if (options.clustered) {
    io.on("visit:moved", (visitId, to) => {
      moveHere(visitId, to).catch((err: unknown) =>
        log.error({ err: (err as Error).message }, "moving a visit's guests failed"),
      );
    });
  }

  return {
    async visitMoved(visitId, from, to) {
      if (options.clustered) io.serverSideEmit("visit:moved", visitId, to);
      await moveHere(visitId, to);
      io.in(rooms.visit(visitId)).socketsLeave(rooms.guestsOf(from));
      io.in(rooms.visit(visitId)).socketsJoin(rooms.guestsOf(to));
      // Not in a call (only such visits move): nobody has business in its call room any more.
      io.in(rooms.call(visitId)).socketsLeave(rooms.call(visitId));
    },
    signedOut: (sessionToken) => io.in(rooms.credential(hashSecret(sessionToken))).disconnectSockets(true),
    staffEnded: (userId) => io.in(rooms.staff(userId)).disconnectSockets(true),
    credentialReplaced: (tokenHash) => io.in(rooms.credential(tokenHash)).disconnectSockets(true),
    linksRevoked(linkIds) {
      if (linkIds.length > 0) io.in(linkIds.map(rooms.link)).disconnectSockets(true);
    },
    sessionsEnded(tokenHashes) {
      if (tokenHashes.length > 0) io.in(tokenHashes.map(rooms.credential)).disconnectSockets(true);
    },
  };
}
