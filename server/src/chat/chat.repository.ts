import type { ChatSenderRole } from "@bedside/shared";
import type { Database } from "../db/database.js";

const columns = ["id", "visit_id", "sender_role", "sender_name", "body", "created_at"] as const;

export function createChatRepository(db: Database) {
  return {
    /**
     * Stores one message. A staff sender's name is read in the same statement (a guest's comes from
     * their check-in): what the chat showed is what the record keeps.
     */
    async add(visitId: string, sender: { role: ChatSenderRole; id: string; name?: string }, body: string) {
      return db
        .insertInto("visit_chat_messages")
        .values((eb) => ({
          visit_id: visitId,
          sender_role: sender.role,
          sender_id: sender.id,
          sender_name:
            sender.name ?? eb.selectFrom("clinicians").select("display_name").where("id", "=", sender.id),
          body,
        }))
        .returning(columns)
        .executeTakeFirstOrThrow();
    },

    async list(visitId: string) {
      return db
        .selectFrom("visit_chat_messages")
        .select(columns)
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
    },
  };
}
export type ChatRepository = ReturnType<typeof createChatRepository>;
