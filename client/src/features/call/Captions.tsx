import {
  TRANSCRIPTION_ATTRIBUTES,
  TRANSCRIPTION_TOPIC,
  type ParticipantRole,
  type ScribeState,
} from "@bedside/shared";
import { useConnectionState, useRoomContext } from "@livekit/components-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConnectionState } from "../../lib/livekit";
import { command, type BedsideSocket } from "../../lib/socket";
import { notCaptioned } from "./not-captioned";

/** Lines kept on screen: the latest few, as a caption bar shows them. */
const KEEP = 50;

interface Line {
  id: string;
  name: string;
  text: string;
}

type Room = ReturnType<typeof useRoomContext>;

/** Who said it: the sender (the scribe sends in the speaker's name), else the owner of the track. */
function speakerName(room: Room, identity: string, trackSid: string | undefined, you: string): string {
  if (identity === room.localParticipant.identity) return you;
  const byIdentity = room.getParticipantByIdentity(identity);
  if (byIdentity) return byIdentity.name || byIdentity.identity;
  for (const p of room.remoteParticipants.values()) {
    if (trackSid && p.trackPublications.has(trackSid)) return p.name || p.identity;
  }
  return identity;
}

/**
 * Captions for the person who asks, and nobody else: the toggle asks the server (`captions:set`),
 * which marks this person in the LiveKit room; the scribe then sends each utterance it
 * transcribes to them on LiveKit's transcription topic. Off by default, for clinicians too.
 * Rendered inside the call's LiveKitRoom; `scribe` is the indicator's state (who is not heard).
 */
export function Captions({
  socket,
  visitId,
  scribe,
}: {
  socket: BedsideSocket | undefined;
  /** The clinician's call names its visit; a guest's is their own. */
  visitId?: string;
  scribe: ScribeState | undefined;
}) {
  const { t } = useTranslation();
  const room = useRoomContext();
  const connection = useConnectionState();
  const [wanted, setWanted] = useState(false);
  const [on, setOn] = useState(false);
  const [failed, setFailed] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const log = useRef<HTMLDivElement>(null);
  // The latest words in view, as a caption bar shows them.
  useEffect(() => {
    log.current?.scrollTo?.({ top: log.current.scrollHeight });
  }, [lines]);

  // Asked again whenever the room (re)connects: a new LiveKit session starts without the mark.
  useEffect(() => {
    if (!socket || connection !== ConnectionState.Connected) return;
    if (!wanted && !on) return;
    let current = true;
    command(socket, "captions:set", visitId ? { visitId, on: wanted } : { on: wanted }).then(
      (r) => current && setOn(r.on),
      () => {
        if (!current) return;
        setFailed(wanted);
        setWanted(false);
      },
    );
    return () => {
      current = false;
    };
    // `on` is what the server said last; asking again because it changed would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, visitId, wanted, connection]);

  useEffect(() => {
    if (!wanted) return;
    const you = t("call.you");
    room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, from) => {
      const attributes = reader.info.attributes ?? {};
      const id = attributes[TRANSCRIPTION_ATTRIBUTES.segmentId] ?? reader.info.id;
      void reader.readAll().then((text) => {
        if (!text.trim()) return;
        const name = speakerName(room, from.identity, attributes[TRANSCRIPTION_ATTRIBUTES.trackId], you);
        setLines((prev) =>
          [...prev.filter((l) => l.id !== id), { id, name, text: text.trim() }].slice(-KEEP),
        );
      });
    });
    return () => room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
  }, [room, wanted, t]);

  const missing = notCaptioned(scribe, room.localParticipant.identity);
  return (
    <section className="captions" aria-label={t("captions.label")}>
      <button
        type="button"
        className="button captions__toggle"
        aria-pressed={wanted}
        title={wanted ? undefined : t("captions.turnOnHint")}
        onClick={() => {
          if (wanted) setLines([]);
          setFailed(false);
          setWanted(!wanted);
        }}
      >
        {wanted ? t("captions.turnOff") : t("captions.turnOn")}
      </button>
      {failed && (
        <p className="error" role="alert">
          {t("captions.failed")}
        </p>
      )}
      {wanted && (
        <>
          {missing.unavailable && <p className="captions__note">{t("captions.unavailable")}</p>}
          {missing.people.map((p) => (
            <p key={p.identity} className="captions__note" data-role={p.role satisfies ParticipantRole}>
              {p.you
                ? t(p.paused ? "captions.notCaptionedPausedYou" : "captions.notCaptionedYou")
                : t(p.paused ? "captions.notCaptionedPaused" : "captions.notCaptioned", { name: p.name })}
            </p>
          ))}
          <div
            ref={log}
            className="captions__log"
            role="log"
            aria-live="polite"
            aria-label={t("captions.label")}
          >
            {lines.length === 0 && on && <p className="muted">{t("captions.waiting")}</p>}
            {lines.map((l) => (
              <p key={l.id} className="captions__line">
                <span className="captions__name">{l.name}: </span>
                {l.text}
              </p>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
