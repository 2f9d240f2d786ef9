// Issue 28's journey: the front desk books visits for a time; invitations arrive by email (with a
// calendar file) and by text; the 10-minute reminder is sent once although two server instances
// share the database and its job queue; a patient who replies STOP gets no more texts; a cancelled
// Spanish visit's link says so in Spanish. Real parts: two built servers on one PostgreSQL, a real
// SMTP server, and the real Twilio SDK against a local stand-in of Twilio's REST API.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import ical, { type VEvent } from "node-ical";
import { startPostgres } from "../../server/test/postgres";
import { startSmtpSink, type SmtpSink } from "../../server/test/smtp";
import { startTwilioStandIn, type TwilioStandIn } from "../../server/test/twilio";
import { DEMO_PASSWORD, startServer, type RunningServer } from "../stack";
import {
  axeViolations,
  englishLeft,
  expect,
  lineLivekit,
  sentencesAboveGrade6,
  snapshot,
  test,
} from "./fixtures";

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };
/** The clinic's (and so the front desk's browser's) time zone. */
const clinicZone = "America/New_York";
const clinician = "Dr. Alex Rivera";
const desk = { name: "Dee Morales", email: "desk@riverside.test", password: "pebble canyon softly 63" };
const ana = { name: "Ana Pérez", email: "ana@example.test", phone: "+34 612 345 678", e164: "+34612345678" };
const sam = { name: "Sam Soon", email: "sam@example.test", phone: "+1 415 555 0134", e164: "+14155550134" };
const sol = { name: "Sol Stop", email: "sol@example.test", phone: "+1 415 555 0177", e164: "+14155550177" };

test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

let pg: Awaited<ReturnType<typeof startPostgres>>;
let smtp: SmtpSink;
let twilio: TwilioStandIn;
let a: RunningServer;
let b: RunningServer;

// eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
test.beforeAll(async ({}, testInfo) => {
  test.setTimeout(120_000);
  const livekit = lineLivekit(testInfo);
  [pg, smtp, twilio] = await Promise.all([startPostgres(), startSmtpSink(), startTwilioStandIn()]);
  // Two instances of one clinic: one PostgreSQL (and so one job queue), mail over SMTP, texts
  // through the stand-in; the queue is asked every second so a due reminder goes out at once.
  const env = {
    DATABASE_URL: pg.url,
    SMTP_URL: smtp.url,
    SCRIBE_ENABLED: "false",
    JOBS_POLL_SECONDS: "1",
    ...twilio.env,
  };
  a = await startServer(livekit, env);
  b = await startServer(livekit, env);
});
test.afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await Promise.all([smtp?.close(), twilio?.close(), pg?.stop()]);
});

async function person(
  browser: Browser,
  server: RunningServer,
  viewport = desktop,
  timezoneId = clinicZone,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: server.url, viewport, timezoneId });
  return { ctx, page: await ctx.newPage() };
}

/** A moment as a `datetime-local` input in `timeZone` takes it: "2026-12-07T09:30". */
function localInput(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The first whole minute at least `ms` from now. */
const minuteAfter = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);

/** Mail received so far to `to` whose subject matches. */
const mailsTo = (to: string, subject: RegExp) =>
  smtp.received.filter((m) => m.rcptTo.includes(to) && subject.test(m.subject ?? ""));
const textsTo = (to: string, body?: RegExp) =>
  twilio.messages.filter((m) => m.to === to && (!body || body.test(m.body)));

/** The path of the visit link in a text (the host is the server that booked it). */
function joinPath(text: string): string {
  const url = text.match(/https?:\/\/\S+\/join\/[\w-]+/)?.[0];
  expect(url, `a visit link in: ${text}`).toBeDefined();
  return new URL(url!).pathname;
}

/** The front desk books a visit in the booking form. */
async function book(
  page: Page,
  v: { name: string; language: "en" | "es"; startsAt: Date; zone: string; email?: string; phone?: string },
) {
  const form = page.getByRole("form", { name: "Book a visit" });
  await form.getByLabel("Clinician").selectOption({ label: clinician });
  await form.getByLabel("Patient's name").fill(v.name);
  await form.getByLabel("Patient's language").selectOption(v.language);
  await form.getByLabel(/^Date and time/).fill(localInput(v.startsAt, clinicZone));
  await form.getByLabel("Patient's time zone").fill(v.zone);
  await form.getByLabel("Email", { exact: true }).fill(v.email ?? "");
  await form.getByLabel("Mobile number").fill(v.phone ?? "");
  await form.getByLabel(/The patient agreed/).setChecked(Boolean(v.email ?? v.phone));
  await form.getByRole("button", { name: "Book and get links" }).click();
  await expect(form.getByRole("status")).toContainText(`Booked ${v.name} for`);
}

test("the front desk books visits; invitations by email (.ics) and text; the 10-minute reminder once with two servers; STOP; a cancelled Spanish link", async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);

  // The demo admin invites the front desk, who follows the email's link.
  const adm = await person(browser, a);
  await adm.page.goto("/sign-in");
  await adm.page.getByLabel("Email").fill("rivera@bedside.local");
  await adm.page.getByLabel("Password").fill(DEMO_PASSWORD);
  await adm.page.getByRole("button", { name: "Sign in" }).click();
  await adm.page.waitForURL(/\/clinic$/);
  await adm.page.goto("/clinic/people");
  const invite = adm.page.locator("section", {
    has: adm.page.getByRole("heading", { name: "Invite someone" }),
  });
  await invite.getByLabel("Email").fill(desk.email);
  await invite.getByLabel("Name").fill(desk.name);
  for (const r of ["admin", "clinician", "front desk"])
    await invite.getByLabel(r, { exact: true }).setChecked(r === "front desk");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(adm.page.getByRole("status")).toHaveText(`Invitation sent to ${desk.email}.`);
  const invitation = await smtp.next(desk.email);
  const invitationUrl = (invitation.text ?? "").match(/https?:\/\/\S+\/invitation\/[\w-]+/)?.[0];
  expect(invitationUrl).toBeDefined();

  const frontDesk = await person(browser, a);
  const d = frontDesk.page;
  await d.goto(new URL(invitationUrl!).pathname);
  await d.getByLabel("Your name").fill(desk.name);
  await d.getByLabel("Password", { exact: true }).fill(desk.password);
  await d.getByRole("button", { name: "Create my account" }).click();
  await d.waitForURL(/\/desk$/);
  await expect(d.getByRole("heading", { name: "Today's schedule" })).toBeVisible();
  await expect(d.getByText("No visits are booked for today.")).toBeVisible();

  // Bad input changes nothing: a number that is not one is refused by its field.
  const form = d.getByRole("form", { name: "Book a visit" });
  await form.getByLabel("Clinician").selectOption({ label: clinician });
  await form.getByLabel("Patient's name").fill(sam.name);
  await form.getByLabel("Mobile number").fill("+1 555");
  await form.getByLabel(/The patient agreed/).check();
  await form.getByRole("button", { name: "Book and get links" }).click();
  await expect(form.getByLabel("Mobile number")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/international form/)).toBeVisible();
  await d.setViewportSize(phone);
  expect(await axeViolations(d, "form.booking")).toEqual([]);
  await snapshot(d, testInfo, "schedule-booking-error-phone");
  await d.setViewportSize(desktop);

  // Tomorrow, in Spanish, for a patient in Madrid (the 24-hour reminder is an hour away and more).
  const tomorrow = minuteAfter(25 * 3_600_000);
  await book(d, { ...ana, language: "es", startsAt: tomorrow, zone: "Europe/Madrid" });
  // Soon: Sam's and Sol's 10-minute reminders are due in half a minute to a minute and a half.
  const soon = minuteAfter(10 * 60_000 + 30_000);
  await book(d, { ...sam, language: "en", startsAt: soon, zone: clinicZone });
  await expect(form.getByLabel("Link for the patient")).toHaveValue(/\/join\/[\w-]{43}$/);
  await book(d, { ...sol, language: "en", startsAt: soon, zone: clinicZone });
  const bookedAt = Date.now();
  // Sol replies STOP to her invitation text: the provider's signed webhook reaches the server, and
  // no text goes to her number after it (her reminder goes by email only).
  await twilio.next(sol.e164, 20_000);
  const stop = await twilio.reply(`${a.url}/api/messaging/twilio/inbound`, sol.e164, "STOP");
  expect(stop.status).toBe(200);
  const textsBeforeStop = textsTo(sol.e164).length;

  // Ana's invitation: in Spanish, with her link and a calendar file that reads back the same instant.
  await expect.poll(() => mailsTo(ana.email, /^Su videoconsulta con/).length).toBe(1);
  const anaMail = mailsTo(ana.email, /^Su videoconsulta con/)[0]!;
  const anaLink = joinPath(anaMail.text ?? "");
  const ics = anaMail.attachments.find((x) => x.filename?.endsWith(".ics"));
  expect(ics, "a calendar file attached").toBeDefined();
  const events = Object.values(ical.sync.parseICS(ics!.content.toString("utf8"))).filter(
    (c) => c?.type === "VEVENT",
  );
  expect(events).toHaveLength(1);
  expect((events[0] as VEvent).start.getTime()).toBe(tomorrow.getTime());
  // Her text reached the provider, with the same link.
  const anaText = await twilio.next(ana.e164, 20_000);
  expect(anaText.body).toContain("videoconsulta");
  expect(joinPath(anaText.body)).toBe(anaLink);

  // Too early: her link says when to come back, in Spanish, on her phone.
  const patient = await person(browser, a, phone, "Europe/Madrid");
  const p = patient.page;
  await p.goto(anaLink);
  await expect(p.getByRole("heading", { name: "Su consulta todavía no está abierta" })).toBeVisible();
  await expect(p.getByRole("status")).toContainText("Vuelva el");
  expect(await englishLeft(p, [clinician])).toEqual([]);
  expect(await sentencesAboveGrade6(p)).toEqual([]);
  expect(await axeViolations(p)).toEqual([]);
  await snapshot(p, testInfo, "link-too-early-es-phone");

  // Sam's invitation by email and by text; his link opens his visit (it starts in ten minutes).
  await expect.poll(() => mailsTo(sam.email, /^Your video visit with/).length).toBe(1);
  const samText = await twilio.next(sam.e164, 20_000);
  expect(samText.body).toContain("Reply STOP to stop these texts.");
  const samPatient = await person(browser, b, phone);
  await samPatient.page.goto(joinPath(samText.body));
  await expect(samPatient.page.getByRole("heading", { name: "Before you join" })).toBeVisible();

  // While the reminders are not yet due: the desk cancels Ana's visit (tomorrow), after confirming.
  const day = localInput(tomorrow, clinicZone).slice(0, 10);
  await d.getByLabel("Day", { exact: true }).fill(day);
  await d.getByRole("button", { name: `Cancel visit for ${ana.name}` }).click();
  const dialog = d.getByRole("alertdialog");
  await expect(dialog).toContainText("The patient gets a message that the visit was cancelled.");
  await dialog.getByRole("button", { name: "Cancel the visit" }).click();
  const anaRow = d
    .getByRole("listitem")
    .filter({ hasText: ana.name })
    .filter({ has: d.locator(".chip") });
  await expect(anaRow.locator(".chip")).toHaveText("Cancelled");
  await expect.poll(() => mailsTo(ana.email, /^Se canceló su videoconsulta/).length).toBe(1);

  // Her link, opened on the other instance, says it was cancelled, in Spanish.
  const onB = await person(browser, b, phone, "Europe/Madrid");
  await onB.page.goto(anaLink);
  await expect(onB.page.getByRole("heading", { name: "Esta consulta se canceló" })).toBeVisible();
  await expect(onB.page.getByRole("alert")).toContainText("se canceló. Este enlace ya no funciona.");
  expect(await englishLeft(onB.page, [clinician])).toEqual([]);
  expect(await sentencesAboveGrade6(onB.page)).toEqual([]);
  expect(await axeViolations(onB.page)).toEqual([]);
  await snapshot(onB.page, testInfo, "link-cancelled-es-phone");

  // The 10-minute reminders: Sam's once by email and once by text, though two instances poll the
  // queue; Sol's by email only.
  const reminder = /starts in 10 minutes/;
  await expect
    .poll(
      () => [
        mailsTo(sam.email, reminder).length,
        textsTo(sam.e164, reminder).length,
        mailsTo(sol.email, reminder).length,
      ],
      { timeout: 120_000, intervals: [1_000] },
    )
    .toEqual([1, 1, 1]);
  testInfo.annotations.push({
    type: "reminder",
    description: `the 10-minute reminders arrived ${Math.round((Date.now() - bookedAt) / 1000)} s after booking`,
  });
  // Both instances poll the queue every second: five more polls each send nothing twice.
  await new Promise((r) => setTimeout(r, 5_000));
  expect(mailsTo(sam.email, reminder)).toHaveLength(1);
  expect(textsTo(sam.e164, reminder)).toHaveLength(1);
  expect(mailsTo(sol.email, reminder)).toHaveLength(1);
  expect(textsTo(sol.e164).length).toBe(textsBeforeStop);

  // Today's schedule (a reload shows today again) says so, and what to do.
  await d.reload();
  const solRow = d
    .getByRole("listitem")
    .filter({ hasText: sol.name })
    .filter({ has: d.locator(".chip") });
  await expect(solRow.getByText("not sent (opted out)")).toBeVisible();
  await expect(solRow.getByText(/The patient replied STOP to texts\./)).toBeVisible();
  const samRow = d
    .getByRole("listitem")
    .filter({ hasText: sam.name })
    .filter({ has: d.locator(".chip") });
  await expect(samRow.locator(".chip")).toHaveText(/Link not opened|Booked|Late/);
  await snapshot(d, testInfo, "front-desk-schedule-desktop");
  await d.setViewportSize(phone);
  expect(await axeViolations(d, "section.schedule")).toEqual([]);
  await snapshot(d, testInfo, "front-desk-schedule-phone");
  await d.setViewportSize(desktop);

  await Promise.all([adm, frontDesk, patient, samPatient, onB].map(({ ctx }) => ctx.close()));
});
