import { z } from "zod";

/** Issue 30: the visit's chat, in the waiting room (patient ↔ the clinic) and in the call. */
export const CHAT_MESSAGE_MAX = 2_000;

/** What a person may send: trimmed, 1 to 2,000 characters, shown exactly as written (never as HTML). */
export const chatTextSchema = z.string().trim().min(1).max(CHAT_MESSAGE_MAX);

export const chatSenderRoles = ["patient", "interpreter", "clinician", "front_desk"] as const;
export const chatSenderRoleSchema = z.enum(chatSenderRoles);
export type ChatSenderRole = z.infer<typeof chatSenderRoleSchema>;

export const chatMessageSchema = z.object({
  id: z.uuid(),
  visitId: z.uuid(),
  senderRole: chatSenderRoleSchema,
  senderName: z.string(),
  text: z.string(),
  sentAt: z.iso.datetime(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatHistorySchema = z.object({ messages: z.array(chatMessageSchema) });
export type ChatHistory = z.infer<typeof chatHistorySchema>;

/**
 * Socket payloads. A guest may leave out the visit (their link names it); staff name it. The
 * server checks on each command that the sender may still chat in that visit.
 */
export const chatEventSchemas = {
  "chat:watch": z.object({ visitId: z.uuid().optional() }).strict(),
  "chat:send": z.object({ visitId: z.uuid().optional(), text: chatTextSchema }).strict(),
} as const;
