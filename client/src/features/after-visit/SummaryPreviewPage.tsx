import { contract } from "@bedside/shared";
import { useQuery } from "@tanstack/react-query";
import { ApiError, call } from "../../lib/api";
import { formatDate, i18n, supportedLanguage } from "../../lib/i18n";
import { visitKeys } from "../../lib/query";
import { SummaryDocument } from "./SummaryDocument";
import "./after-visit.css";

const languageNames = { en: "English", es: "Spanish" } as const;

/**
 * The clinician's preview: the summary composed from the approved findings, rendered by the
 * patient's own component, so what is checked here is what the patient will read.
 */
export function SummaryPreviewPage({ visitId, onBack }: { visitId: string; onBack: () => void }) {
  // Under the visit's key: approving or editing a finding on the review page invalidates it.
  const { data: preview, error: failure } = useQuery({
    queryKey: visitKeys.preview(visitId),
    queryFn: ({ signal }) => call(contract.preview, { params: { visitId }, signal }),
  });
  const error = failure
    ? failure instanceof ApiError
      ? failure.message
      : "The preview could not be loaded."
    : undefined;

  const back = (
    <button type="button" className="button" onClick={onBack}>
      Back to the review
    </button>
  );
  if (error) {
    return (
      <main className="page page--narrow stack">
        <h1>Preview</h1>
        <p role="alert" className="error">
          {error}
        </p>
        {back}
      </main>
    );
  }
  if (!preview) {
    return (
      <main className="page page--narrow" aria-busy="true">
        <p className="muted">Loading the preview…</p>
      </main>
    );
  }
  // The heading and date line in the patient's language, from the patient page's own catalogue,
  // so the preview reads word for word as the patient's page does.
  const language = supportedLanguage(preview.document.language) ?? "en";
  const t = i18n.getFixedT(language);
  const otherLanguage = language !== "en";
  return (
    <main className="page page--narrow after">
      <div className="notice preview-banner" role="note">
        <p>
          <strong>Preview.</strong>{" "}
          {preview.approved === 0
            ? `Nothing is approved yet: ${preview.patientDisplayName} would get an empty summary.`
            : `This is what ${preview.patientDisplayName} will read once you release the ${preview.approved} approved finding${preview.approved === 1 ? "" : "s"}. Nothing has been sent.`}
        </p>
        {otherLanguage && (
          <p>
            The patient reads this page in {languageNames[language]}. Words you typed yourself (a finding you
            added or edited) are shown as you wrote them, not translated.
          </p>
        )}
        {preview.notSure.length > 0 && (
          <div className="stack">
            <p>
              <strong>Not sure, please check.</strong> Left out of what the patient reads, because nothing
              said in the visit supports it:
            </p>
            <ul>
              {preview.notSure.map((x, i) => (
                <li key={i}>
                  “{x.text}” <span className="muted small">{x.why}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {back}
      </div>
      <header className="after__head" lang={language}>
        <h1>{t("afterVisit.title")}</h1>
        <p className="muted">
          {t("afterVisit.visitOn", {
            date: formatDate(preview.visitDate, language),
            name: preview.clinicianName,
          })}
        </p>
      </header>
      <SummaryDocument document={preview.document} clinicianName={preview.clinicianName} />
    </main>
  );
}
