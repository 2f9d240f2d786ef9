import { contract, linkWindowErrorSchema } from "@bedside/shared";
import { useCallback, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useShallow } from "zustand/react/shallow";
import { CallView, preloadCallView } from "../features/call/LazyCallView";
import { ChatPanel } from "../features/chat/ChatPanel";
import { CheckInPage } from "../features/check-in/CheckInPage";
import { EndOfVisitPage } from "../features/end-of-visit/EndOfVisitPage";
import { LinkWindowPage } from "../features/link-window/LinkWindowPage";
import { SendAttachment } from "../features/attachments/SendAttachment";
import {
  useVisitSessionStore,
  visitParticipantToken,
  visitSessionSocket,
} from "../features/visit-session/visit-session-store";
import { ScribeIndicator } from "../features/scribe-indicator/ScribeIndicator";
import { useScribe } from "../features/scribe-indicator/use-scribe";
import { WaitingRoomPage } from "../features/waiting-room/WaitingRoomPage";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { pathOf, type ApiError } from "../lib/api";
import { errorText } from "../lib/errors";
import { applyVisitLanguage } from "../lib/i18n";
import { EmergencyText } from "../components/EmergencyText";

/** The link itself no longer works (not a network failure, and not because the visit is over). */
const linkStopped = (failure: ApiError | undefined) =>
  !!failure &&
  ["gone", "unauthorized", "forbidden", "not_found"].includes(failure.code) &&
  failure.reason !== "ended";

/** A patient's or interpreter's whole visit from one link: check-in → waiting room → call → end. */
export function GuestJourney() {
  // In the call the page is one screen tall, the language switch included: the call's own
  // controls (mute, leave, the scribe's) are then never below the fold on a phone.
  const inCall = useVisitSessionStore((st) => st.phase === "call");
  return (
    <div className={inCall ? "guest guest--call" : "guest"}>
      {/* In a landmark (the page's banner), so no content is outside one for assistive technology. */}
      <header>
        <LanguageSwitch />
      </header>
      <Journey />
    </div>
  );
}

function Journey() {
  const { t } = useTranslation();
  const { secret = "" } = useParams();
  // Only what this screen shows: a change elsewhere in the store does not re-render the call.
  const s = useVisitSessionStore(
    useShallow((st) => ({
      phase: st.phase,
      info: st.info,
      waiting: st.waiting,
      grant: st.grant,
      audioOnly: st.audioOnly,
      message: st.message,
      failure: st.failure,
      socketState: st.socketState,
      summaryPath: st.summaryPath,
      checkIn: st.checkIn,
      leaveCall: st.leaveCall,
      rejoinCall: st.rejoinCall,
    })),
  );
  const open = useVisitSessionStore((st) => st.open);
  const close = useVisitSessionStore((st) => st.close);

  useEffect(() => {
    void open(secret);
    return close;
  }, [secret, open, close]);
  // The visit's preferred language chooses, unless the person picked one here before.
  const preferred = s.info?.preferredLanguage;
  useEffect(() => {
    if (preferred) applyVisitLanguage(preferred);
  }, [preferred]);
  // A booked visit's link outside its window: the answer says when, and in which language to say it.
  const parsedWindow = linkWindowErrorSchema.safeParse(s.failure?.data);
  const linkWindow = s.phase === "invalid" && parsedWindow.success ? parsedWindow.data : undefined;
  const windowLanguage = linkWindow?.language;
  useEffect(() => {
    if (windowLanguage) applyVisitLanguage(windowLanguage);
  }, [windowLanguage]);
  const reopen = useCallback(() => void open(secret), [open, secret]);
  // A failure the store saw, in this screen's language (the server's words are English).
  const message: string | undefined = s.failure ? errorText(t, s.failure) : s.message;
  // Whose words the captions cannot show (in the call only: a waiting guest may not watch).
  const { state: scribe } = useScribe({ socket: s.phase === "call" ? visitSessionSocket() : undefined });
  // While they wait, fetch the call's code, so admission opens the call at once.
  useEffect(() => {
    if (s.phase === "waiting") preloadCallView();
  }, [s.phase]);

  switch (s.phase) {
    case "loading":
      return (
        <main className="page page--narrow" aria-busy="true">
          <p className="muted">{t("journey.opening")}</p>
        </main>
      );
    case "invalid":
      if (linkWindow) return <LinkWindowPage error={linkWindow} onOpen={reopen} />;
      return (
        <main className="page page--narrow">
          <h1>{t("journey.invalidTitle")}</h1>
          <p role="alert">{message}</p>
          {/* A link that stopped working (cancelled, replaced, expired): what to do now. */}
          {linkStopped(s.failure) && (
            <div className="notice">
              <p>{t("journey.whatToDo")}</p>
              <p>
                <EmergencyText line="journey.urgent" />
              </p>
            </div>
          )}
        </main>
      );
    case "check-in":
      return s.info ? (
        <CheckInPage info={s.info} pingUrl={pathOf(contract.joinInfo, { secret })} onCheckIn={s.checkIn} />
      ) : null;
    case "waiting":
      return (
        <WaitingRoomPage
          role={s.info?.role ?? "patient"}
          clinicianName={s.waiting?.clinicianName ?? s.info?.clinicianName ?? t("common.yourClinician")}
          clinicianStatus={
            s.waiting?.clinicianStatus ?? { status: "available", lateMinutes: null, message: null }
          }
          waitingSince={s.waiting?.waitingSince ?? new Date().toISOString()}
          reconnecting={s.socketState === "reconnecting"}
          message={message}
          line={s.waiting?.line ?? null}
          messages={s.waiting?.messages ?? []}
          chat={
            // Only the patient writes to the clinic from the waiting room (the server says the same).
            s.info?.role !== "interpreter" && <ChatPanel socket={visitSessionSocket()} collapsible={false} />
          }
        >
          {s.info?.role === "patient" && <SendAttachment participantToken={visitParticipantToken()} />}
        </WaitingRoomPage>
      );
    case "call":
      return s.grant ? (
        <CallView
          grant={s.grant}
          audioOnly={s.audioOnly}
          onLeave={s.leaveCall}
          socket={visitSessionSocket()}
          aside={<ChatPanel socket={visitSessionSocket()} collapsible />}
          captions={{ socket: visitSessionSocket(), scribe }}
          extraControls={
            <>
              <ScribeIndicator
                socket={visitSessionSocket()}
                identity={s.grant.identity}
                isClinician={false}
              />
              {s.info?.role === "patient" && <SendAttachment participantToken={visitParticipantToken()} />}
            </>
          }
        />
      ) : null;
    case "left":
      return (
        <main className="page page--narrow stack">
          <h1>{t("journey.leftTitle")}</h1>
          <p>{t("journey.leftText")}</p>
          {message && <p className="error">{message}</p>}
          <button type="button" className="button button--primary" onClick={() => void s.rejoinCall()}>
            {t("journey.rejoin")}
          </button>
        </main>
      );
    case "ended":
      return (
        <EndOfVisitPage
          role={s.info?.role ?? "patient"}
          clinicianName={s.info?.clinicianName ?? t("common.yourClinician")}
          summaryHref={s.summaryPath}
          message={message}
        />
      );
  }
}
