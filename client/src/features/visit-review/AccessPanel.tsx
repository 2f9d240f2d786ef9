import type { AuditEvent, SummaryLink } from "@bedside/shared";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyField } from "../../components/CopyField";
import { messageOf as sentenceOf, useAuditTrail, useLinkChange } from "./review-queries";

const actionLabel: Record<AuditEvent["action"], string> = {
  "transcript.read": "read the transcript",
  "chat.read": "read the chat",
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
  // Account events carry no visit, so a visit's trail never lists them; named for completeness.
  "account.deactivated": "deactivated an account",
  "account.reactivated": "reactivated an account",
  "account.roles-changed": "changed an account's roles",
  "account.setup": "set up the first admin",
  "invitation.accepted": "accepted an invitation",
  "invitation.revoked": "cancelled an invitation",
  "invitation.sent": "sent an invitation",
  "mfa.disabled": "turned two-factor sign-in off",
  "mfa.enabled": "turned two-factor sign-in on",
  "mfa.recovery-code-used": "signed in with a recovery code",
  "mfa.reset": "reset someone's two-factor sign-in",
  "mfa.required-changed": "changed whether two-factor sign-in is required",
  "password.changed": "changed their password",
  "password.reset-done": "reset their password",
  "password.reset-requested": "asked for a password reset",
  "sessions.signed-out-everywhere": "signed out everywhere",
  "visit.transferred": "transferred the visit to another clinician",
  "waiting.message-sent": "sent a message to the waiting room",
  "visit.booked": "booked the visit",
  "visit.rescheduled": "moved the visit to another time",
  "visit.cancelled": "cancelled the visit",
  "visit.link-resent": "sent the patient a new link",
  "attachment.sent": "sent a photo or document",
  "attachment.read": "opened a photo or document from the patient",
};

/** The action, with which link when the event says (the patient's or the interpreter's). */
const describeAction = (e: AuditEvent) => {
  const role = e.detail.role;
  if ((e.action === "link.issued" || e.action === "link.revoked") && typeof role === "string")
    return e.action === "link.issued"
      ? `sent the ${role}'s visit link`
      : `cancelled the ${role}'s visit link`;
  return actionLabel[e.action];
};

const actorLabel = (e: AuditEvent) =>
  e.actor.kind === "clinician"
    ? "You"
    : e.actor.kind === "system"
      ? "Bedside"
      : e.actor.kind === "patient"
        ? "The patient"
        : "The interpreter";

const messageOf = (err: unknown) => sentenceOf(err, "Please reload the page.");

type Asking = "summary-links" | "join-link";

/**
 * Who opened, changed, shared or deleted what in this visit (the audit trail, newest first), and
 * the patient's links: send a new summary link, cancel every summary link, or cancel the link that
 * joins the visit. Cancelling asks first.
 */
export function AccessPanel({ visitId }: { visitId: string }) {
  const audit = useAuditTrail(visitId);
  const change = useLinkChange(visitId);
  const [link, setLink] = useState<SummaryLink>();
  const [message, setMessage] = useState<string>();
  const [asking, setAsking] = useState<Asking>();
  const events = audit.data?.events;

  /** Runs one change; the trail is loaded again whatever happened (the mutation invalidates it). */
  const run = async (action: Parameters<typeof change.mutateAsync>[0], done: string | undefined) => {
    try {
      const issued = await change.mutateAsync(action);
      if (action === "issue-summary") setLink(issued);
      if (action === "revoke-summary") setLink(undefined);
      setMessage(done);
    } catch (err) {
      setMessage(messageOf(err));
    }
  };
  const issue = () => run("issue-summary", undefined);
  const revoke = () => run("revoke-summary", "Every summary link for this visit is cancelled.");
  const revokeJoin = () =>
    run("revoke-join", "The patient's visit link is cancelled. It no longer opens the visit.");

  return (
    <section className="review-panel" aria-labelledby="access-h">
      <h2 id="access-h">Access to this visit</h2>
      <div className="row">
        <button type="button" className="button" onClick={() => void issue()}>
          New summary link for the patient
        </button>
        <button type="button" className="button" onClick={() => setAsking("summary-links")}>
          Cancel summary links
        </button>
        <button type="button" className="button" onClick={() => setAsking("join-link")}>
          Cancel the patient&apos;s visit link
        </button>
      </div>
      {link && (
        <div className="stack">
          <p className="small">
            Send the patient this link. It opens only their summary, until{" "}
            {new Date(link.expiresAt).toLocaleDateString()}.
          </p>
          <CopyField key={link.url} label="Summary link" copyLabel="Copy the summary link" value={link.url} />
        </div>
      )}
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
      {asking === "summary-links" && (
        <ConfirmDialog
          title="Cancel every summary link?"
          confirmLabel="Cancel the summary links"
          cancelLabel="Keep them"
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            setAsking(undefined);
            void revoke();
          }}
        >
          <p>
            No link sent so far opens the patient&apos;s summary any more. You can send a new summary link
            after.
          </p>
        </ConfirmDialog>
      )}
      {asking === "join-link" && (
        <ConfirmDialog
          title="Cancel the patient's visit link?"
          confirmLabel="Cancel the visit link"
          cancelLabel="Keep it"
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            setAsking(undefined);
            void revokeJoin();
          }}
        >
          <p>
            The link no longer opens the visit. If the patient is waiting or in the call, they are taken out.
            Their summary links are not changed.
          </p>
        </ConfirmDialog>
      )}
      <h3>Who opened or changed what</h3>
      {audit.error ? (
        <p className="error">{messageOf(audit.error)}</p>
      ) : events === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="review-audit small">
          {events.slice(0, 50).map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> — {actorLabel(e)}{" "}
              {describeAction(e)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
