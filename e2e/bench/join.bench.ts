/**
 * pnpm bench:join — time from the clinician's "Admit" click to the first remote
 * video frame presented in the patient's browser, over RUNS admissions
 * (default 10) of one patient into one call, on the real stack. Between runs
 * the clinician sends the patient back to the waiting room.
 *
 * Baseline in the same run: from the moment the patient's browser creates its
 * first RTCPeerConnection for the call to that first frame — the media setup
 * any app on this LiveKit server pays. The rest is Bedside's admission path
 * (socket round trips, token minting, LiveKit signalling).
 *
 * Last line: {"runs":N,"median_ms":…,"p95_ms":…,"baseline_median_ms":…,"ratio":…}
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { startLivekit } from "../../scripts/livekit.mjs";
import { chromiumArgs, chromiumPath } from "../playwright.config";
import { clinicianStartsCall } from "./bench-call";
import { startServer } from "../stack";

const runs = Number(process.env.RUNS ?? process.argv[2] ?? 10);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/**
 * Records, in the page, when the first RTCPeerConnection is made and when the
 * first remote video frame is presented. A string, not a function: tsx would
 * wrap a function's inner helpers in `__name(...)`, which does not exist in the page.
 */
const instrumentation = `
  window.__pcAt = null;
  window.__frameAt = null;
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config) {
      super(config);
      window.__pcAt ??= Date.now();
    }
  };
  setInterval(() => {
    for (const video of document.querySelectorAll("figure[data-local=false] video")) {
      if (video.dataset.benchWatched) continue;
      video.dataset.benchWatched = "1";
      video.requestVideoFrameCallback(() => (window.__frameAt ??= Date.now()));
    }
  }, 5);
`;

async function main() {
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bedside-bench-"));
  const livekit = await startLivekit({ logFile: path.join(logDir, "livekit.log") });
  const server = await startServer(livekit, { LOG_LEVEL: "error" });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  try {
    const clinician = await (await browser.newContext({ baseURL: server.url })).newPage();
    const link = await clinicianStartsCall(clinician);
    await clinician.evaluate(() => {
      document.addEventListener(
        "click",
        (e) => {
          if ((e.target as HTMLElement).closest("button")?.textContent?.startsWith("Admit")) {
            (window as unknown as { __admitAt: number }).__admitAt = Date.now();
          }
        },
        true,
      );
    });

    const patient = await (await browser.newContext({ baseURL: server.url })).newPage();
    await patient.addInitScript(instrumentation);
    await patient.goto(link);
    await patient.getByLabel("Yes, it may take notes of what I say").check();
    await patient.getByRole("button", { name: "Join the waiting room" }).click();

    const total: number[] = [];
    const media: number[] = [];
    for (let i = 0; i < runs; i++) {
      await patient.getByRole("heading", { name: "You're in the waiting room" }).waitFor();
      await patient.evaluate(() => {
        const w = window as unknown as { __pcAt: number | null; __frameAt: number | null };
        w.__pcAt = null;
        w.__frameAt = null;
        document.querySelectorAll("video").forEach((v) => delete v.dataset.benchWatched);
      });
      await clinician.getByRole("button", { name: "Admit Bench Patient" }).click();
      await patient.waitForFunction(
        () => (window as unknown as { __frameAt: number | null }).__frameAt !== null,
        null,
        {
          timeout: 20_000,
        },
      );
      const admitAt = await clinician.evaluate(() => (window as unknown as { __admitAt: number }).__admitAt);
      const { pcAt, frameAt } = await patient.evaluate(() => {
        const w = window as unknown as { __pcAt: number; __frameAt: number };
        return { pcAt: w.__pcAt, frameAt: w.__frameAt };
      });
      total.push(frameAt - admitAt);
      media.push(frameAt - pcAt);
      console.log(
        `run ${i + 1}: admit→first frame ${frameAt - admitAt} ms (media setup ${frameAt - pcAt} ms)`,
      );
      await clinician.getByRole("button", { name: "Send Bench Patient back to wait" }).click();
    }
    const median = percentile(total, 50);
    const baseline = percentile(media, 50);
    console.log(
      JSON.stringify({
        runs,
        median_ms: median,
        p95_ms: percentile(total, 95),
        baseline_median_ms: baseline,
        ratio: Math.round((median / baseline) * 100) / 100,
      }),
    );
  } finally {
    await browser.close();
    await server.stop();
    await livekit.stop();
  }
}

await main();
