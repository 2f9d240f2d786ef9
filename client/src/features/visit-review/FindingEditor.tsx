import { findingKinds, type FindingKind, type StoredEvidence } from "@bedside/shared";
import { kindLabel } from "./review-labels";

/** The finding being edited (or written, when id is "new"); quotes can only come from the transcript. */
export interface Draft {
  id: string;
  kind: FindingKind;
  text: string;
  evidence: StoredEvidence[];
}

export function FindingEditor({
  draft,
  busy,
  onChange,
  onSave,
  onCancel,
}: {
  draft: Draft;
  busy: boolean;
  onChange: (d: Draft) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  return (
    <form
      className="review-editor stack"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label className="field">
        <span>Kind</span>
        <select
          value={draft.kind}
          onChange={(e) => onChange({ ...draft, kind: e.target.value as FindingKind })}
        >
          {findingKinds.map((k) => (
            <option key={k} value={k}>
              {kindLabel[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Finding</span>
        {/* A finding can run to a few sentences (up to 500 characters): all of it in view while editing. */}
        <textarea
          value={draft.text}
          rows={3}
          maxLength={500}
          required
          onChange={(e) => onChange({ ...draft, text: e.target.value })}
        />
      </label>
      <fieldset className="review-editor__quotes">
        <legend>From the visit</legend>
        {draft.evidence.length === 0 && (
          <p className="muted">No quote. Use “Quote” beside a line of the transcript to add one.</p>
        )}
        <ul>
          {draft.evidence.map((e, i) => (
            <li key={`${e.segmentId}-${i}`} className="row row--between">
              <q>{e.quote}</q>
              <button
                type="button"
                className="button button--small button--quiet"
                aria-label={`Remove quote: ${e.quote}`}
                onClick={() => onChange({ ...draft, evidence: draft.evidence.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <p className="muted small">
          Quotes are kept word for word. Select words in the transcript to quote part of a line.
        </p>
      </fieldset>
      <div className="row">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          Save
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
