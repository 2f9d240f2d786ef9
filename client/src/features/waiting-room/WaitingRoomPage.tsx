import type { ClinicianStatus, ParticipantRole, WaitEstimate, WaitingMessage } from "@bedside/shared";
import type { TFunction } from "i18next";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

function useMinutesSince(iso: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

/** The clinician's status in plain words: always that they know the patient is here. */
export function statusSentence(t: TFunction, name: string, s: ClinicianStatus): string {
  switch (s.status) {
    case "available":
      return t("waiting.available", { name });
    case "in_visit":
      return t("waiting.inVisit", { name });
    case "away":
      return t("waiting.away", { name });
    case "running_late":
      return t("waiting.late", { name, count: s.lateMinutes ?? 0 });
  }
}

export function WaitingRoomPage({
  role = "patient",
  clinicianName,
  clinicianStatus,
  waitingSince,
  reconnecting,
  message,
  line = null,
  messages = [],
  chat,
  children,
}: {
  /** Whose screen this is: an interpreter is not told to bring their medicines. */
  role?: ParticipantRole;
  clinicianName: string;
  clinicianStatus: ClinicianStatus;
  waitingSince: string;
  reconnecting: boolean;
  message: string | undefined;
  /** Place in line and estimated wait, from the server; none while unknown. */
  line?: WaitEstimate | null;
  /** From the clinic: their text as written, in the page's language around it. */
  messages?: WaitingMessage[];
  /** The visit's chat with the clinic (composed by app/). */
  chat?: ReactNode;
  /** What app/ composes into the waiting room (the patient's photo and document sending). */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const timeOf = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
  const minutes = useMinutesSince(waitingSince);
  return (
    <main className="page page--narrow waiting">
      <div className="waiting__pulse" aria-hidden="true" />
      <h1>{t("waiting.title")}</h1>
      <p className="waiting__status" role="status" aria-live="polite">
        {statusSentence(t, clinicianName, clinicianStatus)}
      </p>
      {clinicianStatus.message && <p className="waiting__message">“{clinicianStatus.message}”</p>}
      {line && (
        <p className="waiting__line" aria-live="polite">
          <strong>{t("waiting.place", { count: line.place })}</strong>{" "}
          {line.aboutMinutes === 0
            ? t("waiting.estimateSoon")
            : t("waiting.estimate", { minutes: line.aboutMinutes })}{" "}
          <span className="muted">{t("waiting.estimateNote")}</span>
        </p>
      )}
      <p className="muted">
        {minutes < 1 ? t("waiting.justArrived") : t("waiting.waited", { count: minutes })}{" "}
        {t("waiting.keepOpen")}
      </p>
      {messages.length > 0 && (
        <section className="card waiting__messages" aria-live="polite">
          <h2>{t("waiting.messagesTitle")}</h2>
          <ul>
            {messages.map((m) => (
              <li key={m.id}>
                <p className="waiting__message-text">{m.text}</p>
                <p className="muted">{t("waiting.messageSentAt", { time: timeOf(m.sentAt) })}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {chat}
      {children}
      {reconnecting && (
        <p className="notice" role="alert">
          {t("waiting.reconnecting")}
        </p>
      )}
      {message && <p className="error">{message}</p>}
      <div className="card">
        <h2>{t("waiting.tipsTitle")}</h2>
        <ul className="tips">
          <li>{t("waiting.tipPlace")}</li>
          {role === "interpreter" ? (
            <>
              <li>{t("waiting.tipHeadphones")}</li>
              <li>{t("waiting.tipTerms")}</li>
            </>
          ) : (
            <>
              <li>{t("waiting.tipMedicines")}</li>
              <li>{t("waiting.tipQuestions")}</li>
            </>
          )}
        </ul>
      </div>
    </main>
  );
}
