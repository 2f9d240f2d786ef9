import type {
  CallGrant,
  CheckInRequest,
  CheckInResponse,
  CreateVisitRequest,
  GuestRole,
  JoinInfo,
  QueueEntry,
  VisitSummary,
  VisitLink,
  VisitWithLinks,
  WaitingStatus,
} from "@bedside/shared";
import { HttpError } from "../http/http.errors.js";
import type { Livekit } from "../livekit/livekit.client.js";
import { hashSecret, newSecret } from "../auth/auth.secrets.js";
import { clinicianIdentity } from "../socket/socket.names.js";
import type { GuestPrincipal, VisitAccess } from "./visit.access.js";
import { linkExpiry } from "./visit.links.js";
import { toVisitSummary, type VisitRepository } from "./visit.repository.js";

/** How the service tells connected people that something changed (implemented over the socket backbone). */
export interface VisitNotifier {
  queueChanged(clinicianId: string): void;
  admitted(participantId: string): void;
  sentBack(participantId: string, visitId: string): void;
  ended(visitId: string): void;
}

export interface VisitServiceDeps {
  visits: VisitRepository;
  access: VisitAccess;
  livekit: Livekit;
  notify: VisitNotifier;
  linkTtlHours: number | undefined;
  /** Told when a visit's call starts and ends (the scribe agent joins and leaves with it). */
  calls?: { started(visitId: string): void; ended(visitId: string): Promise<void> };
}

export function createVisitService(deps: VisitServiceDeps) {
  const { visits, livekit, notify, access } = deps;
  const { ownedVisit, ownedParticipant } = access;

  async function issueLink(
    visit: { id: string; scheduled_at: Date },
    role: GuestRole,
    baseUrl: string,
  ): Promise<VisitLink> {
    const secret = newSecret();
    const expiresAt = linkExpiry(visit.scheduled_at, deps.linkTtlHours);
    await visits.issueLink(visit.id, role, hashSecret(secret), expiresAt);
    return { role, url: `${baseUrl}/join/${secret}`, expiresAt: expiresAt.toISOString() };
  }

  return {
    async createVisit(
      clinicianId: string,
      input: CreateVisitRequest,
      baseUrl: string,
    ): Promise<VisitWithLinks> {
      const visit = await visits.create(clinicianId, input);
      const roles: GuestRole[] = input.interpreterNeeded ? ["patient", "interpreter"] : ["patient"];
      const links = [];
      for (const role of roles) links.push(await issueLink(visit, role, baseUrl));
      notify.queueChanged(clinicianId);
      return { visit: toVisitSummary(visit), links };
    },

    /** A fresh link for the role; earlier ones stop working at once. */
    async reissueLink(
      clinicianId: string,
      visitId: string,
      role: GuestRole,
      baseUrl: string,
    ): Promise<VisitLink> {
      const visit = await ownedVisit(clinicianId, visitId);
      if (visit.state === "ended") throw new HttpError(409, "conflict", "This visit has already ended.");
      return issueLink(visit, role, baseUrl);
    },

    async revokeLinks(clinicianId: string, visitId: string, role: GuestRole): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      await visits.revokeLinks(visitId, role);
    },

    async joinInfo(secret: string): Promise<JoinInfo> {
      const link = await access.link(secret);
      return {
        role: link.role,
        clinicianName: link.clinicianName,
        scheduledAt: link.scheduledAt.toISOString(),
        visitState: link.visitState,
        suggestedName: link.role === "patient" ? link.patientDisplayName : "",
      };
    },

    async checkIn(secret: string, input: CheckInRequest): Promise<CheckInResponse> {
      const link = await access.link(secret);
      const participantToken = newSecret();
      const participantId = await visits.addParticipant(link, input, hashSecret(participantToken));
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

    /** Whether this guest is admitted to their visit's running call (and may see who is in it). */
    async inCall(guest: GuestPrincipal): Promise<boolean> {
      const p = await visits.findParticipant(guest.participantId);
      return p?.state === "admitted" && p.visitState === "in_call";
    },

    async joinWaitingRoom(participantId: string): Promise<Omit<WaitingStatus, "clinicianStatus">> {
      const p = await visits.findParticipant(participantId);
      if (!p) throw new HttpError(404, "not_found", "No such participant.");
      const clinician = await visits.clinicianName(p.clinicianId);
      if (p.visitState === "ended") {
        return { clinicianName: clinician, waitingSince: new Date().toISOString(), state: "ended" };
      }
      if (p.state === "admitted") {
        return {
          clinicianName: clinician,
          waitingSince: (p.waitingSince ?? new Date()).toISOString(),
          state: "admitted",
        };
      }
      const since = await visits.markWaiting(participantId);
      await visits.transition(p.visitId, "waiting");
      notify.queueChanged(p.clinicianId);
      return { clinicianName: clinician, waitingSince: since.toISOString(), state: "waiting" };
    },

    async admit(clinicianId: string, participantId: string): Promise<void> {
      const p = await ownedParticipant(clinicianId, participantId);
      if (p.state !== "waiting")
        throw new HttpError(409, "conflict", `${p.displayName} is not in the waiting room.`);
      await visits.transition(p.visitId, "in_call");
      await visits.setParticipantState(participantId, "admitted");
      deps.calls?.started(p.visitId);
      notify.admitted(participantId);
      notify.queueChanged(clinicianId);
    },

    async sendBack(clinicianId: string, participantId: string): Promise<void> {
      const p = await ownedParticipant(clinicianId, participantId);
      if (p.state !== "admitted")
        throw new HttpError(409, "conflict", `${p.displayName} is not in the call.`);
      await visits.setParticipantState(participantId, "waiting");
      await livekit.removeParticipant(p.visitId, participantId);
      notify.sentBack(participantId, p.visitId);
      notify.queueChanged(clinicianId);
    },

    async end(clinicianId: string, visitId: string): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      const ended = await visits.transition(visitId, "ended");
      if (!ended) throw new HttpError(409, "conflict", "This visit has already ended.");
      await visits.endParticipants(visitId);
      await deps.calls?.ended(visitId);
      await livekit.closeRoom(visitId);
      notify.ended(visitId);
      notify.queueChanged(clinicianId);
    },

    /** The LiveKit token exists only after admission: this is the one place it is minted for a guest. */
    async guestCallGrant(principal: GuestPrincipal, visitId?: string): Promise<CallGrant> {
      access.guestVisit(principal, visitId);
      const p = await visits.findParticipant(principal.participantId);
      if (!p) throw new HttpError(404, "not_found", "No such participant.");
      if (p.visitState === "ended") throw access.linkErrors.ended;
      if (p.state !== "admitted" || p.visitState !== "in_call") {
        throw new HttpError(
          403,
          "forbidden",
          "You have not been admitted yet. Please wait for the clinician.",
        );
      }
      const token = await livekit.token({
        identity: p.id,
        name: p.displayName,
        room: p.visitId,
        role: p.role,
      });
      return { url: livekit.url, token, room: p.visitId, identity: p.id };
    },

    async clinicianCallGrant(clinicianId: string, visitId: string | undefined): Promise<CallGrant> {
      if (!visitId) throw new HttpError(400, "bad_request", "visitId: Required");
      const visit = await ownedVisit(clinicianId, visitId);
      if (visit.state === "ended") throw new HttpError(409, "conflict", "This visit has already ended.");
      await visits.transition(visitId, "in_call");
      deps.calls?.started(visitId);
      const name = await visits.clinicianName(clinicianId);
      const identity = clinicianIdentity(clinicianId);
      const token = await livekit.token({ identity, name, room: visitId, role: "clinician" });
      notify.queueChanged(clinicianId);
      return { url: livekit.url, token, room: visitId, identity };
    },
  };
}
export type VisitService = ReturnType<typeof createVisitService>;
