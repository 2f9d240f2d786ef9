import type { ParticipantRole } from "@bedside/shared";
import { AccessToken, TrackSource, type VideoGrant } from "livekit-server-sdk";
import type { Config } from "../config.js";

/**
 * Tokens are only for connecting: LiveKit refreshes a connected participant's
 * token itself, so a short TTL limits what a leaked token is good for.
 */
export const TOKEN_TTL_SECONDS = 5 * 60;

/** Guests publish only their camera and microphone; nobody administers the room or sends data. */
const personGrant: Omit<VideoGrant, "room"> = {
  roomJoin: true,
  canSubscribe: true,
  canPublish: true,
  canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
  canPublishData: false,
  canUpdateOwnMetadata: false,
};

/**
 * The scribe publishes no media, and is hidden from the participant list (the UI shows an
 * indicator instead). It sends data only for captions, to the people who asked for them (and, as
 * everyone else's tokens may not send data, any caption a browser receives is the scribe's).
 * LiveKit mints the scribe job's token from these (the worker registers them).
 */
export const scribeGrant = {
  roomJoin: true,
  canSubscribe: true,
  canPublish: false,
  canPublishData: true,
  canUpdateOwnMetadata: false,
  hidden: true,
} as const satisfies Omit<VideoGrant, "room">;

/**
 * The clinician may also show their screen (a result, an image); a guest's link cannot, so a
 * patient's or interpreter's browser cannot put anything large on the clinician's screen.
 */
const clinicianGrant: Omit<VideoGrant, "room"> = {
  ...personGrant,
  canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE],
};

/** Least privilege per role. */
const grantsByRole: Record<ParticipantRole | "scribe", Omit<VideoGrant, "room">> = {
  clinician: clinicianGrant,
  patient: personGrant,
  interpreter: personGrant,
  scribe: scribeGrant,
};

export function mintAccessToken(
  config: Pick<Config["livekit"], "apiKey" | "apiSecret">,
  p: { identity: string; name: string; room: string; role: ParticipantRole | "scribe" },
): Promise<string> {
  const token = new AccessToken(config.apiKey, config.apiSecret, {
    identity: p.identity,
    name: p.name,
    ttl: TOKEN_TTL_SECONDS,
    attributes: { role: p.role },
  });
  token.addGrant({ ...grantsByRole[p.role], room: p.room });
  return token.toJwt();
}
