import type { ColumnType, Generated } from "kysely";
import type { ParticipantRole, VisitState } from "@bedside/shared";

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
  created_at: CreatedAt;
}

export type ParticipantState = "invited" | "waiting" | "admitted" | "left";

export interface ParticipantTable {
  id: Generated<string>;
  visit_id: string;
  role: ParticipantRole;
  display_name: string;
  state: ColumnType<ParticipantState, ParticipantState | undefined, ParticipantState>;
  waiting_since: Date | null;
  created_at: CreatedAt;
}

export interface DatabaseSchema {
  clinicians: ClinicianTable;
  sessions: SessionTable;
  visits: VisitTable;
  participants: ParticipantTable;
}
