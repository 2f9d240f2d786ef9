import { defineConfig } from "@playwright/test";

/** The system Chromium: a test browser is never downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Every journey's Chromium flags; a spec that needs one more (screen capture) starts from these. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Fake camera and microphone, granted without a prompt, for the call journeys.
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
];

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two lines side by side, each one test at a time. The journeys that start servers of their own
  // (booked visits wait about two minutes for their reminders) run beside the ones on the shared
  // server; the scribed visits, which speak and listen in real time, never run two at once.
  workers: 2,
  projects: [
    {
      name: "shared server",
      testIgnore: ["**/scheduled-visits.spec.ts", "**/clinic-accounts.spec.ts"],
      workers: 1,
    },
    {
      name: "own servers",
      testMatch: ["**/scheduled-visits.spec.ts", "**/clinic-accounts.spec.ts"],
      workers: 1,
    },
  ],
  retries: 0,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
});
