import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test as base, type Page, type TestInfo } from "@playwright/test";
import type { AxeResults, RunOptions, ElementContext } from "axe-core";
// The one grade measure the findings use, so a screen and an explanation are held to the same rule.
import { MAX_PATIENT_GRADE, maxSentenceGrade, splitSentences } from "../../server/src/findings/readability";
// Spanish screens are held to the Spanish formula the Spanish summary uses.
import { fernandezHuerta, MIN_PIECE_EASE } from "../../server/src/findings/readability-es";

export const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

export interface StackOptions {
  /** Which of the global setup's two servers a project's journeys use (playwright.config.ts). */
  stack: "first" | "second";
}

export const test = base.extend<StackOptions>({
  stack: ["first", { option: true }],
  // The servers' ports are chosen at run time by the global setup.
  baseURL: async ({ stack }, use) => {
    const name = stack === "second" ? "BEDSIDE_SECOND_URL" : "BEDSIDE_URL";
    const url = process.env[name];
    if (!url) throw new Error(`${name} is not set: run through playwright.config.ts`);
    await use(url);
  },
});
export { expect } from "@playwright/test";

/** The LiveKit of a journey's line (one per line, from the global setup): servers a spec starts join it. */
export function lineLivekit(testInfo: TestInfo): { url: string; apiKey: string; apiSecret: string } {
  const stack = (testInfo.project.use as Partial<StackOptions>).stack ?? "first";
  const name = stack === "second" ? "BEDSIDE_SECOND_LIVEKIT" : "BEDSIDE_LIVEKIT";
  const keys = process.env[name];
  if (!keys) throw new Error(`${name} is not set: run through playwright.config.ts`);
  return JSON.parse(keys) as { url: string; apiKey: string; apiSecret: string };
}

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

let axeSource: string | undefined;

/**
 * axe-core's accessibility violations on the page as the browser lays it out (colour contrast
 * included), one line each; `include` narrows it to a part of the page (a CSS selector). Run by
 * evaluation, not a script tag, so the app's Content-Security-Policy need not allow it.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(c: ElementContext, o: RunOptions): Promise<AxeResults> } })
      .axe;
    const result = await axe.run(selector ? { include: [[selector]] } : document, {
      resultTypes: ["violations"],
    });
    return result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
  }, include);
}

export async function signInAsDemoClinician(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoClinician.email);
  await page.getByLabel("Password").fill(demoClinician.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/clinic$/);
}

/**
 * The check-in's sound test, once the camera has started: its preview and the voice-only choice
 * that comes with it move the sound test down the page, and a click as they appeared missed it
 * (ci37: the patient's page still offered "Play a test sound" four minutes later).
 */
export async function testSound(page: Page): Promise<void> {
  await expect(page.getByLabel(/^Join with voice only/)).toBeVisible();
  await page.getByRole("button", { name: "Play a test sound" }).click();
  await page.getByRole("button", { name: "Yes", exact: true }).click();
}

/** Keeps every RTCPeerConnection the page creates, so tests can read WebRTC stats as a person's browser sees them. */
export async function captureWebRTC(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface InboundMedia {
  video: Record<string, { framesDecoded: number; frameWidth: number }>;
  audio: Record<string, { bytesReceived: number; totalAudioEnergy: number }>;
  peerConnections: number;
}

/** Inbound RTP stats of every live peer connection, keyed by track. */
export function inboundMedia(page: Page): Promise<InboundMedia> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    const result: InboundMedia = { video: {}, audio: {}, peerConnections: 0 };
    for (const pc of pcs) {
      if (pc.connectionState === "closed") continue;
      result.peerConnections++;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== "inbound-rtp") return;
        const key = String(s.trackIdentifier ?? s.id);
        if (s.kind === "video") {
          result.video[key] = {
            framesDecoded: Number(s.framesDecoded ?? 0),
            frameWidth: Number(s.frameWidth ?? 0),
          };
        } else if (s.kind === "audio") {
          result.audio[key] = {
            bytesReceived: Number(s.bytesReceived ?? 0),
            totalAudioEnergy: Number(s.totalAudioEnergy ?? 0),
          };
        }
      });
    }
    return result;
  });
}

/**
 * How many remote video tracks are decoding (frames decoded rising, width > 0)
 * and how many remote audio tracks are flowing (bytes received rising), over one second.
 */
export async function flowingRemoteMedia(page: Page): Promise<{ video: number; audio: number }> {
  const before = await inboundMedia(page);
  await page.waitForTimeout(1_000);
  const after = await inboundMedia(page);
  const video = Object.entries(after.video).filter(
    ([id, v]) => v.frameWidth > 0 && v.framesDecoded > (before.video[id]?.framesDecoded ?? 0),
  ).length;
  const audio = Object.entries(after.audio).filter(
    ([id, a]) => a.bytesReceived > (before.audio[id]?.bytesReceived ?? 0),
  ).length;
  return { video, audio };
}

/**
 * Every sentence a patient can read on the page above grade 6, with its grade. Exempt: quotes of
 * what people said in the visit (`blockquote`) and wording that must stay as published (the CARE
 * measure's items, marked `data-grade-exempt`); and labels or headings under five words. A page
 * in Spanish (`<html lang="es">`) is held to the Spanish formula instead.
 */
export async function sentencesAboveGrade6(page: Page): Promise<string[]> {
  if ((await page.evaluate(() => document.documentElement.lang)) === "es") return spanishHardToRead(page);
  const text = await page.locator("main").evaluate((main: HTMLElement) => {
    const hidden = Array.from(main.querySelectorAll<HTMLElement>("blockquote, [data-grade-exempt]"));
    const before = hidden.map((e) => e.style.display);
    hidden.forEach((e) => (e.style.display = "none"));
    const visible = main.innerText;
    hidden.forEach((e, i) => (e.style.display = before[i] ?? ""));
    return visible;
  });
  return (
    text
      .split("\n")
      .flatMap((line: string) => splitSentences(line))
      // A grade means little for a label or heading ("Microphone" alone scores 20): sentences only.
      .filter((s) => s.split(/\s+/).length >= 5)
      .map((s) => [s, maxSentenceGrade(s)] as const)
      .filter(([, grade]) => grade > MAX_PATIENT_GRADE)
      .map(([s, grade]) => `${grade}: ${s}`)
  );
}

/** In Spanish: each paragraph of five words or more reads at least "bastante fácil" (Fernández-Huerta ≥ 70). */
async function spanishHardToRead(page: Page): Promise<string[]> {
  const text = await page.locator("main").evaluate((main: HTMLElement) => {
    const hidden = Array.from(main.querySelectorAll<HTMLElement>("blockquote, [data-grade-exempt]"));
    const before = hidden.map((e) => e.style.display);
    hidden.forEach((e) => (e.style.display = "none"));
    const visible = main.innerText;
    hidden.forEach((e, i) => (e.style.display = before[i] ?? ""));
    return visible;
  });
  return text
    .split("\n")
    .filter((line) => line.split(/\s+/).length >= 5)
    .map((line) => [line, fernandezHuerta(line)] as const)
    .filter(([, score]) => score < MIN_PIECE_EASE)
    .map(([line, score]) => `${score}: ${line}`);
}

// Words every English sentence needs and no Spanish one has.
const ENGLISH_WORDS =
  /\b(?:the|you|your|you're|please|with|and|is|are|was|what|this|will|can|not|of|to|for|it|we|have|has|be|do|at|on|in|if|or|then|my|me|now|here)\b/i;

/**
 * English left on a screen shown in Spanish: every line of the page (and each control's
 * accessible name) with an English word, leaving out what is marked as another language (the
 * language switch's "English", quotes said in English) and the given names.
 */
export async function englishLeft(page: Page, names: string[] = []): Promise<string[]> {
  const lines = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const el of Array.from(copy.querySelectorAll("[lang]")))
      if (el.getAttribute("lang") !== "es") el.remove();
    const labels = Array.from(copy.querySelectorAll("[aria-label],[title]")).map(
      (el) => `${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("title") ?? ""}`,
    );
    document.body.append(copy);
    copy.style.position = "absolute";
    const text = copy.innerText;
    copy.remove();
    return [...text.split("\n"), ...labels];
  });
  return lines
    .map((l) => names.reduce((t, n) => t.split(n).join(" "), l))
    .filter((l) => ENGLISH_WORDS.test(l));
}
