import type { ParticipantRole } from "@bedside/shared";

export function EndOfVisitPage({
  role,
  clinicianName,
  summaryHref,
}: {
  role: ParticipantRole;
  clinicianName: string;
  /** Where the patient's summary appears once released (the same link keeps working). */
  summaryHref: string;
}) {
  return (
    <main className="page page--narrow">
      <h1>Your visit has ended</h1>
      {role === "patient" ? (
        <>
          <p>Thank you for joining. {clinicianName} will now check the notes from your visit.</p>
          <p>
            Then your summary will be ready. It says what was found and what to do next. Keep the link you
            were sent: it opens your summary.
          </p>
          <p>
            <a className="button" href={summaryHref}>
              Open my visit summary
            </a>
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
