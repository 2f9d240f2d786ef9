import type { Browser, Page } from "@playwright/test";
import { expect, signInAsDemoClinician, test } from "./fixtures";

/** Issue 30: the visit's chat, from the waiting room into the call, the interpreter included. */

async function guest(browser: Browser, baseURL: string, link: string, name: string): Promise<Page> {
  const page = await browser.newPage({ baseURL });
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Before you join" })).toBeVisible();
  await page.getByLabel(/Your name/).fill(name);
  await page.getByLabel("No, do not take notes of what I say").check();
  await page.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  return page;
}

async function write(page: Page, text: string) {
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByLabel("Your message")).toHaveValue("");
}

test("the patient writes from the waiting room; in the call patient, clinician and interpreter chat", async ({
  browser,
  baseURL,
  page: c,
}) => {
  test.setTimeout(120_000);
  await signInAsDemoClinician(c);
  await c.getByLabel("Patient name").fill("Chad Chat");
  await c.getByLabel("Interpreter needed").check();
  await c.getByRole("button", { name: "Create visit and links" }).click();
  const links = c.getByRole("region", { name: "Links for Chad Chat" });
  const patientLink = await links.getByLabel("Patient link").inputValue();
  const interpreterLink = await links.getByLabel("Interpreter link").inputValue();

  // From the waiting room, to the clinic; markup is text, shown as written.
  const patient = await guest(browser, baseURL!, patientLink, "Chad Chat");
  const early = "I am here. <b>My rash</b> is worse\ntoday.";
  await write(patient, early);
  const patientLog = patient.getByRole("log", { name: "Chat" });
  await expect(patientLog.getByText("My rash", { exact: false })).toHaveText(early);
  await expect(patientLog.locator("b")).toHaveCount(0);

  const interpreter = await guest(browser, baseURL!, interpreterLink, "Ina Interpreter");
  // The interpreter has no waiting-room chat: it is the patient's with the clinic.
  await expect(interpreter.getByLabel("Your message")).toHaveCount(0);

  // Before admitting, the clinician sees what the waiting patient wrote, and answers from the queue.
  const waitingChat = c.getByRole("button", { name: /^Chat with Chad Chat/ });
  await expect(waitingChat).toContainText("1 new message");
  await waitingChat.click();
  const queueChat = c.getByRole("region", { name: "Chat with Chad Chat" });
  await expect(queueChat.getByRole("log").getByText("My rash", { exact: false })).toHaveText(early);
  await queueChat.getByLabel("Your message").fill("Thank you, I will see you in a minute.");
  await queueChat.getByRole("button", { name: "Send", exact: true }).click();
  await expect(patientLog.getByText("Thank you, I will see you in a minute.")).toBeVisible();

  // The clinician admits the patient, opens the chat beside the call and reads the messages.
  await c.getByRole("button", { name: "Admit Chad Chat" }).click();
  await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
  // What the patient wrote while waiting is unread on the clinician's folded chat.
  await expect(c.getByRole("button", { name: /^Chat/ })).toContainText("new message");
  await c.getByRole("button", { name: /^Chat/ }).click();
  const clinicianLog = c.getByRole("log", { name: "Chat" });
  await expect(clinicianLog.getByText("My rash", { exact: false })).toHaveText(early);
  await c.getByRole("button", { name: "Admit Ina Interpreter" }).click();
  await expect(interpreter.getByRole("region", { name: "People in the call" })).toBeVisible();

  // In the call: the clinician writes while the others' chats are folded; each sees an unread badge.
  await write(c, "Please hold the rash up to the camera.");
  for (const p of [patient, interpreter]) {
    const toggle = p.getByRole("button", { name: /^Chat/ });
    await expect(toggle).toContainText("1 new message");
    await toggle.click();
    await expect(
      p.getByRole("log", { name: "Chat" }).getByText("Please hold the rash up to the camera."),
    ).toBeVisible();
    await expect(p.getByRole("button", { name: /^Hide chat/ })).not.toContainText("new message");
  }
  await write(patient, "Like this?");
  await expect(clinicianLog.getByText("Like this?", { exact: true })).toBeVisible();
  await expect(
    interpreter.getByRole("log", { name: "Chat" }).getByText("Like this?", { exact: true }),
  ).toBeVisible();
  // The interpreter's own message reaches both.
  await write(interpreter, "I can translate the label for you.");
  await expect(clinicianLog.getByText("I can translate the label for you.")).toBeVisible();
  await expect(patientLog.getByText("I can translate the label for you.")).toBeVisible();

  // The visit ends (its line's server's queue is left empty), and the review page shows the chat.
  await c.getByRole("button", { name: "End visit for everyone" }).click();
  await c.getByRole("alertdialog").getByRole("button", { name: "End the visit" }).click();
  await c.getByRole("button", { name: "Review the notes" }).click();
  const review = c.getByRole("region", { name: "Chat" });
  await expect(review.getByText("Like this?", { exact: true })).toBeVisible();
  await expect(review.getByText("My rash", { exact: false })).toHaveText(early);
  await patient.close();
  await interpreter.close();
});
