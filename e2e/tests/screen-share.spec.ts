import type { Page } from "@playwright/test";
import { chromiumPath, journeyArgs } from "../playwright.config";
import { captureWebRTC, expect, flowingRemoteMedia, signInAsDemoClinician, snapshot, test } from "./fixtures";

// Chromium's fake capture answers getDisplayMedia with a generated "screen", chosen without a picker.
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: [...journeyArgs, "--auto-select-desktop-capture-source=Entire screen"],
  },
});

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

/** Frames the element's video has shown so far (rising while the picture moves). */
const framesShown = (page: Page, label: string) =>
  page
    .getByLabel(label)
    .evaluate((v: HTMLVideoElement) => (v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0));

/** The named buttons lie wholly inside the screen, unscrolled. */
async function expectOnScreen(page: Page, names: string[]) {
  const viewport = page.viewportSize()!;
  for (const name of names) {
    const box = (await page.getByRole("button", { name, exact: true }).boundingBox())!;
    expect(box, name).not.toBeNull();
    expect(box.y + box.height, `${name} is below the fold`).toBeLessThanOrEqual(viewport.height);
    expect(box.x + box.width, `${name} is off the side`).toBeLessThanOrEqual(viewport.width);
  }
}

test("the clinician shares their screen and the patient's phone shows it large", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const clinicianCtx = await browser.newContext({ baseURL, viewport: desktop });
  const patientCtx = await browser.newContext({ baseURL, viewport: phone });
  const c = await clinicianCtx.newPage();
  const p = await patientCtx.newPage();
  await captureWebRTC(c);
  await captureWebRTC(p);

  await signInAsDemoClinician(c);
  await c.getByLabel("Patient name").fill("Sam Screen");
  await c.getByRole("button", { name: "Create visit and links" }).click();
  const link = await c
    .getByRole("region", { name: "Links for Sam Screen" })
    .getByLabel("Patient link")
    .inputValue();

  await p.goto(link);
  await p.getByLabel("No, do not take notes of what I say").check();
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();

  await c.getByRole("button", { name: "Admit Sam Screen" }).click();
  await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
  for (const page of [c, p])
    await expect(page.getByRole("region", { name: "People in the call" }).getByRole("figure")).toHaveCount(
      2,
      {
        timeout: 20_000,
      },
    );

  // Only the clinician is offered screen sharing (and LiveKit's token refuses it to guests).
  await expect(p.getByRole("button", { name: "Share screen" })).toHaveCount(0);
  // As a person would, click again if the browser dropped the request: on a loaded machine the
  // click's user activation can expire before the capture is asked for (NotAllowedError).
  await expect(async () => {
    if (await c.getByRole("button", { name: "Share screen" }).isVisible())
      await c.getByRole("button", { name: "Share screen" }).click();
    await expect(c.getByRole("button", { name: "Stop sharing" })).toHaveAttribute("aria-pressed", "true", {
      timeout: 15_000,
    });
  }).toPass({ timeout: 45_000 });
  await expect(c.getByText("You are sharing your screen.")).toBeVisible();

  // The patient's phone shows the screen as it moves, the widest thing on the page, and the
  // call's buttons stay in reach.
  const label = "Dr. Alex Rivera's screen";
  await expect(p.getByLabel(label)).toBeVisible({ timeout: 20_000 });
  const before = await framesShown(p, label);
  await expect.poll(() => framesShown(p, label), { timeout: 15_000 }).toBeGreaterThan(before + 5);
  const screen = (await p.getByLabel(label).boundingBox())!;
  const clinicianTile = (await p.locator('figure.tile[data-local="false"]').boundingBox())!;
  expect(screen.width).toBeGreaterThan(phone.width * 0.85);
  expect(screen.width * screen.height).toBeGreaterThan(clinicianTile.width * clinicianTile.height);
  await expectOnScreen(p, ["Mute", "Leave"]);
  await snapshot(p, testInfo, "screen-share-patient-phone");
  await snapshot(c, testInfo, "screen-share-clinician-desktop");

  // The clinician's most used controls and "End visit for everyone" are on screen at 1280 × 800,
  // and ending is an ordinary-sized button.
  await expectOnScreen(c, ["Mute", "Stop sharing", "Leave", "End visit for everyone"]);
  const end = (await c.getByRole("button", { name: "End visit for everyone" }).boundingBox())!;
  const mute = (await c.getByRole("button", { name: "Mute", exact: true }).boundingBox())!;
  expect(end.height).toBeLessThanOrEqual(mute.height + 1);

  // Background blur is offered only by a build given a segmentation model (npm ships none that
  // MediaPipe Tasks loads; client README): this one was not, so nobody is offered a button that
  // could not work.
  await expect(p.getByRole("button", { name: /^(Blur background|Stop blur)$/ })).toHaveCount(0);
  await expect.poll(() => flowingRemoteMedia(c), { timeout: 10_000 }).toMatchObject({ video: 1 });

  await c.getByRole("button", { name: "Stop sharing" }).click();
  await expect(p.getByLabel(label)).toHaveCount(0, { timeout: 15_000 });

  await c.getByRole("button", { name: "End visit for everyone" }).click();
  await c.getByRole("alertdialog").getByRole("button", { name: "End the visit" }).click();
  await expect(c.getByRole("heading", { name: "The visit has ended" })).toBeVisible();
  await Promise.all([clinicianCtx.close(), patientCtx.close()]);
});
