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
import { useState, type ReactNode } from "react";
import { ConnectionQuality, ConnectionState, Track, roomOptions } from "../../lib/livekit";

const roleLabel: Record<ParticipantRole, string> = {
  clinician: "Clinician",
  patient: "Patient",
  interpreter: "Interpreter",
};

const qualityText: Record<ConnectionQuality, string> = {
  [ConnectionQuality.Excellent]: "Excellent connection",
  [ConnectionQuality.Good]: "Good connection",
  [ConnectionQuality.Poor]: "Poor connection",
  [ConnectionQuality.Lost]: "Connection lost",
  [ConnectionQuality.Unknown]: "Checking connection",
};

function Tile({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
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
        <VideoTrack trackRef={trackRef} className="tile__video" aria-label={`Video of ${name}`} />
      ) : (
        <div className="tile__avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </div>
      )}
      <figcaption className="tile__caption">
        {p.isLocal ? (
          <>
            <span className="visually-hidden">{name} (you)</span>
            {/* On a phone your own picture is small: it just says "You". */}
            <span className="tile__name" aria-hidden="true">
              <span className="tile__name--full">{name} (you)</span>
              <span className="tile__name--short">You</span>
            </span>
          </>
        ) : (
          <span className="tile__name">{name}</span>
        )}
        <span className={`tag tag--${role} tile__role`}>{roleLabel[role]}</span>
        {!p.isMicrophoneEnabled && <span className="tag">Muted</span>}
        <span className={`quality quality--${quality}`} title={qualityText[quality]}>
          <span className="visually-hidden">{qualityText[quality]}</span>
        </span>
      </figcaption>
    </figure>
  );
}

function ReconnectBanner() {
  const state = useConnectionState();
  if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting) {
    return (
      <p className="banner" role="alert">
        Reconnecting… Your call will continue as soon as the connection is back.
      </p>
    );
  }
  if (state === ConnectionState.Disconnected) {
    return (
      <p className="banner" role="alert">
        You are disconnected from the call.
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
}: {
  audioOnly: boolean;
  setAudioOnly: (v: boolean) => void;
  onLeave: () => void;
  extra?: ReactNode;
}) {
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  return (
    <div className="controls" role="toolbar" aria-label="Call controls">
      <button
        type="button"
        className="button"
        aria-pressed={!isMicrophoneEnabled}
        onClick={() => void localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled)}
      >
        {isMicrophoneEnabled ? "Mute" : "Unmute"}
      </button>
      <button
        type="button"
        className="button"
        disabled={audioOnly}
        aria-pressed={!isCameraEnabled}
        onClick={() => void localParticipant.setCameraEnabled(!isCameraEnabled)}
      >
        {isCameraEnabled ? "Camera off" : "Camera on"}
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
        {audioOnly ? "Show video" : "Voice only"}
      </button>
      <button type="button" className="button button--danger-outline" onClick={onLeave}>
        Leave
      </button>
      {extra}
    </div>
  );
}

function Stage({ audioOnly }: { audioOnly: boolean }) {
  // The people you are talking to first; yourself last (a small picture on a phone).
  const tracks = [
    ...useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false }),
  ].sort((a, b) => Number(a.participant.isLocal) - Number(b.participant.isLocal));
  return (
    <section className={`stage stage--${Math.min(tracks.length, 4)}`} aria-label="People in the call">
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
  aside,
}: {
  grant: CallGrant;
  audioOnly: boolean;
  onLeave: () => void;
  extraControls?: ReactNode;
  aside?: ReactNode;
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
      <div className="call__body">
        <Stage audioOnly={audioOnly} />
        {aside}
      </div>
      <Controls audioOnly={audioOnly} setAudioOnly={setAudioOnly} onLeave={onLeave} extra={extraControls} />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}
