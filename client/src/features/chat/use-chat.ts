import type { ChatMessage } from "@bedside/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { command, type BedsideSocket } from "../../lib/socket";

/**
 * The visit's chat, live, on the socket the page already holds (`app/` passes it in): the history
 * from `chat:watch`, then each `chat:message-sent` of this visit. Asked again after a reconnect
 * (another server may not know this connection follows the chat). Only its own listeners are
 * added, and removed on unmount.
 */
export function useChat({
  socket,
  visitId,
  guestsUnread = false,
}: {
  socket: BedsideSocket | undefined;
  visitId?: string;
  /** Staff: what guests wrote before the chat was opened here (in the waiting room) counts as unread. */
  guestsUnread?: boolean;
}) {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [error, setError] = useState<unknown>();
  /** Messages this page sent (from their acks): not counted as unread, shown as "you". */
  const mine = useRef(new Set<string>());
  /** The newest message from someone else, and how many have arrived live (for the unread badge). */
  const [incoming, setIncoming] = useState<ChatMessage>();
  const [received, setReceived] = useState(0);

  useEffect(() => {
    if (!socket) return;
    let mounted = true;
    let watching = visitId;
    let first = true;
    const watch = () =>
      command(socket, "chat:watch", visitId ? { visitId } : {}).then(
        (history) => {
          if (!mounted) return;
          watching = history.messages[0]?.visitId ?? watching;
          setError(undefined);
          setMessages((now) => merge(now, history.messages));
          if (first && guestsUnread) {
            const fromGuests = history.messages.filter(
              (m) => m.senderRole === "patient" || m.senderRole === "interpreter",
            ).length;
            setReceived((n) => n + fromGuests);
          }
          first = false;
        },
        (err: unknown) => mounted && setError(err),
      );
    const onConnect = () => void watch();
    const onMessage = (m: ChatMessage) => {
      // The clinician's socket may still be in an earlier visit's chat: keep to this one.
      if (watching && m.visitId !== watching) return;
      watching = m.visitId;
      setMessages((now) => merge(now, [m]));
      if (!mine.current.has(m.id)) {
        setIncoming(m);
        setReceived((n) => n + 1);
      }
    };
    socket.on("connect", onConnect);
    socket.on("chat:message-sent", onMessage);
    if (socket.connected) void watch();
    return () => {
      mounted = false;
      socket.off("connect", onConnect);
      socket.off("chat:message-sent", onMessage);
    };
  }, [socket, visitId, guestsUnread]);

  const send = useCallback(
    async (text: string): Promise<boolean> => {
      if (!socket) return false;
      setError(undefined);
      try {
        const m = await command(socket, "chat:send", visitId ? { visitId, text } : { text });
        mine.current.add(m.id);
        setMessages((now) => merge(now, [m]));
        return true;
      } catch (err) {
        setError(err);
        return false;
      }
    },
    [socket, visitId],
  );
  return { messages, error, send, incoming, received, isMine: (m: ChatMessage) => mine.current.has(m.id) };
}

/** In order of sending, each once (the history and live messages overlap after a reconnect). */
function merge(now: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  const byId = new Map(now.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
