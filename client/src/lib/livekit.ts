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
 * Background blur's segmentation model (MediaPipe's `selfie_segmenter.tflite`), given at build time
 * as `VITE_BLUR_MODEL_URL`, on this origin. npm ships no model MediaPipe Tasks can load (the one
 * there lacks its metadata), so without one blur is not offered. Its runtime, MediaPipe's
 * WebAssembly, comes from npm and is served from this origin (vite.config.ts).
 */
export const blurModelUrl = import.meta.env.VITE_BLUR_MODEL_URL as string | undefined;

/**
 * A background-blur processor for the local camera (LiveKit's track processors). Loaded only when
 * someone turns blur on: the segmentation runtime is large. Throws when this browser cannot run
 * it; the model itself loads when the processor is attached (`setProcessor` rejects if it cannot).
 */
export async function createBackgroundBlur(): Promise<TrackProcessor<Track.Kind.Video>> {
  const { BackgroundProcessor, supportsBackgroundProcessors } = await import("@livekit/track-processors");
  if (!blurModelUrl) throw new Error("No background-blur model was given to this build");
  if (!supportsBackgroundProcessors()) throw new Error("Background blur is not supported in this browser");
  return BackgroundProcessor({
    mode: "background-blur",
    blurRadius: 12,
    assetPaths: {
      tasksVisionFileSet: "/vendor/mediapipe/wasm",
      modelAssetPath: blurModelUrl,
    },
  });
}
