import { z } from "zod";
import type { ParticipantRole } from "./visit.js";

/**
 * Consent changes during a call. `self` is the actor's own voice; `everyone` is the clinician's
 * pause for the whole visit. Withdrawing is for one's own voice and lasts for the rest of the visit.
 */
export const scribeScopes = ["self", "everyone"] as const;
export const scribeScopeSchema = z.enum(scribeScopes);
export type ScribeScope = z.infer<typeof scribeScopeSchema>;

export const scribeActions = ["pause", "resume", "withdraw"] as const;
export type ScribeAction = (typeof scribeActions)[number];

/** What the scribe does with one person's voice right now. */
export type ScribeListenState = "listening" | "paused" | "off";

/**
 * Why it is not listening: `refused` at check-in, `withdrawn` in the call, paused by the person
 * (`paused-self`) or by the clinician for everyone (`paused-everyone`), or the scribe is not
 * running for this visit (`not-running`).
 */
export type ScribeOffReason = "refused" | "withdrawn" | "paused-self" | "paused-everyone" | "not-running";

export interface ScribeActor {
  identity: string;
  role: ParticipantRole;
  name: string;
}

export interface ScribeParticipantState {
  /** The LiveKit identity: a guest's participant id, or `clinician-<id>`. */
  identity: string;
  role: ParticipantRole;
  name: string;
  state: ScribeListenState;
  reason?: ScribeOffReason;
  /** Who paused this voice, with `paused-self` or `paused-everyone`. */
  pausedBy?: ScribeActor;
}

/** The indicator everyone in the call sees; sent as `scribe:changed` on every change. */
export interface ScribeState {
  visitId: string;
  /** Whether the scribe agent is in the room (it is hidden from the participant list). */
  agent: "listening" | "starting" | "off";
  pausedForEveryone: ScribeActor | null;
  participants: ScribeParticipantState[];
}

const visitId = z.uuid().optional();
/** Payloads of the scribe commands; guests' visit is their own, clinicians name it. */
export const scribeEventSchemas = {
  "scribe:watch": z.object({ visitId }).strict(),
  "scribe:pause": z.object({ scope: scribeScopeSchema, visitId }).strict(),
  "scribe:resume": z.object({ scope: scribeScopeSchema, visitId }).strict(),
  /**
   * `deleteMine`: also "delete what the AI helper wrote down of me" (patient or interpreter):
   * their stored segments are deleted and findings that cited them flagged for the clinician.
   */
  "scribe:withdraw": z.object({ visitId, deleteMine: z.boolean().optional() }).strict(),
} as const;
