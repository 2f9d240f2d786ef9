// Issue 28's messaging against real parts: a real SMTP server (test/smtp.ts), the real Twilio SDK
// talking to a local stand-in of Twilio's REST API (test/twilio.ts), the app's real webhooks
// signed as Twilio signs them, on PGlite and PostgreSQL.
import { createServer } from "node:net";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import nodeIcal, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, startTestApp, type TestApp } from "../../test/harness.js";
import { startSmtpSink, type SmtpSink } from "../../test/smtp.js";
import { startTwilioStandIn, type TwilioStandIn } from "../../test/twilio.js";
import { createMailer } from "../mail/mail.service.js";
import { createMessagingRepository } from "./messaging.repository.js";
import type { VisitMessage } from "./messaging.port.js";
import { createVisitMessenger } from "./messaging.service.js";
import { createTwilioProvider } from "./twilio.provider.js";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const silent = { info() {}, warn() {}, error() {}, debug() {} } as never;

describe.each(databaseKinds)(
  "visit messages on %s: email with a calendar file, Twilio texts, webhooks, opt-outs",
  (kind) => {
    let t: TestApp;
    let smtp: SmtpSink;
    let tw: TwilioStandIn;
    let clinicianId: string;
    let ownerCookie: string;
    let deskCookie: string;
    let otherCookie: string;
    let publicUrl: string;
    let phoneCounter = 0;
    /** A fresh mobile number for each test (opt-outs are kept per number). */
    const phone = () => `+3461234${String(5000 + ++phoneCounter).padStart(4, "0")}`;

    beforeAll(async () => {
      smtp = await startSmtpSink();
      tw = await startTwilioStandIn();
      const port = await freePort();
      publicUrl = `http://127.0.0.1:${port}`;
      t = await startTestApp(
        { SCRIBE_ENABLED: "false", SMTP_URL: smtp.url, PUBLIC_URL: publicUrl, ...tw.env },
        kind,
        { port },
      );
      const c = await t.app.repos.clinicians.create({
        email: "dr@example.org",
        displayName: "Dr. Rivera",
        passwordHash: "x",
      });
      clinicianId = c.id;
      ownerCookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
      const desk = await t.app.repos.clinicians.create({
        email: "desk@example.org",
        displayName: "Desk",
        passwordHash: "x",
        roles: ["front_desk"],
      });
      deskCookie = `bedside_session=${(await t.app.repos.sessions.create(desk.id)).token}`;
      const other = await t.app.repos.clinicians.create({
        email: "o@example.org",
        displayName: "O",
        passwordHash: "x",
      });
      otherCookie = `bedside_session=${(await t.app.repos.sessions.create(other.id)).token}`;
    });
    afterAll(async () => {
      await t.close();
      await smtp.close();
      await tw.close();
    });

    const newVisit = async (language = "en") =>
      (
        await t.app.visits.createVisit(
          clinicianId,
          {
            patientDisplayName: "Ana",
            preferredLanguage: language,
            interpreterNeeded: false,
            scheduledAt: new Date().toISOString(),
          },
          publicUrl,
        )
      ).visit.id;

    const message = (visitId: string, over: Partial<VisitMessage> = {}): VisitMessage => ({
      visitId,
      kind: "invitation",
      language: "en",
      to: {},
      startsAt: new Date("2026-12-07T15:30:00Z"),
      durationMinutes: 20,
      timeZone: "America/New_York",
      clinicianName: "Dr. Rivera",
      clinicName: "Harbor Clinic",
      link: `${publicUrl}/join/QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ`,
      ...over,
    });
    const rows = (visitId: string) =>
      t.db
        .selectFrom("visit_messages")
        .selectAll()
        .where("visit_id", "=", visitId)
        .orderBy("created_at")
        .execute();
    const deliveries = (visitId: string, cookie = ownerCookie) =>
      t.app.http.inject({ method: "GET", url: `/api/visits/${visitId}/messages`, headers: { cookie } });

    it("emails the invitation over SMTP in the patient's time zone, with what to prepare and an .ics that parses back to the same instant", async () => {
      const visitId = await newVisit();
      const m = message(visitId, { to: { email: "ana@example.org" } });
      await t.app.messaging.send(m);
      const mail = await smtp.next("ana@example.org");
      expect(mail.subject).toBe("Your video visit with Dr. Rivera on Monday, December 7 at 10:30 AM EST");
      expect(mail.text).toContain(
        "When: Monday, December 7, 2026 at 10:30 AM Eastern Standard Time (20 minutes)",
      );
      expect(mail.text).toContain(`Your link: ${m.link}`);
      for (const thing of ["quiet, private place", "headphones", "camera and a microphone"]) {
        expect(mail.text).toContain(thing);
      }
      const ics = mail.attachments.find((a) => a.filename === "video-visit.ics");
      expect(ics?.contentType).toBe("text/calendar");
      const events = Object.values(nodeIcal.sync.parseICS(ics!.content.toString("utf8"))).filter(
        (e) => e?.type === "VEVENT",
      );
      expect(events).toHaveLength(1);
      const event = events[0] as VEvent;
      expect(event.start.toISOString()).toBe("2026-12-07T15:30:00.000Z");
      expect(event.end?.toISOString()).toBe("2026-12-07T15:50:00.000Z");
      expect(event.uid).toBe(`${visitId}@bedside`);
      expect(event.location).toBe(m.link);
      const [row] = await rows(visitId);
      expect(row).toMatchObject({
        channel: "email",
        status: "sent",
        provider: "smtp",
        destination: "ana@example.org",
      });
      expect(row!.provider_message_id).toBe(mail.messageId);
    });

    it("writes Spanish for a Spanish visit; a new time keeps the calendar event and raises its SEQUENCE", async () => {
      const visitId = await newVisit("es");
      const base = message(visitId, {
        language: "es",
        timeZone: "Europe/Madrid",
        to: { email: "lu@example.org" },
      });
      await t.app.messaging.send(base);
      const first = await smtp.next("lu@example.org");
      expect(first.subject).toBe("Su videoconsulta con Dr. Rivera: lunes, 7 de diciembre, 16:30 CET");
      expect(first.text).toContain(
        "Cuándo: lunes, 7 de diciembre de 2026, 16:30 hora estándar de Europa central (20 minutos)",
      );
      expect(first.text).toContain("un lugar tranquilo y privado");
      expect(first.text).toContain("auriculares");
      await new Promise((r) => setTimeout(r, 1100)); // SEQUENCE counts seconds
      await t.app.messaging.send({
        ...base,
        kind: "rescheduled",
        startsAt: new Date("2026-12-08T09:00:00Z"),
      });
      const second = await smtp.next("lu@example.org");
      expect(second.subject).toBe("Nueva hora para su videoconsulta: martes, 8 de diciembre, 10:00 CET");
      const parse = (mail: typeof first) =>
        Object.values(nodeIcal.sync.parseICS(mail.attachments[0]!.content.toString("utf8"))).find(
          (e) => e?.type === "VEVENT",
        ) as VEvent;
      const [a, b] = [parse(first), parse(second)];
      expect(b.uid).toBe(a.uid);
      expect(b.start.toISOString()).toBe("2026-12-08T09:00:00.000Z");
      expect(Number(b.sequence)).toBeGreaterThan(Number(a.sequence));
      // A cancellation: no link, the calendar event marked cancelled.
      await t.app.messaging.send({ ...base, kind: "cancelled", link: undefined });
      const third = await smtp.next("lu@example.org");
      expect(third.subject).toBe("Se canceló su videoconsulta del lunes, 7 de diciembre, 16:30 CET");
      expect(third.text).not.toContain("/join/");
      expect(parse(third).status).toBe("CANCELLED");
    });

    it("texts through the real Twilio SDK to the stand-in, and follows Twilio's signed status callbacks (never backwards)", async () => {
      const visitId = await newVisit("es");
      const to = phone();
      await t.app.messaging.send(
        message(visitId, { language: "es", timeZone: "Europe/Madrid", to: { phone: to } }),
      );
      const text = await tw.next(to);
      expect(text.from).toBe(tw.env.TWILIO_FROM);
      expect(text.body).toContain(
        "Harbor Clinic: videoconsulta con Dr. Rivera, lunes, 7 de diciembre, 16:30 CET.",
      );
      expect(text.body).toContain("/join/QQQQ");
      expect(text.body).toContain("Responda STOP");
      expect(text.statusCallback).toBe(`${publicUrl}/api/messaging/twilio/status`);
      expect((await rows(visitId))[0]).toMatchObject({
        status: "queued",
        provider: "twilio",
        provider_message_id: text.sid,
      });

      expect((await tw.sendStatus(text.sid, "sent")).status).toBe(204);
      expect((await rows(visitId))[0]!.status).toBe("sent");
      expect((await tw.sendStatus(text.sid, "delivered")).status).toBe(204);
      // A late "sent" after "delivered" (callbacks arrive out of order) changes nothing.
      await tw.sendStatus(text.sid, "sent");
      expect((await rows(visitId))[0]!.status).toBe("delivered");

      // A forged callback (signed with another token) is refused and changes nothing.
      const forged = await tw.post(
        `${publicUrl}/api/messaging/twilio/status`,
        { MessageSid: text.sid, MessageStatus: "failed", ErrorCode: "30006" },
        "bm90IGEgc2lnbmF0dXJl",
      );
      expect(forged.status).toBe(401);
      expect((await rows(visitId))[0]!.status).toBe("delivered");

      const res = await deliveries(visitId);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        smsConfigured: true,
        deliveries: [
          {
            kind: "invitation",
            channel: "sms",
            status: "delivered",
            to: `•••• ${to.slice(-4)}`,
            problem: null,
          },
        ],
      });
    });

    it("records an undelivered text as failed with what to do, without the number in the staff's text", async () => {
      const visitId = await newVisit();
      const to = phone();
      await t.app.messaging.send(message(visitId, { to: { phone: to } }));
      const text = await tw.next(to);
      await tw.sendStatus(text.sid, "undelivered", "30006");
      expect((await deliveries(visitId)).json()).toMatchObject({
        deliveries: [
          { status: "failed", problem: "invalid_destination", detail: "Twilio: undelivered (error 30006)" },
        ],
      });
      // Refused by Twilio at send time (its words name the number): failed, the number left out.
      const bad = await newVisit();
      tw.invalid.add("+15005550001");
      await t.app.messaging.send(message(bad, { to: { phone: "+15005550001" } }));
      const [row] = await rows(bad);
      expect(row).toMatchObject({ status: "failed", problem: "invalid_destination" });
      expect(row!.error).toContain("21211");
      expect(row!.error).not.toContain("5550001");
      tw.unsubscribed.add("+15005550009");
      const refused = await newVisit();
      const before = tw.requests;
      await createVisitMessenger({
        repo: createMessagingRepository(t.db),
        mailer: createMailer({
          config: { smtpUrl: smtp.url, from: "x <x@x.test>" },
          dataDir: os.tmpdir(),
          log: silent,
        }),
        sms: createTwilioProvider({ ...twilioConfig(), from: tw.env.TWILIO_FROM }),
        publicUrl: undefined,
        log: silent,
      }).send(message(refused, { to: { phone: "+15005550009" } }));
      expect(tw.requests).toBe(before + 1);
      const [opted] = await rows(refused);
      // Twilio's 21610: the number had replied STOP to this sender; noted, so it is not tried again.
      expect(opted).toMatchObject({ status: "opted_out", problem: "opted_out" });
      expect(opted!.error).toContain("21610");
      const again = await newVisit();
      await t.app.messaging.send(message(again, { to: { phone: "+15005550009" } }));
      expect(tw.requests).toBe(before + 1);
      expect((await rows(again))[0]).toMatchObject({ status: "opted_out" });
    });

    const twilioConfig = () => ({
      accountSid: tw.accountSid,
      authToken: tw.authToken,
      from: tw.env.TWILIO_FROM,
      apiBaseUrl: tw.env.TWILIO_API_BASE_URL,
    });

    it("honours STOP from the patient's signed reply at the next send; START texts again; HELP and AYUDA answer in their language", async () => {
      const inbound = `${publicUrl}/api/messaging/twilio/inbound`;
      const to = phone();
      const visitId = await newVisit();
      await t.app.messaging.send(message(visitId, { to: { phone: to } }));
      await tw.next(to);

      const stop = await tw.reply(inbound, to, " stop ");
      expect(stop.status).toBe(200);
      expect(stop.headers.get("content-type")).toContain("text/xml");
      expect(await stop.text()).not.toContain("<Message>");
      const stored = await t.db
        .selectFrom("sms_opt_outs")
        .selectAll()
        .where("phone", "=", to)
        .executeTakeFirstOrThrow();
      expect(stored.last_keyword).toBe("STOP");
      expect(stored.opted_out_at).not.toBeNull();

      const before = tw.messages.length;
      await t.app.messaging.send(
        message(visitId, { kind: "reminder-10m", to: { phone: to, email: "stop@example.org" } }),
      );
      expect(tw.messages.length).toBe(before); // never reached Twilio
      const latest = (await rows(visitId)).filter((r) => r.kind === "reminder-10m");
      expect(latest.map((r) => [r.channel, r.status]).sort()).toEqual([
        ["email", "sent"],
        ["sms", "opted_out"],
      ]);

      await tw.reply(inbound, to, "START");
      await t.app.messaging.send(message(visitId, { kind: "ready", to: { phone: to } }));
      expect((await tw.next(to)).body).toBe(
        `Harbor Clinic: Dr. Rivera is ready for you. Join now: ${message(visitId).link}`,
      );

      const help = await tw.reply(inbound, to, "HELP");
      expect(await help.text()).toContain("Reply STOP to stop these texts");
      const ayuda = await tw.reply(inbound, to, "Ayuda");
      expect(await ayuda.text()).toContain("Responda STOP para no recibir más mensajes");
      // Twilio's own opt-out handling answered HELP already: no second answer.
      const handled = await tw.reply(inbound, to, "HELP", { OptOutType: "HELP" });
      expect(await handled.text()).not.toContain("<Message>");
      // Twilio's other opt-out words count too.
      await tw.reply(inbound, to, "unsubscribe");
      const n = tw.messages.length;
      await t.app.messaging.send(message(visitId, { kind: "reminder-24h", to: { phone: to } }));
      expect(tw.messages.length).toBe(n);

      // An unsigned or wrongly signed reply is refused and records nothing.
      const other = phone();
      expect((await tw.post(inbound, { From: other, Body: "STOP" }, "AAAA")).status).toBe(401);
      expect(
        (
          await fetch(inbound, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: `From=${encodeURIComponent(other)}&Body=STOP`,
          })
        ).status,
      ).toBe(401);
      expect(
        await t.db.selectFrom("sms_opt_outs").select("phone").where("phone", "=", other).execute(),
      ).toEqual([]);
      // Signed, but not a reply Twilio would send: a 400, nothing recorded.
      expect((await tw.post(inbound, { From: "not a number", Body: "STOP" })).status).toBe(400);
    });

    it("records a failure for staff and never throws when the mail server or Twilio is down", async () => {
      const visitId = await newVisit();
      const to = phone();
      tw.failing = true;
      const messenger = createVisitMessenger({
        repo: createMessagingRepository(t.db),
        mailer: createMailer({
          config: { smtpUrl: "smtp://127.0.0.1:1", from: "x <x@x.test>" },
          dataDir: os.tmpdir(),
          log: silent,
        }),
        sms: createTwilioProvider(twilioConfig()),
        publicUrl: undefined,
        log: silent,
      });
      try {
        await expect(
          messenger.send(message(visitId, { to: { phone: to, email: "down@example.org" } })),
        ).resolves.toBeUndefined();
      } finally {
        tw.failing = false;
      }
      const got = (await rows(visitId)).map((r) => [r.channel, r.status, r.problem]).sort();
      expect(got).toEqual([
        ["email", "failed", "provider_error"],
        ["sms", "failed", "provider_error"],
      ]);
      const email = (await rows(visitId)).find((r) => r.channel === "email")!;
      expect(email.error).not.toContain("down@example.org");
    });

    it("without Twilio configured: the email goes, the text is recorded as not set up (no crash)", async () => {
      const visitId = await newVisit();
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-msg-"));
      const messenger = createVisitMessenger({
        repo: createMessagingRepository(t.db),
        mailer: createMailer({ config: { smtpUrl: undefined, from: "x <x@x.test>" }, dataDir, log: silent }),
        sms: undefined,
        publicUrl: undefined,
        log: silent,
      });
      await messenger.send(message(visitId, { to: { phone: phone(), email: "o@example.org" } }));
      const listed = await messenger.deliveries(visitId);
      expect(listed.smsConfigured).toBe(false);
      expect(listed.deliveries.map((d) => [d.channel, d.status, d.problem]).sort()).toEqual([
        ["email", "sent", null],
        ["sms", "failed", "sms_not_configured"],
      ]);
      expect(listed.deliveries.find((d) => d.channel === "sms")!.detail).toMatch(/not set up/);
      expect(listed.deliveries.find((d) => d.channel === "email")!.to).toBe("o•••@example.org");
    });

    it("lists deliveries for the visit's clinician and the clinic's front desk only", async () => {
      const visitId = await newVisit();
      await t.app.messaging.send(message(visitId, { to: { email: "list@example.org" } }));
      await smtp.next("list@example.org");
      expect((await deliveries(visitId, ownerCookie)).statusCode).toBe(200);
      const desk = await deliveries(visitId, deskCookie);
      expect(desk.statusCode).toBe(200);
      expect(desk.json()).toMatchObject({ deliveries: [{ to: "l•••@example.org", status: "sent" }] });
      expect(JSON.stringify(desk.json())).not.toContain("list@example.org");
      expect((await deliveries(visitId, otherCookie)).statusCode).toBe(404);
      expect(
        (await t.app.http.inject({ method: "GET", url: `/api/visits/${visitId}/messages` })).statusCode,
      ).toBe(401);
    });

    it("refuses a message the port should never carry (no link for an invitation): nothing sent, nothing thrown", async () => {
      const visitId = await newVisit();
      const before = smtp.received.length;
      await t.app.messaging.send(message(visitId, { link: undefined, to: { email: "nolink@example.org" } }));
      await t.app.messaging.send(message(visitId, { to: { phone: "0034 612" } }));
      expect(smtp.received.length).toBe(before);
      expect(await rows(visitId)).toEqual([]);
    });

    it("retention clears where each message went with the visit's names", async () => {
      const visitId = await newVisit();
      await t.app.messaging.send(message(visitId, { to: { email: "gone@example.org", phone: phone() } }));
      await t.app.visits.end(clinicianId, visitId);
      await t.db
        .updateTable("visits")
        .set({ ended_at: new Date(Date.now() - 400 * 86_400_000) })
        .where("id", "=", visitId)
        .execute();
      await t.app.retention.purge();
      const after = await rows(visitId);
      expect(after).toHaveLength(2);
      for (const r of after) expect([r.destination, r.error]).toEqual([null, null]);
      expect((await deliveries(visitId)).json()).toMatchObject({ deliveries: [{ to: null }, { to: null }] });
    });
  },
);
