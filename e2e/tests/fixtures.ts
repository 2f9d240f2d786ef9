import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, type Page, type TestInfo } from "@playwright/test";

export const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

export const test = base.extend({
  // The server's port is chosen at run time by the global setup.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
  baseURL: async ({}, use) => {
    const url = process.env.BEDSIDE_URL;
    if (!url) throw new Error("BEDSIDE_URL is not set: run through playwright.config.ts");
    await use(url);
  },
});
export { expect } from "@playwright/test";

export const demoClinician = {
  email: "rivera@bedside.local",
  get password() {
    return process.env.BEDSIDE_DEMO_PASSWORD ?? "";
  },
};

/** Saves a full-page screenshot under e2e/artifacts and attaches it to the report. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
