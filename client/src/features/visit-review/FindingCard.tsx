import type { ReviewFinding } from "@bedside/shared";
import { kindLabel, statusLabel } from "./review-labels";

export function FindingCard({
  finding,
  frozen,
  busy,
  onEdit,
  onStatus,
  onShow,
}: {
  finding: ReviewFinding;
  frozen: boolean;
  busy: boolean;
  onEdit: () => void;
  onStatus: (s: ReviewFinding["status"]) => void;
  onShow: () => void;
}) {
  return (
    <article className={`review-finding review-finding--${finding.status}`} aria-label={finding.text}>
      <div className="row row--between">
        <span className="review-finding__kind">{kindLabel[finding.kind]}</span>
        <span className={`review-status review-status--${finding.status}`}>
          {frozen
            ? finding.status === "approved"
              ? "Released"
              : "Not released"
            : statusLabel[finding.status]}
        </span>
      </div>
      <p className="review-finding__text">{finding.text}</p>
      {/* The same words said twice are shown once ("Show in transcript" finds every place). */}
      {[...new Set(finding.evidence.map((e) => e.quote))].map((quote) => (
        <blockquote key={quote} className="review-finding__quote">
          {quote}
        </blockquote>
      ))}
      {finding.details.uncertain && (
        <p className="notice small">
          Not sure, please check: the scribe could not find every fact of this in the words it quotes. The
          patient will not read it unless you edit or approve it.
        </p>
      )}
      {finding.evidenceWithdrawn && (
        <p className="notice small">
          Someone in the visit deleted what the scribe wrote down of them: quotes of their words were removed
          from this finding. Please check it before releasing.
        </p>
      )}
      <p className="muted small">
        {finding.source === "clinician" ? "Added by you" : "Suggested by the scribe"}
        {finding.editedByClinician && finding.source !== "clinician" ? " · edited by you" : ""}
      </p>
      {!frozen && (
        <div className="row review-finding__actions">
          {finding.status !== "approved" && finding.status !== "removed" && (
            <button
              type="button"
              className="button button--primary button--small"
              disabled={busy}
              onClick={() => onStatus("approved")}
            >
              Approve
            </button>
          )}
          {finding.status === "approved" && (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => onStatus("draft")}
            >
              Unapprove
            </button>
          )}
          {finding.status !== "removed" ? (
            <>
              <button type="button" className="button button--small" disabled={busy} onClick={onEdit}>
                Edit
              </button>
              <button
                type="button"
                className="button button--small button--danger-outline"
                disabled={busy}
                onClick={() => onStatus("removed")}
              >
                Remove
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => onStatus("draft")}
            >
              Restore
            </button>
          )}
          {finding.evidence.length > 0 && (
            <button type="button" className="button button--small button--quiet" onClick={onShow}>
              Show in transcript
            </button>
          )}
        </div>
      )}
    </article>
  );
}
