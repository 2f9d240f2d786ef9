import type { ClinicianStatus } from "@bedside/shared";
import { useEffect, useState } from "react";

function useMinutesSince(iso: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

/** The clinician's status in plain words: always that they know the patient is here. */
export function statusSentence(name: string, s: ClinicianStatus): string {
  switch (s.status) {
    case "available":
      return `${name} knows you're here and will let you in soon.`;
    case "in_visit":
      return `${name} knows you're here and is finishing another visit.`;
    case "away":
      return `${name} knows you're here and will be back shortly.`;
    case "running_late":
      return `${name} knows you're here and is about ${s.lateMinutes} minutes late.`;
  }
}

export function WaitingRoomPage({
  clinicianName,
  clinicianStatus,
  waitingSince,
  reconnecting,
  message,
}: {
  clinicianName: string;
  clinicianStatus: ClinicianStatus;
  waitingSince: string;
  reconnecting: boolean;
  message: string | undefined;
}) {
  const minutes = useMinutesSince(waitingSince);
  return (
    <main className="page page--narrow waiting">
      <div className="waiting__pulse" aria-hidden="true" />
      <h1>You're in the waiting room</h1>
      <p className="waiting__status" role="status" aria-live="polite">
        {statusSentence(clinicianName, clinicianStatus)}
      </p>
      {clinicianStatus.message && <p className="waiting__message">“{clinicianStatus.message}”</p>}
      <p className="muted">
        {minutes < 1
          ? "You just arrived."
          : `You have been waiting ${minutes} minute${minutes === 1 ? "" : "s"}.`}{" "}
        Please keep this page open. The call will start by itself.
      </p>
      {reconnecting && (
        <p className="notice" role="alert">
          Your connection dropped. We're reconnecting — you keep your place.
        </p>
      )}
      {message && <p className="error">{message}</p>}
      <div className="card">
        <h2>While you wait</h2>
        <ul className="tips">
          <li>Find a quiet, private place with good light on your face.</li>
          <li>Have your medicines or a list of them nearby.</li>
          <li>Write down any questions you want to ask.</li>
        </ul>
      </div>
    </main>
  );
}
