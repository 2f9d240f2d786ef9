// Scribe commands on the socket. Who acts is the connection's principal (never an id from the
// client): a guest acts for their own voice in their own visit, the clinician only in a visit they own.
import { scribeEventSchemas, type Principal, type ScribeState } from "@bedside/shared";

import { clinicianOf, type SocketBackbone } from "../socket/socket.handle.js";
import { clinicianIdentity, rooms } from "../socket/socket.names.js";
import type { SocketServer } from "../socket/socket.server.js";
import type { Access } from "../access/access.resolver.js";
import type { VisitService } from "../visits/visit.service.js";
import type { ScribeService } from "./scribe.service.js";
import { DomainError } from "../access/access.errors.js";

/** `scribe:changed` to the people in the call only: it names everyone in it. */
export function scribeNotifier(io: SocketServer) {
  return (state: ScribeState) => void io.to(rooms.call(state.visitId)).emit("scribe:changed", state);
}

export function registerScribeHandlers(
  socket: SocketBackbone,
  deps: {
    service: ScribeService;
    access: Pick<Access, "ownedVisit" | "guestVisit">;
    visits: Pick<VisitService, "inCall">;
    /**
     * "Delete what the AI helper wrote down of me": deletes a guest's segments, flags the findings
     * that cited them and records it (composed in app.ts from the transcripts, findings and audit).
     */
    forget(visitId: string, who: { participantId: string; role: "patient" | "interpreter" }): Promise<void>;
  },
): void {
  const { service, access } = deps;

  async function resolve(who: Principal, visitId: string | undefined) {
    if (who.kind === "guest") {
      return {
        visitId: access.guestVisit(who, visitId),
        actor: { identity: who.participantId, role: who.role },
      };
    }
    if (!visitId) throw new DomainError("bad_request", "visitId: Required");
    const clinicianId = clinicianOf(who);
    await access.ownedVisit(clinicianId, visitId);
    return { visitId, actor: { identity: clinicianIdentity(clinicianId), role: "clinician" as const } };
  }

  /** A guest not (or no longer) in the call sees only their own line, never who else is in it. */
  async function forViewer(who: Principal, state: ScribeState): Promise<ScribeState> {
    if (who.kind === "staff" || (await deps.visits.inCall(who))) return state;
    return { ...state, participants: state.participants.filter((p) => p.identity === who.participantId) };
  }

  socket.handle("scribe:watch", scribeEventSchemas["scribe:watch"], {
    as: "anyone",
    act: async ({ visitId }, { who, socket: s }) => {
      const r = await resolve(who, visitId);
      if (who.kind === "guest" && !(await deps.visits.inCall(who))) {
        throw new DomainError("forbidden", "You can see the scribe once you are in the call.");
      }
      await s.join(rooms.call(r.visitId));
      return service.state(r.visitId);
    },
  });
  socket.handle("scribe:pause", scribeEventSchemas["scribe:pause"], {
    as: "anyone",
    act: async ({ visitId, scope }, { who }) => {
      const r = await resolve(who, visitId);
      return forViewer(who, await service.change(r.visitId, r.actor, "pause", scope));
    },
  });
  socket.handle("scribe:resume", scribeEventSchemas["scribe:resume"], {
    as: "anyone",
    act: async ({ visitId, scope }, { who }) => {
      const r = await resolve(who, visitId);
      return forViewer(who, await service.change(r.visitId, r.actor, "resume", scope));
    },
  });
  socket.handle("scribe:withdraw", scribeEventSchemas["scribe:withdraw"], {
    as: "anyone",
    act: async ({ visitId, deleteMine }, { who }) => {
      const r = await resolve(who, visitId);
      if (deleteMine && who.kind !== "guest") {
        throw new DomainError("forbidden", "Only a patient or interpreter can delete their words here.");
      }
      // Withdrawal first: it stops the scribe for this voice and drops their queued utterances.
      const state = await service.change(r.visitId, r.actor, "withdraw", "self");
      if (deleteMine && who.kind === "guest") {
        await deps.forget(r.visitId, { participantId: who.participantId, role: who.role });
      }
      return forViewer(who, state);
    },
  });
}
