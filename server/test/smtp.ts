import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SmtpSink {
  /** SMTP_URL for a server under test. */
  url: string;
  /** Every message received so far, parsed, with the envelope's recipients. */
  received: Array<ParsedMail & { rcptTo: string[] }>;
  /** The next message to `to` (already received or still to come). */
  next(to: string, timeoutMs?: number): Promise<ParsedMail & { rcptTo: string[] }>;
  close(): Promise<void>;
}

/** A real SMTP server in this process (no TLS, any credentials): what arrives is parsed and kept. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SmtpSink["received"] = [];
  const waiters: Array<{ to: string; taken: number; resolve: (m: SmtpSink["received"][number]) => void }> =
    [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const m = Object.assign(mail, { rcptTo: session.envelope.rcptTo.map((r) => r.address) });
          received.push(m);
          for (const w of [...waiters]) {
            if (m.rcptTo.includes(w.to)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(m);
            }
          }
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  const seen = new Map<string, number>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    next(to, timeoutMs = 10_000) {
      const taken = seen.get(to) ?? 0;
      const already = received.filter((m) => m.rcptTo.includes(to))[taken];
      seen.set(to, taken + 1);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          to,
          taken,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
