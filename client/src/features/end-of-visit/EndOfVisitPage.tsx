import type { ParticipantRole } from "@bedside/shared";

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
  return (
    <main className="page page--narrow">
      <h1>Your visit has ended</h1>
      {role === "patient" ? (
        <>
          <p>Thank you for joining. {clinicianName} will now check the notes from your visit.</p>
          <p>
            Then your summary will be ready. It says what was found and what to do next. Open it below. Save
            the page: it opens your summary. The clinic can send it to you too.
          </p>
          <p>
            {summaryHref ? (
              <a className="button" href={summaryHref}>
                Open my visit summary
              </a>
            ) : message ? (
              <span className="error">{message} Please ask the clinic to send you your summary link.</span>
            ) : (
              <span className="muted">Getting your summary link…</span>
            )}
          </p>
          <p className="notice">
            If you feel worse or have a new symptom that worries you, call your clinic. In an emergency, call
            911.
          </p>
        </>
      ) : role === "interpreter" ? (
        <p>Thank you for interpreting. You can close this page.</p>
      ) : (
        <p>The visit has ended for everyone.</p>
      )}
    </main>
  );
}
