import { type RoomOptions, VideoPresets } from "livekit-client";

/**
 * The one set of room options every call uses: adaptive stream and dynacast so
 * a weak connection receives and sends only what is shown; simulcast so each
 * viewer gets the layer their bandwidth allows.
 */
export const roomOptions: RoomOptions = {
  adaptiveStream: true,
  dynacast: true,
  publishDefaults: { simulcast: true, videoSimulcastLayers: [VideoPresets.h180, VideoPresets.h360] },
  videoCaptureDefaults: { resolution: VideoPresets.h720.resolution },
  audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
};

export { ConnectionQuality, ConnectionState, ParticipantEvent, Track } from "livekit-client";
export type { Participant } from "livekit-client";
