import type { ReviewFinding } from "@bedside/shared";
import { useState, type ReactNode } from "react";
import { AccessPanel } from "./AccessPanel";
import { ChatLog } from "./ChatLog";
import { FeedbackPanel } from "./FeedbackPanel";
import type { Draft } from "./FindingEditor";
import { FindingsPanel } from "./FindingsPanel";
import { InsightsPanel } from "./InsightsPanel";
import { NotePanel } from "./NotePanel";
import { QuestionsPanel } from "./QuestionsPanel";
import { ReleasePanel } from "./ReleasePanel";
import { releaseState } from "./release-state";
import { messageOf, useFindingsChange, useReview, type FindingsChange } from "./review-queries";
import { Transcript } from "./Transcript";
import "./visit-review.css";

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
  const review = useReview(visitId);
  const change = useFindingsChange(visitId);
  const [notice, setNotice] = useState<string>();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [focused, setFocused] = useState<string | undefined>();
  // Correcting a released summary: editable again; the patient keeps the released version meanwhile.
  const [correcting, setCorrecting] = useState(false);

  if (!review.data) {
    return (
      <main className="page" aria-busy={!review.error}>
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← Back to visits
        </button>
        {review.error ? (
          <p role="alert" className="error">
            {messageOf(review.error)}
          </p>
        ) : (
          <p className="muted">Loading the visit…</p>
        )}
      </main>
    );
  }

  const { visit, transcript, findings, extraction } = review.data;
  const state = releaseState(review.data, { correcting, editing: draft !== undefined });
  const busy = change.isPending;
  const focusedFinding = findings.find((f) => f.id === focused);
  const highlighted = new Set((draft?.evidence ?? focusedFinding?.evidence ?? []).map((e) => e.segmentId));
  // A failed change's message until the next change starts (then the mutation resets it).
  const error = change.error ? messageOf(change.error) : undefined;

  const run = async (c: FindingsChange) => {
    if (busy) return false;
    setNotice(undefined);
    try {
      setNotice(await change.mutateAsync(c));
      return true;
    } catch {
      return false;
    }
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
          <h1>Review: {visit.patientDisplayName}</h1>
          <p className="muted">
            {visit.endedAt
              ? `Visit ended ${new Date(visit.endedAt).toLocaleString()}`
              : "This visit has not ended yet."}
            {extraction?.fallbackReason
              ? " · The AI service was unavailable; the built-in engine was used."
              : ""}
            {state.released ? ` · Released to the patient ${state.lastRelease?.toLocaleString() ?? ""}` : ""}
            {state.released && !state.frozen
              ? " · Correcting: changes reach the patient when you release again"
              : ""}
          </p>
        </div>
      </div>
      <div aria-live="polite" className="review__messages">
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {notice && <p className="notice">{notice}</p>}
      </div>

      <div className="review__grid">
        <section className="review-panel review__transcript" aria-labelledby="transcript-h">
          <h2 id="transcript-h">Transcript</h2>
          <Transcript
            segments={transcript}
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
          <FindingsPanel
            review={review.data}
            frozen={state.frozen}
            ended={state.ended}
            busy={busy}
            draft={draft}
            onDraft={setDraft}
            onChange={run}
            onShow={showInTranscript}
          />
          <ReleasePanel
            visit={visit}
            state={state}
            busy={busy}
            onRelease={() => run({ kind: "release" })}
            onCorrect={setCorrecting}
          />
          {state.ended && <NotePanel visitId={visitId} transcript={transcript} />}
          <QuestionsPanel visitId={visitId} />
          <ChatLog visitId={visitId} />
          <FeedbackPanel />
          {state.ended && <InsightsPanel visitId={visitId} />}
          {extra}
          <AccessPanel visitId={visitId} />
        </section>
      </div>
    </main>
  );
}
