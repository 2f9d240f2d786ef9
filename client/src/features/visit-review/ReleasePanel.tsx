import type { VisitReview } from "@bedside/shared";
import { useState } from "react";
import type { ReleaseState } from "./release-state";

const findings = (n: number) => `${n} finding${n === 1 ? "" : "s"}`;

/** Release to the patient: what goes out, a preview, a confirmation; once released, a correction. */
export function ReleasePanel({
  visit,
  state,
  busy,
  onRelease,
  onCorrect,
}: {
  visit: VisitReview["visit"];
  state: ReleaseState;
  busy: boolean;
  /** Resolves to whether the release went out. */
  onRelease: () => Promise<boolean>;
  /** Start (true) or stop (false) correcting a released summary. */
  onCorrect: (correcting: boolean) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const { approved, drafts, released, frozen } = state;
  const releasedWhen = state.lastRelease?.toLocaleString() ?? "";
  const name = visit.patientDisplayName;
  return (
    <section className="review-panel review__release" aria-labelledby="release-h">
      <h2 id="release-h">Release to the patient</h2>
      {frozen ? (
        <>
          <p>
            {visit.revisedAt ? "Corrected and released again" : "Released"} {releasedWhen}. {name} can read{" "}
            {findings(approved.length)} in plain language now.
          </p>
          <button type="button" className="button" onClick={() => onCorrect(true)}>
            Correct the summary
          </button>
        </>
      ) : (
        <>
          {released && (
            <p className="notice">
              You are correcting the summary. {name} keeps reading the version released {releasedWhen} until
              you release again, and will see that it was updated.
            </p>
          )}
          <p>
            {approved.length} approved
            {drafts.length > 0
              ? ` · ${drafts.length} draft${drafts.length === 1 ? "" : "s"} will not be sent`
              : ""}
            . The patient sees only approved findings, explained in plain words.
          </p>
          {approved.length > 0 && (
            <p>
              {/* The patient's own page, composed from what is approved now. */}
              <a className="button" href={`/clinic/visits/${encodeURIComponent(visit.id)}/preview`}>
                Preview what {name} will read
              </a>
            </p>
          )}
          {confirming ? (
            <div className="row">
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  void onRelease().then((ok) => {
                    setConfirming(false);
                    if (ok) onCorrect(false);
                  })
                }
              >
                Yes, release {released ? "the correction with " : ""}
                {findings(approved.length)}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <div className="row">
              <button
                type="button"
                className="button button--primary"
                disabled={state.blocked !== undefined}
                onClick={() => setConfirming(true)}
              >
                {released ? "Release the corrected summary…" : `Release to ${name}…`}
              </button>
              {released && !state.unreleasedChanges && (
                <button type="button" className="button" onClick={() => onCorrect(false)}>
                  Stop correcting
                </button>
              )}
            </div>
          )}
          {state.blocked === "nothing-approved" && (
            <p className="muted small">Approve at least one finding first.</p>
          )}
        </>
      )}
    </section>
  );
}
