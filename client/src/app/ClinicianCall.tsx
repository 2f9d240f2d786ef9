import type { CallGrant } from "@bedside/shared";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { VisitAttachments } from "../features/attachments/VisitAttachments";
import { CallView } from "../features/call/LazyCallView";
import { ChatPanel } from "../features/chat/ChatPanel";
import { clinicSocket, useClinicStore } from "../features/clinician-queue/clinic-store";
import { WaitingPanel } from "../features/clinician-queue/QueuePage";
import { ScribeIndicator } from "../features/scribe-indicator/ScribeIndicator";
import { useScribe } from "../features/scribe-indicator/use-scribe";

/** The clinician's call: the shared call view, the waiting room beside it, and ending the visit. */
export function ClinicianCall() {
  const { visitId = "" } = useParams();
  const navigate = useNavigate();
  const joinCall = useClinicStore((s) => s.joinCall);
  const leaveCall = useClinicStore((s) => s.leaveCall);
  const endVisit = useClinicStore((s) => s.endVisit);
  const [grant, setGrant] = useState<CallGrant>();
  const [error, setError] = useState<string>();
  const [ended, setEnded] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [endingNow, setEndingNow] = useState(false);
  // Ending the visit closes the LiveKit room, which disconnects us too: that is not "leaving".
  const ending = useRef(false);
  // For the captions, if the clinician turns them on for themselves (off by default).
  const { state: scribe } = useScribe({ socket: grant ? clinicSocket() : undefined, visitId });

  useEffect(() => {
    let cancelled = false;
    joinCall(visitId).then(
      (g) => !cancelled && setGrant(g),
      (err: Error) => !cancelled && setError(err.message),
    );
    return () => {
      cancelled = true;
      // Off the call screen, this socket no longer follows the call (who is in it, the scribe).
      leaveCall(visitId);
    };
  }, [visitId, joinCall, leaveCall]);

  if (ended) {
    return (
      <main className="page page--narrow stack">
        <h1>The visit has ended</h1>
        <p>Everyone has been disconnected. Nothing reaches the patient until you review and release it.</p>
        <div className="row">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void navigate(`/clinic/visits/${visitId}/review`)}
          >
            Review the notes
          </button>
          <button type="button" className="button" onClick={() => void navigate("/clinic")}>
            Back to the waiting room
          </button>
        </div>
      </main>
    );
  }
  if (error) {
    return (
      <main className="page page--narrow stack">
        <h1>Could not start the call</h1>
        <p role="alert">{error}</p>
        <button type="button" className="button" onClick={() => void navigate("/clinic")}>
          Back
        </button>
      </main>
    );
  }
  if (!grant)
    return (
      <main className="page" aria-busy="true">
        <p className="muted">Starting the call…</p>
      </main>
    );
  return (
    <CallView
      grant={grant}
      audioOnly={false}
      onLeave={() => ending.current || void navigate("/clinic")}
      aside={
        <div className="call__side stack">
          <ChatPanel socket={clinicSocket()} visitId={visitId} collapsible guestsUnread />
          <WaitingPanel visitId={visitId} />
          <VisitAttachments visitId={visitId} socket={clinicSocket()} />
        </div>
      }
      socket={clinicSocket()}
      captions={{ socket: clinicSocket(), visitId, scribe }}
      extraControls={
        <ScribeIndicator socket={clinicSocket()} identity={grant.identity} visitId={visitId} isClinician />
      }
      endControls={
        <>
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
            End visit for everyone
          </button>
          {confirming && (
            <ConfirmDialog
              title="End the visit for everyone?"
              confirmLabel="End the visit"
              cancelLabel="Keep talking"
              busy={endingNow}
              onCancel={() => setConfirming(false)}
              onConfirm={() => {
                ending.current = true;
                setEndingNow(true);
                void endVisit(visitId).then((ok) => {
                  setConfirming(false);
                  setEndingNow(false);
                  // When it fails, the panel beside the call says why, and the call goes on.
                  if (ok) setEnded(true);
                  else ending.current = false;
                });
              }}
            >
              <p>
                Everyone leaves the call and cannot rejoin. Nothing reaches the patient until you review and
                release the notes.
              </p>
            </ConfirmDialog>
          )}
        </>
      }
    />
  );
}
