import type {
  StaffPrincipal,
  CallGrant,
  CheckInRequest,
  CheckInResponse,
  CreateVisitRequest,
  GuestRole,
  JoinInfo,
  QueueEntry,
  SummaryLink,
  VisitSummary,
  VisitLink,
  VisitWithLinks,
  WaitEstimate,
  WaitingMessage,
  WaitingStatus,
} from "@bedside/shared";
import { AUDIO_ONLY_ATTRIBUTE } from "@bedside/shared";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Auditor } from "../audit/audit.service.js";

import type { Livekit } from "../livekit/livekit.client.js";
import { isScribeOf } from "../livekit/livekit.names.js";
import { hashSecret, newSecret } from "../access/access.secrets.js";
import { clinicianIdentity } from "../socket/socket.names.js";
import type { VisitAccess } from "./visit.access.js";
import { linkExpiry } from "../access/access.links.js";
import { estimateWaits } from "./visit.wait.js";
import { toVisitSummary, type Revoked, type VisitRepository } from "./visit.repository.js";
import { DomainError } from "../access/access.errors.js";
import type { GuestPrincipal } from "../access/access.principals.js";

const notInCall = new DomainError("conflict", "You are not in this visit's call.");

/** How the service tells connected people that something changed (implemented over the socket backbone). */
export interface VisitNotifier {
  queueChanged(clinicianId: string): void;
  admitted(participantId: string): void;
  sentBack(participantId: string, visitId: string): void;
  ended(visitId: string): void;
  /** A message from the clinic for the people waiting in a visit. */
  messageSent(visitId: string, message: WaitingMessage): void;
  /** A visit changed clinician: its guests now follow the new one, and the old one leaves its rooms. */
  transferred(
    visitId: string,
    from: string,
    to: string,
    newClinician: { clinicianName: string },
  ): Promise<void>;
  /** Links were revoked or replaced: whoever checked in with them is disconnected. */
  linksRevoked(linkIds: string[]): void;
  /** A link checked in again: the previous check-in's connections end. */
  checkInReplaced(tokenHash: string): void;
}

export interface VisitServiceDeps {
  visits: VisitRepository;
  access: VisitAccess;
  livekit: Livekit;
  notify: VisitNotifier;
  linkTtlHours: number | undefined;
  /** Where links issued and revoked are recorded. */
  audit: Auditor;
  /** How long a summary link opens the summary after the visit ended. */
  afterVisitDays: number;
  /** Told when someone is admitted (a booked visit's patient who is away is told the clinician is ready). */
  admitted?(visitId: string): void;
  /** Told when a visit's call starts and ends (the scribe agent joins and leaves with it). */
  calls?: { started(visitId: string): void; ended(visitId: string): Promise<void> };
}

/** Messages one staff member may send to one visit: a few a minute is a conversation, more is a flood. */
const MESSAGES_PER_MINUTE = 5;

const toMessage = (r: { id: string; body: string; created_at: Date }): WaitingMessage => ({
  id: r.id,
  text: r.body,
  sentAt: r.created_at.toISOString(),
});

/** Active summary links per visit: enough for a patient's devices, not a way to mint unbounded secrets. */
const MAX_SUMMARY_LINKS = 5;

export function createVisitService(deps: VisitServiceDeps) {
  const { visits, livekit, notify, access } = deps;
  const { ownedVisit, ownedParticipant } = access;

  /** Idempotent: ending an ended visit makes sure its LiveKit room is gone, again. */
  async function finish(visitId: string, clinicianId: string): Promise<void> {
    await visits.transaction(async (repo) => {
      if (await repo.transition(visitId, "ended")) await repo.endParticipants(visitId);
    });
    await deps.calls?.ended(visitId);
    // Retried in the background (bounded backoff) until LiveKit agrees; reconciled at start.
    await livekit.eventually.closeRoom(visitId);
    notify.ended(visitId);
    notify.queueChanged(clinicianId);
  }

  /** Every waiting visit's place and estimated wait in this clinician's line (see visit.wait.ts). */
  async function waitingLine(clinicianId: string): Promise<Map<string, WaitEstimate>> {
    const now = new Date();
    const dayStart = new Date(now);
    dayStart.setHours(0, 0, 0, 0);
    const line = await visits.waitingLine(clinicianId, dayStart);
    return estimateWaits({
      waiting: line.waiting,
      endedTodayMs: line.endedTodayMs,
      currentElapsedMs: line.currentStartedAt ? now.getTime() - line.currentStartedAt.getTime() : null,
    });
  }

  async function issueLink(
    repo: VisitRepository,
    visit: { id: string; scheduled_at: Date },
    role: GuestRole,
    baseUrl: string,
  ): Promise<{ link: VisitLink; revoked: Revoked }> {
    const secret = newSecret();
    const expiresAt = linkExpiry(visit.scheduled_at, deps.linkTtlHours);
    const revoked = await repo.issueLink(visit.id, role, hashSecret(secret), expiresAt);
    return { link: { role, url: `${baseUrl}/join/${secret}`, expiresAt: expiresAt.toISOString() }, revoked };
  }

  /**
   * Links were revoked or replaced: whoever checked in with them is out of the call (LiveKit does
   * not revoke the token it issued: the webhook refuses it from now on, as they are no longer
   * admitted) and their connections end.
   */
  async function afterLinksRevoked(clinicianId: string, visitId: string, r: Revoked): Promise<void> {
    await Promise.all(r.participantIds.map((id) => livekit.eventually.removeParticipant(visitId, id)));
    notify.linksRevoked(r.linkIds);
    if (r.participantIds.length > 0) notify.queueChanged(clinicianId);
  }

  /** Recorded after the transaction that issued the link (the audit log writes on its own connection). */
  const linkIssued = (clinicianId: string, visitId: string, role: GuestRole) =>
    deps.audit.record({
      visitId,
      actor: { kind: "clinician", id: clinicianId },
      action: "link.issued",
      detail: { role },
    });

  async function mintSummaryLink(
    visitId: string,
    participantId: string,
    actor: { kind: "clinician" | "patient"; id: string },
    baseUrl: string,
    revokeOthers: boolean,
  ): Promise<SummaryLink> {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + deps.afterVisitDays * 86_400_000);
    const added = await visits.addSummaryLink(visitId, participantId, hashSecret(token), expiresAt, {
      revokeOthers,
      max: MAX_SUMMARY_LINKS,
      byPatient: actor.kind === "patient",
    });
    // The clinician cancelled the links between the token's check and now.
    if (added === "closed") throw access.afterVisitErrors.revoked;
    if (added === "full") {
      throw new DomainError(
        "conflict",
        "This summary has enough links already. Please ask the clinic for one.",
      );
    }
    await deps.audit.record({ visitId, actor, action: "summary-link.issued", detail: { by: actor.kind } });
    return { token, url: `${baseUrl}/visit/${token}/summary`, expiresAt: expiresAt.toISOString() };
  }

  const messageLimiter = new RateLimiterMemory({ points: MESSAGES_PER_MINUTE, duration: 60 });

  return {
    waitingLine,

    /**
     * A short message to the people waiting in a visit (the visit's clinician or the front desk),
     * stored with the visit, shown as written, audited (its length, never its text).
     */
    async sendMessage(who: StaffPrincipal, visitId: string, text: string): Promise<WaitingMessage> {
      const visit = await access.deskVisit(who, visitId);
      if (visit.state === "ended") throw new DomainError("conflict", "This visit has already ended.");
      try {
        await messageLimiter.consume(`${who.userId}:${visitId}`);
      } catch (err) {
        if (err instanceof Error) throw err;
        throw new DomainError("rate_limited", "Too many messages to this visit. Please wait a minute.");
      }
      const message = toMessage(await visits.addMessage(visitId, who.userId, text));
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: who.userId },
        action: "waiting.message-sent",
        detail: { length: text.length, by: who.roles.includes("front_desk") ? "front_desk" : "clinician" },
      });
      notify.messageSent(visitId, message);
      return message;
    },

    /**
     * Whose visit a new booking is: the clinician's own (they hold the clinician role), or, for
     * the front desk, the chosen clinician of their clinic.
     */
    async bookingFor(who: StaffPrincipal, clinicianId: string | undefined): Promise<string> {
      if (!clinicianId || clinicianId === who.userId) {
        if (who.roles.includes("clinician")) return who.userId;
        throw new DomainError("bad_request", "clinicianId: Choose the clinician the visit is with.");
      }
      if (!who.roles.includes("front_desk")) {
        throw new DomainError("forbidden", "Only the front desk books visits for another clinician.");
      }
      const known = (await visits.clinicClinicians(who.clinicId)).some((c) => c.id === clinicianId);
      if (!known) throw new DomainError("not_found", "No such clinician in this clinic.");
      return clinicianId;
    },

    /** A visit with its links; `actorId` is who booked it (the front desk books for a clinician). */
    async createVisit(
      clinicianId: string,
      input: CreateVisitRequest,
      baseUrl: string,
      actorId: string = clinicianId,
    ): Promise<VisitWithLinks> {
      const roles: GuestRole[] = input.interpreterNeeded ? ["patient", "interpreter"] : ["patient"];
      // The visit and its links stand or fall together: never a visit nobody can join.
      const { visit, links } = await visits.transaction(async (repo) => {
        const visit = await repo.create(clinicianId, input);
        const links = [];
        for (const role of roles) links.push((await issueLink(repo, visit, role, baseUrl)).link);
        return { visit, links };
      });
      for (const role of roles) await linkIssued(actorId, visit.id, role);
      notify.queueChanged(clinicianId);
      return { visit: toVisitSummary(visit), links };
    },

    /** A fresh link for the role (the visit's clinician or the front desk); earlier ones stop working at once. */
    async reissueLink(
      who: StaffPrincipal,
      visitId: string,
      role: GuestRole,
      baseUrl: string,
    ): Promise<VisitLink> {
      const visit = await access.deskVisit(who, visitId);
      if (visit.state === "ended") throw new DomainError("conflict", "This visit has already ended.");
      const issued = await issueLink(visits, visit, role, baseUrl);
      await afterLinksRevoked(visit.clinician_id, visit.id, issued.revoked);
      await linkIssued(who.userId, visit.id, role);
      return issued.link;
    },

    async revokeLinks(who: StaffPrincipal, visitId: string, role: GuestRole): Promise<void> {
      const visit = await access.deskVisit(who, visitId);
      const r = await visits.revokeLinks(visitId, role);
      await afterLinksRevoked(visit.clinician_id, visitId, r);
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: who.userId },
        action: "link.revoked",
        detail: { role, revoked: r.linkIds.length },
      });
    },
    /**
     * The patient's own summary link, handed to their browser when the visit ends (their check-in
     * token is exchanged for it). Up to a few may be active per visit; the clinician revokes them all at once.
     */
    async summaryLinkForPatient(participantToken: string, baseUrl: string): Promise<SummaryLink> {
      const g = await access.summaryExchange(participantToken);
      return mintSummaryLink(g.visitId, g.id, { kind: "patient", id: g.id }, baseUrl, false);
    },
    /** A new summary link for the visit's patient (to send them); earlier ones stop working at once. */
    async issueSummaryLink(clinicianId: string, visitId: string, baseUrl: string): Promise<SummaryLink> {
      const visit = await ownedVisit(clinicianId, visitId);
      if (visit.state !== "ended") {
        throw new DomainError("conflict", "A summary link can be sent once the visit has ended.");
      }
      const patient = await visits.latestPatient(visitId);
      if (!patient) throw new DomainError("conflict", "No patient checked in to this visit.");
      return mintSummaryLink(visitId, patient.id, { kind: "clinician", id: clinicianId }, baseUrl, true);
    },
    async revokeSummaryLinks(clinicianId: string, visitId: string): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      const revoked = await visits.revokeSummaryLinks(visitId);
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: clinicianId },
        action: "summary-link.revoked",
        detail: { revoked },
      });
    },

    async joinInfo(secret: string): Promise<JoinInfo> {
      const link = await access.link(secret, true);
      return {
        role: link.role,
        clinicianName: link.clinicianName,
        scheduledAt: link.scheduledAt.toISOString(),
        visitState: link.visitState,
        suggestedName: link.role === "patient" ? link.patientDisplayName : "",
        preferredLanguage: link.preferredLanguage,
      };
    },

    async checkIn(secret: string, input: CheckInRequest): Promise<CheckInResponse> {
      const link = await access.link(secret);
      const participantToken = newSecret();
      const { participantId, replacedTokenHash, wasAdmitted } = await visits.checkIn(
        link,
        input,
        hashSecret(participantToken),
      );
      // Whoever checks in again waits to be admitted again, and the check-in they replace (whose
      // connections end below) leaves the call: nobody stays in it on a replaced credential.
      if (wasAdmitted) await livekit.eventually.removeParticipant(link.visitId, participantId);
      if (replacedTokenHash) {
        notify.checkInReplaced(replacedTokenHash);
        notify.queueChanged(link.clinicianId);
      }
      return { participantId, participantToken };
    },

    /** The visits part of a clinician's queue: who waits, who is in a call, and today's visits. */
    async queue(
      clinicianId: string,
      day: { from: Date; to: Date },
    ): Promise<{ entries: QueueEntry[]; inCall: QueueEntry[]; visits: VisitSummary[] }> {
      const [entries, inCall, list] = await Promise.all([
        visits.guestsIn(clinicianId, "waiting"),
        visits.guestsIn(clinicianId, "admitted"),
        visits.listForDay(clinicianId, day.from, day.to),
      ]);
      return { entries, inCall, visits: list };
    },

    /** A guest's role, name and where they are in their visit (the chat checks this on every message). */
    participant: (participantId: string) => visits.findParticipant(participantId),

    /** Whether this guest is admitted to their visit's running call (and may see who is in it). */
    async inCall(guest: GuestPrincipal): Promise<boolean> {
      const p = await visits.findParticipant(guest.participantId);
      return p?.state === "admitted" && p.visitState === "in_call";
    },

    async joinWaitingRoom(participantId: string): Promise<Omit<WaitingStatus, "clinicianStatus">> {
      const p = await visits.findParticipant(participantId);
      if (!p) throw new DomainError("not_found", "No such participant.");
      const [clinician, messages] = await Promise.all([
        visits.clinicianName(p.clinicianId),
        visits.messages(p.visitId).then((rows) => rows.map(toMessage)),
      ]);
      if (p.visitState === "ended") {
        return {
          clinicianName: clinician,
          waitingSince: new Date().toISOString(),
          state: "ended",
          line: null,
          messages,
        };
      }
      if (p.state === "admitted") {
        return {
          clinicianName: clinician,
          waitingSince: (p.waitingSince ?? new Date()).toISOString(),
          state: "admitted",
          line: null,
          messages,
        };
      }
      const since = await visits.transaction(async (repo) => {
        const since = await repo.markWaiting(participantId);
        await repo.transition(p.visitId, "waiting");
        return since;
      });
      notify.queueChanged(p.clinicianId);
      const line = (await waitingLine(p.clinicianId)).get(p.visitId) ?? null;
      return {
        clinicianName: clinician,
        waitingSince: since.toISOString(),
        state: "waiting",
        line,
        messages,
      };
    },

    async admit(clinicianId: string, participantId: string): Promise<void> {
      const p = await ownedParticipant(clinicianId, participantId);
      if (p.state !== "waiting")
        throw new DomainError("conflict", `${p.displayName} is not in the waiting room.`);
      await visits.transaction(async (repo) => {
        await repo.transition(p.visitId, "in_call");
        await repo.setParticipantState(participantId, "admitted");
      });
      deps.calls?.started(p.visitId);
      deps.admitted?.(p.visitId);
      notify.admitted(participantId);
      notify.queueChanged(clinicianId);
    },

    async sendBack(clinicianId: string, participantId: string): Promise<void> {
      const p = await ownedParticipant(clinicianId, participantId);
      // Idempotent: sending back someone already sent back makes sure LiveKit agrees, again.
      const alreadySentBack = p.state === "waiting" && p.admittedAt !== null;
      if (p.state !== "admitted" && !alreadySentBack)
        throw new DomainError("conflict", `${p.displayName} is not in the call.`);
      if (!alreadySentBack) await visits.setParticipantState(participantId, "waiting");
      // Out of the room now; LiveKit refuses the token they hold from here on (the webhook removes
      // a participant who is not admitted). Retried in the background until LiveKit agrees.
      await livekit.eventually.removeParticipant(p.visitId, participantId);
      notify.sentBack(participantId, p.visitId);
      notify.queueChanged(clinicianId);
    },

    clinicOf: (clinicianId: string) => visits.clinicOf(clinicianId),

    /** The visits part of the front desk's view: the clinic's waiting room, today's visits, its clinicians. */
    async desk(clinicId: string, day: { from: Date; to: Date }) {
      const [waiting, list, clinicians] = await Promise.all([
        visits.clinicWaiting(clinicId),
        visits.clinicVisitsForDay(clinicId, day.from, day.to),
        visits.clinicClinicians(clinicId),
      ]);
      return { waiting, visits: list, clinicians };
    },

    /** The clinic's clinicians, whom a visit can be given to. */
    clinicClinicians: (clinicId: string) => visits.clinicClinicians(clinicId),

    /**
     * Hands a visit not yet in a call (and whoever waits in it) to another clinician of the
     * clinic, by its clinician or the front desk: the links stay, the patient's waiting room
     * follows the new clinician, both queues change, audited.
     */
    async transfer(who: StaffPrincipal, visitId: string, toClinicianId: string): Promise<void> {
      const visit = await access.deskVisit(who, visitId);
      const from = visit.clinician_id;
      if (toClinicianId === from) throw new DomainError("conflict", "The visit is already theirs.");
      if (visit.state !== "scheduled" && visit.state !== "waiting") {
        throw new DomainError("conflict", "Only a visit that is not yet in a call can be transferred.");
      }
      const target = (await visits.clinicClinicians(who.clinicId)).find((c) => c.id === toClinicianId);
      if (!target) throw new DomainError("not_found", "No such clinician in this clinic.");
      if (!(await visits.transfer(visitId, from, toClinicianId))) {
        throw new DomainError("conflict", "The visit changed meanwhile; please look at the queue again.");
      }
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: who.userId },
        action: "visit.transferred",
        detail: {
          from,
          to: toClinicianId,
          by: who.roles.includes("front_desk") ? "front_desk" : "clinician",
        },
      });
      await notify.transferred(visitId, from, toClinicianId, { clinicianName: target.displayName });
      notify.queueChanged(from);
      notify.queueChanged(toClinicianId);
    },

    async end(clinicianId: string, visitId: string): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      await finish(visitId, clinicianId);
    },

    /** Ends a call nobody is in any more (the LiveKit webhook, or reconciliation at start). */
    async endAbandoned(visitId: string): Promise<boolean> {
      const visit = await visits.findById(visitId);
      if (!visit || visit.state !== "in_call") return false;
      await finish(visitId, visit.clinician_id);
      return true;
    },

    /**
     * Whether a LiveKit identity may be in this visit's room now: the owner, the visit's scribe,
     * or an admitted guest, while the call runs. Anyone else is removed (their token is not
     * revoked by LiveKit, so this is what refuses a sent-back patient's old token). Undefined for
     * a room that is no visit of this deployment (a LiveKit shared with others): not ours to police.
     */
    async mayBeInRoom(visitId: string, identity: string): Promise<boolean | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(visitId)) return undefined;
      const visit = await visits.findById(visitId);
      if (!visit) return undefined;
      if (visit.state !== "in_call") return false;
      if (identity === clinicianIdentity(visit.clinician_id)) return true;
      if (isScribeOf(visitId, identity)) return true;
      if (!/^[0-9a-f-]{36}$/i.test(identity)) return false;
      const p = await visits.findParticipant(identity);
      return p?.visitId === visitId && p.state === "admitted";
    },

    /** The call's room is empty (since when: the first time, kept across instances and restarts). */
    roomEmptied: (visitId: string) => visits.markRoomEmpty(visitId),
    roomOccupied: (visitId: string) => visits.markRoomOccupied(visitId),
    /** Since when an in-call visit's room has been empty; undefined when occupied or not in a call. */
    async roomEmptySince(visitId: string): Promise<Date | undefined> {
      const visit = await visits.findById(visitId);
      return visit?.state === "in_call" ? (visit.room_empty_since ?? undefined) : undefined;
    },

    /** Visits in a call or ended, by id, for reconciling with LiveKit's rooms at start. */
    visitStates: (ids: string[]) => visits.states(ids),
    inCallVisitIds: () => visits.inCallIds(),

    /** The LiveKit token exists only after admission: this is the one place it is minted for a guest. */
    async guestCallGrant(principal: GuestPrincipal, visitId?: string): Promise<CallGrant> {
      access.guestVisit(principal, visitId);
      const p = await visits.findParticipant(principal.participantId);
      if (!p) throw new DomainError("not_found", "No such participant.");
      if (p.visitState === "ended") throw access.linkErrors.ended;
      if (p.state !== "admitted" || p.visitState !== "in_call") {
        throw new DomainError("forbidden", "You have not been admitted yet. Please wait for the clinician.");
      }
      const token = await livekit.token({
        identity: p.id,
        name: p.displayName,
        room: p.visitId,
        role: p.role,
      });
      return { url: livekit.publicUrl, token, room: p.visitId, identity: p.id };
    },

    /**
     * Marks a person in the call as on audio only (or not) for everyone in it, through a LiveKit
     * participant attribute the server sets: browsers may not change their own attributes (their
     * `role` is one). Only someone who may be in the call now sets it, and only on themselves.
     */
    async setAudioOnly(
      who: { clinicianId: string } | GuestPrincipal,
      visitId: string,
      audioOnly: boolean,
    ): Promise<void> {
      let identity: string;
      if ("clinicianId" in who && !("kind" in who)) {
        const visit = await ownedVisit(who.clinicianId, visitId);
        if (visit.state !== "in_call") throw notInCall;
        identity = clinicianIdentity(who.clinicianId);
      } else {
        access.guestVisit(who, visitId);
        const p = await visits.findParticipant(who.participantId);
        if (!p || p.state !== "admitted" || p.visitState !== "in_call") throw notInCall;
        identity = p.id;
      }
      const set = await livekit.setAttributes(visitId, identity, {
        [AUDIO_ONLY_ATTRIBUTE]: audioOnly ? "1" : "",
      });
      if (!set) throw notInCall;
    },

    async clinicianCallGrant(clinicianId: string, visitId: string | undefined): Promise<CallGrant> {
      if (!visitId) throw new DomainError("bad_request", "visitId: Required");
      const visit = await ownedVisit(clinicianId, visitId);
      if (visit.state === "ended") throw new DomainError("conflict", "This visit has already ended.");
      await visits.transition(visitId, "in_call");
      deps.calls?.started(visitId);
      const name = await visits.clinicianName(clinicianId);
      const identity = clinicianIdentity(clinicianId);
      const token = await livekit.token({ identity, name, room: visitId, role: "clinician" });
      notify.queueChanged(clinicianId);
      return { url: livekit.publicUrl, token, room: visitId, identity };
    },
  };
}
export type VisitService = ReturnType<typeof createVisitService>;
