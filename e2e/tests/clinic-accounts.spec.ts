// Issue 27's journey: a clinic goes live from an empty data directory, the demo seed off. The
// setup link creates the admin (with two-factor), invitations arrive over real SMTP and are
// followed, the front desk books, messages and transfers a waiting patient, another clinician
// admits them, a password reset by email ends the old session, and deactivation disconnects.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { generate } from "otplib";
// The server's own test SMTP server: real SMTP in this process, each message parsed.
import { startSmtpSink, type SmtpSink } from "../../server/test/smtp";
import { startServer, type RunningServer } from "../stack";
import {
  captureWebRTC,
  expect,
  flowingRemoteMedia,
  lineLivekit,
  sentencesAboveGrade6,
  snapshot,
  test,
  testSound,
} from "./fixtures";

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };
const clinicName = "Riverside Family Clinic";
const admin = { name: "Sam Okafor", email: "sam@riverside.test", password: "violet harbor quietly 87" };
const ames = { name: "Dr. Ana Ames", email: "ames@riverside.test", password: "copper lantern drifts 42" };
const brook = { name: "Dr. Ben Brook", email: "brook@riverside.test", password: "maple orbit gently 19" };
const desk = { name: "Dee Morales", email: "desk@riverside.test", password: "pebble canyon softly 63" };
const patientName = "Paula Reyes";
const message = "Dr. Ames is running a little late. Please stay on this page.";

// A step that cannot happen fails in seconds, not at the test's timeout.
test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

let server: RunningServer;
let smtp: SmtpSink;

// eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
test.beforeAll(async ({}, testInfo) => {
  smtp = await startSmtpSink();
  const livekit = lineLivekit(testInfo);
  // A new clinic: its own empty data directory, no demo account, mail over SMTP; no scribe (not
  // what this journey is about, and it would cost CPU).
  server = await startServer(livekit, { DEMO_SEED: "false", SMTP_URL: smtp.url, SCRIBE_ENABLED: "false" });
});
test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

async function person(browser: Browser, viewport = desktop): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: server.url, viewport });
  const page = await ctx.newPage();
  await captureWebRTC(page);
  return { ctx, page };
}

/** The path of the first link to this server in a mail's text (the host is the server's own). */
async function linkIn(to: string, path: RegExp): Promise<string> {
  const mail = await smtp.next(to);
  const url = (mail.text ?? "").match(/https?:\/\/\S+/g)?.find((u) => path.test(new URL(u).pathname));
  expect(url, `a link in the mail to ${to}: ${mail.text}`).toBeDefined();
  return new URL(url!).pathname;
}

/** The invited person follows their email's link and chooses their name and password. */
async function acceptInvitation(page: Page, who: { name: string; email: string; password: string }) {
  await page.goto(await linkIn(who.email, /^\/invitation\//));
  await expect(page.getByRole("heading", { name: `Join ${clinicName}` })).toBeVisible();
  await expect(page.getByText(`with ${who.email}`)).toBeVisible();
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create my account" }).click();
}

test("a new clinic: setup with two-factor, invitations by email, the front desk books, messages and transfers, B admits, reset and deactivation end sessions", async ({
  browser,
}, testInfo) => {
  test.setTimeout(150_000);

  // The start banner has the one-time setup link (no admin yet); the browser opens it on this host.
  await expect.poll(() => server.output()).toMatch(/\/setup\/[\w-]{20,}/);
  const setupPath = new URL(server.output().match(/https?:\/\/\S+\/setup\/[\w-]+/)![0]).pathname;

  // The admin sets up the clinic and, as every admin must, two-factor sign-in.
  const adm = await person(browser);
  const a = adm.page;
  await a.goto(setupPath);
  await expect(a.getByRole("heading", { name: "Set up your clinic" })).toBeVisible();
  await a.getByLabel("Clinic name").fill(clinicName);
  await a.getByLabel("Your name").fill(admin.name);
  await a.getByLabel("Email").fill(admin.email);
  await a.getByLabel("Password", { exact: true }).fill(admin.password);
  await a.getByLabel("I also see patients (clinician)").uncheck();
  await snapshot(a, testInfo, "setup-desktop");
  await a.getByRole("button", { name: "Create admin account" }).click();
  await expect(a.getByText("Your clinic requires two-factor sign-in. Set it up to continue.")).toBeVisible();
  await a.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(a.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = await a.getByLabel("Key").inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await a.getByLabel("Then enter the 6-digit code the app shows").fill(await generate({ secret }));
  await a.getByRole("button", { name: "Turn on" }).click();
  await expect(a.getByRole("list", { name: "Save your recovery codes" }).getByRole("listitem")).toHaveCount(
    10,
  );
  await snapshot(a, testInfo, "setup-recovery-codes-desktop");
  await a.getByRole("button", { name: "I saved them" }).click();
  await expect(a.getByText("Two-factor sign-in is on.")).toBeVisible();
  await a.getByRole("button", { name: "Back to my visits" }).click();
  await expect(a.getByRole("heading", { name: "People" })).toBeVisible();
  await expect(a.getByText(`Everyone with an account at ${clinicName}.`)).toBeVisible();

  // The admin invites two clinicians and the front desk.
  const invite = a.locator("section", { has: a.getByRole("heading", { name: "Invite someone" }) });
  for (const [who, role] of [
    [ames, "clinician"],
    [brook, "clinician"],
    [desk, "front desk"],
  ] as const) {
    await invite.getByLabel("Email").fill(who.email);
    await invite.getByLabel("Name").fill(who.name);
    for (const r of ["admin", "clinician", "front desk"])
      await invite.getByLabel(r, { exact: true }).setChecked(r === role);
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(a.getByRole("status")).toHaveText(`Invitation sent to ${who.email}.`);
  }

  // Each follows the link their email brought; clinicians land on their queue, the desk on its room.
  const clinicianA = await person(browser);
  const clinicianB = await person(browser);
  const frontDesk = await person(browser);
  await acceptInvitation(clinicianA.page, ames);
  await acceptInvitation(clinicianB.page, brook);
  await acceptInvitation(frontDesk.page, desk);
  await clinicianA.page.waitForURL(/\/clinic$/);
  await clinicianB.page.waitForURL(/\/clinic$/);
  await frontDesk.page.waitForURL(/\/desk$/);
  const d = frontDesk.page;
  await expect(d.getByRole("heading", { name: "Front desk" })).toBeVisible();
  await expect(d.getByText("No one is waiting right now.")).toBeVisible();

  // The admin's People list shows the four of them, with their roles.
  await a.reload();
  const people = a.getByRole("table", { name: "People" });
  for (const who of [admin, ames, brook, desk])
    await expect(people.getByRole("rowheader", { name: who.name })).toBeVisible();
  await snapshot(a, testInfo, "admin-people-desktop");

  // The front desk books a visit for clinician A and gets the patient's link.
  await d.getByLabel("Clinician").selectOption({ label: ames.name });
  await d.getByLabel("Patient's name").fill(patientName);
  await d.getByRole("button", { name: "Book and get links" }).click();
  const patientLink = await d.getByLabel("Link for the patient").inputValue();
  expect(patientLink).toMatch(/\/join\/[\w-]{43}$/);

  // The patient checks in on a phone and waits: first in A's line, with an estimate.
  const pat = await person(browser, phone);
  const p = pat.page;
  await p.goto(new URL(patientLink).pathname);
  await expect(p.getByRole("heading", { name: "Before you join" })).toBeVisible();
  await expect
    .poll(() => p.getByLabel("Your camera").evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await testSound(p);
  await p.getByLabel(/Your name/).fill(patientName);
  await p.getByLabel("No, do not take notes of what I say").check();
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  await expect(p.getByText(`${ames.name} knows you're here and will let you in soon.`)).toBeVisible();
  await expect(p.getByText("You are next in line.")).toBeVisible();
  await expect(p.getByText(/Your wait may be (a few minutes|about \d+ minutes)\./)).toBeVisible();
  // A's queue has them.
  await expect(
    clinicianA.page.getByRole("region", { name: "People waiting" }).getByText(patientName, { exact: true }),
  ).toBeVisible();

  // The front desk sees them in the clinic's waiting room, and sends a message the patient reads.
  const row = d.getByRole("listitem").filter({ hasText: patientName });
  await expect(row.getByText(`for ${ames.name}`)).toBeVisible();
  await expect(d.getByRole("heading", { name: "1 person waiting" })).toBeVisible();
  await row.getByLabel(`Message to ${patientName}`).fill(message);
  // Exactly "Send": the day's schedule lists the same patient with "Send the link again to …".
  await row.getByRole("button", { name: "Send", exact: true }).click();
  await expect(p.getByRole("heading", { name: "Messages from the clinic" })).toBeVisible();
  await expect(p.getByText(message, { exact: true })).toBeVisible();
  await snapshot(p, testInfo, "waiting-room-message-phone");
  expect(await sentencesAboveGrade6(p)).toEqual([]);
  await snapshot(d, testInfo, "front-desk-waiting-room-desktop");

  // Transfer to B: the patient's waiting room names B; A's queue loses them, B's gains them.
  await row.getByLabel("Transfer to").selectOption({ label: brook.name });
  await row.getByRole("button", { name: "Transfer" }).click();
  await expect(p.getByText(`${brook.name} knows you're here and will let you in soon.`)).toBeVisible();
  await expect(row.getByText(`for ${brook.name}`)).toBeVisible();
  await expect(
    clinicianA.page.getByRole("region", { name: "People waiting" }).getByText(patientName, { exact: true }),
  ).toHaveCount(0);
  const b = clinicianB.page;
  await expect(
    b.getByRole("region", { name: "People waiting" }).getByText(patientName, { exact: true }),
  ).toBeVisible();

  // B admits them: each sees and hears the other.
  await b.getByRole("button", { name: `Admit ${patientName}` }).click();
  await b.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
  for (const page of [b, p])
    await expect.poll(() => flowingRemoteMedia(page), { timeout: 20_000 }).toEqual({ video: 1, audio: 1 });
  await expect(d.getByText("No one is waiting right now.")).toBeVisible();

  // Clinician A resets their password by email from another device; their open page is signed out.
  const other = await person(browser);
  await other.page.goto("/sign-in");
  await other.page.getByRole("link", { name: "Forgot your password?" }).click();
  await other.page.getByLabel("Email").fill(ames.email);
  await other.page.getByRole("button", { name: "Send the link" }).click();
  await expect(other.page.getByRole("status")).toContainText("a link to reset its password is on its way");
  await other.page.goto(await linkIn(ames.email, /^\/reset-password\//));
  const newPassword = "harvest meadow calmly 58";
  await other.page.getByLabel("New password").fill(newPassword);
  await other.page.getByRole("button", { name: "Save" }).click();
  await expect(other.page.getByRole("status")).toHaveText(
    "Your password was changed. Please sign in with it.",
  );
  await clinicianA.page.waitForURL(/\/sign-in$/);
  await expect(clinicianA.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The old password no longer works; the new one does.
  const signIn = async (password: string) => {
    await clinicianA.page.getByLabel("Email").fill(ames.email);
    await clinicianA.page.getByLabel("Password").fill(password);
    await clinicianA.page.getByRole("button", { name: "Sign in" }).click();
  };
  await signIn(ames.password);
  await expect(clinicianA.page.getByRole("alert")).toBeVisible();
  await signIn(newPassword);
  await clinicianA.page.waitForURL(/\/clinic$/);

  // The admin deactivates the front desk: its open page is disconnected at once.
  await a.getByRole("button", { name: `Deactivate ${desk.name}` }).click();
  await expect(people.getByRole("row").filter({ hasText: desk.name })).toContainText("Deactivated");
  await expect(d.getByText("Not connected. Please sign in again.")).toBeVisible();
  await d.reload();
  await d.waitForURL(/\/sign-in$/);

  await Promise.all([adm, clinicianA, clinicianB, frontDesk, pat, other].map(({ ctx }) => ctx.close()));
});
