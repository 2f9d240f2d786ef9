// The HTTP API's one contract (issue 26): per route its method, path, parameters, query, body, success
// answer and who may call it. The server registers its routes from these entries (the route cannot
// exist without one), validates what they say on the way in, describes them at /api/openapi.json,
// and the authorization matrix and the fuzz read them; the client calls routes through them.
import { z } from "zod";
import {
  acceptInvitationSchema,
  changePasswordSchema,
  invitationInfoSchema,
  invitationSentSchema,
  inviteRequestSchema,
  passwordResetResponseSchema,
  peopleSchema,
  resetCompleteSchema,
  resetRequestSchema,
  setRolesRequestSchema,
  setupCheckResponseSchema,
  setupRequestSchema,
  tokenRequestSchema,
} from "./accounts.js";
import { okResponseSchema } from "./ack.js";
import { attachmentListSchema, attachmentSchema } from "./attachment.js";
import { auditTrailSchema, summaryLinkSchema } from "./audit.js";
import {
  clinicianResponseSchema,
  clinicianSettingsSchema,
  sessionResponseSchema,
  signInRequestSchema,
} from "./auth.js";
import { chatHistorySchema } from "./chat.js";
import {
  addFindingRequestSchema,
  afterVisitSummarySchema,
  clinicInfoSchema,
  askQuestionRequestSchema,
  editFindingRequestSchema,
  extractFindingsResponseSchema,
  feedbackAggregateSchema,
  feedbackSubmittedSchema,
  patientQuestionsSchema,
  questionAskedSchema,
  releaseResponseSchema,
  reviewFindingSchema,
  setFindingStatusRequestSchema,
  submitFeedbackRequestSchema,
  summaryPreviewSchema,
  visitReviewSchema,
} from "./findings.js";
import { healthResponseSchema } from "./health.js";
import { presenceInsightsSchema } from "./insights.js";
import { visitDeliveriesSchema } from "./messaging.js";
import {
  clinicSecuritySchema,
  mfaConfirmRequestSchema,
  mfaDisableRequestSchema,
  mfaEnrolmentSchema,
  mfaStatusSchema,
  recoveryCodesSchema,
  sessionListSchema,
  sessionsEndedSchema,
  signInCodeRequestSchema,
  signInResponseSchema,
} from "./mfa.js";
import { saveNoteRequestSchema, visitNoteSchema } from "./note.js";
import {
  bookVisitRequestSchema,
  bookVisitResponseSchema,
  rescheduleVisitRequestSchema,
  resendLinkResponseSchema,
  scheduledVisitSchema,
  scheduleQuerySchema,
  scheduleSchema,
} from "./schedule.js";
import {
  checkInRequestSchema,
  checkInResponseSchema,
  createVisitRequestSchema,
  guestRoleSchema,
  joinInfoSchema,
  staffMemberSchema,
  visitLinkSchema,
  visitWithLinksSchema,
} from "./visit.js";

/**
 * Who may call a route; each names one guard of the server's (server/src/access/access.guards.ts).
 * - `public`: anyone (the body decides: a sign-in, a link's secret).
 * - `signed`: a provider's webhook (LiveKit, Twilio) whose signature the handler checks over the exact bytes.
 * - `session`: any current staff session, one held until two-factor is set up included.
 * - `staff`: any signed-in staff member who may act.
 * - `clinician`: a clinician (the route then admits only their own visits).
 * - `booking`: a clinician or the clinic's front desk.
 * - `admin`: the clinic's admin.
 * - `clinicDesk`: the front desk or the admin (the whole clinic's day).
 * - `clinicStaff`: a clinician, the front desk or the admin.
 * - `guest`: a patient or interpreter by their check-in token (Authorization: Bearer).
 * - `checkedIn`: a guest's check-in token of an ended visit, exchanged by the handler for a summary link.
 * - `reader`: the patient behind an after-visit summary link (Authorization: Bearer).
 */
export const routeAccessValues = [
  "public",
  "signed",
  "session",
  "staff",
  "clinician",
  "booking",
  "admin",
  "clinicDesk",
  "clinicStaff",
  "guest",
  "checkedIn",
  "reader",
] as const;
export type RouteAccess = (typeof routeAccessValues)[number];

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteContract {
  method: HttpMethod;
  /** Fastify's pattern: `:name` for a parameter. */
  path: string;
  summary: string;
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body, validated before the handler runs (absent: the route reads no JSON body). */
  body?: z.ZodType;
  /** The success status (200 when absent). */
  status?: number;
  /** The success answer (absent: no body, as for a 204). */
  response?: z.ZodType;
  /** The answer's media type when it is not JSON (the response schema then only describes it). */
  contentType?: string;
  /** A multipart/form-data upload of one file, in the field named here. */
  upload?: string;
}

/** An empty body: absent, `null` or `{}` (what the client sends on a POST that needs nothing). */
export const noBodySchema = z.union([z.undefined(), z.null(), z.strictObject({})]);

const visitParams = z.object({ visitId: z.uuid() });
const findingParams = visitParams.extend({ findingId: z.uuid() });
const linkParams = visitParams.extend({ role: guestRoleSchema });
const fileParams = visitParams.extend({ attachmentId: z.uuid() });
const personParams = z.object({ userId: z.uuid() });
// Shape only: a malformed secret is answered like an unknown one.
const joinParams = z.object({ secret: z.string().max(128) });
/** A clinician's id, or "me" for the signed-in clinician's own day. */
const clinicianParams = z.strictObject({ clinicianId: z.union([z.uuid(), z.literal("me")]) });

/** Each entry keeps its name (the key), so a registered route can say which entry it came from. */
function defineRoutes<T extends Record<string, RouteContract>>(
  routes: T,
): { [K in keyof T]: T[K] & { name: K } } {
  return Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, { ...r, name }])) as {
    [K in keyof T]: T[K] & { name: K };
  };
}

export const contract = defineRoutes({
  // Health and operations.
  livez: {
    method: "GET",
    path: "/livez",
    summary: "Liveness: the process answers",
    access: "public",
    response: z.object({ status: z.literal("ok") }),
  },
  readyz: {
    method: "GET",
    path: "/readyz",
    summary: "Readiness: database and LiveKit answer, and the instance is not shutting down",
    access: "public",
    response: healthResponseSchema,
  },
  healthz: {
    method: "GET",
    path: "/healthz",
    summary: "Readiness (the older name of /readyz)",
    access: "public",
    response: healthResponseSchema,
  },
  metrics: {
    method: "GET",
    path: "/metrics",
    summary: "Prometheus metrics (METRICS_TOKEN as a bearer token; without one, loopback only)",
    access: "public",
    response: z.string(),
    contentType: "text/plain",
  },
  clinicInfo: {
    method: "GET",
    path: "/api/clinic",
    summary: "What a patient's pages show before anyone signs in: the number to dial in an emergency",
    access: "public",
    response: clinicInfoSchema,
  },
  openapi: {
    method: "GET",
    path: "/api/openapi.json",
    summary: "This document (development only)",
    access: "public",
    response: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
  },

  // Signing in (auth/auth.routes.ts) and two-factor (auth/mfa.routes.ts).
  signIn: {
    method: "POST",
    path: "/api/auth/sign-in",
    summary: "Sign in: a session (cookie), or with two-factor on a pending sign-in waiting for its code",
    access: "public",
    body: signInRequestSchema,
    response: signInResponseSchema,
  },
  signOut: {
    method: "POST",
    path: "/api/auth/sign-out",
    summary: "Sign out",
    access: "public",
    response: okResponseSchema,
  },
  me: {
    method: "GET",
    path: "/api/auth/me",
    summary: "The signed-in staff member, and whether they must set up two-factor first",
    access: "session",
    response: sessionResponseSchema,
  },
  updateMe: {
    method: "PATCH",
    path: "/api/auth/me",
    summary: "Change one's own settings",
    access: "staff",
    body: clinicianSettingsSchema,
    response: clinicianResponseSchema,
  },
  signInCode: {
    method: "POST",
    path: "/api/auth/sign-in/code",
    summary: "Sign-in's second step: the pending token and a code or recovery code (sets the session)",
    access: "public",
    body: signInCodeRequestSchema,
    response: sessionResponseSchema,
  },
  mfaStatus: {
    method: "GET",
    path: "/api/auth/mfa",
    summary: "Two-factor sign-in: on, required, recovery codes left",
    access: "session",
    response: mfaStatusSchema,
  },
  mfaEnrol: {
    method: "POST",
    path: "/api/auth/mfa/enrol",
    summary: "Start setting up two-factor: the secret and its otpauth URI, shown once",
    access: "session",
    response: mfaEnrolmentSchema,
  },
  mfaConfirm: {
    method: "POST",
    path: "/api/auth/mfa/confirm",
    summary: "Confirm with a first code: two-factor is on; the ten recovery codes, shown once",
    access: "session",
    body: mfaConfirmRequestSchema,
    response: recoveryCodesSchema,
  },
  mfaDisable: {
    method: "POST",
    path: "/api/auth/mfa/disable",
    summary: "Turn two-factor off with the password and a code (refused while required)",
    access: "staff",
    body: mfaDisableRequestSchema,
    response: mfaStatusSchema,
  },
  sessions: {
    method: "GET",
    path: "/api/auth/sessions",
    summary: "Where the account is signed in (this session marked)",
    access: "staff",
    response: sessionListSchema,
  },
  endSession: {
    method: "DELETE",
    path: "/api/auth/sessions/:sessionId",
    summary: "End one of one's sessions (its sockets disconnect)",
    access: "staff",
    params: z.object({ sessionId: z.uuid() }),
    response: okResponseSchema,
  },
  signOutEverywhere: {
    method: "POST",
    path: "/api/auth/sessions/sign-out-everywhere",
    summary: "End every session of the account, this one too (audited)",
    access: "staff",
    response: sessionsEndedSchema,
  },
  clinicSecurity: {
    method: "GET",
    path: "/api/admin/clinic/security",
    summary: "Whether the clinic requires two-factor of everyone (admin)",
    access: "admin",
    response: clinicSecuritySchema,
  },
  setClinicSecurity: {
    method: "PUT",
    path: "/api/admin/clinic/security",
    summary: "Require two-factor of everyone in the clinic, or not (admin; audited)",
    access: "admin",
    body: clinicSecuritySchema,
    response: clinicSecuritySchema,
  },
  resetPersonMfa: {
    method: "POST",
    path: "/api/admin/people/:userId/mfa/reset",
    summary: "Reset a person's two-factor; their sessions and sockets end (admin; audited)",
    access: "admin",
    params: personParams,
    response: okResponseSchema,
  },

  // Accounts (auth/accounts.routes.ts). Link secrets travel in bodies.
  setupCheck: {
    method: "POST",
    path: "/api/accounts/setup/check",
    summary: "Whether a first-admin setup link can still be used",
    access: "public",
    body: tokenRequestSchema,
    response: setupCheckResponseSchema,
  },
  setup: {
    method: "POST",
    path: "/api/accounts/setup",
    summary: "Create the clinic's first admin with the setup link (signs them in)",
    access: "public",
    body: setupRequestSchema,
    status: 201,
    response: okResponseSchema,
  },
  invitation: {
    method: "POST",
    path: "/api/accounts/invitation",
    summary: "What an invitation link is for",
    access: "public",
    body: tokenRequestSchema,
    response: invitationInfoSchema,
  },
  acceptInvitation: {
    method: "POST",
    path: "/api/accounts/invitation/accept",
    summary: "Accept an invitation: name and password (signs them in)",
    access: "public",
    body: acceptInvitationSchema,
    status: 201,
    response: okResponseSchema,
  },
  passwordReset: {
    method: "POST",
    path: "/api/auth/password-reset",
    summary: "Mail a password reset link (the same answer for every email)",
    access: "public",
    body: resetRequestSchema,
    status: 202,
    response: passwordResetResponseSchema,
  },
  completePasswordReset: {
    method: "POST",
    path: "/api/auth/password-reset/complete",
    summary: "Set a new password with a reset link; every session of the account ends",
    access: "public",
    body: resetCompleteSchema,
    response: okResponseSchema,
  },
  changePassword: {
    method: "POST",
    path: "/api/auth/password",
    summary: "Change one's own password (needs the current one); other sessions end",
    access: "staff",
    body: changePasswordSchema,
    response: okResponseSchema,
  },
  people: {
    method: "GET",
    path: "/api/admin/people",
    summary: "The clinic's people and pending invitations (admin)",
    access: "admin",
    response: peopleSchema,
  },
  invite: {
    method: "POST",
    path: "/api/admin/invitations",
    summary: "Invite someone by email with roles (admin)",
    access: "admin",
    body: inviteRequestSchema,
    status: 201,
    response: invitationSentSchema,
  },
  revokeInvitation: {
    method: "DELETE",
    path: "/api/admin/invitations/:invitationId",
    summary: "Cancel an invitation (admin)",
    access: "admin",
    params: z.object({ invitationId: z.uuid() }),
    status: 204,
  },
  setRoles: {
    method: "PUT",
    path: "/api/admin/people/:userId/roles",
    summary: "Set a person's roles (admin; the last admin keeps the role)",
    access: "admin",
    params: personParams,
    body: setRolesRequestSchema,
    response: okResponseSchema,
  },
  deactivate: {
    method: "POST",
    path: "/api/admin/people/:userId/deactivate",
    summary: "Deactivate a person: their sessions and sockets end (admin)",
    access: "admin",
    params: personParams,
    body: noBodySchema,
    response: okResponseSchema,
  },
  reactivate: {
    method: "POST",
    path: "/api/admin/people/:userId/reactivate",
    summary: "Reactivate a person (admin)",
    access: "admin",
    params: personParams,
    body: noBodySchema,
    response: okResponseSchema,
  },

  // Visits and their links (visits/visit.routes.ts).
  createVisit: {
    method: "POST",
    path: "/api/visits",
    summary: "Create a visit and get its links (a clinician's own; the front desk names the clinician)",
    access: "booking",
    body: createVisitRequestSchema,
    status: 201,
    response: visitWithLinksSchema,
  },
  colleagues: {
    method: "GET",
    path: "/api/colleagues",
    summary: "The clinic's clinicians (to transfer a visit to, or book one for)",
    access: "booking",
    response: z.object({ colleagues: z.array(staffMemberSchema) }),
  },
  reissueLink: {
    method: "POST",
    path: "/api/visits/:visitId/links/:role",
    summary: "Send a new visit link (the old one stops working)",
    access: "booking",
    params: linkParams,
    status: 201,
    response: visitLinkSchema,
  },
  revokeLink: {
    method: "DELETE",
    path: "/api/visits/:visitId/links/:role",
    summary: "Cancel a visit link",
    access: "booking",
    params: linkParams,
    status: 204,
  },
  issueSummaryLink: {
    method: "POST",
    path: "/api/visits/:visitId/summary-link",
    summary: "Issue the patient's after-visit summary link",
    access: "clinician",
    params: visitParams,
    body: noBodySchema,
    status: 201,
    response: summaryLinkSchema,
  },
  revokeSummaryLinks: {
    method: "DELETE",
    path: "/api/visits/:visitId/summary-link",
    summary: "Cancel every summary link",
    access: "clinician",
    params: visitParams,
    status: 204,
  },
  summaryLinkForPatient: {
    method: "POST",
    path: "/api/after-visit/link",
    summary: "Exchange the check-in token for the summary link (once the visit has ended)",
    access: "checkedIn",
    body: noBodySchema,
    status: 201,
    response: summaryLinkSchema,
  },
  joinInfo: {
    method: "GET",
    path: "/api/join/:secret",
    summary: "What a visit link opens",
    access: "public",
    params: joinParams,
    response: joinInfoSchema,
  },
  checkIn: {
    method: "POST",
    path: "/api/join/:secret/check-in",
    summary: "Check in to the waiting room",
    access: "public",
    params: joinParams,
    body: checkInRequestSchema,
    status: 201,
    response: checkInResponseSchema,
  },

  // Review, findings, the patient's summary (findings/findings.routes.ts).
  review: {
    method: "GET",
    path: "/api/visits/:visitId/review",
    summary: "Transcript and findings to review",
    access: "clinician",
    params: visitParams,
    response: visitReviewSchema,
  },
  extractFindings: {
    method: "POST",
    path: "/api/visits/:visitId/findings/extract",
    summary: "Extract findings from the transcript (after the visit ended)",
    access: "clinician",
    params: visitParams,
    body: noBodySchema,
    response: extractFindingsResponseSchema,
  },
  addFinding: {
    method: "POST",
    path: "/api/visits/:visitId/findings",
    summary: "Add a finding by hand",
    access: "clinician",
    params: visitParams,
    body: addFindingRequestSchema,
    status: 201,
    response: reviewFindingSchema,
  },
  editFinding: {
    method: "PATCH",
    path: "/api/visits/:visitId/findings/:findingId",
    summary: "Edit a finding",
    access: "clinician",
    params: findingParams,
    body: editFindingRequestSchema,
    response: reviewFindingSchema,
  },
  setFindingStatus: {
    method: "PUT",
    path: "/api/visits/:visitId/findings/:findingId/status",
    summary: "Approve, remove or return a finding to draft",
    access: "clinician",
    params: findingParams,
    body: setFindingStatusRequestSchema,
    response: reviewFindingSchema,
  },
  preview: {
    method: "GET",
    path: "/api/visits/:visitId/preview",
    summary: "The patient's summary as it would be released now",
    access: "clinician",
    params: visitParams,
    response: summaryPreviewSchema,
  },
  release: {
    method: "POST",
    path: "/api/visits/:visitId/release",
    summary: "Release the approved findings to the patient",
    access: "clinician",
    params: visitParams,
    body: noBodySchema,
    response: releaseResponseSchema,
  },
  questions: {
    method: "GET",
    path: "/api/visits/:visitId/questions",
    summary: "The patient's questions",
    access: "clinician",
    params: visitParams,
    response: patientQuestionsSchema,
  },
  questionsSeen: {
    method: "PUT",
    path: "/api/visits/:visitId/questions/seen",
    summary: "Mark the questions seen",
    access: "clinician",
    params: visitParams,
    status: 204,
  },
  feedbackSummary: {
    method: "GET",
    path: "/api/feedback/summary",
    summary: "CARE feedback across the clinician's visits",
    access: "clinician",
    response: feedbackAggregateSchema,
  },
  afterVisit: {
    method: "GET",
    path: "/api/after-visit",
    summary: "The patient's after-visit summary",
    access: "reader",
    response: afterVisitSummarySchema,
  },
  askQuestion: {
    method: "POST",
    path: "/api/after-visit/questions",
    summary: "Ask the clinician a question",
    access: "reader",
    body: askQuestionRequestSchema,
    status: 201,
    response: questionAskedSchema,
  },
  submitFeedback: {
    method: "POST",
    path: "/api/after-visit/feedback",
    summary: "Rate the visit (CARE measure)",
    access: "reader",
    body: submitFeedbackRequestSchema,
    status: 201,
    response: feedbackSubmittedSchema,
  },

  // The note and its export (notes/notes.routes.ts).
  note: {
    method: "GET",
    path: "/api/visits/:visitId/note",
    summary: "The clinical note: stored, or a fresh draft from the approved findings",
    access: "clinician",
    params: visitParams,
    response: visitNoteSchema,
  },
  saveNote: {
    method: "PUT",
    path: "/api/visits/:visitId/note",
    summary: "Save the clinician's edits to the unsigned note",
    access: "clinician",
    params: visitParams,
    body: saveNoteRequestSchema,
    response: visitNoteSchema,
  },
  redraftNote: {
    method: "POST",
    path: "/api/visits/:visitId/note/draft",
    summary: "Draft the note again from the approved findings (unsigned notes only)",
    access: "clinician",
    params: visitParams,
    body: noBodySchema,
    response: visitNoteSchema,
  },
  signNote: {
    method: "POST",
    path: "/api/visits/:visitId/note/sign",
    summary: "Sign the note as sent (then read-only)",
    access: "clinician",
    params: visitParams,
    body: saveNoteRequestSchema,
    response: visitNoteSchema,
  },
  fhir: {
    method: "GET",
    path: "/api/visits/:visitId/fhir",
    summary: "The signed visit as a FHIR R4 Bundle (type collection)",
    access: "clinician",
    params: visitParams,
    response: z.looseObject({ resourceType: z.literal("Bundle") }),
    contentType: "application/fhir+json",
  },

  // The visit's other records.
  insights: {
    method: "GET",
    path: "/api/visits/:visitId/insights",
    summary: "Presence insights (talk time, interruptions), once the visit has ended",
    access: "clinician",
    params: visitParams,
    response: presenceInsightsSchema,
  },
  chat: {
    method: "GET",
    path: "/api/visits/:visitId/chat",
    summary: "The visit's chat, for its clinician (audited)",
    access: "clinician",
    params: visitParams,
    response: chatHistorySchema,
  },
  auditTrail: {
    method: "GET",
    path: "/api/visits/:visitId/audit",
    summary: "The visit's audit trail",
    access: "clinician",
    params: visitParams,
    response: auditTrailSchema,
  },
  attachments: {
    method: "GET",
    path: "/api/visits/:visitId/attachments",
    summary: "The patient's photos and documents, for the visit's clinician",
    access: "clinician",
    params: visitParams,
    response: attachmentListSchema,
  },
  attachment: {
    method: "GET",
    path: "/api/visits/:visitId/attachments/:attachmentId",
    summary: "One photo (re-encoded, no metadata) or document, as sent; each read audited",
    access: "clinician",
    params: fileParams,
    response: z.string().meta({ format: "binary" }),
    contentType: "application/octet-stream",
  },
  sendAttachment: {
    method: "POST",
    path: "/api/guest/attachments",
    summary: "The patient sends a photo or document (JPEG, PNG, HEIC or PDF; 10 MB at most)",
    access: "guest",
    upload: "file",
    status: 201,
    response: attachmentSchema,
  },

  // Booked visits and the day's schedule (schedule/schedule.routes.ts).
  book: {
    method: "POST",
    path: "/api/schedule/visits",
    summary: "Book a visit for a time, with the patient's contact and consent (invites them)",
    access: "booking",
    body: bookVisitRequestSchema,
    status: 201,
    response: bookVisitResponseSchema,
  },
  reschedule: {
    method: "POST",
    path: "/api/schedule/visits/:visitId/reschedule",
    summary: "Move a booked visit (the patient is told; reminders follow the new time)",
    access: "booking",
    params: visitParams,
    body: rescheduleVisitRequestSchema,
    response: scheduledVisitSchema,
  },
  cancelBooking: {
    method: "POST",
    path: "/api/schedule/visits/:visitId/cancel",
    summary: "Cancel a booked visit (the patient is told; its link says so)",
    access: "booking",
    params: visitParams,
    body: noBodySchema,
    response: scheduledVisitSchema,
  },
  resendLink: {
    method: "POST",
    path: "/api/schedule/visits/:visitId/resend",
    summary: "Send the patient a new link now",
    access: "booking",
    params: visitParams,
    body: noBodySchema,
    response: resendLinkResponseSchema,
  },
  ready: {
    method: "POST",
    path: "/api/schedule/visits/:visitId/ready",
    summary: "Tell a patient who is not connected that the clinician is ready",
    access: "booking",
    params: visitParams,
    body: noBodySchema,
    status: 202,
  },
  clinicSchedule: {
    method: "GET",
    path: "/api/schedule",
    summary: "The clinic's booked visits of a day",
    access: "clinicDesk",
    query: scheduleQuerySchema,
    response: scheduleSchema,
  },
  clinicianSchedule: {
    method: "GET",
    path: "/api/schedule/clinicians/:clinicianId",
    summary: "One clinician's booked visits of a day (`me`: one's own)",
    access: "clinicStaff",
    params: clinicianParams,
    query: scheduleQuerySchema,
    response: scheduleSchema,
  },

  // Messages sent to patients, and the providers' webhooks.
  deliveries: {
    method: "GET",
    path: "/api/visits/:visitId/messages",
    summary: "What was sent to the visit's patient (email, text) and how each delivery went",
    access: "booking",
    params: visitParams,
    response: visitDeliveriesSchema,
  },
  twilioStatus: {
    method: "POST",
    path: "/api/messaging/twilio/status",
    summary: "Twilio's delivery status callback (form fields, signed by Twilio)",
    access: "signed",
    status: 204,
  },
  twilioInbound: {
    method: "POST",
    path: "/api/messaging/twilio/inbound",
    summary:
      "A reply to the clinic's texts: STOP, START, HELP, AYUDA… (form fields, signed by Twilio); TwiML back",
    access: "signed",
    response: z.string(),
    contentType: "text/xml",
  },
  livekitWebhook: {
    method: "POST",
    path: "/api/livekit/webhook",
    summary: "LiveKit room events (signed by LiveKit)",
    access: "signed",
    response: okResponseSchema,
  },
});

export type Contract = typeof contract;
export type RouteName = keyof Contract;
