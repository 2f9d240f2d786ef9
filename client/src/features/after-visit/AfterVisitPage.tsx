import {
  careItems,
  medicineLabel,
  type AfterVisitSummary,
  type CareAnswer,
  type PatientSummary,
} from "@bedside/shared";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { errorText } from "../../lib/errors";
import { applyVisitLanguage, formatDate } from "../../lib/i18n";
import { useAfterVisitStore } from "./after-visit-store";
import { SummaryDocument } from "./SummaryDocument";
import "./after-visit.css";
import { EmergencyText } from "../../components/EmergencyText";

/** What a question can be about: each medicine, test, referral and topic of the summary. */
function topicsOf(summary: AfterVisitSummary, doc: PatientSummary): { findingId: string; label: string }[] {
  const topics = [
    ...doc.medicines.map((m) => ({ findingId: m.findingId, label: medicineLabel(m) })),
    ...doc.testsAndReferrals.map((e) => ({ findingId: e.findingIds[0] ?? "", label: e.title })),
    ...doc.talkedAbout.map((e) => ({ findingId: e.findingIds[0] ?? "", label: e.title })),
  ].filter((t) => t.findingId !== "");
  // Old releases have no composed topics: their items are still there to ask about.
  if (topics.length === 0) return summary.items.map((i) => ({ findingId: i.findingId, label: i.about.text }));
  return topics;
}

function AskQuestion({ summary, doc }: { summary: AfterVisitSummary; doc: PatientSummary }) {
  const { t } = useTranslation();
  const ask = useAfterVisitStore((s) => s.ask);
  const topics = topicsOf(summary, doc);
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
          <p className="muted">{t("afterVisit.youAsked")}</p>
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
          <span>{t("afterVisit.topic")}</span>
          <select id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.target.value)}>
            {topics.map((t) => (
              <option key={t.findingId} value={t.findingId}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-text`}>
          <span>{t("afterVisit.question")}</span>
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
          {t("afterVisit.send")}
        </button>
      </form>
      {sent && (
        <p role="status" className="ok">
          {t("afterVisit.sent", { name: summary.clinicianName })}
        </p>
      )}
    </div>
  );
}

function Feedback({ clinicianName }: { clinicianName: string }) {
  const { t } = useTranslation();
  const items = t("feedback.items", { returnObjects: true });
  const ratings = t("feedback.ratings", { returnObjects: true });
  const send = useAfterVisitStore((s) => s.sendFeedback);
  const [care, setCare] = useState<(CareAnswer | undefined)[]>(() => careItems.map(() => undefined));
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  // The ten questions are most of the page's length: they open on one clear step, so the
  // summary itself ends sooner on a phone.
  const [open, setOpen] = useState(false);
  const missing = care.findIndex((a) => a === undefined);
  if (!open)
    return (
      // The form's first step (a form like the rest of it: the preview shows no forms).
      <form
        className="after-feedback stack"
        aria-labelledby="summary-feedback"
        onSubmit={(e) => {
          e.preventDefault();
          setOpen(true);
          // Once the questions show, the first choice of the first question takes the focus.
          setTimeout(() => document.getElementById("care-0-0")?.focus(), 0);
        }}
      >
        <p>{t("feedback.intro")}</p>
        <button type="submit" className="button">
          {t("feedback.start")}
        </button>
      </form>
    );
  return (
    <form
      className="after-feedback stack"
      aria-labelledby="summary-feedback"
      onSubmit={(e) => {
        e.preventDefault();
        if (missing >= 0) {
          setError(t("feedback.missing", { n: missing + 1 }));
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
      <p>{t("feedback.intro")}</p>
      <p className="muted">{t("feedback.howWas", { name: clinicianName })}</p>
      {items.map((item, i) => (
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
                <span>{value === null ? t("feedback.doesNotApply") : ratings[value - 1]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <label className="field">
        <span>{t("feedback.comment")}</span>
        <textarea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={sending}>
        {t("feedback.send")}
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
  return (
    <>
      <LanguageSwitch />
      <Summary participantToken={participantToken} />
    </>
  );
}

function Summary({ participantToken }: { participantToken: string }) {
  const { t, i18n } = useTranslation();
  const { phase, summary, failure, load } = useAfterVisitStore();
  useEffect(() => void load(participantToken), [participantToken, load]);
  // The summary's own language chooses (the visit's), unless the person switched here before.
  const summaryLanguage = summary?.document.language;
  useEffect(() => {
    if (summaryLanguage) applyVisitLanguage(summaryLanguage);
  }, [summaryLanguage]);
  // Waiting for the release: look again now and then, so the summary appears without a reload.
  useEffect(() => {
    if (phase !== "not-ready") return;
    const timer = window.setInterval(() => void load(participantToken), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [phase, participantToken, load]);

  if (phase === "loading") {
    return (
      <main className="page page--narrow" aria-busy="true">
        <p className="muted">{t("afterVisit.opening")}</p>
      </main>
    );
  }
  if (phase !== "ready" || !summary) {
    return (
      <main className="page page--narrow stack after">
        {/* The heading names the page; the line below says why. */}
        <h1>{phase === "not-ready" ? t("afterVisit.title") : t("afterVisit.cannotOpen")}</h1>
        <p role={phase === "not-ready" ? "status" : "alert"}>
          {phase === "not-ready" ? t("afterVisit.notReadyGeneric") : errorText(t, failure)}
        </p>
        {phase === "not-ready" && (
          <>
            <p className="muted">{t("afterVisit.recheck", { count: RECHECK_MS / 1000 })}</p>
            <button type="button" className="button" onClick={() => void load(participantToken)}>
              {t("afterVisit.checkNow")}
            </button>
          </>
        )}
        <p className="notice">
          <EmergencyText line="common.emergency" />
        </p>
      </main>
    );
  }

  // The document in the language on screen when it was written in it; else the visit's.
  const doc =
    [summary.document, ...summary.alternates].find((d) => d.language === i18n.language) ?? summary.document;
  return (
    <main className="page page--narrow after">
      {/* Kept to two short lines, so "Your visit in short" starts on the first phone screen. */}
      <header className="after__head">
        <h1>{t("afterVisit.title")}</h1>
        <p className="muted">
          {t("afterVisit.visitOn", { date: formatDate(summary.visitDate), name: summary.clinicianName })}
        </p>
        {summary.revisedAt && (
          <p className="notice">
            {t("afterVisit.updated", { name: summary.clinicianName, date: formatDate(summary.revisedAt) })}
          </p>
        )}
      </header>

      <SummaryDocument
        document={doc}
        clinicianName={summary.clinicianName}
        questions={<AskQuestion summary={summary} doc={doc} />}
        feedback={
          summary.feedbackGiven ? (
            <p role="status" className="ok">
              {t("feedback.thanks")}
            </p>
          ) : (
            <Feedback clinicianName={summary.clinicianName} />
          )
        }
      />

      <footer className="after__foot no-print">
        <p className="muted">{t("afterVisit.openUntil", { date: formatDate(summary.availableUntil) })}</p>
        <button type="button" className="button" onClick={() => window.print()}>
          {t("afterVisit.print")}
        </button>
      </footer>
    </main>
  );
}
