// Text messages' configuration: a leaf module (zod only), merged into the server's
// configuration. No Twilio variable set: texts are not sent and staff see "text messages are not
// set up"; some set but not all: the server refuses to start, naming what is missing.
import { z } from "zod";
import { isLoopbackHost } from "../http/http.external.js";

export const messagingEnvSchema = z.object({
  /** The Twilio account ("AC" and 32 hex digits). */
  TWILIO_ACCOUNT_SID: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio account SID (AC followed by 32 hex digits)")
    .optional(),
  /** Signs the API's requests and checks the webhooks' signatures (or TWILIO_AUTH_TOKEN_FILE). */
  TWILIO_AUTH_TOKEN: z.string().trim().min(16, "must be the account's auth token").optional(),
  /** The sender: a number in E.164 (+15551234567) or a Messaging Service SID (MG…). */
  TWILIO_FROM: z
    .string()
    .trim()
    .regex(
      /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/,
      "must be a number in E.164 form (+15551234567) or a Messaging Service SID (MG…)",
    )
    .optional(),
  /**
   * Where the Twilio SDK sends its API requests instead of https://api.twilio.com (a local
   * stand-in in tests). https, or http on loopback only: the auth token travels with each request.
   */
  TWILIO_API_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .refine((u) => new URL(u).protocol === "https:" || isLoopbackHost(new URL(u).hostname), {
      error: "must be https:// (plain http:// is allowed only on loopback: 127.0.0.1, ::1, localhost)",
    })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
});

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** A number (E.164) or a Messaging Service SID. */
  from: string;
  apiBaseUrl: string | undefined;
}

export interface MessagingConfig {
  /** Undefined: texts are not set up (none of the TWILIO_* variables is set). */
  twilio: TwilioConfig | undefined;
}

/** Throws an Error naming the problem (the caller reports it as a configuration error). */
export function messagingConfigFromEnv(env: z.infer<typeof messagingEnvSchema>): MessagingConfig {
  const given = {
    TWILIO_ACCOUNT_SID: env.TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: env.TWILIO_AUTH_TOKEN,
    TWILIO_FROM: env.TWILIO_FROM,
  };
  const missing = Object.entries(given)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length === 3) {
    if (env.TWILIO_API_BASE_URL) throw new Error("TWILIO_API_BASE_URL is set but no Twilio account is");
    return { twilio: undefined };
  }
  if (missing.length > 0) {
    throw new Error(`text messages need ${missing.join(", ")} as well (or none of the TWILIO_* variables)`);
  }
  return {
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      from: env.TWILIO_FROM!,
      apiBaseUrl: env.TWILIO_API_BASE_URL,
    },
  };
}
