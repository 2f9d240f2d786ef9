// A local stand-in for Twilio's Programmable Messaging REST API, for tests that run the real
// Twilio SDK: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form-encoded, HTTP Basic
// auth with the account SID and auth token, a JSON message resource or a JSON error back, as
// Twilio answers), and Twilio's side of the webhooks: signed status callbacks and incoming
// messages, signed the way Twilio signs them (X-Twilio-Signature over the URL and the fields).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import twilio from "twilio";

export interface StandInMessage {
  sid: string;
  to: string;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string;
  statusCallback: string | undefined;
}

export interface TwilioStandIn {
  /** TWILIO_* variables that point a server's SDK at this stand-in. */
  env: {
    TWILIO_ACCOUNT_SID: string;
    TWILIO_AUTH_TOKEN: string;
    TWILIO_FROM: string;
    TWILIO_API_BASE_URL: string;
  };
  accountSid: string;
  authToken: string;
  /** Every message accepted, in order. */
  messages: StandInMessage[];
  /** Requests that reached the Messages endpoint, accepted or not. */
  requests: number;
  /** Numbers Twilio refuses because they replied STOP (error 21610). */
  unsubscribed: Set<string>;
  /** Numbers Twilio refuses as not valid for texting (error 21211, its message naming the number). */
  invalid: Set<string>;
  /** While true, every API request answers 503. */
  failing: boolean;
  /** The next accepted message to `to` (already received or still to come). */
  next(to: string, timeoutMs?: number): Promise<StandInMessage>;
  /** Posts a signed status callback for a message to its StatusCallback, as Twilio does. */
  sendStatus(sid: string, status: string, errorCode?: string): Promise<Response>;
  /** Posts a signed incoming message (a patient's reply) to `url`, as Twilio does. */
  reply(url: string, from: string, body: string, extra?: Record<string, string>): Promise<Response>;
  /** Posts `params` to `url` signed with the account's auth token (or `signature` if given). */
  post(url: string, params: Record<string, string>, signature?: string): Promise<Response>;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function twilioError(res: ServerResponse, status: number, code: number, message: string) {
  res
    .writeHead(status, { "content-type": "application/json" })
    .end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const from = "+15005550006";
  const waiters: Array<{ to: string; resolve: (m: StandInMessage) => void }> = [];
  const seen = new Map<string, number>();

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (!match || req.method !== "POST")
        return twilioError(res, 404, 20404, "The requested resource was not found");
      standIn.requests++;
      if (standIn.failing) return twilioError(res, 503, 20503, "Service unavailable");
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
      if (req.headers.authorization !== expected || match[1] !== accountSid) {
        return twilioError(res, 401, 20003, "Authenticate");
      }
      if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
        return twilioError(res, 415, 20415, "Unsupported media type");
      }
      const form = new URLSearchParams(await readBody(req));
      const to = form.get("To") ?? "";
      const body = form.get("Body") ?? "";
      const sender = form.get("From") ?? undefined;
      const service = form.get("MessagingServiceSid") ?? undefined;
      if (!/^\+[1-9]\d{6,14}$/.test(to))
        return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (standIn.invalid.has(to)) {
        return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      }
      if (!sender && !service) return twilioError(res, 400, 21603, "The 'From' phone number is required.");
      if (!body) return twilioError(res, 400, 21602, "Message body is required.");
      if (standIn.unsubscribed.has(to))
        return twilioError(res, 400, 21610, "Attempt to send to unsubscribed recipient");
      const sid = `SM${hex(16)}`;
      const message: StandInMessage = {
        sid,
        to,
        from: sender,
        messagingServiceSid: service,
        body,
        statusCallback: form.get("StatusCallback") ?? undefined,
      };
      standIn.messages.push(message);
      for (const w of [...waiters]) {
        if (w.to === to) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
          break;
        }
      }
      const now = new Date().toUTCString();
      res.writeHead(201, { "content-type": "application/json" }).end(
        JSON.stringify({
          account_sid: accountSid,
          api_version: "2010-04-01",
          body,
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: "outbound-api",
          error_code: null,
          error_message: null,
          from: sender ?? null,
          messaging_service_sid: service ?? null,
          num_media: "0",
          num_segments: "1",
          price: null,
          price_unit: "USD",
          sid,
          status: service ? "accepted" : "queued",
          subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
          to,
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        }),
      );
    })().catch(() => twilioError(res, 500, 20500, "Internal error"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const post = (url: string, params: Record<string, string>, signature?: string) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signature ?? twilio.getExpectedTwilioSignature(authToken, url, params),
        "user-agent": "TwilioProxy/1.1",
      },
      body: new URLSearchParams(params).toString(),
    });

  const standIn: TwilioStandIn = {
    env: {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: from,
      TWILIO_API_BASE_URL: baseUrl,
    },
    accountSid,
    authToken,
    messages: [],
    requests: 0,
    unsubscribed: new Set(),
    invalid: new Set(),
    failing: false,
    next(to, timeoutMs = 10_000) {
      const taken = seen.get(to) ?? 0;
      seen.set(to, taken + 1);
      const already = standIn.messages.filter((m) => m.to === to)[taken];
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no text to ${to} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          to,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    sendStatus(sid, status, errorCode) {
      const m = standIn.messages.find((x) => x.sid === sid);
      if (!m?.statusCallback) throw new Error(`message ${sid} has no StatusCallback`);
      return post(m.statusCallback, {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        From: m.from ?? from,
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: m.to,
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      });
    },
    reply(url, sender, body, extra = {}) {
      const sid = `SM${hex(16)}`;
      return post(url, {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        Body: body,
        From: sender,
        MessageSid: sid,
        NumMedia: "0",
        NumSegments: "1",
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: "received",
        To: from,
        ...extra,
      });
    },
    post,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
