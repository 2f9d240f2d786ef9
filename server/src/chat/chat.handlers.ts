// The visit's chat on the socket: `chat:watch` (history, then live messages) and `chat:send`.
import { chatEventSchemas } from "@bedside/shared";
import type { SocketBackbone } from "../socket/socket.handle.js";
import { rooms } from "../socket/socket.names.js";
import type { ChatService } from "./chat.service.js";

export function registerChatHandlers(socket: SocketBackbone, deps: { service: ChatService }): void {
  const { io } = socket;
  const { service } = deps;

  socket.handle("chat:watch", chatEventSchemas["chat:watch"], {
    as: "anyone",
    act: async ({ visitId }, { who, socket: s }) => {
      const { visitId: id, messages } = await service.history(who, visitId);
      // Joined only after the check: sending back, ending or revoking takes the socket out again.
      await s.join(rooms.chat(id));
      return { messages };
    },
  });

  socket.handle("chat:send", chatEventSchemas["chat:send"], {
    as: "anyone",
    act: ({ visitId, text }, { who }) => service.send(who, visitId, text),
    broadcast: (message) => void io.to(rooms.chat(message.visitId)).emit("chat:message-sent", message),
  });
}
