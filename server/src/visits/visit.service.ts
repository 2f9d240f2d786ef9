import type {
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
  WaitingStatus,
} from "@bedside/shared";
import type { Auditor } from "../audit/audit.service.js";
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
  /** Where links issued and revoked are recorded. */
  audit: Auditor;
  /** How long a summary link opens the summary after the visit ended. */
  afterVisitDays: number;
  /** Told when a visit's call starts and ends (the scribe agent joins and leaves with it). */
  calls?: { started(visitId: string): void; ended(visitId: string): Promise<void> };
}

/** Active summary links per visit: enough for a patient's devices, not a way to mint unbounded secrets. */
const MAX_SUMMARY_LINKS = 5;

export function createVisitService(deps: VisitServiceDeps) {
  const { visits, livekit, notify, access } = deps;
  const { ownedVisit, ownedParticipant } = access;

  async function issueLink(
    clinicianId: string,
    visit: { id: string; scheduled_at: Date },
    role: GuestRole,
    baseUrl: string,
  ): Promise<VisitLink> {
    const secret = newSecret();
    const expiresAt = linkExpiry(visit.scheduled_at, deps.linkTtlHours);
    await visits.issueLink(visit.id, role, hashSecret(secret), expiresAt);
    await deps.audit.record({
      visitId: visit.id,
      actor: { kind: "clinician", id: clinicianId },
      action: "link.issued",
      detail: { role },
    });
    return { role, url: `${baseUrl}/join/${secret}`, expiresAt: expiresAt.toISOString() };
  }

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
    });
    if (!added) {
      throw new HttpError(
        409,
        "conflict",
        "This summary has enough links already. Please ask the clinic for one.",
      );
    }
    await deps.audit.record({ visitId, actor, action: "summary-link.issued", detail: { by: actor.kind } });
    return { token, url: `${baseUrl}/visit/${token}/summary`, expiresAt: expiresAt.toISOString() };
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
      for (const role of roles) links.push(await issueLink(clinicianId, visit, role, baseUrl));
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
      return issueLink(clinicianId, visit, role, baseUrl);
    },

    async revokeLinks(clinicianId: string, visitId: string, role: GuestRole): Promise<void> {
      await ownedVisit(clinicianId, visitId);
      const revoked = await visits.revokeLinks(visitId, role);
      await deps.audit.record({
        visitId,
        actor: { kind: "clinician", id: clinicianId },
        action: "link.revoked",
        detail: { role, revoked },
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
        throw new HttpError(409, "conflict", "A summary link can be sent once the visit has ended.");
      }
      const patient = await visits.latestPatient(visitId);
      if (!patient) throw new HttpError(409, "conflict", "No patient checked in to this visit.");
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
