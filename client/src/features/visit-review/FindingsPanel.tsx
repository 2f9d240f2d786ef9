import type { ReviewFinding, VisitReview } from "@bedside/shared";
import { FindingCard } from "./FindingCard";
import { FindingEditor, type Draft } from "./FindingEditor";
import type { FindingsChange } from "./review-queries";

/** The findings: suggest, add, edit, approve or remove each, until the summary is released. */
export function FindingsPanel({
  review,
  frozen,
  ended,
  busy,
  draft,
  onDraft,
  onChange,
  onShow,
}: {
  review: VisitReview;
  frozen: boolean;
  ended: boolean;
  /** A change is being saved: every button that changes something waits. */
  busy: boolean;
  draft: Draft | undefined;
  onDraft: (d: Draft | undefined) => void;
  /** Resolves to whether the change was stored. */
  onChange: (c: FindingsChange) => Promise<boolean>;
  onShow: (f: ReviewFinding) => void;
}) {
  const save = async () => {
    if (!draft) return;
    const input = { kind: draft.kind, text: draft.text, evidence: draft.evidence };
    const ok = await onChange(
      draft.id === "new" ? { kind: "add", input } : { kind: "edit", findingId: draft.id, input },
    );
    if (ok) onDraft(undefined);
  };
  const editor = (d: Draft) => (
    <FindingEditor
      key={d.id}
      draft={d}
      busy={busy}
      onChange={onDraft}
      onSave={() => void save()}
      onCancel={() => onDraft(undefined)}
    />
  );
  return (
    <>
      <div className="row row--between">
        <h2 id="findings-h">Findings</h2>
        {!frozen && ended && (
          <div className="row">
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => void onChange({ kind: "extract" })}
            >
              {review.extraction ? "Suggest again" : "Suggest findings"}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={draft !== undefined}
              onClick={() => onDraft({ id: "new", kind: "plan", text: "", evidence: [] })}
            >
              Add a finding
            </button>
          </div>
        )}
      </div>
      {!ended && <p className="notice">You can review findings once the visit has ended.</p>}
      {draft?.id === "new" && editor(draft)}
      {review.findings.length === 0 && ended && (
        <p className="empty">No findings yet. Ask the scribe to suggest some, or add your own.</p>
      )}
      {review.findings.map((f) =>
        draft?.id === f.id ? (
          editor(draft)
        ) : (
          <FindingCard
            key={f.id}
            finding={f}
            frozen={frozen}
            busy={busy}
            onEdit={() => onDraft({ id: f.id, kind: f.kind, text: f.text, evidence: f.evidence })}
            onStatus={(status) => void onChange({ kind: "status", findingId: f.id, status })}
            onShow={() => onShow(f)}
          />
        ),
      )}
    </>
  );
}
