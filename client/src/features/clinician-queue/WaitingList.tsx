import type { QueueEntry } from "@bedside/shared";
import { useNow } from "../../lib/use-now";

const waited = (since: string, now: number) => {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  return minutes < 1 ? "just arrived" : `waiting ${minutes} min`;
};

function deviceSummary(e: QueueEntry): string {
  const d = e.deviceCheck;
  const parts = [
    d.camera === "ok" ? "camera ok" : `camera ${d.camera}`,
    d.microphone === "ok" ? "mic ok" : `mic ${d.microphone}`,
  ];
  if (d.connectionRttMs !== null) parts.push(`${d.connectionRttMs} ms`);
  return parts.join(" · ");
}

const connectionText: Record<QueueEntry["connection"], string> = {
  online: "online",
  reconnecting: "reconnecting…",
  left: "left",
};

export function WaitingList({
  entries,
  onAdmit,
  interpreterPresent,
  emptyText = "No one is waiting right now. Patients appear here as soon as they check in.",
}: {
  entries: QueueEntry[];
  onAdmit: (participantId: string) => void;
  interpreterPresent: (visitId: string) => boolean;
  emptyText?: string;
}) {
  const now = useNow(15_000);
  // Who left is kept apart and quiet: never offered for admission, never counted as waiting.
  const here = entries.filter((e) => e.connection !== "left");
  const left = entries.filter((e) => e.connection === "left");
  return (
    <>
      {here.length === 0 ? (
        <p className="empty">{emptyText}</p>
      ) : (
        <ul className="queue">
          {here.map((e) => (
            <li key={e.participantId} className="queue__item">
              <div className="queue__who">
                <span className="queue__name">{e.displayName}</span>
                <span className={`tag tag--${e.role}`}>
                  {e.role === "patient" ? "Patient" : "Interpreter"}
                </span>
                <span className={e.connection === "online" ? "ok" : "warn"}>
                  {connectionText[e.connection]}
                </span>
              </div>
              <div className="queue__meta muted">
                <span>{waited(e.waitingSince, now)}</span>
                <span>{deviceSummary(e)}</span>
                <span>{e.scribeConsent === "granted" ? "scribe: consented" : "scribe: declined"}</span>
                {e.role === "patient" && e.interpreterNeeded && (
                  <span className={interpreterPresent(e.visitId) ? "ok" : "warn"}>
                    {interpreterPresent(e.visitId) ? "interpreter here" : "interpreter missing"}
                  </span>
                )}
              </div>
              <button type="button" className="button button--small" onClick={() => onAdmit(e.participantId)}>
                Admit {e.displayName}
              </button>
            </li>
          ))}
        </ul>
      )}
      {left.length > 0 && (
        <details className="left-recently">
          <summary>Left the waiting room ({left.length})</summary>
          <ul className="queue queue--left" aria-label="Left the waiting room">
            {left.map((e) => (
              <li key={e.participantId} className="queue__item">
                <span>
                  {e.displayName} · {e.role === "patient" ? "Patient" : "Interpreter"}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
