import { WAITING_MESSAGE_MAX, type DeskEntry, type DeskSnapshot } from "@bedside/shared";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useDeskStore } from "./desk-store";
import { useNow } from "../../lib/use-now";

function WaitingRow({ entry, clinicians }: { entry: DeskEntry; clinicians: DeskSnapshot["clinicians"] }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const message = useDeskStore((s) => s.message);
  const transfer = useDeskStore((s) => s.transfer);
  const [text, setText] = useState("");
  const [to, setTo] = useState("");
  const minutes = Math.max(0, Math.floor((now - new Date(entry.waitingSince).getTime()) / 60_000));
  const d = entry.deviceCheck;
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (await message(entry.visitId, text)) setText("");
  };
  return (
    <li className="queue__item">
      <div className="queue__who">
        <span className="queue__name">{entry.displayName}</span>
        <span className={`tag tag--${entry.role}`}>
          {t(`desk.role.${entry.role === "interpreter" ? "interpreter" : "patient"}`)}
        </span>
        <span>{t("desk.with", { name: entry.clinicianName })}</span>
        <span className={entry.connection === "online" ? "ok" : "warn"}>
          {t(`desk.connection.${entry.connection}`)}
        </span>
      </div>
      <div className="queue__meta muted">
        <span>{t("desk.waited", { count: minutes })}</span>
        <span>{t("desk.device", { camera: d.camera, microphone: d.microphone })}</span>
        <span>{t("desk.language", { language: entry.preferredLanguage })}</span>
        {entry.interpreterNeeded && <span>{t("desk.interpreterNeeded")}</span>}
      </div>
      {entry.role === "patient" && (
        <div className="stack">
          <form onSubmit={(e) => void send(e)} className="row desk__action">
            <label className="field">
              {t("desk.messageLabel", { name: entry.displayName })}
              <input value={text} maxLength={WAITING_MESSAGE_MAX} onChange={(e) => setText(e.target.value)} />
            </label>
            <button type="submit" className="button button--small" disabled={text.trim() === ""}>
              {t("desk.send")}
            </button>
          </form>
          <div className="row desk__action">
            <label className="field">
              {t("desk.transferLabel")}
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="">{t("desk.choose")}</option>
                {clinicians
                  .filter((c) => c.id !== entry.clinicianId)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.displayName}
                    </option>
                  ))}
              </select>
            </label>
            <button
              type="button"
              className="button button--small"
              disabled={to === ""}
              onClick={() => void transfer(entry.visitId, to).then((ok) => ok && setTo(""))}
            >
              {t("desk.transfer")}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/**
 * The front desk's screen: the clinic's whole waiting room, today's visits, booking and links.
 * `booking` and `schedule` (issue 28's form and the clinic's day) are composed by the app.
 */
export function DeskPage({
  header,
  booking,
  schedule,
}: {
  header?: ReactNode;
  booking?: ReactNode;
  schedule?: ReactNode;
}) {
  const { t } = useTranslation();
  const link = useDeskStore((s) => s.link);
  const snapshot = useDeskStore((s) => s.snapshot);
  const failure = useDeskStore((s) => s.failure);
  const issuedLinks = useDeskStore((s) => s.issuedLinks);
  const connect = useDeskStore((s) => s.connect);
  const reissueLink = useDeskStore((s) => s.reissueLink);
  useEffect(() => connect(), [connect]);
  return (
    <main className="page stack desk">
      {header}
      <h1>{t("desk.title")}</h1>
      {link !== "live" && <p className="notice">{t(`desk.link.${link}`)}</p>}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {snapshot && (
        <>
          <section className="card">
            <h2>{t("desk.waitingTitle", { count: snapshot.waiting.length })}</h2>
            {snapshot.waiting.length === 0 ? (
              <p className="empty">{t("desk.nobodyWaiting")}</p>
            ) : (
              <ul className="queue" aria-label={t("desk.waitingTitle", { count: snapshot.waiting.length })}>
                {snapshot.waiting.map((e) => (
                  <WaitingRow key={e.participantId} entry={e} clinicians={snapshot.clinicians} />
                ))}
              </ul>
            )}
          </section>
          <section className="card">
            <h2>{t("desk.cliniciansTitle")}</h2>
            <ul>
              {snapshot.clinicians.map((c) => (
                <li key={c.id}>
                  {c.displayName} — {t(`desk.status.${c.status.status}`)}
                </li>
              ))}
            </ul>
          </section>
          {booking && <section className="card">{booking}</section>}
          {schedule}
          <section className="card">
            <h2>{t("desk.todayTitle")}</h2>
            <ul className="visits">
              {snapshot.visits.map((v) => (
                <li key={v.id} className="stack">
                  <span>
                    {v.patientDisplayName} · {v.clinicianName} · {t(`desk.state.${v.state}`)}
                  </span>
                  {v.state !== "ended" && (
                    <span className="row">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void reissueLink(v.id, "patient")}
                      >
                        {t("desk.newPatientLink")}
                      </button>
                      {v.interpreterNeeded && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => void reissueLink(v.id, "interpreter")}
                        >
                          {t("desk.newInterpreterLink")}
                        </button>
                      )}
                    </span>
                  )}
                  {(issuedLinks[v.id] ?? []).map((l) => (
                    <label key={l.role} className="field">
                      <span>{t("desk.linkFor", { role: l.role })}</span>
                      <input readOnly value={l.url} onFocus={(e) => e.currentTarget.select()} />
                    </label>
                  ))}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </main>
  );
}
