// The one seam between Bedside and a text-message provider (Twilio today). A provider sends,
// tells its webhooks from forgeries, and reads its own status and reply webhooks into these shapes.
import type { DeliveryProblem } from "@bedside/shared";

export type ProviderStatus = "queued" | "sent" | "delivered" | "failed";

export interface SmsSent {
  providerMessageId: string;
  status: ProviderStatus;
}

/** The provider refused or could not take a message: what staff can do about it, and its words. */
export class SmsNotSent extends Error {
  constructor(
    readonly problem: DeliveryProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A status webhook, read. */
export interface SmsStatusUpdate {
  providerMessageId: string;
  status: ProviderStatus;
  problem: DeliveryProblem | null;
  error: string | null;
}

export type ReplyAction = "opt-out" | "opt-in" | "help";

/** A reply webhook, read: who wrote, and what the words ask (undefined: no keyword). */
export interface SmsReply {
  from: string;
  action: ReplyAction | undefined;
  /** The keyword as written ("STOP", "AYUDA"); null when the reply was not a keyword. */
  keyword: string | null;
  /** The language of the keyword, for the answer to HELP / AYUDA. */
  language: "en" | "es";
  /** Whether the provider already answered the keyword itself (Twilio's opt-out handling). */
  answeredByProvider: boolean;
}

export interface WebhookRequest {
  /** The URL the provider called, as it signed it (PUBLIC_URL and the path with its query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The form fields. */
  params: Record<string, string | string[]>;
}

export interface SmsProvider {
  readonly name: string;
  /** Throws SmsNotSent when the provider refuses it or cannot be reached. */
  send(sms: { to: string; body: string; statusCallback: string | undefined }): Promise<SmsSent>;
  /** Whether a webhook request carries the provider's valid signature. */
  verify(request: WebhookRequest): boolean;
  /** Reads a status webhook; throws a zod error (a 400) for one that is not. */
  readStatus(params: Record<string, string | string[]>): SmsStatusUpdate;
  /** Reads an inbound-reply webhook; throws a zod error (a 400) for one that is not. */
  readReply(params: Record<string, string | string[]>): SmsReply;
  /** The webhook's answer, with a text back to the sender (or none). */
  replyBody(text: string | undefined): { contentType: string; body: string };
}
