import { useLocalParticipant } from "@livekit/components-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Track, createBackgroundBlur } from "../../lib/livekit";

/** Remembered per device (this browser), not per person: blur suits a room, not an account. */
export const BLUR_STORAGE_KEY = "bedside.backgroundBlur";

const remembered = (): boolean => {
  try {
    return localStorage.getItem(BLUR_STORAGE_KEY) === "on";
  } catch {
    return false;
  }
};

/**
 * Background blur for your own camera: off by default, offered only by a build given a model
 * (lib/livekit.ts). When this browser cannot run the blur (no support, or its model or runtime
 * does not load), the button goes away and the camera goes on unblurred.
 */
export function BackgroundBlurToggle() {
  const { t } = useTranslation();
  const { localParticipant, cameraTrack } = useLocalParticipant();
  const [wanted, setWanted] = useState(remembered);
  const [unavailable, setUnavailable] = useState(false);
  // The camera track the blur is running on: until it is this one, blur is still loading.
  const [blurred, setBlurred] = useState<object>();
  const camera = cameraTrack
    ? localParticipant.getTrackPublication(Track.Source.Camera)?.videoTrack
    : undefined;

  useEffect(() => {
    if (!camera) return;
    let cancelled = false;
    if (!wanted) {
      if (camera.getProcessor()) void camera.stopProcessor();
    } else if (!camera.getProcessor()) {
      createBackgroundBlur()
        .then((processor) => camera.setProcessor(processor))
        .then(
          () => !cancelled && setBlurred(camera),
          (err: unknown) => {
            console.warn("Background blur is unavailable", err);
            if (!cancelled) setUnavailable(true);
          },
        );
    }
    return () => {
      cancelled = true;
    };
  }, [camera, wanted]);

  if (unavailable) return null;
  const loading = wanted && !!camera && blurred !== camera;
  return (
    <button
      type="button"
      className="button"
      aria-pressed={wanted}
      disabled={!camera || loading}
      onClick={() => {
        const next = !wanted;
        try {
          localStorage.setItem(BLUR_STORAGE_KEY, next ? "on" : "off");
        } catch {
          // Private windows may refuse storage: blur still works for this call.
        }
        setWanted(next);
      }}
    >
      {wanted ? t("call.blurOff") : t("call.blurOn")}
    </button>
  );
}
