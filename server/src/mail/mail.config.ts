// Outgoing mail's configuration: a leaf module (zod only), merged into the server's configuration.
import { z } from "zod";

export const mailEnvSchema = z.object({
  /**
   * Where account mail (invitations, password resets) goes out: smtp://user:pass@host:587 (STARTTLS
   * when the server offers it) or smtps://…:465. Unset: each message is written to
   * DATA_DIR/outbox/ as an .eml file instead, so a local try works without a mail server.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The From: of every message. */
  MAIL_FROM: z.string().trim().min(3).max(200).default("Bedside <no-reply@bedside.local>"),
});

export interface MailConfig {
  smtpUrl: string | undefined;
  from: string;
}

export function mailConfigFromEnv(env: z.infer<typeof mailEnvSchema>): MailConfig {
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM };
}
