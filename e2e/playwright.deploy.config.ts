import { defineConfig } from "@playwright/test";
import { chromiumPath, journeyArgs } from "./playwright.config";

/**
 * `pnpm test:deploy`: the deployment's journeys against one `bedside.mjs cluster` (Caddy, API ×2,
 * worker ×2, LiveKit ×2, PostgreSQL, Redis), started once by the global setup for every spec.
 * The specs kill its parts, so they run one at a time; the failover (API 1 killed for good) after
 * the others, then the backup (every API and worker stopped, the database wiped and restored).
 */
export default defineConfig({
  testDir: "./deploy",
  globalSetup: "./deploy/global-setup.ts",
  outputDir: "./test-results/deploy",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  projects: [
    { name: "cluster", testIgnore: ["**/failover.spec.ts", "**/backup.spec.ts"] },
    { name: "failover", testMatch: ["**/failover.spec.ts"], dependencies: ["cluster"] },
    { name: "backup", testMatch: ["**/backup.spec.ts"], dependencies: ["failover"] },
  ],
  retries: 0,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: { executablePath: chromiumPath, args: journeyArgs },
  },
});
