import type { ReviewSegment, StoredEvidence } from "@bedside/shared";
import { clock, languageName } from "./review-labels";

/** The words selected inside one segment's text, if the clinician selected some there. */
function selectionIn(segmentId: string): string | undefined {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed) return undefined;
  const el = document.getElementById(`seg-text-${segmentId}`);
  if (!el || !sel.anchorNode || !el.contains(sel.anchorNode) || !sel.focusNode || !el.contains(sel.focusNode))
    return undefined;
  const words = sel.toString().trim();
  return words.length > 0 ? words : undefined;
}

export function Transcript({
  segments,
  highlighted,
  citing,
  onCite,
}: {
  segments: ReviewSegment[];
  highlighted: Set<string>;
  citing: boolean;
  onCite: (e: StoredEvidence) => void;
}) {
  if (segments.length === 0) {
    return (
      // This page does not know why (consent, a pause, silence, deleted words): it must not guess one.
      <p className="empty">
        No words were saved for this visit. The scribe may have been off or paused, or heard no speech.
      </p>
    );
  }
  return (
    <ol className="review-transcript">
      {segments.map((s) => (
        <li
          key={s.id}
          id={`seg-${s.id}`}
          className={`review-seg${highlighted.has(s.id) ? " review-seg--cited" : ""}`}
        >
          <div className="review-seg__who">
            <span className={`tag tag--${s.role === "other" ? "patient" : s.role}`}>{s.speakerName}</span>
            <span className="muted">{clock(s.startMs)}</span>
            {s.language && s.language !== "en" && (
              <span className="muted">in {languageName(s.language)}</span>
            )}
          </div>
          {s.status === "ok" ? (
            <p id={`seg-text-${s.id}`} className="review-seg__text" lang={s.language ?? undefined}>
              {s.text}
            </p>
          ) : (
            <p className="review-seg__text muted">(This part could not be transcribed.)</p>
          )}
          {citing && s.status === "ok" && (
            <button
              type="button"
              className="button button--small button--quiet"
              // Keep the selection: a mouse down on the button would otherwise clear it first.
              onMouseDown={(e) => e.preventDefault()}
              aria-label={`Quote ${s.speakerName} at ${clock(s.startMs)} (the words you selected, or the whole line)`}
              onClick={() => onCite({ segmentId: s.id, quote: selectionIn(s.id) ?? s.text })}
            >
              Quote
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
