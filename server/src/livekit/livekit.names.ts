// Names shared by the server and the scribe worker; no SDK here, so anyone may import them.

/** The scribe worker's name with LiveKit: it is dispatched explicitly, never to every room. */
export const SCRIBE_AGENT_NAME = "bedside-scribe";
/** What the job listens to for "consent changed: read it again" (never any content). */
export const SCRIBE_TOPIC = "bedside.scribe";
/** The hidden scribe participant of a visit's room. */
export const scribeIdentity = (visitId: string) => `scribe-${visitId}`;
/**
 * The identity of a job that takes a visit over from a stopping worker (`tag`: the hand-over's).
 * It must differ from the job it replaces: LiveKit keeps one agent job per identity, so a newcomer
 * under the same identity kicks the old participant out (DUPLICATE_IDENTITY), and that removal
 * terminates the job now registered under the identity, the newcomer's (livekit pkg/rtc/room.go,
 * RemoveParticipant).
 */
export const handOverIdentity = (visitId: string, tag: string) => `${scribeIdentity(visitId)}.${tag}`;
/** Whether an identity is this visit's scribe, the first job's or one that took the visit over. */
export const isScribeOf = (visitId: string, identity: string) =>
  identity === scribeIdentity(visitId) || identity.startsWith(`${scribeIdentity(visitId)}.`);
