import { auditTrailSchema, summaryLinkSchema, type AuditEvent, type SummaryLink } from "@bedside/shared";
import { useCallback, useEffect, useState } from "react";
import { api, ApiError } from "../../lib/api";

const actionLabel: Record<AuditEvent["action"], string> = {
  "transcript.read": "read the transcript",
  "findings.read": "read the findings",
  "findings.changed": "changed the findings",
  "summary.released": "released the summary",
  "summary.read": "read the summary",
  "note.read": "read the clinical note",
  "questions.read": "read the patient's questions",
  "note.changed": "changed the clinical note",
  "note.signed": "signed the clinical note",
  "link.issued": "sent a visit link",
  "link.revoked": "cancelled a visit link",
  "summary-link.issued": "got a summary link",
  "summary-link.revoked": "cancelled the summary links",
  export: "exported the visit",
  "transcript.deleted": "deleted their words from the transcript",
  "retention.purged": "removed old data (retention)",
};

const actorLabel = (e: AuditEvent) =>
  e.actor.kind === "clinician"
    ? "You"
    : e.actor.kind === "system"
      ? "Bedside"
      : e.actor.kind === "patient"
        ? "The patient"
        : "The interpreter";

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : "Please reload the page.");

/**
 * Who opened, changed, shared or deleted what in this visit (the audit trail, newest first), and
 * the patient's summary link: send a new one, or cancel every one of them.
 */
export function AccessPanel({ visitId }: { visitId: string }) {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [link, setLink] = useState<SummaryLink>();
  const [message, setMessage] = useState<string>();

  const load = useCallback(
    () =>
      api(`/api/visits/${visitId}/audit`).then(
        (body) => setEvents(auditTrailSchema.parse(body).events),
        (err: unknown) => setMessage(messageOf(err)),
      ),
    [visitId],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const issue = async () => {
    try {
      setLink(summaryLinkSchema.parse(await api(`/api/visits/${visitId}/summary-link`, { body: {} })));
      setMessage(undefined);
    } catch (err) {
      setMessage(messageOf(err));
    }
    await load();
  };
  const revoke = async () => {
    try {
      await api(`/api/visits/${visitId}/summary-link`, { method: "DELETE" });
      setLink(undefined);
      setMessage("Every summary link for this visit is cancelled.");
    } catch (err) {
      setMessage(messageOf(err));
    }
    await load();
  };

  return (
    <section className="review-panel" aria-labelledby="access-h">
      <h2 id="access-h">Access to this visit</h2>
      <div className="row">
        <button type="button" className="button" onClick={() => void issue()}>
          New summary link for the patient
        </button>
        <button type="button" className="button" onClick={() => void revoke()}>
          Cancel summary links
        </button>
      </div>
      {link && (
        <p className="small">
          Send the patient this link (it opens only their summary, until{" "}
          {new Date(link.expiresAt).toLocaleDateString()}): <code>{link.url}</code>
        </p>
      )}
      {message && <p className="small">{message}</p>}
      <h3>Who opened or changed what</h3>
      {events === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="review-audit small">
          {events.slice(0, 50).map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> — {actorLabel(e)}{" "}
              {actionLabel[e.action]}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
