import {
  careItems,
  careRatingLabels,
  type AfterVisitItem,
  type AfterVisitSummary,
  type CareAnswer,
  type FindingKind,
  type GlossaryEntry,
} from "@bedside/shared";
import { useEffect, useState } from "react";
import { useAfterVisitStore } from "./after-visit-store";
import { GlossaryText } from "./GlossaryText";
import "./after-visit.css";

/** Calm groups in the order a patient asks: why I came, what you found, my medicines, what now, when to worry. */
const groups: { title: string; kinds: FindingKind[] }[] = [
  { title: "Why you came", kinds: ["chief_concern", "symptom"] },
  { title: "What we found", kinds: ["measurement", "assessment", "allergy"] },
  { title: "Your medicines", kinds: ["medication"] },
  { title: "What to do next", kinds: ["plan", "follow_up"] },
  { title: "When to get help now", kinds: ["warning_sign"] },
];

const parts = [
  ["about", "What we talked about"],
  ["meaning", "What it means"],
  ["next", "What to do next"],
  ["help", "When to get help now"],
] as const;

function AskQuestion({
  item,
  clinicianName,
  asked,
}: {
  item: AfterVisitItem;
  clinicianName: string;
  asked: string[];
}) {
  const ask = useAfterVisitStore((s) => s.ask);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  return (
    <div className="after-ask no-print">
      {asked.length > 0 && (
        <div className="after-ask__asked">
          <p className="muted">You asked:</p>
          <ul>
            {asked.map((q, i) => (
              <li key={i}>{q}</li>
            ))}
          </ul>
        </div>
      )}
      {!open ? (
        <button type="button" className="button" aria-expanded={false} onClick={() => setOpen(true)}>
          Ask a question about this
        </button>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            setSending(true);
            void ask(item.findingId, text).then((err) => {
              setSending(false);
              setError(err);
              if (!err) {
                setText("");
                setOpen(false);
                setSent(true);
              }
            });
          }}
        >
          <label className="field">
            <span>Your question for {clinicianName}</span>
            <textarea
              rows={3}
              maxLength={1000}
              required
              value={text}
              // The form opened because the patient asked for it: put them where they type.
              autoFocus
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="row">
            <button type="submit" className="button button--primary" disabled={sending || !text.trim()}>
              Send question
            </button>
            <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {sent && (
        <p role="status" className="ok">
          Sent. {clinicianName} will see your question.
        </p>
      )}
    </div>
  );
}

function Item({ item, summary }: { item: AfterVisitItem; summary: AfterVisitSummary }) {
  const glossary = summary.glossary.filter((g) => item.terms.includes(g.term));
  return (
    <article className="after-item">
      <dl className="after-item__parts">
        {parts.map(([key, label]) => (
          <div key={key} className={`after-item__part after-item__part--${key}`}>
            <dt>{label}</dt>
            <dd data-grade={item[key].grade}>
              <GlossaryText text={item[key].text} glossary={glossary} />
            </dd>
          </div>
        ))}
      </dl>
      {item.quotes.length > 0 && (
        <figure className="after-item__quote">
          <figcaption>From your visit:</figcaption>
          {item.quotes.map((q, i) => (
            <blockquote key={i}>
              <p>
                “<GlossaryText text={q.text} glossary={glossary} />”
              </p>
              {q.speaker && <footer>— {q.speaker}</footer>}
            </blockquote>
          ))}
        </figure>
      )}
      <AskQuestion
        item={item}
        clinicianName={summary.clinicianName}
        asked={summary.questions.filter((q) => q.findingId === item.findingId).map((q) => q.text)}
      />
    </article>
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
      aria-labelledby="feedback-h"
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
      <h2 id="feedback-h">How was your visit?</h2>
      <p>
        Please tell us how {clinicianName} did. It takes about two minutes. Your answers are mixed in with
        many others. Your name is not shown.
      </p>
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

function WordsToKnow({ glossary }: { glossary: GlossaryEntry[] }) {
  if (glossary.length === 0) return null;
  return (
    <section className="after-glossary" aria-labelledby="words-h">
      <h2 id="words-h">Words to know</h2>
      <dl>
        {glossary.map((g) => (
          <div key={g.term}>
            <dt>{g.term}</dt>
            <dd data-grade={g.definition.grade}>{g.definition.text}</dd>
          </div>
        ))}
      </dl>
    </section>
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
      <header className="after__head">
        <h1>Your visit summary</h1>
        <p>
          Your visit was on {visitDate}. {summary.clinicianName} read these notes before you got them.
        </p>
        {summary.revisedAt && (
          <p className="notice">
            {summary.clinicianName} updated this summary on{" "}
            {new Date(summary.revisedAt).toLocaleDateString(undefined, { dateStyle: "long" })}. This is the
            latest version. If you printed the old one, please use this one instead.
          </p>
        )}
        <p className="muted no-print">
          You can open this page until{" "}
          {new Date(summary.availableUntil).toLocaleDateString(undefined, { dateStyle: "long" })}. Print it to
          keep a copy.
        </p>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          Print this summary
        </button>
      </header>

      {groups.map((group) => {
        // In the group's own order: why you came before the symptoms that came with it.
        const items = group.kinds.flatMap((kind) => summary.items.filter((i) => i.kind === kind));
        if (items.length === 0) return null;
        return (
          <section key={group.title} className="after-group" aria-labelledby={`g-${group.kinds[0]}`}>
            <h2 id={`g-${group.kinds[0]}`}>{group.title}</h2>
            {items.map((item) => (
              <Item key={item.findingId} item={item} summary={summary} />
            ))}
          </section>
        );
      })}

      <WordsToKnow glossary={summary.glossary} />

      <section className="after-group no-print">
        {summary.feedbackGiven ? (
          <p role="status" className="ok">
            Thank you for telling us about your visit.
          </p>
        ) : (
          <Feedback clinicianName={summary.clinicianName} />
        )}
      </section>
    </main>
  );
}
