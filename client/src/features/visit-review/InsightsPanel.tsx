import type { PresenceInsights } from "@bedside/shared";
import { messageOf, useInsights } from "./review-queries";

const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
};
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The three measures in plain words, from the clinician's side. */
export function describeInsights(i: PresenceInsights): {
  balance: string;
  floor: string;
  interruptions: string;
} {
  const shares = [`you ${percent(i.talkShare.clinician)}`, `the patient ${percent(i.talkShare.patient)}`];
  if (i.talkMs.interpreter > 0) shares.push(`the interpreter ${percent(i.talkShare.interpreter)}`);
  return {
    balance: `Talk time: ${shares.join(", ")}.`,
    floor: i.interrupted
      ? `The patient spoke for ${seconds(i.patientSpeechBeforeFirstInterruptionMs)} before you first spoke over them.`
      : `You did not speak over the patient (they spoke for ${seconds(i.patientSpeechBeforeFirstInterruptionMs)} in all).`,
    interruptions:
      i.interruptions === 0
        ? "No interruptions."
        : `You spoke over the patient ${i.interruptions} time${i.interruptions === 1 ? "" : "s"}.`,
  };
}

/**
 * Presence insights, for the clinician's own reflection after the visit: talk-time balance, how
 * long the patient spoke before the first interruption, and interruptions. Shown only here, on
 * the clinician's review page; the patient never sees them.
 */
export function InsightsPanel({ visitId }: { visitId: string }) {
  const { data: insights, error } = useInsights(visitId);
  const message = error
    ? messageOf(error, "Insights could not be loaded. Please reload the page.")
    : undefined;

  const text = insights && insights.segments > 0 ? describeInsights(insights) : undefined;
  return (
    <section className="review-panel" aria-labelledby="insights-h">
      <h2 id="insights-h">Your presence in this visit</h2>
      <p className="muted small">Only you can see this. It is not part of what the patient reads.</p>
      {text ? (
        <>
          <ul>
            <li>{text.balance}</li>
            <li>{text.floor}</li>
            <li>{text.interruptions}</li>
          </ul>
          <p className="small">
            Why it matters: patients who finish their opening statement, which usually takes under two
            minutes, raise more of their concerns and feel heard.
          </p>
        </>
      ) : (
        <p className="muted">
          {message ?? (insights ? "The scribe heard no speech in this visit." : "Loading…")}
        </p>
      )}
    </section>
  );
}
