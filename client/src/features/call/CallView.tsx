import type { CallGrant, ParticipantRole } from "@bedside/shared";
import {
  LiveKitRoom,
  RoomAudioRenderer,
  VideoTrack,
  isTrackReference,
  useConnectionQualityIndicator,
  useConnectionState,
  useIsSpeaking,
  useLocalParticipant,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from "@livekit/components-react";
import { useState, type ComponentProps, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ConnectionQuality, ConnectionState, Track, blurModelUrl, roomOptions } from "../../lib/livekit";
import { BackgroundBlurToggle } from "./BackgroundBlur";
import { ScreenShareButton, ScreenShareStage } from "./ScreenShare";
import type { BedsideSocket } from "../../lib/socket";
import { AudioOnlyTag, NetworkAdvice } from "./NetworkAdvice";
import { Captions } from "./Captions";

const roleLabel = {
  clinician: "call.roleClinician",
  patient: "call.rolePatient",
  interpreter: "call.roleInterpreter",
} as const satisfies Record<ParticipantRole, string>;

const qualityText = {
  [ConnectionQuality.Excellent]: "call.qualityExcellent",
  [ConnectionQuality.Good]: "call.qualityGood",
  [ConnectionQuality.Poor]: "call.qualityPoor",
  [ConnectionQuality.Lost]: "call.qualityLost",
  [ConnectionQuality.Unknown]: "call.qualityUnknown",
} as const satisfies Record<ConnectionQuality, string>;

function Tile({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
  const { t } = useTranslation();
  const p = trackRef.participant;
  const role = (p.attributes.role ?? "patient") as ParticipantRole;
  const speaking = useIsSpeaking(p);
  const { quality } = useConnectionQualityIndicator({ participant: p });
  const hasVideo = isTrackReference(trackRef) && !trackRef.publication.isMuted;
  const name = p.name || p.identity;
  return (
    <figure
      className={`tile${speaking ? " tile--speaking" : ""}`}
      data-identity={p.identity}
      data-local={p.isLocal}
    >
      {hasVideo ? (
        <VideoTrack trackRef={trackRef} className="tile__video" aria-label={t("call.videoOf", { name })} />
      ) : (
        <div className="tile__avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </div>
      )}
      <figcaption className="tile__caption">
        {p.isLocal ? (
          <>
            <span className="visually-hidden">{t("call.nameYou", { name })}</span>
            {/* On a phone your own picture is small: it just says "You". */}
            <span className="tile__name" aria-hidden="true">
              <span className="tile__name--full">{t("call.nameYou", { name })}</span>
              <span className="tile__name--short">{t("call.you")}</span>
            </span>
          </>
        ) : (
          <span className="tile__name">{name}</span>
        )}
        <span className={`tag tag--${role} tile__role`}>{t(roleLabel[role])}</span>
        {!p.isMicrophoneEnabled && <span className="tag">{t("call.muted")}</span>}
        <AudioOnlyTag participant={p} />
        <span className={`quality quality--${quality}`} title={t(qualityText[quality])}>
          <span className="visually-hidden">{t(qualityText[quality])}</span>
        </span>
      </figcaption>
    </figure>
  );
}

function ReconnectBanner() {
  const { t } = useTranslation();
  const state = useConnectionState();
  if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting) {
    return (
      <p className="banner" role="alert">
        {t("call.reconnecting")}
      </p>
    );
  }
  if (state === ConnectionState.Disconnected) {
    return (
      <p className="banner" role="alert">
        {t("call.disconnected")}
      </p>
    );
  }
  return null;
}

function Controls({
  audioOnly,
  setAudioOnly,
  onLeave,
  extra,
  end,
}: {
  audioOnly: boolean;
  setAudioOnly: (v: boolean) => void;
  onLeave: () => void;
  extra?: ReactNode;
  end?: ReactNode;
}) {
  const { t } = useTranslation();
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  return (
    <div className="controls" role="toolbar" aria-label={t("call.controls")}>
      <button
        type="button"
        className="button"
        aria-pressed={!isMicrophoneEnabled}
        onClick={() => void localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled)}
      >
        {isMicrophoneEnabled ? t("call.mute") : t("call.unmute")}
      </button>
      <button
        type="button"
        className="button"
        disabled={audioOnly}
        aria-pressed={!isCameraEnabled}
        onClick={() => void localParticipant.setCameraEnabled(!isCameraEnabled)}
      >
        {isCameraEnabled ? t("call.cameraOff") : t("call.cameraOn")}
      </button>
      <button
        type="button"
        className="button"
        aria-pressed={audioOnly}
        onClick={() => {
          // Voice only: stop sending our video; adaptive stream stops receiving video that is not shown.
          if (!audioOnly) void localParticipant.setCameraEnabled(false);
          setAudioOnly(!audioOnly);
        }}
      >
        {audioOnly ? t("call.showVideo") : t("call.voiceOnly")}
      </button>
      <ScreenShareButton />
      {!audioOnly && blurModelUrl && <BackgroundBlurToggle />}
      {extra}
      {/* Leaving and ending last and apart, so a hurried click on Mute never lands on them. */}
      <span className="controls__end">
        <button type="button" className="button button--danger-outline" onClick={onLeave}>
          {t("call.leave")}
        </button>
        {end}
      </span>
    </div>
  );
}

function Stage({ audioOnly }: { audioOnly: boolean }) {
  const { t } = useTranslation();
  // The people you are talking to first; yourself last (a small picture on a phone).
  const tracks = [
    ...useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false }),
  ].sort((a, b) => Number(a.participant.isLocal) - Number(b.participant.isLocal));
  // With nothing shared, two or more people fit the screen together (styles.css: `stage--fit`).
  const sharing = useTracks([Track.Source.ScreenShare]).length > 0;
  const fit = tracks.length > 1 && !sharing;
  return (
    <section
      className={`stage stage--${Math.min(tracks.length, 4)}${fit ? " stage--fit" : ""}`}
      aria-label={t("call.people")}
    >
      {tracks.map((t) => (
        <Tile
          key={`${t.participant.identity}`}
          trackRef={
            audioOnly && !t.participant.isLocal ? { participant: t.participant, source: t.source } : t
          }
        />
      ))}
    </section>
  );
}

/**
 * The call for every role: LiveKit state stays in LiveKit (the Room and its
 * hooks); this component only adds labels, controls and banners.
 */
export function CallView({
  grant,
  audioOnly: startAudioOnly,
  onLeave,
  extraControls,
  endControls,
  aside,
  socket,
  captions,
}: {
  grant: CallGrant;
  audioOnly: boolean;
  onLeave: () => void;
  /** The app's socket: audio only is reported through it, so the others see it. */
  socket?: BedsideSocket;
  extraControls?: ReactNode;
  /** Beside Leave, at the end of the controls (the clinician's "End visit for everyone"). */
  endControls?: ReactNode;
  aside?: ReactNode;
  /** Captions for this person, if they turn them on (inside the room: this chunk loads LiveKit). */
  captions?: ComponentProps<typeof Captions>;
}) {
  const [audioOnly, setAudioOnly] = useState(startAudioOnly);
  return (
    <LiveKitRoom
      serverUrl={grant.url}
      token={grant.token}
      connect
      audio
      video={!startAudioOnly}
      options={roomOptions}
      onDisconnected={onLeave}
      className="call"
    >
      <ReconnectBanner />
      <NetworkAdvice audioOnly={audioOnly} setAudioOnly={setAudioOnly} socket={socket} visitId={grant.room} />
      <div className="call__body">
        <ScreenShareStage />
        <Stage audioOnly={audioOnly} />
        {aside}
      </div>
      {captions && <Captions {...captions} />}
      <Controls
        audioOnly={audioOnly}
        setAudioOnly={setAudioOnly}
        onLeave={onLeave}
        extra={extraControls}
        end={endControls}
      />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}
