import { z } from "zod";

// Issue 28: what was sent to a visit's patient (invitations, reminders), on which channel, and
// what became of it. Staff see it on the schedule and the visit's page. Changed only by adding.

export const messageKinds = [
  "invitation",
  "rescheduled",
  "cancelled",
  "reminder-24h",
  "reminder-10m",
  "ready",
] as const;
export const messageKindSchema = z.enum(messageKinds);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const messageChannels = ["email", "sms"] as const;
export const messageChannelSchema = z.enum(messageChannels);
export type MessageChannel = z.infer<typeof messageChannelSchema>;

/**
 * queued: handed to the provider, no word back yet; sent: the mail server accepted it, or the text
 * provider sent it on; delivered: the phone network confirmed it; failed: it did not go (see
 * `problem`); opted_out: not sent, the number replied STOP.
 */
export const deliveryStatuses = ["queued", "sent", "delivered", "failed", "opted_out"] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/**
 * Why a delivery failed, as a code the client words for staff with what to do:
 * sms_not_configured (the server has no text provider set up: email the link or call),
 * opted_out (the patient replied STOP: they can reply START, or use email),
 * invalid_destination (the provider refused the address or number: check it with the patient),
 * provider_error (the provider could not take it now: send the link again later),
 * undeliverable (the provider took it but the network or mailbox did not: check the number or address).
 */
export const deliveryProblems = [
  "sms_not_configured",
  "opted_out",
  "invalid_destination",
  "provider_error",
  "undeliverable",
] as const;
export const deliveryProblemSchema = z.enum(deliveryProblems);
export type DeliveryProblem = z.infer<typeof deliveryProblemSchema>;

export const visitDeliverySchema = z.object({
  id: z.uuid(),
  kind: messageKindSchema,
  channel: messageChannelSchema,
  status: deliveryStatusSchema,
  /** Where it went, partly hidden ("a•••@example.org", "•••• 5678"); null once retention removed it. */
  to: z.string().nullable(),
  problem: deliveryProblemSchema.nullable(),
  /** The provider's own words, for staff (never shown to patients); null when there is none. */
  detail: z.string().nullable(),
  createdAt: z.iso.datetime(),
  /** When the status last changed. */
  updatedAt: z.iso.datetime(),
});
export type VisitDelivery = z.infer<typeof visitDeliverySchema>;

/** `GET /api/visits/:visitId/messages`: newest first. */
export const visitDeliveriesSchema = z.object({
  deliveries: z.array(visitDeliverySchema),
  /** False when the server has no text provider: texts are not sent ("text messages are not set up"). */
  smsConfigured: z.boolean(),
});
export type VisitDeliveries = z.infer<typeof visitDeliveriesSchema>;
