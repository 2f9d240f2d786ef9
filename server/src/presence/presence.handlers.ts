// The waiting room on the socket: guests' connection state, the clinician's status and queue.
import { clientEventSchemas } from "@bedside/shared";
import type { SocketBackbone } from "../socket/socket.handle.js";
import { rooms } from "../socket/socket.names.js";
import type { ServerSocket } from "../socket/socket.server.js";
import type { VisitService } from "../visits/visit.service.js";
import type { DeskView } from "./presence.desk.js";
import type { Queue } from "./presence.queue.js";
import type { PresenceService } from "./presence.service.js";

export function registerPresenceHandlers(
  socket: SocketBackbone,
  deps: {
    presence: PresenceService;
    queue: Queue;
    desk: DeskView;
    visits: Pick<VisitService, "joinWaitingRoom">;
  },
): void {
  const { io } = socket;
  const { presence, queue } = deps;

  // Shared by every guest socket (called with `this` as the socket): no closure per connection.
  function guestLeft(this: ServerSocket) {
    const who = this.data.principal;
    if (who.kind === "guest") void presence.guestDisconnected(who);
  }

  socket.onConnection((s) => {
    const who = s.data.principal;
    if (who.kind !== "guest") return;
    void s.join([
      rooms.participant(who.participantId),
      rooms.visit(who.visitId),
      rooms.guestsOf(who.clinicianId),
    ]);
    presence.guestConnected(who);
    s.on("disconnect", guestLeft);
  });

  socket.handle("queue:watch", clientEventSchemas["queue:watch"], {
    as: "clinician",
    act: async (_p, { who, socket: s }) => {
      await s.join(rooms.clinician(who.userId));
      return queue.snapshot(who.userId);
    },
  });

  // The front desk: the clinic's whole waiting room, live (never clinical text).
  socket.handle("desk:watch", clientEventSchemas["desk:watch"], {
    as: "front_desk",
    act: async (_p, { who, socket: s }) => {
      await s.join(rooms.desk(who.clinicId));
      return deps.desk.snapshot(who.clinicId);
    },
  });

  socket.handle("waiting:join", clientEventSchemas["waiting:join"], {
    as: "guest",
    act: async (_p, { who }) => {
      const [status, clinicianStatus] = await Promise.all([
        deps.visits.joinWaitingRoom(who.participantId),
        presence.status(who.clinicianId),
      ]);
      return { ...status, clinicianStatus };
    },
  });

  socket.handle("clinician:set-status", clientEventSchemas["clinician:set-status"], {
    as: "clinician",
    act: async (status, { who }) => {
      presence.setStatus(who.userId, status);
      return status;
    },
    broadcast: (status, { who }) => {
      io.to([rooms.guestsOf(who.userId), rooms.clinician(who.userId)]).emit(
        "clinician:status-changed",
        status,
      );
      // The front desk sees each clinician's status (on this instance; others refresh on the next change).
      deps.desk.changed(who.userId);
    },
  });
}
