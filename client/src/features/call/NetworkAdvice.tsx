import {
  useConnectionQualityIndicator,
  useConnectionState,
  useLocalParticipant,
} from "@livekit/components-react";

import { AUDIO_ONLY_ATTRIBUTE } from "@bedside/shared";
import { useEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { ConnectionState, ParticipantEvent, type Participant } from "../../lib/livekit";
import { command, type BedsideSocket } from "../../lib/socket";
import {
  initialNetworkState,
  networkReducer,
  type NetworkEvent,
  type NetworkState,
  type Quality,
} from "./network-mode";

const reduce = (s: NetworkState, e: NetworkEvent) => networkReducer(s, e);

/**
 * Watches this person's own connection quality and, through the state machine in network-mode.ts,
 * offers audio only, switches to it by itself when the link is lost, and offers video back when it
 * recovers. Each change of audio only (theirs or the machine's) is reported so the others see it.
 */
export function NetworkAdvice({
  audioOnly,
  setAudioOnly,
  socket,
  visitId,
}: {
  audioOnly: boolean;
  setAudioOnly: (on: boolean) => void;
  /** Where to tell the server this person's audio only; it sets it on their participant for everyone. */
  socket?: BedsideSocket;
  visitId: string;
}) {
  const { t } = useTranslation();
  const { localParticipant } = useLocalParticipant();
  const { quality } = useConnectionQualityIndicator({ participant: localParticipant });
  const connection = useConnectionState();
  const [s, dispatch] = useReducer(reduce, audioOnly, initialNetworkState);
  const [autoNotice, setAutoNotice] = useState(false);

  useEffect(() => dispatch({ type: "quality", quality: quality as Quality, at: Date.now() }), [quality]);
  useEffect(() => {
    // Quality only reports changes: the clock must run while it stays poor.
    const timer = setInterval(() => dispatch({ type: "tick", at: Date.now() }), 1_000);
    return () => clearInterval(timer);
  }, []);

  // The machine's switches reach the call (the camera stops; remote video is no longer shown or received).
  const lastMode = useRef(s.mode);
  useEffect(() => {
    if (lastMode.current === s.mode) return;
    lastMode.current = s.mode;
    const on = s.mode === "audio-only";
    setAudioOnly(on);
    if (on) void localParticipant.setCameraEnabled(false).catch(() => undefined);
    setAutoNotice(on && s.reason === "auto");
  }, [s.mode, s.reason, setAudioOnly, localParticipant]);

  // The person's own "voice only" / "show video" button.
  useEffect(() => {
    const mode = audioOnly ? "audio-only" : "video";
    if (mode !== lastMode.current) {
      lastMode.current = mode;
      dispatch({ type: "choose", mode, at: Date.now() });
      setAutoNotice(false);
    }
  }, [audioOnly]);

  const connected = connection === ConnectionState.Connected;
  useEffect(() => {
    // Failing to tell the others is no reason to disturb this person's call.
    if (connected && socket) {
      void command(socket, "call:set-audio-only", { visitId, audioOnly }).catch(() => undefined);
    }
  }, [connected, audioOnly, socket, visitId]);

  if (s.offer === "audio-only") {
    return (
      <div className="banner banner--advice" role="status">
        <p>{t("call.weakOffer")}</p>
        <div className="row">
          <button
            type="button"
            className="button button--primary"
            onClick={() => dispatch({ type: "accept-offer", at: Date.now() })}
          >
            {t("call.switchAudioOnly")}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => dispatch({ type: "dismiss-offer", at: Date.now() })}
          >
            {t("call.keepVideo")}
          </button>
        </div>
      </div>
    );
  }
  if (s.offer === "video") {
    return (
      <div className="banner banner--advice" role="status">
        <p>{t("call.betterOffer")}</p>
        <div className="row">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              dispatch({ type: "accept-offer", at: Date.now() });
              void localParticipant.setCameraEnabled(true).catch(() => undefined);
            }}
          >
            {t("call.videoBackOn")}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => dispatch({ type: "dismiss-offer", at: Date.now() })}
          >
            {t("call.stayAudioOnly")}
          </button>
        </div>
      </div>
    );
  }
  if (autoNotice) {
    return (
      <div className="banner banner--advice" role="alert">
        <p>{t("call.autoAudioOnly")}</p>
        <button type="button" className="button" onClick={() => setAutoNotice(false)}>
          {t("call.okay")}
        </button>
      </div>
    );
  }
  return null;
}

function useAttribute(participant: Participant, key: string): string | undefined {
  return useSyncExternalStore(
    (onChange) => {
      participant.on(ParticipantEvent.AttributesChanged, onChange);
      return () => void participant.off(ParticipantEvent.AttributesChanged, onChange);
    },
    () => participant.attributes[key],
  );
}

/** "Audio only" on a person's tile, from the attribute the server set: the clinician sees who is on it. */
export function AudioOnlyTag({ participant }: { participant: Participant }) {
  const { t } = useTranslation();
  return useAttribute(participant, AUDIO_ONLY_ATTRIBUTE) === "1" ? (
    <span className="tag tag--audio-only">{t("call.audioOnlyTag")}</span>
  ) : null;
}
