import type { GuestRole, VisitLink, VisitSummary } from "@bedside/shared";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyField } from "../../components/CopyField";
import { languageName } from "./languages";

const stateText: Record<VisitSummary["state"], string> = {
  scheduled: "Scheduled",
  waiting: "Someone is waiting",
  in_call: "In call",
  ended: "Ended",
};

const roleName: Record<GuestRole, string> = { patient: "patient", interpreter: "interpreter" };

/** One link, its copy button named for it. */
export function CopyLink({ link }: { link: VisitLink }) {
  return (
    <CopyField
      label={link.role === "patient" ? "Patient link" : "Interpreter link"}
      copyLabel={`Copy the ${link.role}'s link`}
      value={link.url}
    />
  );
}

export function VisitList({
  visits,
  issuedLinks,
  someoneHere,
  onJoin,
  onReissue,
  onReview,
}: {
  visits: VisitSummary[];
  issuedLinks: Record<string, VisitLink[]>;
  /** Whether anyone of this visit is really in the waiting room (online or reconnecting). */
  someoneHere: (visitId: string) => boolean;
  onJoin: (visitId: string) => void;
  onReissue: (visitId: string, role: GuestRole) => void;
  onReview: (visitId: string) => void;
}) {
  // A new link cancels the old one and takes its holder out of the visit: asked first.
  const [reissuing, setReissuing] = useState<{ visit: VisitSummary; role: GuestRole }>();
  if (visits.length === 0) return <p className="empty">No visits today yet.</p>;
  return (
    <>
      <ul className="visits">
        {visits.map((v) => {
          const links = issuedLinks[v.id] ?? [];
          // The visit still says "waiting" when the person waiting has gone: say so, quietly.
          const state = v.state === "waiting" && !someoneHere(v.id) ? "left" : v.state;
          return (
            <li key={v.id} className="visits__item">
              <div className="row row--between">
                <div>
                  <span className="queue__name">{v.patientDisplayName}</span>{" "}
                  <span className="muted">
                    {new Date(v.scheduledAt).toLocaleTimeString(undefined, {
                      hour: "numeric",
                      minute: "2-digit",
                    })}{" "}
                    · {languageName(v.preferredLanguage)}
                    {v.interpreterNeeded ? " · interpreter" : ""}
                  </span>
                </div>
                <span className={`pill pill--${state}`}>
                  {state === "left" ? "Left the waiting room" : stateText[state]}
                </span>
              </div>
              {links.map((l) => (
                <CopyLink key={l.url} link={l} />
              ))}
              {v.state !== "ended" && links.length === 0 && (
                <p className="muted small">
                  Links are shown only when made. If you need to send one again, make a new link.
                </p>
              )}
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
                    onClick={() => setReissuing({ visit: v, role: "patient" })}
                  >
                    New patient link
                  </button>
                  {v.interpreterNeeded && (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => setReissuing({ visit: v, role: "interpreter" })}
                    >
                      New interpreter link
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {reissuing && (
        <ConfirmDialog
          title={`Make a new ${roleName[reissuing.role]} link for ${reissuing.visit.patientDisplayName}'s visit?`}
          confirmLabel="Make a new link"
          cancelLabel="Keep the old link"
          onCancel={() => setReissuing(undefined)}
          onConfirm={() => {
            onReissue(reissuing.visit.id, reissuing.role);
            setReissuing(undefined);
          }}
        >
          <p>
            The {roleName[reissuing.role]} link you sent before stops working at once. If the{" "}
            {roleName[reissuing.role]} is waiting or in the call, they are taken out and must open the new
            link.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
