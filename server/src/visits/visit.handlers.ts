// Visit commands on the socket (admit, send back, end, join and leave the call), and the notifier
// through which the visit service tells connected people what changed.
import { clientEventSchemas, type ClinicianStatus } from "@bedside/shared";
import { clinicianOf, type SocketBackbone } from "../socket/socket.handle.js";
import { rooms } from "../socket/socket.names.js";
import type { SocketRevoker } from "../socket/socket.revoke.js";
import type { SocketServer } from "../socket/socket.server.js";
import type { VisitAccess } from "./visit.access.js";
import type { VisitNotifier, VisitService } from "./visit.service.js";

export function createVisitNotifier(
  io: SocketServer,
  queueChanged: (clinicianId: string) => void,
  revoke: Pick<SocketRevoker, "linksRevoked" | "credentialReplaced" | "visitMoved">,
  statusOf: (clinicianId: string) => Promise<ClinicianStatus>,
): VisitNotifier {
  return {
    messageSent: (visitId, message) => void io.to(rooms.visit(visitId)).emit("waiting:message-sent", message),
    async transferred(visitId, from, to, { clinicianName }) {
      await revoke.visitMoved(visitId, from, to);
      io.to(rooms.visit(visitId)).emit("visit:transferred", {
        clinicianName,
        clinicianStatus: await statusOf(to),
      });
    },
    queueChanged,
    linksRevoked: (linkIds) => revoke.linksRevoked(linkIds),
    checkInReplaced: (tokenHash) => revoke.credentialReplaced(tokenHash),
    admitted: (participantId) => void io.to(rooms.participant(participantId)).emit("visit:admitted"),
    sentBack(participantId, visitId) {
      io.to(rooms.participant(participantId)).emit("visit:sent-back");
      // Back in the waiting room: no longer among those who see who is in the call or its chat.
      io.in(rooms.participant(participantId)).socketsLeave([rooms.call(visitId), rooms.chat(visitId)]);
    },
    ended(visitId) {
      io.to([rooms.visit(visitId), rooms.call(visitId)]).emit("visit:ended", { visitId, state: "ended" });
      // Nobody stays in an ended visit's rooms (the clinician's socket lives on for the next visit).
      const all = [rooms.visit(visitId), rooms.call(visitId), rooms.chat(visitId)];
      io.in(all).socketsLeave(all);
    },
  };
}

export function registerVisitHandlers(
  socket: SocketBackbone,
  deps: { service: VisitService; access: Pick<VisitAccess, "ownedVisit" | "guestVisit"> },
): void {
  const { service, access } = deps;

  socket.handle("visit:admit", clientEventSchemas["visit:admit"], {
    as: "clinician",
    act: async ({ participantId }, { who }) => {
      await service.admit(who.userId, participantId);
      return {};
    },
  });

  socket.handle("visit:send-back", clientEventSchemas["visit:send-back"], {
    as: "clinician",
    act: async ({ participantId }, { who }) => {
      await service.sendBack(who.userId, participantId);
      return {};
    },
  });

  // The visit's clinician or the clinic's front desk (the service checks which visits).
  socket.handle("visit:transfer", clientEventSchemas["visit:transfer"], {
    as: "staff",
    act: async ({ visitId, toClinicianId }, { who }) => {
      await service.transfer(who, visitId, toClinicianId);
      return {};
    },
  });

  socket.handle("waiting:send-message", clientEventSchemas["waiting:send-message"], {
    as: "staff",
    act: ({ visitId, text }, { who }) => service.sendMessage(who, visitId, text),
  });

  socket.handle("visit:end", clientEventSchemas["visit:end"], {
    as: "clinician",
    act: async ({ visitId }, { who }) => {
      await service.end(who.userId, visitId);
      return {};
    },
  });

  // A LiveKit token for the visit's room; whoever gets one joins the call's room (the roster).
  socket.handle("call:join", clientEventSchemas["call:join"], {
    as: "anyone",
    act: async ({ visitId }, { who, socket: s }) => {
      const grant =
        who.kind === "staff"
          ? await service.clinicianCallGrant(clinicianOf(who), visitId)
          : await service.guestCallGrant(who, visitId);
      await s.join(rooms.call(grant.room));
      return grant;
    },
  });

  // Leaving the call page: this connection stops receiving the call's updates.
  socket.handle("call:leave", clientEventSchemas["call:leave"], {
    as: "anyone",
    act: async ({ visitId }, { who, socket: s }) => {
      if (who.kind === "staff") await access.ownedVisit(clinicianOf(who), visitId);
      else access.guestVisit(who, visitId);
      await s.leave(rooms.call(visitId));
      return {};
    },
  });

  // The person's own audio only, shown on their tile to everyone in the call (the clinician above all).
  socket.handle("call:set-audio-only", clientEventSchemas["call:set-audio-only"], {
    as: "anyone",
    act: async ({ visitId, audioOnly }, { who }) => {
      await service.setAudioOnly(
        who.kind === "staff" ? { clinicianId: clinicianOf(who) } : who,
        visitId,
        audioOnly,
      );
      return {};
    },
  });
}
