// The one way Bedside sends mail: nodemailer over SMTP, or, with no SMTP configured, an .eml file
// per message in DATA_DIR/outbox/ (readable only by its owner: it carries a sign-in link).
// Logs name the transport and the file or message id, never a recipient, a subject or a link.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import nodemailer, { type Transporter } from "nodemailer";
import type { MailConfig } from "./mail.config.js";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Files sent with it (a visit's calendar file, issue 28). */
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

export type MailReceipt = { via: "smtp"; messageId: string } | { via: "outbox"; file: string };

export interface Mailer {
  /** Rejects when the message could not be handed over; the caller decides what the person sees. */
  send(mail: OutgoingMail): Promise<MailReceipt>;
  close(): void;
}

export function createMailer(deps: { config: MailConfig; dataDir: string; log: FastifyBaseLogger }): Mailer {
  const { config, log } = deps;
  const outbox = path.join(deps.dataDir, "outbox");
  const smtp: Transporter | undefined = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl, { from: config.from })
    : undefined;
  // Renders the message exactly as SMTP would carry it, without sending it anywhere.
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

  return {
    async send(mail) {
      const message = {
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      };
      if (smtp) {
        const info = (await smtp.sendMail(message)) as { messageId: string };
        log.info({ via: "smtp", messageId: info.messageId }, "mail sent");
        return { via: "smtp", messageId: info.messageId };
      }
      const info = (await render.sendMail(message)) as { message: Buffer };
      await mkdir(outbox, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
      const file = path.join(outbox, name);
      await writeFile(file, info.message, { mode: 0o600 });
      log.info({ via: "outbox", file }, "mail written to the outbox (no SMTP_URL configured)");
      return { via: "outbox", file };
    },
    close() {
      smtp?.close();
    },
  };
}
