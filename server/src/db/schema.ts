import type { ColumnType, Generated } from "kysely";
import type {
  DeviceCheck,
  GuestRole,
  ParticipantRole,
  ParticipantState,
  ScribeConsent,
  VisitState,
} from "@bedside/shared";

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface ClinicianTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not leak sessions. */
  token_hash: string;
  clinician_id: string;
  created_at: CreatedAt;
  expires_at: Date;
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
  created_at: CreatedAt;
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
  created_at: CreatedAt;
}

export interface DatabaseSchema {
  clinicians: ClinicianTable;
  sessions: SessionTable;
  visits: VisitTable;
  visit_links: VisitLinkTable;
  participants: ParticipantTable;
}
