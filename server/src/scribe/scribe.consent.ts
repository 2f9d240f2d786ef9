import type { ScribeActor, ScribeParticipantState, ScribeState } from "@bedside/shared";
import { clinicianIdentity } from "../socket/socket.names.js";
import type { ConsentEvent, ScribeRoster } from "./scribe.repository.js";

/** One voice the scribe may hear: identity, attribution and whether consent allows it now. */
export interface Speaker {
  identity: string;
  participantId: string | null;
  role: ScribeParticipantState["role"];
  name: string;
  /** BCP 47 languages this voice is transcribed in, most likely first. */
  languages: [string, ...string[]];
  consent: Omit<ScribeParticipantState, "identity" | "role" | "name">;
}

/**
 * The patient speaks the visit's preferred language; the interpreter speaks it and English
 * (the engine tells which per utterance).
 */
function languagesOf(role: Speaker["role"], roster: ScribeRoster): [string, ...string[]] {
  const visit = roster.preferredLanguage;
  if (role !== "interpreter" || visit.toLowerCase().startsWith("en")) return [visit];
  return [visit, "en"];
}

/**
 * The consent state of every voice in a visit: the check-in choice (the clinician, who has no
 * check-in, is taken as consenting unless they pause), folded with the call's consent events in
 * time order. Pure, so the agent and the indicator cannot disagree.
 */
export function foldConsent(
  roster: ScribeRoster,
  events: ConsentEvent[],
): { speakers: Map<string, Speaker>; pausedForEveryone: ScribeActor | null } {
  const speakers = new Map<string, Speaker>();
  const clinician = clinicianIdentity(roster.clinicianId);
  speakers.set(clinician, {
    identity: clinician,
    participantId: null,
    role: "clinician",
    name: roster.clinicianName,
    languages: [roster.clinicianLanguage],
    consent: { state: "listening" },
  });
  for (const g of roster.guests) {
    speakers.set(g.id, {
      identity: g.id,
      participantId: g.id,
      role: g.role,
      name: g.displayName,
      languages: languagesOf(g.role, roster),
      consent: g.scribeConsent === "granted" ? { state: "listening" } : { state: "off", reason: "refused" },
    });
  }
  const actorOf = (e: ConsentEvent): ScribeActor => ({
    identity: e.actorIdentity,
    role: e.actorRole,
    name: speakers.get(e.actorIdentity)?.name ?? e.actorRole,
  });

  const selfPaused = new Map<string, ScribeActor>();
  const withdrawn = new Set<string>();
  let everyone: ScribeActor | null = null;
  for (const e of events) {
    if (e.scope === "everyone") {
      everyone = e.action === "pause" ? actorOf(e) : e.action === "resume" ? null : everyone;
      continue;
    }
    switch (e.action) {
      case "pause":
        selfPaused.set(e.actorIdentity, actorOf(e));
        break;
      case "resume":
        selfPaused.delete(e.actorIdentity);
        break;
      case "withdraw":
        withdrawn.add(e.actorIdentity);
        break;
    }
  }

  for (const s of speakers.values()) {
    if (s.consent.state === "off") continue;
    if (withdrawn.has(s.identity)) s.consent = { state: "off", reason: "withdrawn" };
    else if (selfPaused.has(s.identity))
      s.consent = { state: "paused", reason: "paused-self", pausedBy: selfPaused.get(s.identity)! };
    else if (everyone) s.consent = { state: "paused", reason: "paused-everyone", pausedBy: everyone };
  }
  return { speakers, pausedForEveryone: everyone };
}

/** The indicator: consent state, overlaid with whether the agent is actually in the room. */
export function indicatorState(
  visitId: string,
  folded: ReturnType<typeof foldConsent>,
  agent: ScribeState["agent"],
): ScribeState {
  return {
    visitId,
    agent,
    pausedForEveryone: folded.pausedForEveryone,
    participants: [...folded.speakers.values()].map((s) => ({
      identity: s.identity,
      role: s.role,
      name: s.name,
      ...(s.consent.state === "listening" && agent === "off"
        ? { state: "off" as const, reason: "not-running" as const }
        : s.consent),
    })),
  };
}
