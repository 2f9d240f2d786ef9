import type { Attachment } from "@bedside/shared";
import { useEffect, useState } from "react";
import type { BedsideSocket } from "../../lib/socket";
import { attachmentUrl, listAttachments } from "./attachments-api";

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
const sizeOf = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * What the patient sent in this visit, for the clinician: in the call (new ones arrive on the
 * socket) and on the review page. Photos are shown; PDFs download. Each opening is audited.
 */
export function VisitAttachments({ visitId, socket }: { visitId: string; socket?: BedsideSocket }) {
  const [items, setItems] = useState<Attachment[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    listAttachments(visitId).then(
      (list) =>
        !cancelled &&
        setItems((known) => [...list, ...known.filter((k) => !list.some((l) => l.id === k.id))]),
      (err: Error) => !cancelled && setError(err.message),
    );
    const added = (a: Attachment) => {
      if (a.visitId !== visitId) return;
      setItems((known) => (known.some((k) => k.id === a.id) ? known : [...known, a]));
    };
    socket?.on("attachment:added", added);
    return () => {
      cancelled = true;
      socket?.off("attachment:added", added);
    };
  }, [visitId, socket]);

  if (items.length === 0 && !error) return null;
  return (
    <section
      className="card stack attachments"
      aria-label="Photos and documents from the patient"
      aria-live="polite"
    >
      <h2>From the patient</h2>
      {error && <p className="error">{error}</p>}
      <ul className="attachments__list">
        {items.map((a) => (
          <li key={a.id} className="attachments__item" data-content-type={a.contentType}>
            {a.contentType === "application/pdf" ? (
              <a href={attachmentUrl(a)} download>
                PDF document ({sizeOf(a.sizeBytes)})
              </a>
            ) : (
              <a href={attachmentUrl(a)} target="_blank" rel="noreferrer">
                <img
                  src={attachmentUrl(a)}
                  alt={`Photo from the patient, ${timeOf(a.sentAt)}`}
                  className="attachments__image"
                  width={a.width}
                  height={a.height}
                />
              </a>
            )}
            <span className="muted"> Sent {timeOf(a.sentAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
