import type { GuestRole, VisitLink, VisitSummary } from "@bedside/shared";
import { useState } from "react";

const stateText: Record<VisitSummary["state"], string> = {
  scheduled: "Scheduled",
  waiting: "Someone is waiting",
  in_call: "In call",
  ended: "Ended",
};

function CopyLink({ link }: { link: VisitLink }) {
  const [copied, setCopied] = useState(false);
  const label = link.role === "patient" ? "Patient link" : "Interpreter link";
  return (
    <div className="link-row">
      <label className="field grow">
        <span>{label}</span>
        <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button
        type="button"
        className="button button--small"
        onClick={() => void navigator.clipboard?.writeText(link.url).then(() => setCopied(true))}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

export function VisitList({
  visits,
  issuedLinks,
  onJoin,
  onReissue,
  onReview,
}: {
  visits: VisitSummary[];
  issuedLinks: Record<string, VisitLink[]>;
  onJoin: (visitId: string) => void;
  onReissue: (visitId: string, role: GuestRole) => void;
  onReview: (visitId: string) => void;
}) {
  if (visits.length === 0) return <p className="empty">No visits today yet.</p>;
  return (
    <ul className="visits">
      {visits.map((v) => (
        <li key={v.id} className="visits__item">
          <div className="row row--between">
            <div>
              <span className="queue__name">{v.patientDisplayName}</span>{" "}
              <span className="muted">
                {new Date(v.scheduledAt).toLocaleTimeString(undefined, {
                  hour: "numeric",
                  minute: "2-digit",
                })}{" "}
                · {v.preferredLanguage}
                {v.interpreterNeeded ? " · interpreter" : ""}
              </span>
            </div>
            <span className={`pill pill--${v.state}`}>{stateText[v.state]}</span>
          </div>
          {(issuedLinks[v.id] ?? []).map((l) => (
            <CopyLink key={l.url} link={l} />
          ))}
          {v.state === "ended" && (
            <div className="row">
              <button type="button" className="button button--small" onClick={() => onReview(v.id)}>
                Review notes
              </button>
            </div>
          )}
          {v.state !== "ended" && (
            <div className="row">
              <button type="button" className="button button--small" onClick={() => onJoin(v.id)}>
                {v.state === "in_call" ? "Rejoin call" : "Start call"}
              </button>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => onReissue(v.id, "patient")}
              >
                New patient link
              </button>
              {v.interpreterNeeded && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => onReissue(v.id, "interpreter")}
                >
                  New interpreter link
                </button>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
