import { startServer, type RunningServer } from "../stack";
import { demoClinician, expect, lineLivekit, snapshot, test } from "./fixtures";

// A server of its own, so the waiting room is empty whatever other journeys left behind.
let fresh: RunningServer;
// eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
test.beforeAll(async ({}, testInfo) => {
  fresh = await startServer(lineLivekit(testInfo), { SCRIBE_ENABLED: "false" });
});
test.afterAll(() => fresh.stop());

test("the demo clinician signs in and sees the empty waiting room", async ({ page }, testInfo) => {
  await page.goto(`${fresh.url}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Clinician sign-in" })).toBeVisible();

  await page.getByLabel("Email").fill(demoClinician.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email and password do not match.");

  await page.getByLabel("Password").fill(demoClinician.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/clinic$/);
  await expect(page.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await expect(page.getByText("Dr. Alex Rivera")).toBeVisible();
  // "Live" only shows once the socket.io connection answered queue:watch.
  await expect(page.getByRole("status")).toHaveText("Live");
  await expect(page.getByText("No one is waiting right now.")).toBeVisible();
  await snapshot(page, testInfo, "clinician-queue-empty");

  // The session survives a reload (HttpOnly cookie), and signing out ends it.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Waiting room" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(`${fresh.url}/clinic`);
  await expect(page).toHaveURL(/\/sign-in$/);
});
