import type { Attachment } from "@bedside/shared";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { visitKeys } from "../../lib/query";
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
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: visitKeys.attachments(visitId),
    queryFn: () => listAttachments(visitId),
  });
  const items = list.data ?? [];
  const error = list.error?.message;

  useEffect(() => {
    const added = (a: Attachment) => {
      if (a.visitId !== visitId) return;
      queryClient.setQueryData<Attachment[]>(visitKeys.attachments(visitId), (known = []) =>
        known.some((k) => k.id === a.id) ? known : [...known, a],
      );
    };
    socket?.on("attachment:added", added);
    return () => void socket?.off("attachment:added", added);
  }, [visitId, socket, queryClient]);

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
              <Photo attachment={a} />
            )}
            <span className="muted"> Sent {timeOf(a.sentAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const PHOTO_TRIES = 4;

/**
 * A photo that a dropped or slow request does not leave broken: it is asked for again (after 1,
 * 2 and 4 s; each opening is audited, so not endlessly), then said plainly with a link to open it.
 */
function Photo({ attachment: a }: { attachment: Attachment }) {
  const [failures, setFailures] = useState(0);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (failures === attempt || failures >= PHOTO_TRIES) return;
    const retry = setTimeout(() => setAttempt(failures), 1000 * 2 ** (failures - 1));
    return () => clearTimeout(retry);
  }, [failures, attempt]);
  const url = attachmentUrl(a);
  if (failures >= PHOTO_TRIES) {
    return (
      <p className="error">
        This photo could not be shown. <a href={url}>Open it</a>
      </p>
    );
  }
  return (
    <a href={url} target="_blank" rel="noreferrer">
      <img
        src={attempt ? `${url}?try=${attempt}` : url}
        alt={`Photo from the patient, ${timeOf(a.sentAt)}`}
        className="attachments__image"
        width={a.width}
        height={a.height}
        onError={() => setFailures(attempt + 1)}
      />
    </a>
  );
}
