// Booked visits (issue 28): booking, moving, cancelling, sending the link again, the day's
// schedule, and the messages and reminders that go with them. Every message but "send the link
// again" is a job in the queue, queued in the same transaction as the change it tells about, and
// checked when it fires: a reminder for a visit since cancelled or moved is skipped.
import {
  messageLanguage,
  type BookVisitRequest,
  type BookVisitResponse,
  type GuestRole,
  type RescheduleVisitRequest,
  type ResendLinkResponse,
  type Schedule,
  type ScheduleEntry,
  type ScheduledVisit,
  type ScheduleStatus,
  type StaffPrincipal,
  type VisitLink,
} from "@bedside/shared";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import type { Auditor } from "../audit/audit.service.js";
import { hashSecret, newSecret } from "../access/access.secrets.js";
import type { Database } from "../db/database.js";

import type { VisitMessageKind } from "../db/schema.js";
import type { VisitMessenger } from "../messaging/messaging.port.js";
import { linkExpiry } from "../access/access.links.js";
import type { JobQueue } from "./schedule.jobs.js";
import type { BookedRow, ScheduleRepository, ScheduleRow } from "./schedule.repository.js";
import { dayRange, today } from "./schedule.zone.js";
import { DomainError } from "../access/access.errors.js";

/** The queue every visit message waits in. */
export const VISIT_MESSAGE_QUEUE = "visit-message";

const messageKinds = [
  "invitation",
  "rescheduled",
  "cancelled",
  "reminder-24h",
  "reminder-10m",
  "ready",
] as const;

/** A queued message: what to check when it fires, never a secret (the link is made then). Read back validated. */
export const messageJobSchema = z.object({
  visitId: z.uuid(),
  kind: z.enum(messageKinds satisfies readonly VisitMessageKind[]),
  /** The visit's start when queued: a reminder for another start is for a visit since moved. */
  startsAt: z.iso.datetime(),
  /** What makes this message once-only with `kind` (a reminder's start; a "ready" request's minute). */
  claimAt: z.iso.datetime(),
  baseUrl: z.url(),
});
export type MessageJob = z.infer<typeof messageJobSchema>;

export interface ScheduleServiceDeps {
  repo: ScheduleRepository;
  jobs: JobQueue;
  messenger: VisitMessenger;
  audit: Auditor;
  /** The clinician's queue, their waiting line and the front desk show the change. */
  changed(clinicianId: string): void;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  now?: () => Date;
}

/** Bookings up to a year ahead: further is a typo, and reminders are kept for that long. */
const MAX_AHEAD_MS = 366 * 86_400_000;
const REMINDERS: ReadonlyArray<{ kind: VisitMessageKind; beforeMs: number }> = [
  { kind: "reminder-24h", beforeMs: 24 * 3_600_000 },
  { kind: "reminder-10m", beforeMs: 10 * 60_000 },
];
/** How long an admitted patient has to connect before "the clinician is ready" goes out. */
const READY_GRACE_MS = 10_000;
/** A booked visit's links last past its end: the clinic may be running late. */
const LINK_GRACE_MS = 2 * 3_600_000;

const noSuchVisit = () => new DomainError("not_found", "No such visit.");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function endsAt(v: { scheduled_at: Date; duration_minutes: number | null }): Date {
  return new Date(v.scheduled_at.getTime() + (v.duration_minutes ?? 0) * 60_000);
}

/** A booked visit's links: until two hours after its end, and never before the end of its day. */
export function bookedLinkExpiry(
  v: { scheduled_at: Date; duration_minutes: number | null },
  now: Date,
): Date {
  const end = endsAt(v).getTime() + LINK_GRACE_MS;
  return new Date(Math.max(end, linkExpiry(v.scheduled_at, undefined, now).getTime()));
}

export function toScheduledVisit(v: BookedRow): ScheduledVisit {
  return {
    id: v.id,
    clinicianId: v.clinician_id,
    clinicianName: v.clinician_name,
    patientDisplayName: v.patient_display_name,
    preferredLanguage: v.preferred_language,
    interpreterNeeded: v.interpreter_needed,
    startsAt: v.scheduled_at.toISOString(),
    durationMinutes: v.duration_minutes ?? 0,
    timeZone: v.time_zone ?? "UTC",
    state: v.state,
    cancelledAt: iso(v.cancelled_at),
    contact: { email: v.patient_email, phone: v.patient_phone, consentAt: iso(v.contact_consent_at) },
    bookedBy: v.booked_by && v.booked_by_name ? { id: v.booked_by, displayName: v.booked_by_name } : null,
  };
}

/** Where a booked visit stands (the order of `scheduleStatuses`: first match wins). */
export function scheduleStatus(v: ScheduleRow, now: Date): ScheduleStatus {
  if (v.cancelled_at) return "cancelled";
  if (v.state === "ended") return "done";
  if (v.state === "in_call") return "in_call";
  if (v.checked_in_at) return "checked_in";
  if (now >= v.scheduled_at) return "late";
  if (!v.link_opened_at) return "not_opened";
  return "booked";
}

/** The contact to message, only with the patient's consent. */
function consentedContact(v: BookedRow): { email?: string; phone?: string } | undefined {
  if (!v.contact_consent_at) return undefined;
  const to = {
    ...(v.patient_email ? { email: v.patient_email } : {}),
    ...(v.patient_phone ? { phone: v.patient_phone } : {}),
  };
  return to.email || to.phone ? to : undefined;
}

export function createScheduleService(deps: ScheduleServiceDeps) {
  const { repo, jobs, messenger, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** A visit this person may manage: the clinic's for the front desk, their own for a clinician. */
  async function manageable(who: StaffPrincipal, visitId: string): Promise<BookedRow> {
    const v = await repo.find(visitId);
    if (!v || v.clinic_id !== who.clinicId) throw noSuchVisit();
    if (who.roles.includes("front_desk")) return v;
    if (who.roles.includes("clinician") && v.clinician_id === who.userId) return v;
    if (who.roles.includes("clinician")) throw noSuchVisit();
    throw new DomainError("forbidden", "Your account is not allowed to do that.");
  }

  function checkStart(startsAt: Date): void {
    const t = startsAt.getTime();
    if (t <= now().getTime()) throw new DomainError("bad_request", "startsAt: This time has already passed.");
    if (t > now().getTime() + MAX_AHEAD_MS) {
      throw new DomainError("bad_request", "startsAt: Book visits at most a year ahead.");
    }
  }

  async function clinicianFor(who: StaffPrincipal, clinicianId: string | undefined): Promise<string> {
    if (!clinicianId || clinicianId === who.userId) {
      if (who.roles.includes("clinician")) return who.userId;
      throw new DomainError("bad_request", "clinicianId: Choose the clinician the visit is with.");
    }
    if (!who.roles.includes("front_desk")) {
      throw new DomainError("forbidden", "Only the front desk books visits for another clinician.");
    }
    const c = await repo.clinicianInClinic(clinicianId, who.clinicId);
    if (!c) throw new DomainError("bad_request", "clinicianId: No such clinician in this clinic.");
    return clinicianId;
  }

  async function mintLink(
    r: ScheduleRepository,
    v: BookedRow,
    role: GuestRole,
    baseUrl: string,
  ): Promise<VisitLink> {
    const secret = newSecret();
    const expiresAt = bookedLinkExpiry(v, now());
    await r.addLink(v.id, role, hashSecret(secret), expiresAt);
    return { role, url: `${baseUrl}/join/${secret}`, expiresAt: expiresAt.toISOString() };
  }

  /** Queues a message (in `tx` when given: it exists only if the change commits). */
  async function queue(tx: Database | undefined, job: MessageJob, at: Date): Promise<void> {
    await jobs.send(
      VISIT_MESSAGE_QUEUE,
      job,
      { startAfter: at, singletonKey: `${job.visitId}:${job.kind}:${job.claimAt}` },
      tx,
    );
  }

  /** The 24-hour and 10-minute reminders still ahead for a visit starting at `startsAt`. */
  async function queueReminders(tx: Database, visitId: string, startsAt: Date, baseUrl: string) {
    for (const r of REMINDERS) {
      const at = new Date(startsAt.getTime() - r.beforeMs);
      if (at <= now()) continue;
      const s = startsAt.toISOString();
      await queue(tx, { visitId, kind: r.kind, startsAt: s, claimAt: s, baseUrl }, at);
    }
  }

  const actor = (who: StaffPrincipal) => ({ kind: "clinician" as const, id: who.userId });

  return {
    async book(who: StaffPrincipal, body: BookVisitRequest, baseUrl: string): Promise<BookVisitResponse> {
      const clinicianId = await clinicianFor(who, body.clinicianId);
      const startsAt = new Date(body.startsAt);
      checkStart(startsAt);
      let phone: string | null = null;
      if (body.contact.phone !== undefined) {
        const parsed = parsePhoneNumberFromString(body.contact.phone);
        if (!parsed?.isValid())
          throw new DomainError("bad_request", "contact.phone: Not a valid phone number.");
        phone = parsed.number;
      }
      const email = body.contact.email ?? null;
      const consentAt = body.contact.consent && (email || phone) ? now() : null;
      const roles: GuestRole[] = body.interpreterNeeded ? ["patient", "interpreter"] : ["patient"];
      const { visit, links } = await repo.transaction(async (r, tx) => {
        const id = await r.book({
          clinicianId,
          bookedBy: who.userId,
          patientDisplayName: body.patientDisplayName,
          preferredLanguage: body.preferredLanguage,
          interpreterNeeded: body.interpreterNeeded,
          startsAt,
          durationMinutes: body.durationMinutes,
          timeZone: body.timeZone,
          email,
          phone,
          consentAt,
          baseUrl,
        });
        const visit = (await r.find(id))!;
        const links: VisitLink[] = [];
        for (const role of roles) links.push(await mintLink(r, visit, role, baseUrl));
        const s = startsAt.toISOString();
        if (consentAt) {
          await queue(tx, { visitId: id, kind: "invitation", startsAt: s, claimAt: s, baseUrl }, now());
          await queueReminders(tx, id, startsAt, baseUrl);
        }
        return { visit, links };
      });
      await audit.record({
        visitId: visit.id,
        actor: actor(who),
        action: "visit.booked",
        detail: { startsAt: visit.scheduled_at.toISOString(), email: email !== null, phone: phone !== null },
      });
      deps.changed(clinicianId);
      return { visit: toScheduledVisit(visit), links };
    },

    async reschedule(
      who: StaffPrincipal,
      visitId: string,
      body: RescheduleVisitRequest,
      baseUrl: string,
    ): Promise<ScheduledVisit> {
      const v = await manageable(who, visitId);
      const startsAt = new Date(body.startsAt);
      checkStart(startsAt);
      const moved = await repo.transaction(async (r, tx) => {
        const locked = await r.findForUpdate(visitId);
        if (!locked || locked.duration_minutes === null) {
          throw new DomainError("conflict", "Only a booked visit can be moved.");
        }
        if (locked.cancelled_at) throw new DomainError("conflict", "This visit was cancelled.");
        if (locked.state !== "scheduled") {
          throw new DomainError("conflict", "This visit has already begun.");
        }
        const duration = body.durationMinutes ?? locked.duration_minutes;
        await r.reschedule(visitId, startsAt, duration, body.timeZone ?? locked.time_zone ?? "UTC");
        await r.extendLinks(
          visitId,
          bookedLinkExpiry({ scheduled_at: startsAt, duration_minutes: duration }, now()),
        );
        const s = startsAt.toISOString();
        if (v.contact_consent_at) {
          await queue(tx, { visitId, kind: "rescheduled", startsAt: s, claimAt: s, baseUrl }, now());
          await queueReminders(tx, visitId, startsAt, baseUrl);
        }
        return (await r.find(visitId))!;
      });
      await audit.record({
        visitId,
        actor: actor(who),
        action: "visit.rescheduled",
        detail: { from: v.scheduled_at.toISOString(), to: startsAt.toISOString() },
      });
      deps.changed(v.clinician_id);
      return toScheduledVisit(moved);
    },

    async cancel(who: StaffPrincipal, visitId: string, baseUrl: string): Promise<ScheduledVisit> {
      const v = await manageable(who, visitId);
      const cancelled = await repo.transaction(async (r, tx) => {
        const locked = await r.findForUpdate(visitId);
        if (!locked) throw noSuchVisit();
        if (locked.cancelled_at) throw new DomainError("conflict", "This visit was already cancelled.");
        // A visit someone is in ends instead (the clinician ends it): cancelling would strand them.
        if (locked.state !== "scheduled" || (await r.patientCheckedIn(visitId))) {
          throw new DomainError("conflict", "The patient has already checked in: end the visit instead.");
        }
        const at = now();
        await r.cancel(visitId, at);
        if (v.contact_consent_at) {
          const s = locked.scheduled_at.toISOString();
          await queue(
            tx,
            { visitId, kind: "cancelled", startsAt: s, claimAt: at.toISOString(), baseUrl },
            at,
          );
        }
        return (await r.find(visitId))!;
      });
      await audit.record({ visitId, actor: actor(who), action: "visit.cancelled", detail: {} });
      deps.changed(v.clinician_id);
      return toScheduledVisit(cancelled);
    },

    /** A new patient link, sent now on every consented channel (older links keep working). */
    async resend(who: StaffPrincipal, visitId: string, baseUrl: string): Promise<ResendLinkResponse> {
      const v = await manageable(who, visitId);
      if (v.cancelled_at) throw new DomainError("conflict", "This visit was cancelled.");
      if (v.state === "ended") throw new DomainError("conflict", "This visit has already ended.");
      const link = await mintLink(repo, v, "patient", baseUrl);
      const to = consentedContact(v);
      if (to) await messenger.send(message(v, "invitation", to, link.url));
      await audit.record({
        visitId,
        actor: actor(who),
        action: "visit.link-resent",
        detail: { email: to?.email !== undefined, phone: to?.phone !== undefined },
      });
      const channels: Array<"email" | "sms"> = [];
      if (to?.email) channels.push("email");
      if (to?.phone) channels.push("sms");
      return { link, channels };
    },

    /** "The clinician is ready for you", sent now if the patient is not connected (checked when it fires). */
    async ready(who: StaffPrincipal, visitId: string, baseUrl: string): Promise<void> {
      const v = await manageable(who, visitId);
      if (v.cancelled_at) throw new DomainError("conflict", "This visit was cancelled.");
      if (v.state === "ended") throw new DomainError("conflict", "This visit has already ended.");
      if (!consentedContact(v)) {
        throw new DomainError("conflict", "The patient has not agreed to be contacted.");
      }
      // One a minute at most: a second click within the minute is the same request.
      const minute = new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString();
      const s = v.scheduled_at.toISOString();
      await queue(undefined, { visitId, kind: "ready", startsAt: s, claimAt: minute, baseUrl }, now());
    },

    /**
     * The clinician admitted someone to a booked visit: if the patient is still not connected a
     * little later (checked when the job fires), they are told the clinician is ready. Never throws:
     * admitting must not fail for a message.
     */
    readyIfAway(visitId: string): void {
      const at = now();
      const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
      repo
        .find(visitId)
        .then(async (v) => {
          if (!v || v.duration_minutes === null || !consentedContact(v)) return;
          const job = {
            visitId,
            kind: "ready" as const,
            startsAt: v.scheduled_at.toISOString(),
            claimAt: minute,
            baseUrl: v.link_base_url ?? "",
          };
          if (!job.baseUrl) return;
          await queue(undefined, job, new Date(at.getTime() + READY_GRACE_MS));
        })
        .catch((err: unknown) =>
          deps.log.warn({ err: (err as Error).message, visitId }, "ready message not queued"),
        );
    },

    async schedule(
      who: StaffPrincipal,
      scope: { clinicianId?: string },
      query: { day?: string | undefined; timeZone?: string | undefined },
    ): Promise<Schedule> {
      const timeZone = query.timeZone ?? "UTC";
      const day = query.day ?? today(timeZone, now());
      const { from, to } = dayRange(day, timeZone);
      const rows = await repo.day({ clinicId: who.clinicId, ...scope }, from, to);
      const at = now();
      const entries: ScheduleEntry[] = rows.map((r) => ({
        ...toScheduledVisit(r),
        status: scheduleStatus(r, at),
        linkOpenedAt: iso(r.link_opened_at),
        checkedInAt: iso(r.checked_in_at),
      }));
      return { day, timeZone, entries };
    },

    /** Runs one queued message: skipped when it no longer applies, sent at most once. */
    async fire(job: MessageJob): Promise<"sent" | "skipped"> {
      const v = await repo.find(job.visitId);
      const skip = (why: string) => {
        deps.log.info({ visitId: job.visitId, kind: job.kind, why }, "visit message skipped");
        return "skipped" as const;
      };
      if (!v) return skip("visit gone");
      if (job.kind !== "cancelled") {
        if (v.cancelled_at) return skip("cancelled");
        if (v.state === "ended") return skip("ended");
        if (v.scheduled_at.toISOString() !== job.startsAt) return skip("moved");
      }
      if (job.kind === "reminder-24h" || job.kind === "reminder-10m") {
        if (v.state !== "scheduled") return skip("begun");
        // After a long outage a reminder can come due late: past the start it would only confuse.
        if (now() >= v.scheduled_at) return skip("too late");
      }
      if (job.kind === "ready" && (await repo.patientConnected(v.id))) {
        return skip("connected");
      }
      const to = consentedContact(v);
      if (!to) return skip("no consented contact");
      const claimAt = new Date(job.claimAt);
      if (!(await repo.claimReminder(v.id, job.kind, claimAt))) return skip("already sent");
      try {
        const link =
          job.kind === "cancelled" ? undefined : (await mintLink(repo, v, "patient", job.baseUrl)).url;
        await messenger.send(message(v, job.kind, to, link));
      } catch (err) {
        // Not handed over: the claim goes, so that the job's retry sends it.
        await repo.releaseReminder(v.id, job.kind, claimAt);
        throw err;
      }
      return "sent";
    },
  };
}

function message(
  v: BookedRow,
  kind: VisitMessageKind,
  to: { email?: string; phone?: string },
  link: string | undefined,
) {
  return {
    visitId: v.id,
    kind,
    language: messageLanguage(v.preferred_language),
    to,
    startsAt: v.scheduled_at,
    durationMinutes: v.duration_minutes ?? 0,
    timeZone: v.time_zone ?? "UTC",
    clinicianName: v.clinician_name,
    clinicName: v.clinic_name,
    ...(link ? { link } : {}),
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
