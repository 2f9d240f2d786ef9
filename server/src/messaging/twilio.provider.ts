// Twilio Programmable Messaging through its official SDK, the only module that imports it. The
// SDK's own HTTP client carries every request; with TWILIO_API_BASE_URL it is pointed at another
// host (a stand-in speaking Twilio's REST API in tests) through the SDK's `httpClient` option.
import twilio from "twilio";
import { z } from "zod";
import type { TwilioConfig } from "./messaging.config.js";
import {
  SmsNotSent,
  type ProviderStatus,
  type ReplyAction,
  type SmsProvider,
  type SmsReply,
  type WebhookRequest,
} from "./sms.provider.js";

const TWILIO_API = "https://api.twilio.com";

/** The SDK's request client, sending to `baseUrl` what it would send to api.twilio.com. */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 15_000 });
  }
  override request<TData>(opts: Parameters<twilio.RequestClient["request"]>[0]) {
    const uri = new URL(opts.uri);
    const moved =
      uri.origin === TWILIO_API ? { ...opts, uri: `${this.baseUrl}${uri.pathname}${uri.search}` } : opts;
    return super.request<TData>(moved as typeof opts & { data?: TData });
  }
}

/** Twilio's statuses, in ours. */
const statusOf: Record<string, ProviderStatus> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  partially_delivered: "sent",
  failed: "failed",
  undelivered: "failed",
  canceled: "failed",
};

/** Twilio's error codes that mean the number itself is wrong for texting. */
const BAD_NUMBER = new Set([
  21211, 21212, 21214, 21217, 21401, 21407, 21408, 21421, 21612, 21614, 30005, 30006,
]);
/** The number replied STOP to this sender: Twilio refuses to text it. */
const UNSUBSCRIBED = 21610;

const twilioString = z.string().max(1600);
/** A status callback (the fields used; Twilio sends more). */
export const twilioStatusSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "not a message SID"),
  MessageStatus: z.enum(Object.keys(statusOf) as [string, ...string[]]),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
  AccountSid: twilioString.optional(),
});
/** An incoming message to the sender's number. */
export const twilioReplySchema = z.looseObject({
  From: z.string().regex(/^\+[1-9]\d{6,14}$/, "not a phone number in E.164 form"),
  Body: twilioString.default(""),
  /** Set when Twilio's opt-out handling recognised a keyword (and answered it itself). */
  OptOutType: z.enum(["STOP", "START", "HELP"]).optional(),
  AccountSid: twilioString.optional(),
});

// Twilio's standard opt-out, opt-in and help keywords, and the Spanish "AYUDA".
const KEYWORDS: Record<string, { action: ReplyAction; language: "en" | "es" }> = {
  STOP: { action: "opt-out", language: "en" },
  STOPALL: { action: "opt-out", language: "en" },
  "STOP ALL": { action: "opt-out", language: "en" },
  UNSUBSCRIBE: { action: "opt-out", language: "en" },
  CANCEL: { action: "opt-out", language: "en" },
  END: { action: "opt-out", language: "en" },
  QUIT: { action: "opt-out", language: "en" },
  REVOKE: { action: "opt-out", language: "en" },
  OPTOUT: { action: "opt-out", language: "en" },
  START: { action: "opt-in", language: "en" },
  YES: { action: "opt-in", language: "en" },
  UNSTOP: { action: "opt-in", language: "en" },
  HELP: { action: "help", language: "en" },
  INFO: { action: "help", language: "en" },
  AYUDA: { action: "help", language: "es" },
};
const actionOf = { STOP: "opt-out", START: "opt-in", HELP: "help" } as const;

/** "  Stop. " → "STOP": the whole reply is the keyword, case and surrounding punctuation aside. */
export const keywordOf = (body: string) =>
  body
    .trim()
    .replace(/^[\s¡¿"'.!?,;:]+|[\s"'.!?,;:]+$/g, "")
    .replace(/\s+/g, " ")
    .toUpperCase();

/** The provider's message without the destination in it (staff see it; it outlives nothing). */
const redact = (text: string, to: string) => text.split(to).join("the number").slice(0, 500);

export function createTwilioProvider(config: TwilioConfig): SmsProvider {
  const client = twilio(config.accountSid, config.authToken, {
    ...(config.apiBaseUrl ? { httpClient: new RedirectingRequestClient(config.apiBaseUrl) } : {}),
    // No retries inside the SDK: a failed send is recorded, and staff (or the next reminder) decide.
    autoRetry: false,
    timeout: 15_000,
  });
  const sender = config.from.startsWith("MG") ? { messagingServiceSid: config.from } : { from: config.from };

  return {
    name: "twilio",
    async send({ to, body, statusCallback }) {
      try {
        const m = await client.messages.create({
          to,
          body,
          ...sender,
          ...(statusCallback ? { statusCallback } : {}),
        });
        return { providerMessageId: m.sid, status: statusOf[m.status] ?? "queued" };
      } catch (err) {
        if (err instanceof twilio.RestException) {
          const words = redact(`Twilio error ${err.code ?? err.status}: ${err.message}`, to);
          if (err.code === UNSUBSCRIBED) throw new SmsNotSent("opted_out", words);
          if (err.code !== undefined && BAD_NUMBER.has(err.code))
            throw new SmsNotSent("invalid_destination", words);
          throw new SmsNotSent("provider_error", words);
        }
        throw new SmsNotSent(
          "provider_error",
          `Twilio could not be reached: ${(err as Error).message.slice(0, 200)}`,
        );
      }
    },
    verify(request: WebhookRequest) {
      const signature = request.headers["x-twilio-signature"];
      if (typeof signature !== "string" || signature.length === 0) return false;
      return twilio.validateRequest(config.authToken, signature, request.url, request.params);
    },
    readStatus(params) {
      const p = twilioStatusSchema.parse(params);
      const status = statusOf[p.MessageStatus] ?? "queued";
      const code = p.ErrorCode === undefined ? undefined : Number(p.ErrorCode);
      const failed = status === "failed";
      return {
        providerMessageId: p.MessageSid,
        status,
        problem: !failed
          ? null
          : code === UNSUBSCRIBED
            ? "opted_out"
            : code !== undefined && BAD_NUMBER.has(code)
              ? "invalid_destination"
              : "undeliverable",
        error: failed ? `Twilio: ${p.MessageStatus}${code === undefined ? "" : ` (error ${code})`}` : null,
      };
    },
    readReply(params): SmsReply {
      const p = twilioReplySchema.parse(params);
      const keyword = keywordOf(p.Body);
      const known = KEYWORDS[keyword];
      const action = p.OptOutType ? actionOf[p.OptOutType] : known?.action;
      return {
        from: p.From,
        action,
        keyword: action ? keyword.slice(0, 32) : null,
        language: known?.language ?? "en",
        answeredByProvider: p.OptOutType !== undefined,
      };
    },
    replyBody(text) {
      const response = new twilio.twiml.MessagingResponse();
      if (text) response.message(text);
      return { contentType: "text/xml", body: response.toString() };
    },
  };
}
