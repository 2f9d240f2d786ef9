import type { ParticipantRole } from "@bedside/shared";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { EmergencyText } from "../../components/EmergencyText";

export function EndOfVisitPage({
  role,
  clinicianName,
  summaryHref,
  message,
}: {
  role: ParticipantRole;
  clinicianName: string;
  /** The patient's own summary page (its link opens only the summary); undefined while it is on its way. */
  summaryHref: string | undefined;
  message?: string | undefined;
}) {
  const { t } = useTranslation();
  // "Save this page" must hold: the join link stops working now, so the address bar takes the
  // summary's own link (which the patient can reload, bookmark or share). Only the address
  // changes (no navigation, and the router's state is kept): this page stays as it is.
  useEffect(() => {
    if (role === "patient" && summaryHref && window.location.pathname !== summaryHref)
      window.history.replaceState(window.history.state, "", summaryHref);
  }, [role, summaryHref]);
  return (
    <main className="page page--narrow stack">
      <h1>{role === "patient" ? t("end.title") : t("end.titleOthers")}</h1>
      {role === "patient" ? (
        <>
          <p>{t("end.thanks", { name: clinicianName })}</p>
          <p>{t("end.then")}</p>
          <p>
            {summaryHref ? (
              <a className="button" href={summaryHref}>
                {t("end.open")}
              </a>
            ) : message ? (
              <span className="error">
                {message} {t("end.askLink")}
              </span>
            ) : (
              <span className="muted">{t("end.gettingLink")}</span>
            )}
          </p>
          <p className="notice">
            <EmergencyText line="common.emergency" />
          </p>
        </>
      ) : role === "interpreter" ? (
        <p>{t("end.interpreter")}</p>
      ) : (
        <p>{t("end.everyone")}</p>
      )}
    </main>
  );
}
