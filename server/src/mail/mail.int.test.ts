import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../../test/smtp.js";
import { mailConfigFromEnv, mailEnvSchema } from "./mail.config.js";
import { createMailer } from "./mail.service.js";

/** A logger that keeps what it was told, to check what log lines carry. */
function recordingLog() {
  const lines: Array<{ obj: unknown; msg: unknown }> = [];
  const log = {
    info: (obj: unknown, msg: unknown) => lines.push({ obj, msg }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

const secretLink = "http://localhost:3000/reset-password#token=QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
const mail = { to: "ana@example.org", subject: "Reset your Bedside password", text: `Open ${secretLink}` };

describe("outgoing mail", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it("goes out over SMTP when SMTP_URL is set, and a real SMTP server receives it whole", async () => {
    const { log, lines } = recordingLog();
    const mailer = createMailer({
      config: mailConfigFromEnv(
        mailEnvSchema.parse({ SMTP_URL: sink.url, MAIL_FROM: "Clinic <desk@clinic.test>" }),
      ),
      dataDir: mkdtempSync(path.join(os.tmpdir(), "bedside-mail-")),
      log,
    });
    const receipt = await mailer.send(mail);
    expect(receipt.via).toBe("smtp");
    const got = await sink.next("ana@example.org");
    expect(got.subject).toBe(mail.subject);
    expect(got.from?.text).toBe('"Clinic" <desk@clinic.test>');
    expect(got.text?.trim()).toBe(mail.text);
    // The log says that it went, never to whom or with what link.
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain("ana@example.org");
    expect(logged).not.toContain("QQQQ");
    mailer.close();
  });

  it("without SMTP_URL writes an .eml file to DATA_DIR/outbox (owner-only) and logs only its path", async () => {
    const { log, lines } = recordingLog();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-mail-"));
    const mailer = createMailer({ config: mailConfigFromEnv(mailEnvSchema.parse({})), dataDir, log });
    const receipt = await mailer.send(mail);
    expect(receipt.via).toBe("outbox");
    const files = readdirSync(path.join(dataDir, "outbox"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const file = path.join(dataDir, "outbox", files[0]!);
    expect(receipt).toEqual({ via: "outbox", file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const parsed = await simpleParser(readFileSync(file));
    expect(parsed.to && "text" in parsed.to ? parsed.to.text : "").toBe("ana@example.org");
    expect(parsed.text?.trim()).toBe(mail.text);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.obj).toEqual({ via: "outbox", file });
    expect(JSON.stringify(lines)).not.toContain("QQQQ");
  });

  it("refuses an SMTP_URL that is not smtp:// or smtps://", () => {
    expect(mailEnvSchema.safeParse({ SMTP_URL: "http://mail.example.org" }).success).toBe(false);
    expect(mailEnvSchema.safeParse({ SMTP_URL: "smtps://u:p@mail.example.org:465" }).success).toBe(true);
  });

  it("rejects (never crashes) when the SMTP server cannot be reached", async () => {
    const { log } = recordingLog();
    const mailer = createMailer({
      config: mailConfigFromEnv(mailEnvSchema.parse({ SMTP_URL: "smtp://127.0.0.1:1" })),
      dataDir: mkdtempSync(path.join(os.tmpdir(), "bedside-mail-")),
      log,
    });
    await expect(mailer.send(mail)).rejects.toThrow();
    mailer.close();
  });
});
