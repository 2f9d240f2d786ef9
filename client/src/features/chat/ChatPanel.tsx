import { CHAT_MESSAGE_MAX, type ChatMessage, type ChatSenderRole } from "@bedside/shared";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../lib/api";
import { errorText } from "../../lib/errors";
import type { BedsideSocket } from "../../lib/socket";
import { useChat } from "./use-chat";
import "./chat.css";

const roleLabel = {
  patient: "chat.rolePatient",
  interpreter: "chat.roleInterpreter",
  clinician: "chat.roleClinician",
  front_desk: "chat.roleFrontDesk",
} as const satisfies Record<ChatSenderRole, string>;

/**
 * The visit's chat: in the waiting room (the patient and the clinic) and in the call (everyone
 * admitted). Messages are text, shown exactly as written (React renders them as text, never as
 * HTML). In the call it folds away behind a button with the number of unread messages; a
 * screen reader hears new messages either way.
 */
export function ChatPanel({
  socket,
  visitId,
  collapsible,
  guestsUnread,
  with: withWhom,
}: {
  socket: BedsideSocket | undefined;
  /** Staff name the visit; a guest's link already does. */
  visitId?: string;
  /** In the call: starts folded. In the waiting room it is always open. */
  collapsible: boolean;
  /** Staff: what the patient wrote from the waiting room shows as unread when the call opens. */
  guestsUnread?: boolean;
  /** Staff watching several visits' chats at once: whose chat this is, on its button and region. */
  with?: string;
}) {
  const { t, i18n } = useTranslation();
  const { messages, error, send, incoming, received, isMine } = useChat({ socket, visitId, guestsUnread });
  const [open, setOpen] = useState(!collapsible);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  // Unread: what arrived from others since the chat was last open.
  const [readUpTo, setReadUpTo] = useState(0);
  const unread = open ? 0 : received - readUpTo;
  const logRef = useRef<HTMLDivElement>(null);
  const inputId = useId();

  // The newest message in view.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages, open]);

  const timeOf = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    if (await send(body)) setText("");
    setSending(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a new line (as in every chat).
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };
  const problem = error === undefined ? undefined : chatError(t, error);

  return (
    <section
      className={`chat${open ? " chat--open" : ""}`}
      aria-label={withWhom ? t("chat.titleWith", { name: withWhom }) : t("chat.title")}
    >
      {/* Heard even when folded: the newest message from someone else. */}
      <p className="visually-hidden" role="status">
        {incoming && !open ? t("chat.newFrom", { name: incoming.senderName, text: incoming.text }) : ""}
      </p>
      {collapsible && (
        <button
          type="button"
          className="button chat__toggle"
          aria-expanded={open}
          onClick={() => {
            setReadUpTo(received);
            setOpen(!open);
          }}
        >
          {open ? t("chat.hide") : withWhom ? t("chat.showWith", { name: withWhom }) : t("chat.show")}
          {unread > 0 && (
            <span className="chat__badge">
              <span aria-hidden="true">{unread}</span>
              <span className="visually-hidden">{t("chat.unread", { count: unread })}</span>
            </span>
          )}
        </button>
      )}
      {open && (
        <div className="chat__body">
          {!collapsible && <h2 className="chat__title">{t("chat.title")}</h2>}
          <div className="chat__log" ref={logRef} role="log" aria-live="polite" aria-label={t("chat.title")}>
            <ol className="chat__list">
              {messages.length === 0 && <li className="muted chat__empty">{t("chat.empty")}</li>}
              {messages.map((m) => (
                <Message key={m.id} m={m} mine={isMine(m)} time={timeOf(m.sentAt)} />
              ))}
            </ol>
          </div>
          <form className="chat__form" onSubmit={(e) => void submit(e)}>
            <label htmlFor={inputId} className="visually-hidden">
              {t("chat.label")}
            </label>
            <textarea
              id={inputId}
              className="chat__input"
              rows={2}
              maxLength={CHAT_MESSAGE_MAX}
              value={text}
              placeholder={t("chat.placeholder")}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
            />
            <button type="submit" className="button button--primary" disabled={sending || !text.trim()}>
              {t("chat.send")}
            </button>
          </form>
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function Message({ m, mine, time }: { m: ChatMessage; mine: boolean; time: string }) {
  const { t } = useTranslation();
  return (
    <li className={`chat__message${mine ? " chat__message--mine" : ""}`} data-role={m.senderRole}>
      <p className="chat__meta">
        <span className="chat__sender">{mine ? t("chat.you") : m.senderName}</span>{" "}
        <span className={`tag tag--${m.senderRole}`}>{t(roleLabel[m.senderRole])}</span>{" "}
        <time dateTime={m.sentAt}>{time}</time>
      </p>
      <p className="chat__text">{m.text}</p>
    </li>
  );
}

/** Why a message did not go, in the person's language. */
function chatError(t: ReturnType<typeof useTranslation>["t"], err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === "forbidden") return t("chat.closed");
    if (err.code === "conflict") return t("chat.ended");
    if (err.code === "rate_limited") return t("chat.tooFast");
  }
  return errorText(t, err);
}
