// The visit's chat (issue 30): who may read and write it, checked on every command from the
// database (never from what the connection was when it opened), and the clinician's audited read.
import type { ChatMessage, Principal } from "@bedside/shared";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Auditor } from "../audit/audit.service.js";

import type { VisitAccess } from "../visits/visit.access.js";
import type { VisitService } from "../visits/visit.service.js";
import type { ChatRepository } from "./chat.repository.js";
import { DomainError } from "../access/access.errors.js";

/** Messages one person may send in a burst, and per this many seconds after it. */
export const CHAT_BURST = 10;
const CHAT_WINDOW_SECONDS = 10;

const toMessage = (r: Awaited<ReturnType<ChatRepository["list"]>>[number]): ChatMessage => ({
  id: r.id,
  visitId: r.visit_id,
  senderRole: r.sender_role,
  senderName: r.sender_name,
  text: r.body,
  sentAt: r.created_at.toISOString(),
});

const ended = () => new DomainError("conflict", "This visit has ended; its chat is closed.");
const notNow = () =>
  new DomainError(
    "forbidden",
    "You can write in the chat while you wait for the clinician or are in the call.",
  );

export function createChatService(deps: {
  repo: ChatRepository;
  access: Pick<VisitAccess, "deskVisit" | "ownedVisit" | "guestVisit">;
  visits: Pick<VisitService, "participant">;
  audit: Auditor;
  /** RATE_LIMIT_SCALE: multiplies the allowance (tests raise it). */
  rateLimitScale?: number;
}) {
  const { repo, access } = deps;
  // Per person, in memory, on top of the socket backbone's budget for all commands: a chat flood
  // is refused before anything is written. More tabs do not buy more messages.
  const limiter = new RateLimiterMemory({
    points: Math.max(1, Math.round(CHAT_BURST * (deps.rateLimitScale ?? 1))),
    duration: CHAT_WINDOW_SECONDS,
  });

  /**
   * Who this person is in the visit's chat, or why they may not use it. Staff: the visit's
   * clinician, or the front desk of its clinic. Guests: the patient while waiting to be admitted
   * the first time, and anyone admitted while the call runs. A guest sent back from the call (or
   * whose link was revoked) can no longer write until admitted again.
   */
  async function standing(who: Principal, visitId: string | undefined) {
    if (who.kind === "staff") {
      if (!visitId) throw new DomainError("bad_request", "visitId: Required");
      const visit = await access.deskVisit(who, visitId);
      if (visit.state === "ended") throw ended();
      const role = visit.clinician_id === who.userId ? ("clinician" as const) : ("front_desk" as const);
      return { visitId, sender: { role, id: who.userId } };
    }
    const id = access.guestVisit(who, visitId);
    const p = await deps.visits.participant(who.participantId);
    if (!p || p.visitId !== id) throw new DomainError("not_found", "No such participant.");
    if (p.visitState === "ended") throw ended();
    const inCall = p.state === "admitted" && p.visitState === "in_call";
    const waitingFirstTime = p.role === "patient" && p.state === "waiting" && p.admittedAt === null;
    if (!inCall && !waitingFirstTime) throw notNow();
    return { visitId: id, sender: { role: p.role, id: p.id, name: p.displayName } };
  }

  return {
    standing,

    /** The chat so far, for someone who may use it now. */
    async history(who: Principal, visitId: string | undefined) {
      const s = await standing(who, visitId);
      const rows = await repo.list(s.visitId);
      return { visitId: s.visitId, messages: rows.map(toMessage) };
    },

    async send(who: Principal, visitId: string | undefined, text: string): Promise<ChatMessage> {
      const key = who.kind === "staff" ? `staff:${who.userId}` : `guest:${who.participantId}`;
      try {
        await limiter.consume(key);
      } catch (res) {
        if (res instanceof Error) throw res;
        throw new DomainError(
          "rate_limited",
          "You are sending messages very quickly. Please wait a few seconds.",
        );
      }
      const s = await standing(who, visitId);
      return toMessage(await repo.add(s.visitId, s.sender, text));
    },

    /** The clinician's review page: the visit's whole chat, recorded in the audit trail. */
    async review(clinicianId: string, visitId: string) {
      await access.ownedVisit(clinicianId, visitId);
      const messages = (await repo.list(visitId)).map(toMessage);
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: clinicianId },
        action: "chat.read",
        detail: { messages: messages.length },
      });
      return { messages };
    },
  };
}
export type ChatService = ReturnType<typeof createChatService>;
