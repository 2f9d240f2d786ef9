import type { ColumnType, Generated } from "kysely";
import type {
  AttachmentContentType,
  AuditAction,
  ClinicalNote,
  AuditActorKind,
  ChatSenderRole,
  ClinicianStatus,
  DeviceCheck,
  GuestRole,
  ParticipantRole,
  ParticipantState,
  ScribeAction,
  ScribeConsent,
  ScribeScope,
  StaffRole,
  VisitState,
} from "@bedside/shared";

import type {
  CareAnswer,
  Explanation,
  FindingDetails,
  FindingKind,
  FindingSource,
  FindingStatus,
  GlossaryEntry,
  PatientSummary,
  SegmentStatus,
  StoredEvidence,
  TranscriptSpeaker,
} from "@bedside/shared";
import type { DeliveryProblem, DeliveryStatus, MessageChannel } from "@bedside/shared";

/** The messages a visit can send (issue 28): its column here, the messaging domain's vocabulary. */
export type VisitMessageKind =
  "invitation" | "rescheduled" | "cancelled" | "reminder-24h" | "reminder-10m" | "ready";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface ClinicianTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  /** BCP 47 language the clinician speaks in visits; their track is transcribed in it. */
  speech_language: Generated<string>;
  created_at: CreatedAt;
  /** Every staff account belongs to one clinic (migration 0022). */
  clinic_id: string;
  roles: ColumnType<StaffRole[], StaffRole[] | undefined, StaffRole[]>;
  /** Set when an admin turned the account off: it signs nothing in; its visits stay attributed. */
  deactivated_at: Date | null;
}

export interface ClinicTable {
  id: Generated<string>;
  name: string;
  mfa_required: Generated<boolean>;
  created_at: CreatedAt;
}

/** Single-use secrets of setup, invitation and password-reset links (migration 0022). */
export interface AccountTokenTable {
  id: Generated<string>;
  token_hash: string;
  purpose: "setup" | "invitation" | "reset";
  clinic_id: string;
  clinician_id: string | null;
  email: string | null;
  display_name: string | null;
  roles: StaffRole[] | null;
  created_by: string | null;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not leak sessions. */
  token_hash: string;
  clinician_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  /** Names the session in the sessions list without its secret (migration 0023). */
  id: Generated<string>;
  last_used_at: ColumnType<Date, Date | undefined, Date>;
  user_agent: string | null;
}

/** One authenticator per account (migration 0023); the secret encrypted (auth/totp.ts). */
export interface TotpCredentialTable {
  clinician_id: string;
  secret_enc: string;
  confirmed_at: Date | null;
  /** The last accepted time step: a code for it or an earlier one is a replay. */
  last_step: ColumnType<string | null, string | number | null, string | number | null>;
  created_at: CreatedAt;
}

export interface RecoveryCodeTable {
  id: Generated<string>;
  clinician_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: CreatedAt;
}

/** Between a correct password and a correct code: never a session (migration 0023). */
export interface PendingSignInTable {
  token_hash: string;
  clinician_id: string;
  attempts: Generated<number>;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface VisitTable {
  id: Generated<string>;
  clinician_id: string;
  patient_display_name: string;
  preferred_language: string;
  interpreter_needed: boolean;
  scheduled_at: Date;
  state: ColumnType<VisitState, VisitState | undefined, VisitState>;
  started_at: Date | null;
  ended_at: Date | null;
  /** When retention replaced the people's names in this visit (migration 0011). */
  names_purged_at: ColumnType<Date | null, never, Date>;
  /** When the clinician cancelled the visit's summary links: no more are exchanged (migration 0021). */
  summary_links_revoked_at: ColumnType<Date | null, never, Date>;
  created_at: CreatedAt;
  /** A booked visit's length and the patient's IANA time zone (migration 0025); null before issue 28. */
  duration_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  booked_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the call's room became empty (migration 0029); null while someone is in it. */
  room_empty_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When the patient first opened a link to the visit. */
  link_opened_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The patient's contact: personal data, wiped by retention with the names. */
  patient_email: ColumnType<string | null, string | null | undefined, string | null>;
  patient_phone: ColumnType<string | null, string | null | undefined, string | null>;
  contact_consent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The address the booking was made on: messages' links when no request is behind them. */
  link_base_url: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A reminder claimed before it is sent (migration 0025): one per visit, kind and start time. */
export interface VisitReminderClaimTable {
  visit_id: string;
  kind: string;
  starts_at: Date;
  claimed_at: CreatedAt;
}

export interface VisitLinkTable {
  id: Generated<string>;
  visit_id: string;
  role: GuestRole;
  /** sha256 of the link's secret: the URL itself is shown once and never stored. */
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface ParticipantTable {
  id: Generated<string>;
  visit_id: string;
  link_id: string | null;
  role: ParticipantRole;
  display_name: string;
  token_hash: string | null;
  state: ColumnType<ParticipantState, ParticipantState | undefined, ParticipantState>;
  scribe_consent: ScribeConsent;
  scribe_consent_at: Date;
  device_check: ColumnType<DeviceCheck, string, string>;
  waiting_since: Date | null;
  admitted_at: Date | null;
  connection: ColumnType<GuestConnection, GuestConnection | undefined, GuestConnection>;
  /** When they withdrew scribe consent; their segments are no longer stored (migration 0021). */
  scribe_withdrawn_at: ColumnType<Date | null, never, Date>;
  created_at: CreatedAt;
}

export type GuestConnection = "online" | "reconnecting" | "left";

export interface ClinicianStatusTable {
  clinician_id: string;
  status: ClinicianStatus["status"];
  late_minutes: number | null;
  message: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TranscriptSegmentTable {
  id: Generated<string>;
  visit_id: string;
  participant_identity: string;
  participant_id: string | null;
  role: TranscriptSpeaker;
  /** Milliseconds from the call's start. */
  start_ms: number;
  end_ms: number;
  text: string;
  confidence: number | null;
  engine: string;
  status: SegmentStatus;
  failure_reason: string | null;
  /** Primary language subtag of the text; null for failed segments and those stored before 0007. */
  language: string | null;
  created_at: CreatedAt;
}

type Json<T> = ColumnType<T, string, string>;

export interface FindingTable {
  id: Generated<string>;
  visit_id: string;
  kind: FindingKind;
  text: string;
  term: string | null;
  details: Json<FindingDetails>;
  evidence: Json<StoredEvidence[]>;
  status: ColumnType<FindingStatus, FindingStatus | undefined, FindingStatus>;
  source: FindingSource;
  edited_by_clinician: ColumnType<boolean, boolean | undefined, boolean>;
  /** Set when words this finding cited were deleted at the speaker's request (migration 0011). */
  evidence_withdrawn_at: ColumnType<Date | null, never, Date | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface FindingsRunTable {
  visit_id: string;
  engine: string;
  fallback_reason: string | null;
  ran_at: ColumnType<Date, Date | undefined, Date>;
}

export interface VisitReleaseTable {
  visit_id: string;
  released_by: string;
  released_at: ColumnType<Date, Date | undefined, never>;
  glossary: Json<GlossaryEntry[]>;
  /** 1 at the first release, +1 at each corrected release. */
  revision: Generated<number>;
  revised_at: ColumnType<Date | null, never, Date>;
  /** The composed after-visit summary (migration 0007); null for releases made before it. */
  summary: ColumnType<PatientSummary | null, string | undefined, string>;
  /** The same summary in the other languages the patient can switch to (migration 0016). */
  summary_alternates: ColumnType<PatientSummary[] | null, string | undefined, string>;
}

export interface FindingExplanationTable {
  finding_id: string;
  visit_id: string;
  explanation: Json<Explanation>;
  /** The finding's kind and quotes as released (the finding itself may be corrected later). */
  kind: FindingKind;
  evidence: Json<StoredEvidence[]>;
  created_at: CreatedAt;
}

export interface FindingQuestionTable {
  id: Generated<string>;
  visit_id: string;
  finding_id: string;
  participant_id: string;
  text: string;
  created_at: CreatedAt;
  /** When the clinician opened the visit's questions; null while the question is new to them. */
  seen_at: ColumnType<Date | null, never, Date>;
}

export interface VisitFeedbackTable {
  id: Generated<string>;
  visit_id: string;
  participant_id: string;
  care: Json<CareAnswer[]>;
  care_score: number | null;
  comment: string | null;
  created_at: CreatedAt;
}

export interface ScribeConsentEventTable {
  id: Generated<string>;
  visit_id: string;
  actor_identity: string;
  actor_role: ParticipantRole;
  action: ScribeAction;
  scope: ScribeScope;
  created_at: CreatedAt;
}

/** Migration 0030: the scribe's presence in each running call's room (scribe.service.ts). */
export interface ScribePresenceTable {
  visit_id: string;
  status: ColumnType<"starting" | "listening", "starting" | "listening" | undefined>;
  dispatched_at: Date | null;
  dispatch_attempts: ColumnType<number, number | undefined, number>;
  next_dispatch_at: ColumnType<Date, Date | undefined, Date>;
  missing_since: Date | null;
  checked_at: ColumnType<Date, Date | undefined, Date>;
  created_at: CreatedAt;
}

export interface AuditEventTable {
  id: Generated<string>;
  visit_id: string | null;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  action: AuditAction;
  /** Ids, roles and counts only: never clinical text. */
  detail: Json<Record<string, string | number | boolean>>;
  created_at: CreatedAt;
}

export interface SummaryLinkTable {
  id: Generated<string>;
  visit_id: string;
  participant_id: string;
  /** sha256 of the summary link's secret. */
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface DeploymentTable {
  id: Generated<string>;
  singleton: Generated<boolean>;
}

/** The clinical note of a visit (migration 0014): the draft, the clinician's edits, the signature. */
export interface VisitNoteTable {
  visit_id: string;
  note: Json<ClinicalNote>;
  engine: string;
  fallback_reason: string | null;
  edited: Generated<boolean>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  signed_by: string | null;
  signed_at: Date | null;
}

/** A short message from the clinic to the people waiting in a visit (issue 27). */
/** A photo or document from the patient (migration 0028): the server's re-encoded or checked bytes. */
export interface VisitAttachmentTable {
  id: Generated<string>;
  visit_id: string;
  sender_participant_id: string;
  sender_role: GuestRole;
  content_type: AttachmentContentType;
  size_bytes: number;
  width: number | null;
  height: number | null;
  bytes: Buffer;
  created_at: CreatedAt;
}

export interface WaitingMessageTable {
  id: Generated<string>;
  visit_id: string;
  /** The staff account that wrote it. */
  sender_id: string;
  body: string;
  created_at: CreatedAt;
}

/** One invitation or reminder on one channel, and what became of it (issue 28, migration 0026). */
export interface VisitMessageTable {
  id: Generated<string>;
  visit_id: string;
  kind: VisitMessageKind;
  channel: MessageChannel;
  /** The email address or E.164 number; null once retention cleared it. */
  destination: string | null;
  /** "smtp", "outbox" or "twilio"; null when nothing was handed to a provider. */
  provider: string | null;
  provider_message_id: string | null;
  status: DeliveryStatus;
  problem: DeliveryProblem | null;
  /** The provider's words for staff; cleared by retention with the destination. */
  error: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** One message in a visit's chat (issue 30, migration 0027). */
export interface VisitChatMessageTable {
  id: Generated<string>;
  visit_id: string;
  sender_role: ChatSenderRole;
  /** The participant's id (patient, interpreter) or the staff account's. */
  sender_id: string;
  /** As shown when it was sent; retention replaces it with the role with the other names. */
  sender_name: string;
  body: string;
  created_at: CreatedAt;
}

/** A number's replies: STOP keeps it from every later text until it replies START (migration 0026). */
export interface SmsOptOutTable {
  phone: string;
  opted_out_at: Date | null;
  opted_in_at: Date | null;
  last_keyword: string | null;
  last_reply_at: ColumnType<Date, Date | undefined, Date>;
}

export interface DatabaseSchema {
  visit_reminder_claims: VisitReminderClaimTable;
  waiting_messages: WaitingMessageTable;
  visit_attachments: VisitAttachmentTable;
  account_tokens: AccountTokenTable;
  clinics: ClinicTable;
  visit_notes: VisitNoteTable;
  deployment: DeploymentTable;
  audit_events: AuditEventTable;
  summary_links: SummaryLinkTable;
  scribe_consent_events: ScribeConsentEventTable;
  scribe_presence: ScribePresenceTable;
  clinician_status: ClinicianStatusTable;
  clinicians: ClinicianTable;
  sessions: SessionTable;
  totp_credentials: TotpCredentialTable;
  recovery_codes: RecoveryCodeTable;
  pending_sign_ins: PendingSignInTable;
  visits: VisitTable;
  visit_links: VisitLinkTable;
  participants: ParticipantTable;
  transcript_segments: TranscriptSegmentTable;
  findings: FindingTable;
  findings_runs: FindingsRunTable;
  visit_releases: VisitReleaseTable;
  finding_explanations: FindingExplanationTable;
  finding_questions: FindingQuestionTable;
  visit_feedback: VisitFeedbackTable;
  visit_messages: VisitMessageTable;
  sms_opt_outs: SmsOptOutTable;
  visit_chat_messages: VisitChatMessageTable;
}
