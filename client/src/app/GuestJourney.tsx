import { useEffect } from "react";
import { useParams } from "react-router";
import { useShallow } from "zustand/react/shallow";
import { CallView, preloadCallView } from "../features/call/LazyCallView";
import { CheckInPage } from "../features/check-in/CheckInPage";
import { EndOfVisitPage } from "../features/end-of-visit/EndOfVisitPage";
import { useVisitSessionStore, visitSessionSocket } from "../features/visit-session/visit-session-store";
import { ScribeIndicator } from "../features/scribe-indicator/ScribeIndicator";
import { WaitingRoomPage } from "../features/waiting-room/WaitingRoomPage";

/** A patient's or interpreter's whole visit from one link: check-in → waiting room → call → end. */
export function GuestJourney() {
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
  // While they wait, fetch the call's code, so admission opens the call at once.
  useEffect(() => {
    if (s.phase === "waiting") preloadCallView();
  }, [s.phase]);

  switch (s.phase) {
    case "loading":
      return (
        <main className="page page--narrow" aria-busy="true">
          <p className="muted">Opening your visit…</p>
        </main>
      );
    case "invalid":
      return (
        <main className="page page--narrow">
          <h1>We could not open this visit</h1>
          <p role="alert">{s.message}</p>
        </main>
      );
    case "check-in":
      return s.info ? (
        <CheckInPage
          info={s.info}
          pingUrl={`/api/join/${encodeURIComponent(secret)}`}
          onCheckIn={s.checkIn}
        />
      ) : null;
    case "waiting":
      return (
        <WaitingRoomPage
          clinicianName={s.waiting?.clinicianName ?? s.info?.clinicianName ?? "Your clinician"}
          clinicianStatus={
            s.waiting?.clinicianStatus ?? { status: "available", lateMinutes: null, message: null }
          }
          waitingSince={s.waiting?.waitingSince ?? new Date().toISOString()}
          reconnecting={s.socketState === "reconnecting"}
          message={s.message}
        />
      );
    case "call":
      return s.grant ? (
        <CallView
          grant={s.grant}
          audioOnly={s.audioOnly}
          onLeave={s.leaveCall}
          extraControls={
            <ScribeIndicator socket={visitSessionSocket()} identity={s.grant.identity} isClinician={false} />
          }
        />
      ) : null;
    case "left":
      return (
        <main className="page page--narrow stack">
          <h1>You left the call</h1>
          <p>The visit is still going. You can go back in if you left by mistake.</p>
          {s.message && <p className="error">{s.message}</p>}
          <button type="button" className="button button--primary" onClick={() => void s.rejoinCall()}>
            Rejoin the call
          </button>
        </main>
      );
    case "ended":
      return (
        <EndOfVisitPage
          role={s.info?.role ?? "patient"}
          clinicianName={s.info?.clinicianName ?? "Your clinician"}
          summaryHref={s.summaryPath}
          message={s.message}
        />
      );
  }
}
