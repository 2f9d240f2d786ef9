import {
  findingKinds,
  type FindingKind,
  type ReviewFinding,
  type ReviewSegment,
  type StoredEvidence,
} from "@bedside/shared";
import { useEffect, useState, type ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";
import { AccessPanel } from "./AccessPanel";
import { FeedbackPanel } from "./FeedbackPanel";
import { InsightsPanel } from "./InsightsPanel";
import { NotePanel } from "./NotePanel";
import { reviewView, useReviewStore } from "./review-store";
import { ChatLog } from "./ChatLog";
import "./visit-review.css";

export const kindLabel: Record<FindingKind, string> = {
  chief_concern: "Main concern",
  symptom: "Symptom",
  medication: "Medicine",
  allergy: "Allergy",
  measurement: "Measurement",
  assessment: "Assessment",
  plan: "Plan",
  follow_up: "Follow-up",
  warning_sign: "Warning sign",
};

const statusLabel: Record<ReviewFinding["status"], string> = {
  draft: "Draft",
  approved: "Approved",
  removed: "Removed",
};

/** A segment's language named in English (the clinician's screens), e.g. "es" → "Spanish". */
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });
const languageName = (code: string) => languageNames.of(code) ?? code;

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** The finding being edited (or written, when id is "new"); quotes can only come from the transcript. */
interface Draft {
  id: string;
  kind: FindingKind;
  text: string;
  evidence: StoredEvidence[];
}

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

function Editor({
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

function FindingCard({
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

/** The clinician's review after a visit: transcript beside the findings, then release to the patient. */
export function VisitReviewPage({
  visitId,
  onBack,
  extra,
}: {
  visitId: string;
  onBack: () => void;
  /** What app/ composes beside the findings (the patient's photos and documents). */
  extra?: ReactNode;
}) {
  const s = useReviewStore(useShallow(reviewView));
  const { load } = s;
  const [draft, setDraft] = useState<Draft | undefined>();
  const [focused, setFocused] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  // Correcting a released summary: editable again; the patient keeps the released version meanwhile.
  const [correcting, setCorrecting] = useState(false);

  useEffect(() => void load(visitId), [visitId, load]);

  const review = s.review;
  if (!review) {
    return (
      <main className="page" aria-busy={!s.error}>
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← Back to visits
        </button>
        {s.error ? (
          <p role="alert" className="error">
            {s.error}
          </p>
        ) : (
          <p className="muted">Loading the visit…</p>
        )}
      </main>
    );
  }

  const released = review.visit.releasedAt !== null;
  const releasedIds = new Set(review.visit.releasedFindingIds);
  const lastRelease = new Date(review.visit.revisedAt ?? review.visit.releasedAt ?? 0);
  const approved = review.findings.filter((f) => f.status === "approved");
  // Edits made after the release and not released yet (say, before a reload) keep the page correcting.
  const unreleasedChanges =
    released &&
    (approved.length !== releasedIds.size ||
      approved.some((f) => !releasedIds.has(f.id) || new Date(f.updatedAt) > lastRelease));
  const frozen = released && !correcting && !unreleasedChanges;
  const releasedWhen = lastRelease.toLocaleString();
  const ended = review.visit.state === "ended";
  const drafts = review.findings.filter((f) => f.status === "draft");
  const focusedFinding = review.findings.find((f) => f.id === focused);
  const highlighted = new Set((draft?.evidence ?? focusedFinding?.evidence ?? []).map((e) => e.segmentId));

  const save = async () => {
    if (!draft) return;
    const body = { kind: draft.kind, text: draft.text, evidence: draft.evidence };
    const ok = draft.id === "new" ? await s.add(body) : await s.edit(draft.id, body);
    if (ok) setDraft(undefined);
  };

  const showInTranscript = (f: ReviewFinding) => {
    setFocused(f.id);
    const first = f.evidence[0];
    if (first)
      document
        .getElementById(`seg-${first.segmentId}`)
        ?.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  return (
    <main className="page review">
      <div className="row row--between review__head">
        <div>
          <button type="button" className="button button--quiet button--small" onClick={onBack}>
            ← Back to visits
          </button>
          <h1>Review: {review.visit.patientDisplayName}</h1>
          <p className="muted">
            {review.visit.endedAt
              ? `Visit ended ${new Date(review.visit.endedAt).toLocaleString()}`
              : "This visit has not ended yet."}
            {review.extraction?.fallbackReason
              ? " · The AI service was unavailable; the built-in engine was used."
              : ""}
            {released ? ` · Released to the patient ${releasedWhen}` : ""}
            {released && !frozen ? " · Correcting: changes reach the patient when you release again" : ""}
          </p>
        </div>
      </div>
      <div aria-live="polite" className="review__messages">
        {s.error && (
          <p role="alert" className="error">
            {s.error}
          </p>
        )}
        {s.notice && <p className="notice">{s.notice}</p>}
      </div>

      <div className="review__grid">
        <section className="review-panel review__transcript" aria-labelledby="transcript-h">
          <h2 id="transcript-h">Transcript</h2>
          <Transcript
            segments={review.transcript}
            highlighted={highlighted}
            citing={draft !== undefined}
            onCite={(e) =>
              draft &&
              !draft.evidence.some((x) => x.segmentId === e.segmentId && x.quote === e.quote) &&
              setDraft({ ...draft, evidence: [...draft.evidence, e] })
            }
          />
        </section>

        <section className="review__findings stack" aria-labelledby="findings-h">
          <div className="row row--between">
            <h2 id="findings-h">Findings</h2>
            {!frozen && ended && (
              <div className="row">
                <button
                  type="button"
                  className="button button--small"
                  disabled={s.busy !== undefined}
                  onClick={() => void s.extract()}
                >
                  {review.extraction ? "Suggest again" : "Suggest findings"}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  disabled={draft !== undefined}
                  onClick={() => setDraft({ id: "new", kind: "plan", text: "", evidence: [] })}
                >
                  Add a finding
                </button>
              </div>
            )}
          </div>
          {!ended && <p className="notice">You can review findings once the visit has ended.</p>}
          {draft?.id === "new" && (
            <Editor
              draft={draft}
              busy={s.busy !== undefined}
              onChange={setDraft}
              onSave={() => void save()}
              onCancel={() => setDraft(undefined)}
            />
          )}
          {review.findings.length === 0 && ended && (
            <p className="empty">No findings yet. Ask the scribe to suggest some, or add your own.</p>
          )}
          {review.findings.map((f) =>
            draft?.id === f.id ? (
              <Editor
                key={f.id}
                draft={draft}
                busy={s.busy !== undefined}
                onChange={setDraft}
                onSave={() => void save()}
                onCancel={() => setDraft(undefined)}
              />
            ) : (
              <FindingCard
                key={f.id}
                finding={f}
                frozen={frozen}
                busy={s.busy !== undefined}
                onEdit={() => setDraft({ id: f.id, kind: f.kind, text: f.text, evidence: f.evidence })}
                onStatus={(status) => void s.setStatus(f.id, status)}
                onShow={() => showInTranscript(f)}
              />
            ),
          )}

          <section className="review-panel review__release" aria-labelledby="release-h">
            <h2 id="release-h">Release to the patient</h2>
            {frozen ? (
              <>
                <p>
                  {review.visit.revisedAt ? "Corrected and released again" : "Released"} {releasedWhen}.{" "}
                  {review.visit.patientDisplayName} can read {approved.length} finding
                  {approved.length === 1 ? "" : "s"} in plain language now.
                </p>
                <button type="button" className="button" onClick={() => setCorrecting(true)}>
                  Correct the summary
                </button>
              </>
            ) : (
              <>
                {released && (
                  <p className="notice">
                    You are correcting the summary. {review.visit.patientDisplayName} keeps reading the
                    version released {releasedWhen} until you release again, and will see that it was updated.
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
                    <a
                      className="button"
                      href={`/clinic/visits/${encodeURIComponent(review.visit.id)}/preview`}
                    >
                      Preview what {review.visit.patientDisplayName} will read
                    </a>
                  </p>
                )}
                {confirming ? (
                  <div className="row">
                    <button
                      type="button"
                      className="button button--primary"
                      disabled={s.busy !== undefined}
                      onClick={() =>
                        void s.release().then((ok) => {
                          setConfirming(false);
                          if (ok) setCorrecting(false);
                        })
                      }
                    >
                      Yes, release {released ? "the correction with " : ""}
                      {approved.length} finding{approved.length === 1 ? "" : "s"}
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
                      disabled={approved.length === 0 || draft !== undefined || !ended}
                      onClick={() => setConfirming(true)}
                    >
                      {released
                        ? "Release the corrected summary…"
                        : `Release to ${review.visit.patientDisplayName}…`}
                    </button>
                    {correcting && !unreleasedChanges && (
                      <button type="button" className="button" onClick={() => setCorrecting(false)}>
                        Stop correcting
                      </button>
                    )}
                  </div>
                )}
                {approved.length === 0 && ended && (
                  <p className="muted small">Approve at least one finding first.</p>
                )}
              </>
            )}
          </section>

          {ended && (
            <NotePanel
              visitId={visitId}
              transcript={review.transcript}
              approvedKey={approved.map((f) => `${f.id}@${f.updatedAt}`).join(",")}
            />
          )}

          <section className="review-panel" aria-labelledby="questions-h">
            <h2 id="questions-h">Questions from the patient</h2>
            {s.questions.length === 0 ? (
              <p className="muted">No questions yet.</p>
            ) : (
              <ul className="review-questions">
                {s.questions.map((q) => (
                  <li key={q.id}>
                    <p className="muted small">
                      {q.isNew && <span className="tag tag--new">New</span>} {q.askedBy} asked about “
                      {q.findingText}” · {new Date(q.askedAt).toLocaleString()}
                    </p>
                    <p>{q.text}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <ChatLog visitId={visitId} />

          {s.feedback && <FeedbackPanel feedback={s.feedback} />}
          {ended && <InsightsPanel visitId={visitId} />}
          {extra}
          <AccessPanel visitId={visitId} />
        </section>
      </div>
    </main>
  );
}
