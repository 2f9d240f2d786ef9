import {
  LINK_OPENS_MINUTES_BEFORE,
  type MessageChannel,
  type ResendLinkResponse,
  type ScheduleEntry,
  type VisitDeliveries,
  type VisitDelivery,
} from "@bedside/shared";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyField } from "../../components/CopyField";
import {
  clockInZone,
  dayIn,
  formatInZone,
  fromLocalInput,
  localTimeZone,
  toLocalInput,
} from "../../lib/time-zone";
import { useNow } from "../../lib/use-now";
import { durations, hasPassed } from "./BookingForm";
import type { ScheduleScope } from "./schedule-api";
import { useScheduleStore } from "./schedule-store";

/** How often the day is read again: who checked in, who is late, what was delivered. */
export const SCHEDULE_REFRESH_MS = 20_000;

const open = (e: ScheduleEntry) => e.status !== "cancelled" && e.status !== "done";
/** The patient agreed to be contacted and left an address or number. */
const contactable = (e: ScheduleEntry) =>
  e.contact.consentAt !== null && (e.contact.email ?? e.contact.phone) !== null;

/** "es" → "Spanish" (in the screen's language); a code Intl does not know is shown as it is. */
function languageName(code: string, lng: string): string {
  try {
    return new Intl.DisplayNames([lng], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The newest delivery on each channel (the list comes newest first). */
function newestByChannel(deliveries: VisitDelivery[]): VisitDelivery[] {
  const seen = new Set<MessageChannel>();
  return deliveries.filter((d) => {
    if (seen.has(d.channel)) return false;
    seen.add(d.channel);
    return true;
  });
}

/** What staff should do about a delivery that did not reach the patient; undefined when it did. */
function useTodo() {
  const { t } = useTranslation();
  return (d: VisitDelivery): string | undefined => {
    if (d.status !== "failed" && d.status !== "opted_out") return undefined;
    const problem = d.problem ?? (d.status === "opted_out" ? "opted_out" : null);
    switch (problem) {
      case "sms_not_configured":
        return t("schedule.todo.sms_not_configured");
      case "opted_out":
        return t("schedule.todo.opted_out");
      case "invalid_destination":
        return t(`schedule.todo.invalid_destination.${d.channel}`);
      case "provider_error":
        return t("schedule.todo.provider_error");
      case "undeliverable":
        return t(`schedule.todo.undeliverable.${d.channel}`);
      case null:
        return t("schedule.todo.unknown");
    }
  };
}

/** The messages to one patient and what became of them, with what to do when one failed. */
export function Deliveries({ entry, deliveries }: { entry: ScheduleEntry; deliveries: VisitDeliveries }) {
  const { t } = useTranslation();
  const todo = useTodo();
  const newest = newestByChannel(deliveries.deliveries);
  const textsOff =
    !deliveries.smsConfigured && entry.contact.phone !== null && entry.contact.consentAt !== null;
  if (newest.length === 0 && !textsOff) return null;
  return (
    <ul className="deliveries" aria-label={t("schedule.messagesFor", { name: entry.patientDisplayName })}>
      {newest.map((d) => {
        const what = todo(d);
        return (
          <li key={d.id} className={what ? "delivery delivery--problem" : "delivery"}>
            <span>
              {t(`schedule.channel.${d.channel}`)} · {t(`schedule.kind.${d.kind}`)}
              {d.to ? ` ${t("schedule.deliveryTo", { to: d.to })}` : ""}:{" "}
              <strong className={`delivery__status delivery__status--${d.status}`}>
                {t(`schedule.delivery.${d.status}`)}
              </strong>
            </span>
            {what && <span className="delivery__todo">{what}</span>}
            {what && d.detail && <span className="muted small">{d.detail}</span>}
          </li>
        );
      })}
      {textsOff && !newest.some((d) => d.problem === "sms_not_configured") && (
        <li className="delivery delivery--problem">
          <span className="delivery__todo">{t("schedule.smsNotSetUp")}</span>
        </li>
      )}
    </ul>
  );
}

function StatusChip({ entry, now }: { entry: ScheduleEntry; now: number }) {
  const { t } = useTranslation();
  const late = Math.max(1, Math.floor((now - new Date(entry.startsAt).getTime()) / 60_000));
  return (
    <span className={`chip chip--${entry.status}`}>
      {entry.status === "late" ? t("schedule.lateBy", { count: late }) : t(`schedule.status.${entry.status}`)}
    </span>
  );
}

function RescheduleForm({ entry, onDone }: { entry: ScheduleEntry; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const reschedule = useScheduleStore((s) => s.reschedule);
  const [when, setWhen] = useState(() => toLocalInput(new Date(entry.startsAt)));
  const [duration, setDuration] = useState(entry.durationMinutes);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const at = fromLocalInput(when);
    if (!at || hasPassed(at)) {
      setError(t("schedule.past"));
      return;
    }
    setError(undefined);
    if (await reschedule(entry.id, { startsAt: at.toISOString(), durationMinutes: duration })) onDone();
  };
  const lengths = durations.some((m) => m === entry.durationMinutes)
    ? durations
    : [...durations, entry.durationMinutes].sort((a, b) => a - b);
  return (
    <form
      className="row reschedule"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={t("schedule.rescheduleFor", { name: entry.patientDisplayName })}
    >
      <label className="field">
        <span>{t("schedule.newTime")}</span>
        <input
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          {...(error ? { "aria-invalid": true, "aria-describedby": `${id}-err` } : {})}
        />
      </label>
      <label className="field">
        <span>{t("schedule.duration")}</span>
        <select value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
          {lengths.map((m) => (
            <option key={m} value={m}>
              {t("schedule.minutes", { count: m })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--small">
        {t("schedule.move")}
      </button>
      <button type="button" className="button button--small button--quiet" onClick={onDone}>
        {t("schedule.keepTime")}
      </button>
      {error && (
        <span id={`${id}-err`} className="field__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function Resent({ result }: { result: ResendLinkResponse }) {
  const { t } = useTranslation();
  const by = result.channels.includes("email")
    ? result.channels.includes("sms")
      ? "both"
      : "email"
    : result.channels.includes("sms")
      ? "sms"
      : "none";
  return (
    <div className="stack">
      <p role="status">{t(`schedule.resent.${by}`)}</p>
      <CopyField
        label={t("schedule.patientLink")}
        copyLabel={t("schedule.copyPatientLink")}
        value={result.link.url}
      />
    </div>
  );
}

function Row({
  entry,
  timeZone,
  showClinician,
  now,
  onCancel,
}: {
  entry: ScheduleEntry;
  timeZone: string;
  showClinician: boolean;
  now: number;
  onCancel: (entry: ScheduleEntry) => void;
}) {
  const { t, i18n } = useTranslation();
  const deliveries = useScheduleStore((s) => s.deliveries[entry.id]);
  const resend = useScheduleStore((s) => s.resend);
  const ready = useScheduleStore((s) => s.ready);
  const [rescheduling, setRescheduling] = useState(false);
  const [resent, setResent] = useState<ResendLinkResponse>();
  const [toldReady, setToldReady] = useState(false);
  // "Ready for you" makes sense once the link works and while the patient is not there yet.
  const canTellReady =
    contactable(entry) &&
    ["late", "not_opened", "booked"].includes(entry.status) &&
    now >= new Date(entry.startsAt).getTime() - LINK_OPENS_MINUTES_BEFORE * 60_000;
  const start = new Date(entry.startsAt);
  const end = new Date(start.getTime() + entry.durationMinutes * 60_000);
  const clock = (at: Date | string) => clockInZone(at, timeZone, i18n.language);
  return (
    <li className={`schedule__item schedule__item--${entry.status}`}>
      <div className="row row--between">
        <div>
          <span className="schedule__time">
            <time dateTime={entry.startsAt}>{clock(start)}</time>–
            <time dateTime={end.toISOString()}>{clock(end)}</time>
          </span>{" "}
          <span className="queue__name">{entry.patientDisplayName}</span>{" "}
          <span className="muted">
            {showClinician && <>{t("schedule.with", { name: entry.clinicianName })} · </>}
            {languageName(entry.preferredLanguage, i18n.language)}
            {entry.interpreterNeeded ? ` · ${t("schedule.interpreterNeeded")}` : ""}
          </span>
        </div>
        <StatusChip entry={entry} now={now} />
      </div>
      {(entry.checkedInAt ?? entry.linkOpenedAt) && (
        <p className="muted small">
          {entry.checkedInAt
            ? t("schedule.checkedInAt", { time: clock(entry.checkedInAt) })
            : t("schedule.openedAt", { time: clock(entry.linkOpenedAt!) })}
        </p>
      )}
      {deliveries && <Deliveries entry={entry} deliveries={deliveries} />}
      {open(entry) && (
        <div className="row">
          <button
            type="button"
            className="button button--small"
            aria-label={t("schedule.resendFor", { name: entry.patientDisplayName })}
            onClick={() => void resend(entry.id).then(setResent)}
          >
            {t("schedule.resend")}
          </button>
          {canTellReady && (
            <button
              type="button"
              className="button button--small"
              aria-label={t("schedule.readyFor", { name: entry.patientDisplayName })}
              onClick={() => void ready(entry.id).then(setToldReady)}
            >
              {t("schedule.ready")}
            </button>
          )}
          <button
            type="button"
            className="button button--small button--quiet"
            aria-label={t("schedule.rescheduleFor", { name: entry.patientDisplayName })}
            aria-expanded={rescheduling}
            onClick={() => setRescheduling((r) => !r)}
          >
            {t("schedule.reschedule")}
          </button>
          <button
            type="button"
            className="button button--small button--danger-outline"
            aria-label={t("schedule.cancelFor", { name: entry.patientDisplayName })}
            onClick={() => onCancel(entry)}
          >
            {t("schedule.cancel")}
          </button>
        </div>
      )}
      {rescheduling && <RescheduleForm entry={entry} onDone={() => setRescheduling(false)} />}
      {resent && open(entry) && <Resent result={resent} />}
      {toldReady && open(entry) && <p role="status">{t("schedule.toldReady")}</p>}
    </li>
  );
}

/**
 * The day's booked visits by time (issue 28): the clinician's own (`mine`) or the whole clinic's,
 * each with where it stands (checked in, late, link not opened…), what was sent and whether it
 * arrived, and the three things staff do: send the link again, reschedule, cancel (asked first).
 */
export function TodaySchedule({ scope }: { scope: ScheduleScope }) {
  const { t, i18n } = useTranslation();
  const schedule = useScheduleStore((s) => s.schedule);
  const day = useScheduleStore((s) => s.day);
  const showDay = useScheduleStore((s) => s.showDay);
  const failure = useScheduleStore((s) => s.failure);
  const load = useScheduleStore((s) => s.load);
  const cancel = useScheduleStore((s) => s.cancel);
  const dismiss = useScheduleStore((s) => s.dismissFailure);
  const now = useNow(30_000);
  const [cancelling, setCancelling] = useState<ScheduleEntry>();
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  useEffect(() => {
    void load(scope);
    const timer = setInterval(() => void load(scope), SCHEDULE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [scope, load]);

  return (
    <section className="card stack schedule" aria-labelledby={headingId}>
      <div className="row row--between">
        <h2 id={headingId}>
          {day === undefined || day === dayIn(localTimeZone())
            ? t("schedule.todayTitle")
            : t("schedule.dayTitle", {
                date: formatInZone(`${day}T12:00:00Z`, "UTC", i18n.language, { dateStyle: "full" }),
              })}
        </h2>
        <div className="row">
          <label className="field">
            <span>{t("schedule.day")}</span>
            <input
              type="date"
              value={day ?? dayIn(localTimeZone())}
              onChange={(e) => void showDay(e.target.value || undefined)}
            />
          </label>
          {day !== undefined && (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => void showDay(undefined)}
            >
              {t("schedule.today")}
            </button>
          )}
        </div>
      </div>
      {failure && (
        <div className="row row--between error" role="alert">
          <span>{t(`schedule.failed.${failure.action}`, { reason: failure.message })}</span>
          <button type="button" className="button button--small button--quiet" onClick={dismiss}>
            {t("schedule.dismiss")}
          </button>
        </div>
      )}
      {!schedule ? (
        failure?.action !== "load" && <p className="muted">{t("schedule.loading")}</p>
      ) : schedule.entries.length === 0 ? (
        <p className="empty">{t("schedule.nothingToday")}</p>
      ) : (
        <ol className="schedule__list" aria-labelledby={headingId}>
          {schedule.entries.map((e) => (
            <Row
              key={e.id}
              entry={e}
              timeZone={schedule.timeZone}
              showClinician={scope === "clinic"}
              now={now}
              onCancel={setCancelling}
            />
          ))}
        </ol>
      )}
      {cancelling && (
        <ConfirmDialog
          title={t("schedule.cancelTitle", {
            name: cancelling.patientDisplayName,
            time: clockInZone(cancelling.startsAt, schedule?.timeZone ?? "UTC", i18n.language),
          })}
          confirmLabel={t("schedule.cancelConfirm")}
          cancelLabel={t("schedule.cancelKeep")}
          busy={busy}
          onCancel={() => setCancelling(undefined)}
          onConfirm={() => {
            setBusy(true);
            void cancel(cancelling.id).finally(() => {
              setBusy(false);
              setCancelling(undefined);
            });
          }}
        >
          <p>{contactable(cancelling) ? t("schedule.cancelTold") : t("schedule.cancelNotTold")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
