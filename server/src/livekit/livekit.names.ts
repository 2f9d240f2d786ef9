// Names shared by the server and the scribe worker; no SDK here, so anyone may import them.

/** The scribe worker's name with LiveKit: it is dispatched explicitly, never to every room. */
export const SCRIBE_AGENT_NAME = "bedside-scribe";
/** What the job listens to for "consent changed: read it again" (never any content). */
export const SCRIBE_TOPIC = "bedside.scribe";
/** The hidden scribe participant of a visit's room. */
export const scribeIdentity = (visitId: string) => `scribe-${visitId}`;
