// Captions for oneself (issue 30). The person is the connection's principal, never an id from the
// client: a guest only in their own visit once admitted to its call, a clinician only in a visit of
// theirs. The choice becomes an attribute of their LiveKit participant, which the scribe reads
// when it sends each utterance's text (to those who have it on, and nobody else).
import { captionsEventSchemas } from "@bedside/shared";

import type { Livekit } from "../livekit/livekit.client.js";
import { clinicianOf, type SocketBackbone } from "../socket/socket.handle.js";
import { clinicianIdentity } from "../socket/socket.names.js";
import type { VisitAccess } from "../visits/visit.access.js";
import type { VisitService } from "../visits/visit.service.js";
import { DomainError } from "../access/access.errors.js";

export function registerCaptionsHandlers(
  socket: SocketBackbone,
  deps: {
    access: Pick<VisitAccess, "ownedVisit" | "guestVisit">;
    visits: Pick<VisitService, "inCall">;
    livekit: Pick<Livekit, "setCaptions">;
  },
): void {
  socket.handle("captions:set", captionsEventSchemas["captions:set"], {
    as: "anyone",
    act: async ({ visitId, on }, { who }) => {
      let room: string;
      let identity: string;
      if (who.kind === "guest") {
        room = deps.access.guestVisit(who, visitId);
        // Removed from the call (sent back, visit ended): no captions of it.
        if (!(await deps.visits.inCall(who))) {
          throw new DomainError("forbidden", "Captions are for the people in the call.");
        }
        identity = who.participantId;
      } else {
        if (!visitId) throw new DomainError("bad_request", "visitId: Required");
        const clinicianId = clinicianOf(who);
        const visit = await deps.access.ownedVisit(clinicianId, visitId);
        if (visit.state !== "in_call") throw new DomainError("conflict", "This visit is not in a call.");
        room = visitId;
        identity = clinicianIdentity(clinicianId);
      }
      // Not in the room (yet): the call screen asks again once it is connected.
      if (!(await deps.livekit.setCaptions(room, identity, on))) {
        throw new DomainError("conflict", "Join the call first.");
      }
      return { on };
    },
  });
}
