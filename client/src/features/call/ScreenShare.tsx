import {
  VideoTrack,
  isTrackReference,
  useLocalParticipant,
  useParticipantPermissions,
  useTracks,
} from "@livekit/components-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Track } from "../../lib/livekit";

/** Desktop browsers only: phones have no getDisplayMedia, or one that shares nothing useful. */
export const canShareScreen = (): boolean =>
  typeof navigator !== "undefined" &&
  typeof navigator.mediaDevices?.getDisplayMedia === "function" &&
  !/Android|iPhone|iPad|Mobile/i.test(navigator.userAgent);

/**
 * Share screen / Stop sharing, for whoever the server's token lets publish a screen (the
 * clinician), read from LiveKit's permissions so the button and the server never disagree.
 * Cancelling the browser's picker is not an error.
 */
export function ScreenShareButton() {
  const { t } = useTranslation();
  const { localParticipant, isScreenShareEnabled } = useLocalParticipant();
  const permissions = useParticipantPermissions({ participant: localParticipant });
  const [failed, setFailed] = useState(false);
  const allowed = permissions?.canPublishSources.includes(Track.sourceToProto(Track.Source.ScreenShare));
  if (!allowed || !canShareScreen()) return null;
  return (
    <>
      <button
        type="button"
        className="button"
        aria-pressed={isScreenShareEnabled}
        onClick={() => {
          setFailed(false);
          localParticipant
            .setScreenShareEnabled(!isScreenShareEnabled, { audio: false })
            .catch((err: Error) => {
              // The person said no, or closed the picker: nothing to report to them.
              if (err.name === "NotAllowedError" || err.name === "AbortError")
                console.info("Screen not shared", err);
              else setFailed(true);
            });
        }}
      >
        {isScreenShareEnabled ? t("call.stopSharing") : t("call.shareScreen")}
      </button>
      {failed && (
        <span className="controls__note" role="alert">
          {t("call.shareFailed")}
        </span>
      )}
    </>
  );
}

/**
 * A shared screen, large, above (or, on a wide screen, beside) the people. The person sharing
 * sees a line saying so instead of their own screen, which would mirror itself endlessly.
 */
export function ScreenShareStage() {
  const { t } = useTranslation();
  const shares = useTracks([Track.Source.ScreenShare]).filter(isTrackReference);
  const remote = shares.find((s) => !s.participant.isLocal);
  if (remote) {
    const name = remote.participant.name || remote.participant.identity;
    return (
      <figure className="screen-share" data-identity={remote.participant.identity}>
        <VideoTrack
          trackRef={remote}
          className="screen-share__video"
          aria-label={t("call.screenOf", { name })}
        />
        <figcaption className="tile__caption">
          <span className="tile__name">{t("call.screenOf", { name })}</span>
        </figcaption>
      </figure>
    );
  }
  if (shares.length > 0)
    return (
      <p className="screen-share__self" role="status">
        {t("call.sharingYours")}
      </p>
    );
  return null;
}
