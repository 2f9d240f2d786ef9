import { defineConfig } from "@playwright/test";
import { fakeCameraFile } from "./fake-camera";
import type { StackOptions } from "./tests/fixtures";

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

/**
 * The journeys' flags: the fake camera a small picture at 10 frames a second instead of a 720p one
 * at 30 (measured: each step took a fifth off a call journey's CPU time, browsers and servers
 * together; on CI's two cores the call journeys share the cores with Whisper). The benchmarks
 * keep a camera's 720p at 30 (`chromiumArgs`).
 */
export const journeyArgs = [
  ...chromiumArgs.map((a) => (a === "--use-fake-device-for-media-stream" ? `${a}=fps=10` : a)),
  `--use-file-for-fake-video-capture=${fakeCameraFile()}`,
];

/**
 * The first line's journeys (the scribed visits, the chat, the call and the screen share), on the
 * global setup's first server.
 */
const firstLine = [
  "**/after-visit.spec.ts",
  "**/chat.spec.ts",
  "**/scribe.spec.ts",
  "**/spanish-visit.spec.ts",
  "**/visit-journey.spec.ts",
  "**/screen-share.spec.ts",
];

export default defineConfig<StackOptions>({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two lines side by side, each one test at a time, each on a server of its own from the global
  // setup. The first runs every journey with a whole scribed visit (they speak and listen in real
  // time: two never run at once), the chat, the call and the screen share; the second every other journey, among them those
  // that start servers of their own (booked visits wait about two minutes for their reminders).
  // Balanced by the lines' measured times (e2e/README.md).
  workers: 2,
  projects: [
    { name: "scribed visits", testMatch: firstLine, workers: 1 },
    { name: "other journeys", testIgnore: firstLine, workers: 1, use: { stack: "second" } },
  ],
  retries: 0,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: journeyArgs,
    },
  },
});
