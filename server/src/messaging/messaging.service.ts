// Sends what the scheduling side asks for (the VisitMessenger port) by email and text message,
// records each delivery, and follows it through the providers' webhooks. Provider failures are
// recorded for staff, never thrown; a number that replied STOP is checked at every send.
import type { DeliveryProblem, VisitDeliveries } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import type { Mailer } from "../mail/mail.service.js";
import type { MessagingRepository } from "./messaging.repository.js";
import type { VisitMessage, VisitMessenger } from "./messaging.port.js";
import { visitCalendar } from "./messaging.ics.js";
import { emailText, smsText, withCalendar, words } from "./messaging.strings.js";
import { SmsNotSent, type SmsProvider, type WebhookRequest } from "./sms.provider.js";

/** The port's message, checked before anything is sent (a bug upstream must not text a stranger). */
const messageSchema = z
  .object({
    visitId: z.uuid(),
    kind: z.enum(["invitation", "rescheduled", "cancelled", "reminder-24h", "reminder-10m", "ready"]),
    language: z.enum(["en", "es"]),
    to: z.object({
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .regex(/^\+[1-9]\d{6,14}$/, "not E.164")
        .optional(),
    }),
    startsAt: z.date(),
    durationMinutes: z.number().int().positive(),
    timeZone: z.string().min(1),
    clinicianName: z.string().min(1).max(200),
    clinicName: z.string().min(1).max(200),
    link: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((m) => m.kind === "cancelled" || m.link !== undefined, "a link is needed for all but cancelled");

const NOT_SET_UP =
  "Text messages are not set up on this server (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM).";

/** "ana@example.org" → "a•••@example.org"; "+34612345678" → "•••• 5678". */
export function maskDestination(channel: "email" | "sms", destination: string | null): string | null {
  if (destination === null) return null;
  if (channel === "sms") return `•••• ${destination.slice(-4)}`;
  const at = destination.lastIndexOf("@");
  return at <= 0 ? "•••" : `${destination[0]}•••${destination.slice(at)}`;
}

export interface MessagingService extends VisitMessenger {
  readonly smsConfigured: boolean;
  deliveries(visitId: string): Promise<VisitDeliveries>;
  /** A provider's status webhook: false when it is not signed by the provider. */
  statusWebhook(request: WebhookRequest): Promise<boolean>;
  /** A provider's reply webhook: undefined when not signed by the provider, else the answer to send back. */
  replyWebhook(request: WebhookRequest): Promise<{ contentType: string; body: string } | undefined>;
}

export function createVisitMessenger(deps: {
  repo: MessagingRepository;
  mailer: Mailer;
  /** Undefined: texts are not set up; each text is recorded as failed, saying so. */
  sms: SmsProvider | undefined;
  /** Where the provider's status webhook reaches this server (PUBLIC_URL); none: no callbacks. */
  publicUrl: string | undefined;
  log: FastifyBaseLogger;
}): MessagingService {
  const { repo, mailer, sms, log } = deps;
  const statusCallback = deps.publicUrl ? `${deps.publicUrl}/api/messaging/twilio/status` : undefined;

  async function sendEmail(message: VisitMessage, to: string): Promise<void> {
    const id = await repo.insert({ ...base(message), channel: "email", destination: to, status: "queued" });
    const { subject, text } = emailText(message);
    try {
      const receipt = await mailer.send({
        to,
        subject,
        text,
        ...(withCalendar(message.kind)
          ? {
              attachments: [
                {
                  filename: message.language === "es" ? "videoconsulta.ics" : "video-visit.ics",
                  content: visitCalendar(message),
                  contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                },
              ],
            }
          : {}),
      });
      await repo.settle(id, {
        status: "sent",
        provider: receipt.via,
        providerMessageId: receipt.via === "smtp" ? receipt.messageId : undefined,
      });
    } catch (err) {
      // The mail server's words, without the address (staff read them; retention clears them).
      const words = `The mail server did not take it: ${(err as Error).message}`
        .split(to)
        .join("the address");
      await repo.settle(id, { status: "failed", problem: "provider_error", error: words.slice(0, 500) });
      log.warn({ visitId: message.visitId, kind: message.kind, channel: "email" }, "message not sent");
    }
  }

  async function sendText(message: VisitMessage, to: string): Promise<void> {
    if (!sms) {
      await repo.insert({
        ...base(message),
        channel: "sms",
        destination: to,
        status: "failed",
        problem: "sms_not_configured",
        error: NOT_SET_UP,
      });
      return;
    }
    if (await repo.isOptedOut(to)) {
      await repo.insert({
        ...base(message),
        channel: "sms",
        destination: to,
        status: "opted_out",
        problem: "opted_out",
      });
      return;
    }
    const id = await repo.insert({ ...base(message), channel: "sms", destination: to, status: "queued" });
    try {
      const sent = await sms.send({ to, body: smsText(message), statusCallback });
      await repo.settle(id, {
        status: sent.status,
        provider: sms.name,
        providerMessageId: sent.providerMessageId,
        ...(sent.status === "failed" ? { problem: "undeliverable" as const } : {}),
      });
    } catch (err) {
      const problem: DeliveryProblem = err instanceof SmsNotSent ? err.problem : "provider_error";
      const detail = err instanceof SmsNotSent ? err.message : "The text provider failed.";
      if (problem === "opted_out") await repo.optedOutByProvider(to);
      await repo.settle(id, {
        status: problem === "opted_out" ? "opted_out" : "failed",
        provider: sms.name,
        problem,
        error: detail,
      });
      log.warn({ visitId: message.visitId, kind: message.kind, channel: "sms", problem }, "message not sent");
    }
  }

  const base = (m: VisitMessage) => ({ visitId: m.visitId, kind: m.kind });

  return {
    smsConfigured: sms !== undefined,

    async send(message) {
      const parsed = messageSchema.safeParse(message);
      if (!parsed.success) {
        log.error(
          { visitId: typeof message.visitId === "string" ? message.visitId.slice(0, 36) : undefined },
          `visit message refused: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
        );
        return;
      }
      const m = parsed.data as VisitMessage;
      await Promise.all([
        m.to.email ? sendEmail(m, m.to.email) : undefined,
        m.to.phone ? sendText(m, m.to.phone) : undefined,
      ]);
    },

    async deliveries(visitId) {
      const rows = await repo.forVisit(visitId);
      return {
        smsConfigured: sms !== undefined,
        deliveries: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          channel: r.channel,
          status: r.status,
          to: maskDestination(r.channel, r.destination),
          problem: r.problem,
          detail: r.error,
          createdAt: r.created_at.toISOString(),
          updatedAt: r.updated_at.toISOString(),
        })),
      };
    },

    async statusWebhook(request) {
      if (!sms?.verify(request)) return false;
      const update = sms.readStatus(request.params);
      const status = update.problem === "opted_out" ? "opted_out" : update.status;
      const changed = await repo.statusChanged(sms.name, update.providerMessageId, {
        status,
        problem: update.problem,
        error: update.error,
      });
      if (status === "opted_out" && changed?.destination) await repo.optedOutByProvider(changed.destination);
      return true;
    },

    async replyWebhook(request) {
      if (!sms?.verify(request)) return undefined;
      const reply = sms.readReply(request.params);
      await repo.replied(reply.from, reply.keyword, reply.action === "help" ? undefined : reply.action);
      log.info({ action: reply.action ?? "none" }, "text reply received");
      // HELP / AYUDA get our answer unless the provider already gave its own; STOP gets the
      // provider's confirmation only (nothing more may be sent to a stopped number).
      const answer =
        reply.action === "help" && !reply.answeredByProvider ? words[reply.language].help : undefined;
      return sms.replyBody(answer);
    },
  };
}
