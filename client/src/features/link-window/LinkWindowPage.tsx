import type { LinkWindowError } from "@bedside/shared";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { dayIn, formatInZone } from "../../lib/time-zone";
import { EmergencyText } from "../../components/EmergencyText";

/** Timers longer than this are not kept (setTimeout's limit is ~24.8 days; a day is plenty). */
const LONGEST_WAIT_MS = 24 * 60 * 60_000;

/**
 * A booked visit's link opened outside its window (issue 28), in the patient's language: too early
 * says when to come back (and opens the visit by itself then, if the page is left open); cancelled
 * says so and what to do. Times are given in the patient's time zone, as their invitation gave them.
 */
export function LinkWindowPage({ error, onOpen }: { error: LinkWindowError; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const zone = error.timeZone;
  const date = (at: string) =>
    formatInZone(at, zone, lng, { weekday: "long", month: "long", day: "numeric" });
  const time = (at: string) =>
    formatInZone(at, zone, lng, { hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  const tooEarly = error.reason === "too_early";

  useEffect(() => {
    if (!tooEarly) return;
    const wait = new Date(error.opensAt).getTime() - Date.now();
    if (wait > LONGEST_WAIT_MS) return;
    // A second late, so the server's clock agrees the window is open.
    const timer = setTimeout(onOpen, Math.max(0, wait) + 1_000);
    return () => clearTimeout(timer);
  }, [tooEarly, error.opensAt, onOpen]);

  if (!tooEarly)
    return (
      <main className="page page--narrow stack">
        <h1>{t("linkWindow.cancelledTitle")}</h1>
        <p role="alert">
          {t("linkWindow.cancelledText", { date: date(error.startsAt), time: time(error.startsAt) })}
        </p>
        <div className="notice">
          <p>{t("linkWindow.cancelledWhatToDo")}</p>
          <p>
            <EmergencyText line="journey.urgent" />
          </p>
        </div>
      </main>
    );

  const sameDay = dayIn(zone, new Date(error.opensAt)) === dayIn(zone);
  return (
    <main className="page page--narrow stack">
      <h1>{t("linkWindow.tooEarlyTitle")}</h1>
      <p>{t("linkWindow.visitAt", { date: date(error.startsAt), time: time(error.startsAt) })}</p>
      <p role="status">
        {sameDay
          ? t("linkWindow.comeBack", { time: time(error.opensAt) })
          : t("linkWindow.comeBackOn", { date: date(error.opensAt), time: time(error.opensAt) })}
      </p>
      <p className="muted">{t("linkWindow.keepOpen")}</p>
      <div>
        <button type="button" className="button" onClick={onOpen}>
          {t("linkWindow.tryAgain")}
        </button>
      </div>
    </main>
  );
}
