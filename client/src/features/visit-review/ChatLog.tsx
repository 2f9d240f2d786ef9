import type { ChatSenderRole } from "@bedside/shared";
import { messageOf, useChatLog } from "./review-queries";

const roleLabel: Record<ChatSenderRole, string> = {
  patient: "Patient",
  interpreter: "Interpreter",
  clinician: "Clinician",
  front_desk: "Front desk",
};

/**
 * What was written in the visit's chat (issue 30), for the clinician reviewing it. Each opening
 * is a read of clinical text: the server records it in the audit trail.
 */
export function ChatLog({ visitId }: { visitId: string }) {
  const { data, error } = useChatLog(visitId);
  const messages = data?.messages;
  const time = (iso: string) =>
    new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
  return (
    <section className="review-panel review__chat" aria-labelledby="chat-h">
      <h2 id="chat-h">Chat</h2>
      {error && <p role="alert">{messageOf(error)}</p>}
      {messages?.length === 0 && <p className="muted">Nobody wrote in this visit's chat.</p>}
      {messages && messages.length > 0 && (
        <ol className="review__chat-log">
          {messages.map((m) => (
            <li key={m.id} data-role={m.senderRole}>
              <p className="muted">
                <strong>{m.senderName}</strong>{" "}
                <span className={`tag tag--${m.senderRole}`}>{roleLabel[m.senderRole]}</span>{" "}
                <time dateTime={m.sentAt}>{time(m.sentAt)}</time>
              </p>
              <p className="review__chat-text">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
