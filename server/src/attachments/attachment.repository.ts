import { ATTACHMENT_LIMITS, type Attachment, type GuestRole } from "@bedside/shared";
import type { Database } from "../db/database.js";
import type { InspectedAttachment } from "./attachment.inspect.js";

const described = [
  "id",
  "visit_id",
  "content_type",
  "size_bytes",
  "sender_role",
  "width",
  "height",
  "created_at",
] as const;

type Row = {
  id: string;
  visit_id: string;
  content_type: Attachment["contentType"];
  size_bytes: number;
  sender_role: GuestRole;
  width: number | null;
  height: number | null;
  created_at: Date;
};
export const toAttachment = (r: Row): Attachment => ({
  id: r.id,
  visitId: r.visit_id,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  senderRole: r.sender_role,
  sentAt: r.created_at.toISOString(),
  ...(r.width ? { width: r.width } : {}),
  ...(r.height ? { height: r.height } : {}),
});

export type AddOutcome =
  { ok: true; attachment: Attachment } | { ok: false; reason: "ended" | "too_many" | "visit_full" };

export function createAttachmentRepository(db: Database) {
  return {
    /**
     * Stores an inspected file within the visit's limits. The visit's row is locked first, so two
     * uploads at once cannot both pass the count or total.
     */
    async add(
      visitId: string,
      sender: { participantId: string; role: GuestRole },
      file: InspectedAttachment,
    ): Promise<AddOutcome> {
      return db.transaction().execute(async (tx) => {
        const visit = await tx
          .selectFrom("visits")
          .select("state")
          .where("id", "=", visitId)
          .forUpdate()
          .executeTakeFirst();
        if (!visit || visit.state === "ended") return { ok: false, reason: "ended" };
        const used = await tx
          .selectFrom("visit_attachments")
          .select((eb) => [
            eb.fn.countAll<string>().as("count"),
            eb.fn.coalesce(eb.fn.sum<string>("size_bytes"), eb.lit(0)).as("bytes"),
          ])
          .where("visit_id", "=", visitId)
          .executeTakeFirstOrThrow();
        if (Number(used.count) >= ATTACHMENT_LIMITS.perVisitCount) return { ok: false, reason: "too_many" };
        if (Number(used.bytes) + file.bytes.length > ATTACHMENT_LIMITS.perVisitBytes) {
          return { ok: false, reason: "visit_full" };
        }
        const row = await tx
          .insertInto("visit_attachments")
          .values({
            visit_id: visitId,
            sender_participant_id: sender.participantId,
            sender_role: sender.role,
            content_type: file.contentType,
            size_bytes: file.bytes.length,
            width: file.width ?? null,
            height: file.height ?? null,
            bytes: file.bytes,
          })
          .returning(described)
          .executeTakeFirstOrThrow();
        return { ok: true, attachment: toAttachment(row) };
      });
    },

    async visitOpen(visitId: string): Promise<boolean> {
      const v = await db.selectFrom("visits").select("state").where("id", "=", visitId).executeTakeFirst();
      return v !== undefined && v.state !== "ended";
    },

    async list(visitId: string): Promise<Attachment[]> {
      const rows = await db
        .selectFrom("visit_attachments")
        .select(described)
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toAttachment);
    },

    /** One attachment with its bytes, only within its visit. */
    async file(visitId: string, attachmentId: string) {
      const row = await db
        .selectFrom("visit_attachments")
        .select([...described, "bytes"])
        .where("visit_id", "=", visitId)
        .where("id", "=", attachmentId)
        .executeTakeFirst();
      return row && { attachment: toAttachment(row), bytes: row.bytes };
    },
  };
}
export type AttachmentRepository = ReturnType<typeof createAttachmentRepository>;
