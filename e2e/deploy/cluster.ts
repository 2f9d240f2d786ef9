import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { ClusterState } from "../../scripts/cluster.mjs";
import { chromiumPath, journeyArgs } from "../playwright.config";

/** What the global setup's cluster runs where (read anew: a worker started again has a new pid). */
export function cluster(): ClusterState {
  const file = process.env.BEDSIDE_CLUSTER;
  if (!file) throw new Error("BEDSIDE_CLUSTER is not set: run through playwright.deploy.config.ts");
  return JSON.parse(readFileSync(file, "utf8")) as ClusterState;
}

/**
 * Chromium that accepts the cluster's certificates (HTTPS, WSS and TURN over TLS) by its CA's keys
 * only, as a browser that trusts the clinic's CA would; `microphone`: a WAV its fake microphone plays.
 */
export function launchBrowser(microphone?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...journeyArgs,
      `--ignore-certificate-errors-spki-list=${cluster().caSpki.join(",")}`,
      ...(microphone ? [`--use-file-for-fake-audio-capture=${microphone}`] : []),
    ],
  });
}

/**
 * A page whose requests Caddy sends to API `n` (1 or 2): the bedside_lb cookie Caddy would have
 * set, chosen instead of left to chance. Caddy still sends it elsewhere when that API is down.
 */
export async function pageOnApi(
  browser: Browser,
  n: 1 | 2,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const c = cluster();
  const context = await browser.newContext({ baseURL: c.url, ...options });
  await context.addCookies([
    { name: "bedside_lb", value: c.apis[n - 1]!.lbCookie, url: c.url, httpOnly: true, secure: true },
  ]);
  return { context, page: await context.newPage() };
}

export async function signIn(page: Page): Promise<void> {
  const { demo } = cluster();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/clinic$/);
}

/** Prometheus text's samples of `metric` (any labels), summed. */
export function sumOf(text: string, metric: string): number {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${metric} `) || l.startsWith(`${metric}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

/** Transcript segments the workers' jobs wrote (ok and gaps), by their /metrics: both, or those named. */
export async function workersSegmentsWritten(names?: string[]): Promise<number> {
  const { workers, metricsToken } = cluster();
  let total = 0;
  for (const w of workers.filter((w) => !names || names.includes(w.name))) {
    const res = await fetch(w.metricsUrl, { headers: { authorization: `Bearer ${metricsToken}` } });
    if (!res.ok) throw new Error(`${w.name}'s /metrics answered ${res.status}`);
    total += sumOf(await res.text(), "bedside_scribe_segments_written_total");
  }
  return total;
}

/**
 * A rolling restart's step through the cluster's control port: the worker gets SIGTERM (it hands
 * its visits to the other worker and drains) and is started again once it has exited; this
 * resolves then. `untilWorkerReady` waits for the new process to register with LiveKit.
 */
export async function restartWorker(name: string): Promise<void> {
  const c = cluster();
  const res = await fetch(`${c.control.url}/parts/${name}/restart`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.control.token}` },
  });
  if (res.status !== 200) throw new Error(`restart of ${name} answered ${res.status}: ${await res.text()}`);
  const { pid } = (await res.json()) as { pid: number };
  expect(cluster().workers.find((w) => w.name === name)?.pid).toBe(pid);
}

/** Until the worker answers on its health URL: registered with LiveKit, its speech engines up. */
export async function untilWorkerReady(name: string): Promise<void> {
  const worker = () => cluster().workers.find((w) => w.name === name)!;
  await expect
    .poll(
      () =>
        fetch(worker().healthUrl).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeout: 90_000,
        intervals: [250],
      },
    )
    .toBe(true);
}

/** One value from the cluster's PostgreSQL (what every instance reads). */
export function psqlValue(query: string): string {
  return execFileSync("psql", [cluster().databaseUrl, "-tAc", query], { encoding: "utf8" }).trim();
}

/** Checks a patient in on their link (voice only unless `video`), into the waiting room. */
export async function checkIn(page: Page, link: string, name: string, video = false): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Before you join" })).toBeVisible();
  await page.getByRole("button", { name: "Play a test sound" }).click();
  await page.getByRole("button", { name: "Yes", exact: true }).click();
  await page.getByLabel(/Your name/).fill(name);
  await page.getByLabel("No, do not take notes of what I say").check();
  if (!video) await page.getByLabel(/^Join with voice only \(no video\)/).check();
  await page.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
}

/** Creates a visit from the clinician's page and returns the patient's link. */
export async function createVisit(c: Page, name: string): Promise<string> {
  await c.getByLabel("Patient name").fill(name);
  await c.getByLabel("Preferred language").selectOption("en");
  await c.getByRole("button", { name: "Create visit and links" }).click();
  return c
    .getByRole("region", { name: `Links for ${name}` })
    .getByLabel("Patient link")
    .inputValue();
}
