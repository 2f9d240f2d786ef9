import type { Clinician, QueueEntry, VisitWithLinks } from "@bedside/shared";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useClinicStore, type LinkState } from "./clinic-store";
import { NewVisitForm } from "./NewVisitForm";
import { StatusControl } from "./StatusControl";
import { CopyLink, VisitList } from "./VisitList";
import { WaitingList } from "./WaitingList";

const linkText: Record<LinkState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  failed: "Not connected",
};

/** A soft chime when someone arrives; browsers allow it once the clinician has interacted with the page. */
function useArrivalNotice(arrivals: number, waiting: number) {
  const first = useRef(true);
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) waiting · Bedside` : "Bedside";
  }, [waiting]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const ctx = new AudioContext();
    if (ctx.state !== "running") {
      void ctx.close();
      return;
    }
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.45);
    osc.onended = () => void ctx.close();
  }, [arrivals]);
}

export function ClinicHeader({
  clinician,
  onSignOut,
  settings,
}: {
  clinician: Clinician;
  onSignOut: () => void;
  /** The clinician's own settings, composed by the app. */
  settings?: ReactNode;
}) {
  return (
    <header className="topbar">
      <span className="brand">Bedside</span>
      <span className="topbar__who">{clinician.displayName}</span>
      {settings}
      <button className="button button--quiet" type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}

/** Why the last admit, send-back or end did not happen, in words, until dismissed or the next command. */
export function CommandFailure() {
  const failure = useClinicStore((s) => s.failure);
  const dismiss = useClinicStore((s) => s.dismissFailure);
  if (!failure) return null;
  return (
    <div className="row row--between error" role="alert">
      <span>{failure}</span>
      <button type="button" className="button button--small button--quiet" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/**
 * Beside the call: who of this visit waits (to admit into this call) and who is in it. Other
 * visits' patients are only counted: admitting one from here would put them into this call, with
 * this patient. They are admitted from the waiting room, which opens in a new tab so this call
 * goes on.
 */
export function WaitingPanel({ visitId }: { visitId: string }) {
  const entries = useClinicStore((s) => s.entries);
  const inCall = useClinicStore((s) => s.inCall);
  const admit = useClinicStore((s) => s.admit);
  const sendBack = useClinicStore((s) => s.sendBack);
  const here = inCall.filter((e) => e.visitId === visitId);
  const thisVisit = entries.filter((e) => e.visitId === visitId);
  const othersWaiting = entries.filter((e) => e.visitId !== visitId && e.connection !== "left").length;
  return (
    <aside className="panel stack" aria-label="Waiting room and participants">
      <CommandFailure />
      <h2>Waiting for this visit</h2>
      <WaitingList
        entries={thisVisit}
        onAdmit={(id) => void admit(id)}
        interpreterPresent={interpreterPresent(entries, inCall)}
        emptyText="No one else from this visit is waiting."
      />
      {othersWaiting > 0 && (
        <p className="other-visits" role="status">
          {othersWaiting === 1 ? "1 person is" : `${othersWaiting} people are`} waiting for other visits.{" "}
          <a href="/clinic" target="_blank" rel="noopener">
            Open the waiting room in a new tab
          </a>
        </p>
      )}
      {here.length > 0 && (
        <>
          <h2>In this call</h2>
          <ul className="queue">
            {here.map((e) => (
              <li key={e.participantId} className="queue__item">
                <span className="queue__name">{e.displayName}</span>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void sendBack(e.participantId)}
                >
                  Send {e.displayName} back to wait
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

/** Whether anyone of this visit is in the waiting room now (online, or their connection dropped). */
const someoneHere = (entries: QueueEntry[]) => (visitId: string) =>
  entries.some((e) => e.visitId === visitId && e.connection !== "left");

/**
 * The links of the visit just made, beside the form that made them: scrolled into view and
 * focused, so the clinician (and a screen reader) lands on them.
 */
function NewLinks({ created }: { created: VisitWithLinks }) {
  const issued = useClinicStore((s) => s.issuedLinks[created.visit.id]);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    // Centred, not "nearest": aligned to the screen's bottom edge, a fraction of a pixel stayed below
    // it once the header grew (issue 27's settings), and the last line could be cut.
    ref.current?.scrollIntoView({ block: "center" });
    ref.current?.focus();
  }, [created]);
  const name = created.visit.patientDisplayName;
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby="new-links-h" className="new-links stack">
      <h3 id="new-links-h">Links for {name}</h3>
      <p className="muted small">Send each person their own link. They are also under Today&apos;s visits.</p>
      {(issued ?? created.links).map((l) => (
        <CopyLink key={l.url} link={l} />
      ))}
    </section>
  );
}

/** An interpreter counts as present while online in the waiting room or in the call. */
const interpreterPresent = (entries: QueueEntry[], inCall: QueueEntry[]) => (visitId: string) =>
  [...entries, ...inCall].some(
    (e) => e.visitId === visitId && e.role === "interpreter" && e.connection === "online",
  );

export function QueuePage({
  clinician,
  onSignOut,
  onJoinCall,
  onReview,
  settings,
  booking,
  schedule,
  chatWith,
}: {
  clinician: Clinician;
  onSignOut: () => void;
  /** Issue 30: a waiting patient's chat with the clinic (composed by the app), before admission. */
  chatWith?: (visitId: string, patientName: string) => ReactNode;
  settings?: ReactNode;
  /** Issue 28's booking form and the clinician's day, composed by the app. */
  booking?: ReactNode;
  schedule?: ReactNode;
  onJoinCall: (visitId: string) => void;
  onReview: (visitId: string) => void;
}) {
  const link = useClinicStore((s) => s.link);
  const entries = useClinicStore((s) => s.entries);
  const inCall = useClinicStore((s) => s.inCall);
  const visits = useClinicStore((s) => s.visits);
  const questions = useClinicStore((s) => s.questions);
  const issuedLinks = useClinicStore((s) => s.issuedLinks);
  const error = useClinicStore((s) => s.error);
  const arrivals = useClinicStore((s) => s.arrivals);
  const createVisit = useClinicStore((s) => s.createVisit);
  const reissueLink = useClinicStore((s) => s.reissueLink);
  const admit = useClinicStore((s) => s.admit);
  const [created, setCreated] = useState<VisitWithLinks>();
  useArrivalNotice(arrivals, entries.filter((e) => e.connection !== "left").length);

  return (
    <>
      <ClinicHeader clinician={clinician} onSignOut={onSignOut} settings={settings} />
      <main className="page clinic">
        <div className="clinic__main stack">
          <div className="row row--between">
            <h1>Waiting room</h1>
            <span className={`pill pill--${link}`} role="status">
              {linkText[link]}
            </span>
          </div>
          {error && link === "failed" && <p className="error">{error}</p>}
          <CommandFailure />
          <StatusControl />
          <section aria-label="People waiting" className="card">
            <WaitingList
              entries={entries}
              onAdmit={(id) => {
                const entry = entries.find((e) => e.participantId === id);
                void admit(id).then((ok) => ok && entry && onJoinCall(entry.visitId));
              }}
              interpreterPresent={interpreterPresent(entries, inCall)}
            />
          </section>
          {chatWith && <WaitingChats entries={entries} chatWith={chatWith} />}
          {questions.length > 0 && (
            <section aria-labelledby="questions-h" className="card">
              <h2 id="questions-h">Questions from patients</h2>
              <ul className="questions-waiting">
                {questions.map((q) => (
                  <li key={q.visitId} className="row row--between">
                    <span>
                      <strong>{q.patientDisplayName}</strong> asked {q.count} new question
                      {q.count === 1 ? "" : "s"} about their summary{" "}
                      <span className="muted">
                        ·{" "}
                        {new Date(q.lastAskedAt).toLocaleString(undefined, {
                          dateStyle: "medium",
                          timeStyle: "short",
                        })}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Read ${q.patientDisplayName}'s questions`}
                      onClick={() => onReview(q.visitId)}
                    >
                      Read
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {schedule}
          <section aria-labelledby="today-h" className="card">
            <h2 id="today-h">Today's visits</h2>
            <VisitList
              visits={visits}
              issuedLinks={issuedLinks}
              someoneHere={someoneHere(entries)}
              onJoin={onJoinCall}
              onReissue={(id, role) => void reissueLink(id, role)}
              onReview={onReview}
            />
          </section>
        </div>
        <section aria-labelledby="new-h" className="card clinic__side">
          <h2 id="new-h">New visit</h2>
          <NewVisitForm onCreate={(input) => createVisit(input).then(setCreated)} />
          {created && <NewLinks created={created} />}
          {booking}
        </section>
      </main>
    </>
  );
}

/** One chat per visit with a patient waiting: what they wrote from the waiting room, answered here. */
export function WaitingChats({
  entries,
  chatWith,
}: {
  entries: QueueEntry[];
  chatWith: (visitId: string, patientName: string) => ReactNode;
}) {
  const patients = entries.filter((e) => e.role === "patient" && e.connection !== "left");
  if (patients.length === 0) return null;
  return (
    <section aria-labelledby="waiting-chats-h" className="card stack">
      <h2 id="waiting-chats-h">Messages from the waiting room</h2>
      {patients.map((e) => (
        <div key={e.visitId}>{chatWith(e.visitId, e.displayName)}</div>
      ))}
    </section>
  );
}
