import {
  careItems,
  careRatingLabels,
  medicineLabel,
  type AfterVisitSummary,
  type CareAnswer,
} from "@bedside/shared";
import { useEffect, useId, useState } from "react";
import { useAfterVisitStore } from "./after-visit-store";
import { SummaryDocument } from "./SummaryDocument";
import "./after-visit.css";

/** What a question can be about: each medicine, test, referral and topic of the summary. */
function topicsOf(summary: AfterVisitSummary): { findingId: string; label: string }[] {
  const doc = summary.document;
  const topics = [
    ...doc.medicines.map((m) => ({ findingId: m.findingId, label: medicineLabel(m) })),
    ...doc.testsAndReferrals.map((e) => ({ findingId: e.findingIds[0] ?? "", label: e.title })),
    ...doc.talkedAbout.map((e) => ({ findingId: e.findingIds[0] ?? "", label: e.title })),
  ].filter((t) => t.findingId !== "");
  // Old releases have no composed topics: their items are still there to ask about.
  if (topics.length === 0) return summary.items.map((i) => ({ findingId: i.findingId, label: i.about.text }));
  return topics;
}

function AskQuestion({ summary }: { summary: AfterVisitSummary }) {
  const ask = useAfterVisitStore((s) => s.ask);
  const topics = topicsOf(summary);
  const [topic, setTopic] = useState(topics[0]?.findingId ?? "");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const id = useId();
  const labelOf = new Map(topics.map((t) => [t.findingId, t.label]));
  if (topics.length === 0) return null;
  return (
    <div className="after-ask no-print">
      {summary.questions.length > 0 && (
        <div className="after-ask__asked">
          <p className="muted">You asked:</p>
          <ul>
            {summary.questions.map((q, i) => (
              <li key={i}>
                {labelOf.has(q.findingId) && <span className="muted">{labelOf.get(q.findingId)}: </span>}
                {q.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setSending(true);
          setSent(false);
          void ask(topic, text).then((err) => {
            setSending(false);
            setError(err);
            if (!err) {
              setText("");
              setSent(true);
            }
          });
        }}
      >
        <label className="field" htmlFor={`${id}-topic`}>
          <span>What is your question about?</span>
          <select id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.target.value)}>
            {topics.map((t) => (
              <option key={t.findingId} value={t.findingId}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-text`}>
          <span>Write your question here</span>
          <textarea
            id={`${id}-text`}
            rows={3}
            maxLength={1000}
            required
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={sending || !text.trim()}>
          Send question
        </button>
      </form>
      {sent && (
        <p role="status" className="ok">
          Sent. {summary.clinicianName} will see your question.
        </p>
      )}
    </div>
  );
}

function Feedback({ clinicianName }: { clinicianName: string }) {
  const send = useAfterVisitStore((s) => s.sendFeedback);
  const [care, setCare] = useState<(CareAnswer | undefined)[]>(() => careItems.map(() => undefined));
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const missing = care.findIndex((a) => a === undefined);
  return (
    <form
      className="after-feedback stack"
      aria-labelledby="summary-feedback"
      onSubmit={(e) => {
        e.preventDefault();
        if (missing >= 0) {
          setError(`Please answer question ${missing + 1}. You can pick “Does not apply”.`);
          document.getElementById(`care-${missing}-0`)?.focus();
          return;
        }
        setSending(true);
        void send(
          care.map((a) => a ?? null),
          comment,
        ).then((err) => {
          setSending(false);
          setError(err);
        });
      }}
    >
      <p>It takes about two minutes. Your answers are mixed in with many others. Your name is not shown.</p>
      <p className="muted">How was {clinicianName} at…</p>
      {careItems.map((item, i) => (
        // The CARE measure is used as published: its wording is exempt from our grade check.
        <fieldset key={item.title} className="after-care" data-grade-exempt>
          <legend>
            <span className="after-care__n">{i + 1}.</span> {item.title}
            <span className="after-care__detail">({item.detail})</span>
          </legend>
          <div className="after-care__options">
            {[1, 2, 3, 4, 5, null].map((value, j) => (
              <label key={j} className="after-care__option">
                <input
                  type="radio"
                  id={`care-${i}-${j}`}
                  name={`care-${i}`}
                  checked={care[i] === value}
                  onChange={() => setCare(care.map((a, k) => (k === i ? value : a)))}
                />
                <span>{value === null ? "Does not apply" : careRatingLabels[value - 1]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <label className="field">
        <span>Anything else you want to tell us? (optional)</span>
        <textarea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={sending}>
        Send my answers
      </button>
    </form>
  );
}

const RECHECK_MS = 30_000;

/**
 * The patient's after-visit summary. `participantToken` is the guest's bearer secret: the
 * check-in token, or the visit link's own secret (what the patient still has later on).
 */
export function AfterVisitPage({ participantToken }: { participantToken: string }) {
  const { phase, summary, message, load } = useAfterVisitStore();
  useEffect(() => void load(participantToken), [participantToken, load]);
  // Waiting for the release: look again now and then, so the summary appears without a reload.
  useEffect(() => {
    if (phase !== "not-ready") return;
    const timer = window.setInterval(() => void load(participantToken), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [phase, participantToken, load]);

  if (phase === "loading") {
    return (
      <main className="page page--narrow" aria-busy="true">
        <p className="muted">Opening your summary…</p>
      </main>
    );
  }
  if (phase !== "ready" || !summary) {
    return (
      <main className="page page--narrow stack after">
        {/* The server's "not ready" message says so itself; the heading just names the page. */}
        <h1>{phase === "not-ready" ? "Your visit summary" : "We could not open your summary"}</h1>
        <p role={phase === "not-ready" ? "status" : "alert"}>{message}</p>
        {phase === "not-ready" && (
          <>
            <p className="muted">This page checks again by itself every {RECHECK_MS / 1000} seconds.</p>
            <button type="button" className="button" onClick={() => void load(participantToken)}>
              Check now
            </button>
          </>
        )}
        <p className="notice">
          If you feel worse or have a new symptom that worries you, call your clinic. In an emergency, call
          911.
        </p>
      </main>
    );
  }

  const visitDate = new Date(summary.visitDate).toLocaleDateString(undefined, { dateStyle: "long" });
  return (
    <main className="page page--narrow after">
      {/* Kept to two short lines, so "Your visit in short" starts on the first phone screen. */}
      <header className="after__head">
        <h1>Your visit summary</h1>
        <p className="muted">
          Your visit was on {visitDate}. {summary.clinicianName} read these notes before you got them.
        </p>
        {summary.revisedAt && (
          <p className="notice">
            {summary.clinicianName} updated this summary on{" "}
            {new Date(summary.revisedAt).toLocaleDateString(undefined, { dateStyle: "long" })}. This is the
            latest version. If you printed the old one, please use this one instead.
          </p>
        )}
      </header>

      <SummaryDocument
        document={summary.document}
        clinicianName={summary.clinicianName}
        questions={<AskQuestion summary={summary} />}
        feedback={
          summary.feedbackGiven ? (
            <p role="status" className="ok">
              Thank you for telling us about your visit.
            </p>
          ) : (
            <Feedback clinicianName={summary.clinicianName} />
          )
        }
      />

      <footer className="after__foot no-print">
        <p className="muted">
          You can open this page until{" "}
          {new Date(summary.availableUntil).toLocaleDateString(undefined, { dateStyle: "long" })}. Print it to
          keep a copy.
        </p>
        <button type="button" className="button" onClick={() => window.print()}>
          Print this summary
        </button>
      </footer>
    </main>
  );
}
