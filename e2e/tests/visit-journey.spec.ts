import type { Browser, BrowserContext, Page } from "@playwright/test";
import {
  sentencesAboveGrade6,
  captureWebRTC,
  expect,
  flowingRemoteMedia,
  signInAsDemoClinician,
  snapshot,
  test,
} from "./fixtures";

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

async function newPerson(
  browser: Browser,
  baseURL: string,
  viewport = desktop,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL, viewport });
  const page = await ctx.newPage();
  await captureWebRTC(page);
  return { ctx, page };
}

async function checkIn(page: Page, link: string, name: string, consent: "Yes" | "No") {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Before you join" })).toBeVisible();
  // The camera preview is live and the microphone meter is fed by the (fake) microphone.
  await expect(page.getByLabel("Your camera")).toBeVisible();
  await expect
    .poll(() => page.getByLabel("Your camera").evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await page.getByRole("button", { name: "Play a test sound" }).click();
  await page.getByRole("button", { name: "Yes", exact: true }).click();
  await expect(page.getByText("Your sound works.")).toBeVisible();
  await expect(page.getByText("Your connection looks good.")).toBeVisible();
  await page.getByLabel(/Your name/).fill(name);
  await page
    .getByLabel(
      consent === "Yes" ? "Yes, it may take notes of what I say" : "No, do not take notes of what I say",
    )
    .check();
}

test("clinician, patient and interpreter check in, wait, are admitted, see and hear each other, and the visit ends", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const clinician = await newPerson(browser, baseURL!);
  const patient = await newPerson(browser, baseURL!, phone);
  const interpreter = await newPerson(browser, baseURL!);

  // The clinician creates a visit that needs an interpreter and gets two links.
  await signInAsDemoClinician(clinician.page);
  const c = clinician.page;
  await c.getByLabel("Patient name").fill("Maria Lopez");
  await c.getByLabel("Preferred language").selectOption("es");
  await c.getByLabel("Interpreter needed").check();
  await c.getByRole("button", { name: "Create visit and links" }).click();
  const patientLink = await c.getByLabel("Patient link").inputValue();
  const interpreterLink = await c.getByLabel("Interpreter link").inputValue();
  expect(patientLink).toMatch(/\/join\/[\w-]{43}$/);
  expect(interpreterLink).not.toBe(patientLink);

  // Check-in: the patient on a phone-sized screen.
  await checkIn(patient.page, patientLink, "Maria Lopez", "Yes");
  await snapshot(patient.page, testInfo, "check-in-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);
  await patient.page.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(patient.page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  await expect(
    patient.page.getByText("Dr. Alex Rivera knows you're here and will let you in soon."),
  ).toBeVisible();
  await snapshot(patient.page, testInfo, "waiting-room-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);

  await checkIn(interpreter.page, interpreterLink, "Ana Interpreter", "Yes");
  await snapshot(interpreter.page, testInfo, "check-in-desktop");
  await interpreter.page.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(interpreter.page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  await snapshot(interpreter.page, testInfo, "waiting-room-desktop");

  // The clinician says they are running late; the waiting patient sees it live, in plain words.
  await c.getByLabel("Your status").selectOption("running_late");
  await c.getByLabel("Minutes late").fill("10");
  await c.getByRole("button", { name: "Update" }).click();
  await expect(patient.page.getByRole("status")).toHaveText(
    "Dr. Alex Rivera knows you're here and is about 10 minutes late.",
  );
  await snapshot(patient.page, testInfo, "waiting-room-late-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);

  // Nobody waiting has a media connection: tokens exist only after admission.
  expect(await patient.page.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length)).toBe(0);

  // The clinician's queue shows both, live, with what they need to know.
  const queue = c.getByRole("region", { name: "People waiting" });
  await expect(queue.getByText("Maria Lopez", { exact: true })).toBeVisible();
  await expect(queue.getByText("Ana Interpreter", { exact: true })).toBeVisible();
  await expect(queue.getByText("interpreter here")).toBeVisible();
  await expect(queue.getByText("scribe: consented").first()).toBeVisible();
  await snapshot(c, testInfo, "clinician-queue-desktop");

  // Admit the patient (the clinician joins the call), then the interpreter from the call's side panel.
  await c.getByRole("button", { name: "Admit Maria Lopez" }).click();
  await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
  await c.getByRole("button", { name: "Admit Ana Interpreter" }).click();

  for (const [{ page }, own] of [
    [clinician, "Clinician"],
    [patient, "Patient"],
    [interpreter, "Interpreter"],
  ] as const) {
    const stage = page.getByRole("region", { name: "People in the call" });
    await expect(stage.getByRole("figure")).toHaveCount(3, { timeout: 20_000 });
    // You are named as you; on the phone, in a small picture that just says "You".
    await expect(stage.getByRole("figure").filter({ hasText: "(you)" })).toHaveCount(1);
    if (page === patient.page) await expect(stage.getByText("You", { exact: true })).toBeVisible();
    for (const label of ["Clinician", "Patient", "Interpreter"]) {
      // On the phone your own picture is small and names only you.
      if (page === patient.page && label === own) continue;
      await expect(stage.getByText(label, { exact: true })).toBeVisible();
    }
  }
  // In each browser both remote videos decode frames and both remote audio streams flow.
  for (const { page } of [clinician, patient, interpreter]) {
    await expect.poll(() => flowingRemoteMedia(page), { timeout: 20_000 }).toEqual({ video: 2, audio: 2 });
  }
  await snapshot(c, testInfo, "call-clinician-desktop");
  await snapshot(patient.page, testInfo, "call-patient-phone");

  // Mute is visible to everyone else.
  await patient.page.getByRole("button", { name: "Mute" }).click();
  await expect(c.locator("figure", { hasText: "Maria Lopez" }).getByText("Muted")).toBeVisible();

  // Sent back to wait, the interpreter leaves the call and returns to the waiting room; admitted again, they are back.
  await c.getByRole("button", { name: "Send Ana Interpreter back to wait" }).click();
  await expect(interpreter.page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  await expect(c.getByRole("region", { name: "People in the call" }).getByRole("figure")).toHaveCount(2);
  await c.getByRole("button", { name: "Admit Ana Interpreter" }).click();
  await expect(
    interpreter.page.getByRole("region", { name: "People in the call" }).getByRole("figure"),
  ).toHaveCount(3);

  // The clinician ends the visit for everyone.
  await c.getByRole("button", { name: "End visit for everyone" }).click();
  const confirm = c.getByRole("alertdialog", { name: "End the visit for everyone?" });
  await expect(confirm.getByRole("button", { name: "Keep talking" })).toBeFocused();
  await confirm.getByRole("button", { name: "End the visit" }).click();
  await expect(c.getByRole("heading", { name: "The visit has ended" })).toBeVisible();
  await expect(patient.page.getByRole("heading", { name: "Your visit has ended" })).toBeVisible();
  // Presence insights are the clinician's, on the review page.
  await c.getByRole("button", { name: "Review the notes" }).click();
  const insights = c.getByRole("region", { name: "Your presence in this visit" });
  await expect(insights.getByText("Only you can see this.")).toBeVisible();
  await expect(
    insights.getByText(/Talk time: you \d+%|The scribe heard no speech in this visit\./),
  ).toBeVisible();
  await expect(
    patient.page.getByText("Dr. Alex Rivera will now check the notes from your visit."),
  ).toBeVisible();
  await expect(interpreter.page.getByText("Thank you for interpreting.")).toBeVisible();
  await snapshot(patient.page, testInfo, "end-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);

  // The link no longer opens the visit.
  await patient.page.goto(patientLink);
  await expect(patient.page.getByRole("alert")).toHaveText(/This visit has ended/);

  await Promise.all([clinician.ctx.close(), patient.ctx.close(), interpreter.ctx.close()]);
});
