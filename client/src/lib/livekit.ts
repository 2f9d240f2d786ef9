import { type RoomOptions, type Track, type TrackProcessor, VideoPresets } from "livekit-client";

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

/**
 * Where background blur's MediaPipe runtime and model are served: this origin by default (the
 * build copies them from their npm packages, see vite.config.ts); a deployment can point
 * `VITE_BLUR_ASSETS_URL` at its own copy.
 */
const blurAssets = (
  (import.meta.env.VITE_BLUR_ASSETS_URL as string | undefined) ?? "/vendor/mediapipe"
).replace(/\/$/, "");

/**
 * A background-blur processor for the local camera (LiveKit's track processors). Loaded only when
 * someone turns blur on: the segmentation runtime is large. Throws when this browser cannot run
 * it; the model itself loads when the processor is attached (`setProcessor` rejects if it cannot).
 */
export async function createBackgroundBlur(): Promise<TrackProcessor<Track.Kind.Video>> {
  const { BackgroundProcessor, supportsBackgroundProcessors } = await import("@livekit/track-processors");
  if (!supportsBackgroundProcessors()) throw new Error("Background blur is not supported in this browser");
  return BackgroundProcessor({
    mode: "background-blur",
    blurRadius: 12,
    assetPaths: {
      tasksVisionFileSet: `${blurAssets}/wasm`,
      modelAssetPath: `${blurAssets}/selfie_segmentation.tflite`,
    },
  });
}
