// Names that must agree across the server: socket.io rooms and LiveKit identities. Defined once
// here so that, for example, the scribe never looks for a clinician under a different identity
// than the one their call token carries.

export const rooms = {
  /** Every connection of one clinician: their queue and their own status. */
  clinician: (clinicianId: string) => `clinician:${clinicianId}`,
  /** Every front-desk connection of one clinic: the clinic's whole waiting room. */
  desk: (clinicId: string) => `desk:${clinicId}`,
  /** Every guest of one clinician, waiting or in a call: they see the clinician's status. */
  guestsOf: (clinicianId: string) => `guests-of:${clinicianId}`,
  /** Every connection of one guest (a reload or a second tab is the same person). */
  participant: (participantId: string) => `participant:${participantId}`,
  /** Everyone connected to a visit, waiting or in the call: told when it ends. */
  visit: (visitId: string) => `visit:${visitId}`,
  /** Only the people in the call (admitted guests, the clinician): they see who else is in it. */
  call: (visitId: string) => `call:${visitId}`,
  /**
   * The visit's chat: its waiting patient, the people in the call and the clinic's staff who opened
   * it, each let in by `chat:watch` after an access check.
   */
  chat: (visitId: string) => `chat:${visitId}`,
  /**
   * Every connection of one staff account, whatever session it opened with: deactivation, a
   * password reset or a role change ends them all, on every instance.
   */
  staff: (userId: string) => `staff:${userId}`,
  /** Every connection opened with one secret (a session or a participant token, by its hash). */
  credential: (tokenHash: string) => `credential:${tokenHash}`,
  /** Every connection of the guests who checked in with one visit link. */
  link: (linkId: string) => `link:${linkId}`,
};

/** The clinician's LiveKit identity in every call (and the scribe's speaker key for their voice). */
export const clinicianIdentity = (clinicianId: string) => `clinician-${clinicianId}`;
