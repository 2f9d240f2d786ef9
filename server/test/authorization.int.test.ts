// Issue 12 (and 27): the authorization matrix. Every HTTP route of the route contract (issue 26; the
// server registers exactly those, http.routes.int.test.ts) and every socket event in the shared event
// map, for every kind of principal. A route or event without an expectation here fails the test, and
// so does a principal let through whom the route's contract `access` does not admit.
import {
  clientEventSchemas,
  type ClientToServerEvents,
  contract,
  noteSectionKeys,
  type RouteAccess,
  type ServerToClientEvents,
} from "@bedside/shared";
import { generate } from "otplib";
import { io as connect, type Socket } from "socket.io-client";
import { hashSecret } from "../src/access/access.secrets.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, validSocketPayloads } from "./harness.js";

const principals = [
  "anonymous",
  "owner",
  "otherClinician",
  // Issue 27: the same clinic's admin (not a clinician) and front desk; a deactivated clinician of
  // this clinic (their session still in the table); a clinician of another clinic.
  "admin",
  "frontDesk",
  "deactivated",
  "otherClinic",
  // An admin who has not set up two-factor sign-in: the session may only set it up.
  "adminWithoutTwoFactor",
  "signedOut",
  "patient",
  "otherPatient",
  "interpreter",
  "revokedLink",
  "expiredLink",
] as const;
type Who = (typeof principals)[number];
type Outcome = "allow" | "deny";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

/** Expected outcome per principal: `allow` lists who gets through; everybody else is denied. */
const only = (...allowed: Who[]) =>
  Object.fromEntries(principals.map((p) => [p, allowed.includes(p) ? "allow" : "deny"])) as Record<
    Who,
    Outcome
  >;

/**
 * What each principal may do on each route. The visit in the URL is the owner's (ended, released);
 * a guest's own secret goes where the route takes one: the join link (`:secret`), the check-in
 * token (`/api/after-visit/link`) or the summary link (other `/api/after-visit` routes).
 */
const httpMatrix: Record<string, Record<Who, Outcome>> = {
  "GET /livez": only(...principals),
  "GET /readyz": only(...principals),
  "GET /healthz": only(...principals),
  "GET /metrics": only(...principals), // loopback may scrape (METRICS_TOKEN unset); tested in health.int
  "GET /api/openapi.json": only(...principals), // development only: the API's description
  "GET /api/clinic": only(...principals), // the emergency number a patient's pages say
  "POST /api/auth/sign-in": only(...principals), // public: the body decides (here a 400)
  "POST /api/auth/sign-out": only(...principals),
  // Issue 27. Public, the link's secret in the body (here missing: a 400 for everyone).
  "POST /api/accounts/setup/check": only(...principals),
  "POST /api/accounts/setup": only(...principals),
  "POST /api/accounts/invitation": only(...principals),
  "POST /api/accounts/invitation/accept": only(...principals),
  "POST /api/auth/password-reset": only(...principals), // the same 202 for any email
  "POST /api/auth/password-reset/complete": only(...principals),
  // Any active staff member's own password (the body here lacks the current one: a 400).
  "POST /api/auth/password": only("owner", "otherClinician", "admin", "frontDesk", "otherClinic"),
  // The clinic's admin only, on a person and an invitation of their own clinic.
  "GET /api/admin/people": only("admin"),
  "POST /api/admin/invitations": only("admin"),
  "DELETE /api/admin/invitations/:invitationId": only("admin"),
  "PUT /api/admin/people/:userId/roles": only("admin"),
  "POST /api/admin/people/:userId/deactivate": only("admin"),
  "POST /api/admin/people/:userId/reactivate": only("admin"),
  "GET /api/auth/me": only(
    "owner",
    "otherClinician",
    "admin",
    "frontDesk",
    "otherClinic",
    "adminWithoutTwoFactor",
  ),
  // Two-factor's setup takes every current session, the one held until it is set up included.
  "POST /api/auth/sign-in/code": only(...principals), // public: the body decides (here a 400)
  "GET /api/auth/mfa": only(
    "owner",
    "otherClinician",
    "admin",
    "frontDesk",
    "otherClinic",
    "adminWithoutTwoFactor",
  ),
  "POST /api/auth/mfa/enrol": only(
    "owner",
    "otherClinician",
    "admin", // already on: 409, after authorization
    "frontDesk",
    "otherClinic",
    "adminWithoutTwoFactor",
  ),
  "POST /api/auth/mfa/confirm": only(
    "owner",
    "otherClinician",
    "admin",
    "frontDesk",
    "otherClinic",
    "adminWithoutTwoFactor",
  ), // a wrong code: 400, after authorization
  "POST /api/auth/mfa/disable": only("owner", "otherClinician", "admin", "frontDesk", "otherClinic"), // wrong password: 400
  "GET /api/auth/sessions": only("owner", "otherClinician", "admin", "frontDesk", "otherClinic"),
  // Each principal names a spare session of its own; another account's session id is a 404.
  "DELETE /api/auth/sessions/:sessionId": only(
    "owner",
    "otherClinician",
    "admin",
    "frontDesk",
    "otherClinic",
  ),
  "POST /api/auth/sessions/sign-out-everywhere": only(
    "owner",
    "otherClinician",
    "admin",
    "frontDesk",
    "otherClinic",
  ),
  "GET /api/admin/clinic/security": only("admin"),
  "PUT /api/admin/clinic/security": only("admin"),
  // The person reset is the spare staff member of the admin's clinic (not one of the principals).
  "POST /api/admin/people/:userId/mfa/reset": only("admin"),
  "PATCH /api/auth/me": only("owner", "otherClinician", "admin", "frontDesk", "otherClinic"),
  // The front desk books for a clinician it names (without one: a 400, after authorization).
  "POST /api/visits": only("owner", "otherClinician", "frontDesk", "otherClinic"),
  // The clinic's clinicians: for transfer and for the front desk creating visits.
  "GET /api/colleagues": only("owner", "otherClinician", "frontDesk", "otherClinic"),
  // The front desk sends (and cancels) the clinic's visit links.
  "POST /api/visits/:visitId/links/:role": only("owner", "frontDesk"),
  "DELETE /api/visits/:visitId/links/:role": only("owner", "frontDesk"),
  "POST /api/visits/:visitId/summary-link": only("owner"),
  "DELETE /api/visits/:visitId/summary-link": only("owner"),
  "GET /api/visits/:visitId/review": only("owner"),
  "POST /api/visits/:visitId/findings/extract": only("owner"),
  "POST /api/visits/:visitId/findings": only("owner"),
  "PATCH /api/visits/:visitId/findings/:findingId": only("owner"),
  "PUT /api/visits/:visitId/findings/:findingId/status": only("owner"),
  "GET /api/visits/:visitId/preview": only("owner"),
  "POST /api/visits/:visitId/release": only("owner"),
  "GET /api/visits/:visitId/questions": only("owner"),
  "PUT /api/visits/:visitId/questions/seen": only("owner"),
  "GET /api/visits/:visitId/insights": only("owner"),
  "GET /api/visits/:visitId/note": only("owner"),
  "PUT /api/visits/:visitId/note": only("owner"),
  "POST /api/visits/:visitId/note/draft": only("owner"),
  "POST /api/visits/:visitId/note/sign": only("owner"), // the empty note is refused (409), not signed
  "GET /api/visits/:visitId/fhir": only("owner"), // the note is not signed: 409, after authorization
  "GET /api/visits/:visitId/audit": only("owner"),
  // Issue 30: the patient's photos and documents, read by the visit's clinician alone (an attachment
  // of the owner's visit); sent by the patient of a visit not over (the owner's has ended: 410; the
  // other clinician's is live: its patient passes, then the empty body is a 400).
  "GET /api/visits/:visitId/attachments": only("owner"),
  "GET /api/visits/:visitId/attachments/:attachmentId": only("owner"),
  "POST /api/guest/attachments": only("otherPatient"),
  "GET /api/visits/:visitId/chat": only("owner"), // issue 30: the review page's chat, audited
  "GET /api/feedback/summary": only("owner", "otherClinician", "otherClinic"),
  // Issue 28: booked visits. A clinician books their own (the body names the owner), the front desk
  // any clinician of the clinic. The owner's visit has ended (and was not booked): moving, cancelling,
  // resending or pinging it is a 409 once authorized; another clinic's or clinician's visit a 404.
  "POST /api/schedule/visits": only("owner", "frontDesk"),
  "POST /api/schedule/visits/:visitId/reschedule": only("owner", "frontDesk"),
  "POST /api/schedule/visits/:visitId/cancel": only("owner", "frontDesk"),
  "POST /api/schedule/visits/:visitId/resend": only("owner", "frontDesk"),
  "POST /api/schedule/visits/:visitId/ready": only("owner", "frontDesk"),
  // The clinic's day: the front desk and the admin; one clinician's (the owner's): theirs, and both.
  "GET /api/schedule": only("admin", "frontDesk"),
  "GET /api/schedule/clinicians/:clinicianId": only("owner", "admin", "frontDesk"),
  // LiveKit's signature authorizes it, never a person's session or link.
  "POST /api/livekit/webhook": only(),
  // Issue 28: what was sent to the patient, for the visit's clinician and the clinic's front desk.
  "GET /api/visits/:visitId/messages": only("owner", "frontDesk"),
  // Twilio's signature authorizes them, never a person's session or link (and here no Twilio is set up).
  "POST /api/messaging/twilio/status": only(),
  "POST /api/messaging/twilio/inbound": only(),
  // The owner's visit has ended: its links no longer open; another visit's live link does.
  "GET /api/join/:secret": only("otherPatient"),
  "POST /api/join/:secret/check-in": only("otherPatient"),
  // Only the patient of an ended visit exchanges their check-in token (the other visit is live: 409).
  "POST /api/after-visit/link": only("patient", "otherPatient"),
  "GET /api/after-visit": only("patient"),
  "POST /api/after-visit/questions": only("patient"),
  "POST /api/after-visit/feedback": only("patient"),
};

/** Socket events, each sent for the owner's visit. Guests of the ended visit may only look. */
const socketMatrix: Record<keyof typeof clientEventSchemas, Record<Who, Outcome>> = {
  "queue:watch": only("owner", "otherClinician", "otherClinic"),
  "desk:watch": only("frontDesk"),
  "clinician:set-status": only("owner", "otherClinician", "otherClinic"),
  "visit:admit": only("owner"),
  "visit:send-back": only("owner"),
  "visit:end": only("owner"),
  // The owner's visit has ended: authorized, then refused as a conflict.
  "visit:transfer": only("owner", "frontDesk"),
  "waiting:send-message": only("owner", "frontDesk"), // the visit has ended: a conflict, once authorized
  "call:join": only("owner"),
  "call:leave": only("owner", "patient", "interpreter"),
  // Issue 30: one's own audio only; the visit has ended: authorized, then refused as a conflict.
  "call:set-audio-only": only("owner", "patient", "interpreter"),
  "waiting:join": only("patient", "otherPatient", "interpreter"),
  "scribe:watch": only("owner"),
  // Guests of the visit pass authorization (the ended visit then answers "conflict").
  "scribe:pause": only("owner", "patient", "interpreter"),
  "scribe:resume": only("owner", "patient", "interpreter"),
  "scribe:withdraw": only("owner", "patient", "interpreter"),
  // Issue 30: the visit's clinician, its clinic's front desk and its guests pass authorization (the
  // ended visit's chat is closed: "conflict"); other clinicians, clinics and visits are refused.
  "chat:watch": only("owner", "frontDesk", "patient", "interpreter"),
  "chat:send": only("owner", "frontDesk", "patient", "interpreter"),
  // Issue 30: captions for oneself. The owner's visit has ended: authorized, then a conflict; its
  // guests are no longer in a call, so they may not (as for scribe:watch).
  "captions:set": only("owner"),
};

const signedIn = ["owner", "otherClinician", "admin", "frontDesk", "otherClinic"] as const;
/**
 * Which principals each kind of caller of the contract can be. A route may admit fewer of them (only
 * its own visit's clinician, say), never more.
 */
const admits: Record<RouteAccess, readonly Who[]> = {
  public: principals,
  signed: [],
  session: [...signedIn, "adminWithoutTwoFactor"],
  staff: signedIn,
  clinician: ["owner", "otherClinician", "otherClinic"],
  booking: ["owner", "otherClinician", "frontDesk", "otherClinic"],
  admin: ["admin"],
  clinicDesk: ["admin", "frontDesk"],
  clinicStaff: signedIn,
  guest: ["patient", "otherPatient", "interpreter"],
  checkedIn: ["patient", "otherPatient", "interpreter"],
  reader: ["patient"],
};
/** Each contract entry by its method and path (the matrix's keys). */
const contractRoutes = new Map(Object.values(contract).map((c) => [`${c.method} ${c.path}`, c]));

const DENIED = new Set([401, 403, 404, 410]);
const emptyNote = { sections: noteSectionKeys.map((key) => ({ key, sentences: [] })) };
const DENIED_CODES = new Set(["unauthorized", "forbidden", "not_found", "gone", "refused"]);

describe("authorization matrix: every route and socket event × every principal", () => {
  let t: TestApp;
  const cookies: Partial<Record<Who, string>> = {};
  const secrets: Partial<Record<Who, { link: string; participant: string; summary?: string }>> = {};
  let visitId: string;
  /** Another visit of the owner's, for the routes that revoke or replace links (they would end the guests' access). */
  let scratchVisitId: string;
  let participantId: string;
  let findingId: string;
  let attachmentId: string;
  /** A staff member of the owner's clinic whom the admin routes change; an invitation to revoke. */
  let spareId: string;
  let invitationId: string;
  const sessionOf: Partial<Record<Who, string>> = {};
  /** A second session of each staff principal's, for the route that ends one session by id. */
  const spareSession: Partial<Record<Who, string>> = {};

  const http = (method: string, url: string, headers: Record<string, string>, body?: unknown) =>
    t.app.http.inject({
      method: method as "GET",
      url,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    t = await startTestApp({ SCRIBE_ENABLED: "false", RATE_LIMIT_SCALE: "1000" });
    const otherClinicId = (
      await t.db
        .insertInto("clinics")
        .values({ name: "Another clinic" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const clinician = async (
      email: string,
      extra: { roles?: Array<"admin" | "clinician" | "front_desk">; clinicId?: string } = {},
    ) => {
      const c = await t.app.repos.clinicians.create({
        email,
        displayName: email,
        passwordHash: "x",
        ...extra,
      });
      return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
    };
    const owner = await clinician("owner@example.org");
    const other = await clinician("other@example.org");
    const gone = await clinician("signedout@example.org");
    const admin = await clinician("admin@example.org", { roles: ["admin"] });
    const frontDesk = await clinician("desk@example.org", { roles: ["front_desk"] });
    const deactivated = await clinician("left@example.org");
    const elsewhere = await clinician("elsewhere@example.org", { clinicId: otherClinicId });
    const heldAdmin = await clinician("new-admin@example.org", { roles: ["admin"] });
    // The clinic's admin has two-factor on (admins must): set up through the routes, with a real code.
    const enrol = await http("POST", "/api/auth/mfa/enrol", { cookie: admin.cookie });
    const { secret } = JSON.parse(enrol.body) as { secret: string };
    const confirmed = await http(
      "POST",
      "/api/auth/mfa/confirm",
      { cookie: admin.cookie },
      { code: await generate({ secret }) },
    );
    expect(confirmed.statusCode).toBe(200);
    await t.db
      .updateTable("clinicians")
      .set({ deactivated_at: new Date() })
      .where("id", "=", deactivated.id)
      .execute();
    cookies.owner = owner.cookie;
    cookies.otherClinician = other.cookie;
    cookies.admin = admin.cookie;
    cookies.frontDesk = frontDesk.cookie;
    cookies.deactivated = deactivated.cookie;
    cookies.otherClinic = elsewhere.cookie;
    cookies.adminWithoutTwoFactor = heldAdmin.cookie;
    sessionOf.adminWithoutTwoFactor = heldAdmin.id;
    sessionOf.owner = owner.id;
    sessionOf.otherClinician = other.id;
    sessionOf.admin = admin.id;
    sessionOf.frontDesk = frontDesk.id;
    sessionOf.otherClinic = elsewhere.id;
    cookies.signedOut = gone.cookie;
    spareId = (await clinician("spare@example.org")).id;
    invitationId = (
      await t.app.accounts.invite(
        {
          userId: admin.id,
          clinicId: (await t.app.repos.clinicians.findById(admin.id))!.clinicId,
          roles: ["admin"],
        },
        { email: "invited@example.org", roles: ["front_desk"] },
        t.url,
      )
    ).id;
    await http("POST", "/api/auth/sign-out", { cookie: gone.cookie });

    const newVisit = async (cookie: string, interpreterNeeded: boolean) => {
      const res = await http(
        "POST",
        "/api/visits",
        { cookie },
        {
          patientDisplayName: "Pat",
          preferredLanguage: "en",
          interpreterNeeded,
          scheduledAt: new Date().toISOString(),
        },
      );
      const body = JSON.parse(res.body) as {
        visit: { id: string };
        links: Array<{ role: string; url: string }>;
      };
      const out: Record<string, { link: string; participant: string; participantId: string }> = {};
      for (const l of body.links) {
        const link = l.url.split("/join/")[1]!;
        const r = await http(
          "POST",
          `/api/join/${link}/check-in`,
          {},
          { displayName: `Guest ${l.role}`, scribeConsent: "granted", deviceCheck },
        );
        const g = JSON.parse(r.body) as { participantToken: string; participantId: string };
        out[l.role] = { link, participant: g.participantToken, participantId: g.participantId };
      }
      return { visitId: body.visit.id, ...out } as {
        visitId: string;
        patient: { link: string; participant: string; participantId: string };
        interpreter?: { link: string; participant: string; participantId: string };
      };
    };

    // The owner's visit: patient and interpreter checked in, a finding released, then ended.
    const a = await newVisit(owner.cookie, true);
    visitId = a.visitId;
    participantId = a.patient.participantId;
    attachmentId = (
      await t.db
        .insertInto("visit_attachments")
        .values({
          visit_id: visitId,
          sender_participant_id: participantId,
          sender_role: "patient",
          content_type: "application/pdf",
          size_bytes: 4,
          bytes: Buffer.from("%PDF"),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await t.app.visits.end(owner.id, visitId);
    const added = await http(
      "POST",
      `/api/visits/${visitId}/findings`,
      { cookie: owner.cookie },
      {
        kind: "plan",
        text: "Rest and drink fluids.",
      },
    );
    findingId = (JSON.parse(added.body) as { id: string }).id;
    await http(
      "PUT",
      `/api/visits/${visitId}/findings/${findingId}/status`,
      { cookie: owner.cookie },
      { status: "approved" },
    );
    expect((await http("POST", `/api/visits/${visitId}/release`, { cookie: owner.cookie })).statusCode).toBe(
      200,
    );
    const link = await http("POST", "/api/after-visit/link", {
      authorization: `Bearer ${a.patient.participant}`,
    });
    secrets.patient = { ...a.patient, summary: (JSON.parse(link.body) as { token: string }).token };
    secrets.interpreter = a.interpreter!;

    // Another clinician's live visit; a visit whose link was revoked; one whose link expired.
    const b = await newVisit(other.cookie, false);
    secrets.otherPatient = b.patient;
    const c = await newVisit(owner.cookie, false);
    await http("DELETE", `/api/visits/${c.visitId}/links/patient`, { cookie: owner.cookie });
    secrets.revokedLink = c.patient;
    scratchVisitId = (await newVisit(owner.cookie, false)).visitId;
    await t.app.visits.end(owner.id, scratchVisitId);
    const d = await newVisit(owner.cookie, false);
    await t.db
      .updateTable("visit_links")
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where("visit_id", "=", d.visitId)
      .execute();
    secrets.expiredLink = d.patient;
  });
  afterAll(() => t.close());

  it("has an expectation for every route of the contract, and no stale ones", () => {
    const routes = [...contractRoutes.keys()];
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !(r in httpMatrix))).toEqual([]);
    expect(Object.keys(httpMatrix).filter((r) => !contractRoutes.has(r))).toEqual([]);
  });

  it("lets through only principals the route's contract access admits", () => {
    const beyond = Object.entries(httpMatrix).flatMap(([route, expected]) => {
      const access = contractRoutes.get(route)?.access;
      if (!access) return [`${route}: not in the contract`];
      return principals
        .filter((who) => expected[who] === "allow" && !admits[access].includes(who))
        .map((who) => `${route} (${access}) lets ${who} through`);
    });
    expect(beyond).toEqual([]);
  });

  it("has an expectation for every socket event in the shared event map", () => {
    expect(Object.keys(clientEventSchemas).sort()).toEqual(Object.keys(socketMatrix).sort());
  });

  /** A well-formed request for the route, as `who` would send it. */
  function requestFor(route: string, who: Who) {
    const [method, pattern] = route.split(" ") as [string, string];
    const s = secrets[who];
    const randomSecret = "Q".repeat(43);
    const url = pattern
      .replace(":visitId", /\/(links|summary-link)/.test(pattern) ? scratchVisitId : visitId)
      .replace(":findingId", findingId)
      .replace(":attachmentId", attachmentId)
      .replace(":role", "patient")
      .replace(":userId", spareId)
      .replace(":invitationId", invitationId)
      .replace(":sessionId", spareSession[who] ?? "00000000-0000-4000-8000-000000000000")
      .replace(":clinicianId", sessionOf.owner!)
      .replace(":secret", s?.link ?? randomSecret);
    const headers: Record<string, string> = {};
    if (cookies[who]) headers.cookie = cookies[who];
    if (pattern === "/api/after-visit/link" || pattern === "/api/guest/attachments")
      headers.authorization = `Bearer ${s?.participant ?? randomSecret}`;
    else if (pattern.startsWith("/api/after-visit"))
      headers.authorization = `Bearer ${s?.summary ?? s?.participant ?? randomSecret}`;
    const bodies: Record<string, unknown> = {
      "POST /api/auth/sign-in": {},
      "PATCH /api/auth/me": { speechLanguage: "en" },
      "POST /api/auth/password": { newPassword: "violet tractor seven lantern" },
      "POST /api/admin/invitations": { email: "new@example.org", roles: ["clinician"] },
      "PUT /api/admin/people/:userId/roles": { roles: ["clinician"] },
      "POST /api/auth/sign-in/code": {},
      "POST /api/auth/mfa/confirm": { code: "000000" },
      "POST /api/auth/mfa/disable": { password: "not the password", code: "000000" },
      "PUT /api/admin/clinic/security": { mfaRequired: false },
      "POST /api/visits": {
        patientDisplayName: "X",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
      "POST /api/schedule/visits": {
        patientDisplayName: "Booked",
        preferredLanguage: "en",
        interpreterNeeded: false,
        clinicianId: sessionOf.owner,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        durationMinutes: 15,
        timeZone: "UTC",
        contact: { consent: false },
      },
      "POST /api/schedule/visits/:visitId/reschedule": {
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      "POST /api/visits/:visitId/findings": { kind: "plan", text: "Walk daily." },
      "PATCH /api/visits/:visitId/findings/:findingId": { text: "Rest, drink fluids." },
      "PUT /api/visits/:visitId/findings/:findingId/status": { status: "approved" },
      "POST /api/join/:secret/check-in": { displayName: "Someone", scribeConsent: "granted", deviceCheck },
      "POST /api/after-visit/questions": { findingId, text: "How long?" },
      "PUT /api/visits/:visitId/note": { note: emptyNote },
      "POST /api/visits/:visitId/note/sign": { note: emptyNote },
      "POST /api/after-visit/feedback": { care: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] },
    };
    return { method, url, headers, body: bodies[route] };
  }

  let lastCheckIn: string | undefined;
  // In the matrix's order (routes that sign out or check in again change what later ones send); the
  // test above holds the matrix's routes and the contract's to the same set.
  it.each(Object.keys(httpMatrix))("%s", async (route) => {
    if (route === "DELETE /api/auth/sessions/:sessionId") {
      for (const who of principals) {
        const id = sessionOf[who];
        if (!id) continue;
        await t.app.repos.sessions.create(id);
        const rows = await t.app.repos.sessions.listFor(id);
        const current = cookies[who]?.split("=")[1];
        spareSession[who] = rows.find(
          (r) => current === undefined || r.token_hash !== hashSecret(current),
        )!.id;
      }
    }
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const who of principals) {
      const r = requestFor(route, who);
      const res = await http(r.method, r.url, r.headers, r.body);
      expect(res.statusCode, `${route} as ${who}: ${res.body}`).toBeLessThan(500);
      if (route === "POST /api/join/:secret/check-in" && who === "otherPatient" && res.statusCode === 201)
        lastCheckIn = (JSON.parse(res.body) as { participantToken: string }).participantToken;
      got[who] = DENIED.has(res.statusCode) ? "deny" : "allow";
      want[who] = httpMatrix[route]![who];
      if (got[who] !== want[who]) got[who] += ` (${res.statusCode})`;
    }
    // A check-in with a link takes over the earlier one (finding 2): the earlier token stops
    // working, and the routes and events after this one use the new one.
    if (route === "POST /api/join/:secret/check-in" && lastCheckIn) {
      secrets.otherPatient!.participant = lastCheckIn;
    }
    // Signing out ended those sessions: the routes and events after this one get fresh ones.
    if (route === "POST /api/auth/sign-out" || route === "POST /api/auth/sessions/sign-out-everywhere") {
      for (const who of [
        "owner",
        "otherClinician",
        "admin",
        "frontDesk",
        "otherClinic",
        "adminWithoutTwoFactor",
      ] as const) {
        cookies[who] = `bedside_session=${(await t.app.repos.sessions.create(sessionOf[who]!)).token}`;
      }
    }
    expect(got).toEqual(want);
  });

  describe("socket events", () => {
    const sockets: Socket[] = [];
    afterAll(() => sockets.forEach((s) => s.disconnect()));

    async function socketFor(
      who: Who,
    ): Promise<Socket<ServerToClientEvents, ClientToServerEvents> | undefined> {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(t.url, {
        transports: ["websocket"],
        reconnection: false,
        ...(cookies[who] ? { extraHeaders: { cookie: cookies[who] } } : {}),
        ...(secrets[who] ? { auth: { participantToken: secrets[who].participant } } : {}),
      });
      sockets.push(s);
      const ok = await new Promise<boolean>((resolve) => {
        s.once("connect", () => resolve(true));
        s.once("connect_error", () => resolve(false));
      });
      return ok ? s : undefined;
    }

    const payloads = validSocketPayloads(() => ({ visitId, participantId }));

    it.each(Object.keys(socketMatrix) as Array<keyof typeof clientEventSchemas>)("%s", async (event) => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of principals) {
        const s = await socketFor(who);
        let code = "refused";
        if (s) {
          const ack = (await s.timeout(5_000).emitWithAck(event, payloads[event]() as never)) as
            { ok: true } | { ok: false; error: { code: string } };
          code = ack.ok ? "ok" : ack.error.code;
          s.disconnect();
        }
        expect(code, `${event} as ${who}`).not.toBe("internal");
        got[who] = DENIED_CODES.has(code) ? "deny" : "allow";
        want[who] = socketMatrix[event][who];
        if (got[who] !== want[who]) got[who] += ` (${code})`;
      }
      expect(got).toEqual(want);
    });
  });
});
