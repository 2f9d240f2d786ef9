// Deliveries (visit_messages) and the numbers that replied STOP (sms_opt_outs).
import type { DeliveryProblem, DeliveryStatus, MessageChannel } from "@bedside/shared";
import type { Database } from "../db/database.js";
import type { VisitMessageKind } from "../db/schema.js";

/** Which statuses a later one may replace: callbacks arrive out of order, and never go back. */
const replaces: Record<DeliveryStatus, DeliveryStatus[]> = {
  queued: [],
  sent: ["queued"],
  delivered: ["queued", "sent"],
  failed: ["queued", "sent"],
  opted_out: ["queued", "sent"],
};

export function createMessagingRepository(db: Database) {
  return {
    async insert(row: {
      visitId: string;
      kind: VisitMessageKind;
      channel: MessageChannel;
      destination: string;
      status: DeliveryStatus;
      problem?: DeliveryProblem;
      error?: string;
    }): Promise<string> {
      const r = await db
        .insertInto("visit_messages")
        .values({
          visit_id: row.visitId,
          kind: row.kind,
          channel: row.channel,
          destination: row.destination,
          status: row.status,
          problem: row.problem ?? null,
          error: row.error ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return r.id;
    },

    /** What the provider answered when it was handed the message. */
    async settle(
      id: string,
      outcome: {
        status: DeliveryStatus;
        provider?: string;
        providerMessageId?: string;
        problem?: DeliveryProblem;
        error?: string;
      },
    ): Promise<void> {
      await db
        .updateTable("visit_messages")
        .set({
          status: outcome.status,
          provider: outcome.provider ?? null,
          provider_message_id: outcome.providerMessageId ?? null,
          problem: outcome.problem ?? null,
          error: outcome.error ?? null,
          updated_at: new Date(),
        })
        .where("id", "=", id)
        .execute();
    },

    /** A provider's later word on a message; ignored when it would move the status backwards. */
    async statusChanged(
      provider: string,
      providerMessageId: string,
      change: { status: DeliveryStatus; problem: DeliveryProblem | null; error: string | null },
    ): Promise<{ destination: string | null } | undefined> {
      const from = replaces[change.status];
      if (from.length === 0) return undefined;
      return db
        .updateTable("visit_messages")
        .set({ status: change.status, problem: change.problem, error: change.error, updated_at: new Date() })
        .where("provider", "=", provider)
        .where("provider_message_id", "=", providerMessageId)
        .where("status", "in", from)
        .returning("destination")
        .executeTakeFirst();
    },

    async forVisit(visitId: string) {
      return db
        .selectFrom("visit_messages")
        .selectAll()
        .where("visit_id", "=", visitId)
        .orderBy("created_at", "desc")
        .orderBy("id")
        .execute();
    },

    async isOptedOut(phone: string): Promise<boolean> {
      const row = await db
        .selectFrom("sms_opt_outs")
        .select(["opted_out_at", "opted_in_at"])
        .where("phone", "=", phone)
        .executeTakeFirst();
      if (!row?.opted_out_at) return false;
      return row.opted_in_at === null || row.opted_in_at < row.opted_out_at;
    },

    /** A reply from a number: STOP / START move its opt-out; every reply is noted (keyword only, never text). */
    async replied(phone: string, keyword: string | null, action: "opt-out" | "opt-in" | undefined) {
      const now = new Date();
      await db
        .insertInto("sms_opt_outs")
        .values({
          phone,
          last_keyword: keyword,
          last_reply_at: now,
          opted_out_at: action === "opt-out" ? now : null,
          opted_in_at: action === "opt-in" ? now : null,
        })
        .onConflict((oc) =>
          oc.column("phone").doUpdateSet({
            last_keyword: keyword,
            last_reply_at: now,
            ...(action === "opt-out" ? { opted_out_at: now } : {}),
            ...(action === "opt-in" ? { opted_in_at: now } : {}),
          }),
        )
        .execute();
    },

    /** The provider said the number had stopped texts from us (Twilio error 21610): note it too. */
    async optedOutByProvider(phone: string) {
      const now = new Date();
      await db
        .insertInto("sms_opt_outs")
        .values({ phone, opted_out_at: now })
        .onConflict((oc) => oc.column("phone").doUpdateSet({ opted_out_at: now }))
        .execute();
    },
  };
}
export type MessagingRepository = ReturnType<typeof createMessagingRepository>;
