import type {
  CallGrant,
  CheckInRequest,
  CheckInResponse,
  CreateVisitRequest,
  GuestRole,
  JoinInfo,
  Principal,
  VisitLink,
  VisitWithLinks,
  WaitingStatus,
} from "@bedside/shared";
import { HttpError } from "../http/http.errors.js";
import type { Livekit } from "../livekit/livekit.client.js";
import { linkExpiry, looksLikeSecret, newSecret } from "./visit.links.js";
import { toVisitSummary, type VisitRepository } from "./visit.repository.js";

/** How the service tells connected people that something changed (implemented by the presence gateway). */
export interface VisitNotifier {
  queueChanged(clinicianId: string): void;
  admitted(participantId: string): void;
  sentBack(participantId: string): void;
  ended(visitId: string): void;
}

export interface VisitServiceDeps {
  visits: VisitRepository;
  livekit: Livekit;
  notify: VisitNotifier;
  linkTtlHours: number | undefined;
  /** Told when a visit's call starts and ends (the scribe agent joins and leaves with it). */
  calls?: { started(visitId: string): void; ended(visitId: string): Promise<void> };
}

const linkErrors = {
  unknown: new HttpError(
    404,
    "not_found",
    "This visit link does not work. Please check that you opened the whole link, or ask the clinic to send a new one.",
  ),
  revoked: new HttpError(
    410,
    "gone",
    "This visit link has been cancelled or replaced. Please use the newest link the clinic sent you.",
  ),
  expired: new HttpError(
    410,
    "gone",
    "This visit link has expired. Please ask the clinic to send a new one.",
  ),
  ended: new HttpError(410, "gone", "This visit has ended. You can close this page."),
};

const clinicianIdentity = (clinicianId: string) => `clinician-${clinicianId}`;

export function createVisitService(deps: VisitServiceDeps) {
  const { visits, livekit, notify } = deps;

  async function ownedVisit(clinicianId: string, visitId: string) {
    const visit = await visits.findForClinician(visitId, clinicianId);
    // Another clinician's visit looks exactly like a missing one.
    if (!visit) throw new HttpError(404, "not_found", "No such visit.");
    return visit;
  }

  async function ownedParticipant(clinicianId: string, participantId: string) {
    const p = await visits.findParticipant(participantId);
    if (!p || p.clinicianId !== clinicianId) throw new HttpError(404, "not_found", "No such participant.");
    if (p.visitState === "ended") throw new HttpError(409, "conflict", "This visit has already ended.");
    return p;
  }

  async function usableLink(secret: string) {
    const link = looksLikeSecret(secret) ? await visits.findLink(secret) : undefined;
    if (!link) throw linkErrors.unknown;
    if (link.revokedAt) throw linkErrors.revoked;
    if (link.expiresAt <= new Date()) throw linkErrors.expired;
    if (link.visitState === "ended") throw linkErrors.ended;
    return link;
  }

  async function issueLink(
    visit: { id: string; scheduled_at: Date },
    role: GuestRole,
    baseUrl: string,
  ): Promise<VisitLink> {
    const secret = newSecret();
    const expiresAt = linkExpiry(visit.scheduled_at, deps.linkTtlHours);
    await visits.issueLink(visit.id, role, secret, expiresAt);
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
      const link = await usableLink(secret);
      return {
        role: link.role,
        clinicianName: link.clinicianName,
        scheduledAt: link.scheduledAt.toISOString(),
        visitState: link.visitState,
        suggestedName: link.role === "patient" ? link.patientDisplayName : "",
      };
    },

    async checkIn(secret: string, input: CheckInRequest): Promise<CheckInResponse> {
      const link = await usableLink(secret);
      const participantToken = newSecret();
      const participantId = await visits.addParticipant(link, input, participantToken);
      return { participantId, participantToken };
    },

    /** Resolves a guest's bearer secret to who they are; never trusts ids sent by the client. */
    async guestPrincipal(secret: string): Promise<Extract<Principal, { kind: "guest" }> | undefined> {
      if (!looksLikeSecret(secret)) return undefined;
      const p = await visits.findGuestBySecret(secret);
      if (!p || p.role === "clinician") return undefined;
      return {
        kind: "guest",
        participantId: p.id,
        visitId: p.visitId,
        clinicianId: p.clinicianId,
        role: p.role,
      };
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
      await visits.transition(p.visitId, ["scheduled"], "waiting");
      notify.queueChanged(p.clinicianId);
      return { clinicianName: clinician, waitingSince: since.toISOString(), state: "waiting" };
    },

    async admit(clinicianId: string, participantId: string): Promise<void> {
      const p = await ownedParticipant(clinicianId, participantId);
      if (p.state !== "waiting")
        throw new HttpError(409, "conflict", `${p.displayName} is not in the waiting room.`);
      await visits.transition(p.visitId, ["scheduled", "waiting"], "in_call");
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
      notify.sentBack(participantId);
      notify.queueChanged(clinicianId);
    },

    async end(clinicianId: string, visitId: string): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      const ended = await visits.transition(visitId, ["scheduled", "waiting", "in_call"], "ended");
      if (!ended) throw new HttpError(409, "conflict", "This visit has already ended.");
      await visits.endParticipants(visitId);
      await deps.calls?.ended(visitId);
      await livekit.closeRoom(visitId);
      notify.ended(visitId);
      notify.queueChanged(clinicianId);
    },

    /** The LiveKit token exists only after admission: this is the one place it is minted for a guest. */
    async guestCallGrant(
      principal: Extract<Principal, { kind: "guest" }>,
      visitId?: string,
    ): Promise<CallGrant> {
      if (visitId && visitId !== principal.visitId) {
        throw new HttpError(403, "forbidden", "This link is for a different visit.");
      }
      const p = await visits.findParticipant(principal.participantId);
      if (!p) throw new HttpError(404, "not_found", "No such participant.");
      if (p.visitState === "ended") throw linkErrors.ended;
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
      await visits.transition(visitId, ["scheduled", "waiting"], "in_call");
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
