/**
 * pnpm bench:network — a call with the patient's browser behind a weak link (300 kbit/s, 150 ms
 * one way, 5 % random loss, each direction), beside the same call on a clean link in the same run.
 *
 * The patient's Chromium runs in a Linux network namespace (root: `ip netns`) whose only way to
 * the host is a point-to-point link; the clinician's Chromium, the server and LiveKit stay on the
 * host. The link is shaped with `tc netem` on a veth pair when the kernel has it (sch_netem), and
 * otherwise by link-shaper.py between two TUN devices, which applies netem's model (loss, a
 * serialization queue at the rate, a fixed delay) in userspace. Both phases use the same path, so
 * the clean phase is the baseline.
 *
 * Phases, one call: clean (WINDOW_S seconds) → shaped, until the patient's screen offers audio
 * only (or switches by itself), then WINDOW_S seconds on video → the patient accepts audio only →
 * WINDOW_S seconds on audio only. For each window, from WebRTC getStats (inbound-rtp, audio) in
 * both browsers: the share of concealed samples and the packet loss, for what the patient hears
 * and what the clinician hears of the patient.
 *
 * Last line: {"window_s":…,"link":"netem"|"userspace","clean":{…},"shaped":{…},"audio_only":{…},
 *             "offered_audio_only":true,"offer_after_s":…,"clinician_sees_audio_only":true}
 */
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { appendFileSync, chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "@playwright/test";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";
import { chromiumArgs, chromiumPath } from "../playwright.config";
import { clinicianStartsCall } from "./bench-call";
import { startServer } from "../stack";

const windowS = Number(process.env.WINDOW_S ?? 20);
const shape = { rateKbit: 300, delayMs: 150, loss: 0.05, queueMs: 1_000 };
const here = path.dirname(fileURLToPath(import.meta.url));

const tag = String(process.pid % 100_000);
const ns = `bedside-bench-${tag}`;
const subnet = `10.213.${process.pid % 250}`;
const hostIp = `${subnet}.1`;
const nsIp = `${subnet}.2`;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
const inNs = (cmd: string, args: string[]) => sh("ip", ["netns", "exec", ns, cmd, ...args]);

interface Link {
  kind: "netem" | "userspace";
  clean(): Promise<void>;
  shape(): Promise<void>;
  close(): void;
}

/** veth + tc netem when the kernel has it; otherwise TUN devices and link-shaper.py. */
async function makeLink(): Promise<Link> {
  sh("ip", ["netns", "add", ns]);
  inNs("ip", ["link", "set", "lo", "up"]);
  const hostDev = `bbh${tag}`;
  const nsDev = `bbn${tag}`;
  const teardown = () => {
    for (const [cmd, args] of [
      ["ip", ["netns", "del", ns]],
      ["ip", ["link", "del", hostDev]],
    ] as const) {
      try {
        sh(cmd, [...args]);
      } catch {
        // already gone
      }
    }
  };
  const address = () => {
    sh("ip", ["addr", "add", hostIp, "peer", nsIp, "dev", hostDev]);
    sh("ip", ["link", "set", hostDev, "up"]);
    inNs("ip", ["addr", "add", nsIp, "peer", hostIp, "dev", nsDev]);
    inNs("ip", ["link", "set", nsDev, "up"]);
  };
  const netemArgs = [
    "netem",
    "rate",
    `${shape.rateKbit}kbit`,
    "delay",
    `${shape.delayMs}ms`,
    "loss",
    `${shape.loss * 100}%`,
  ];
  try {
    sh("ip", ["link", "add", hostDev, "type", "veth", "peer", "name", nsDev]);
    sh("ip", ["link", "set", nsDev, "netns", ns]);
    address();
    // Does this kernel have netem? (Many minimal VM kernels are built without it.)
    sh("tc", ["qdisc", "add", "dev", hostDev, "root", ...netemArgs]);
    sh("tc", ["qdisc", "del", "dev", hostDev, "root"]);
    const set = (on: boolean) => {
      if (on) {
        sh("tc", ["qdisc", "replace", "dev", hostDev, "root", ...netemArgs]);
        inNs("tc", ["qdisc", "replace", "dev", nsDev, "root", ...netemArgs]);
      }
    };
    return {
      kind: "netem",
      clean: () => Promise.resolve(),
      shape: () => Promise.resolve(set(true)),
      close: teardown,
    };
  } catch {
    teardown();
  }
  // No netem: TUN devices with the shaper between them.
  sh("ip", ["netns", "add", ns]);
  inNs("ip", ["link", "set", "lo", "up"]);
  sh("ip", ["tuntap", "add", "dev", hostDev, "mode", "tun"]);
  sh("ip", ["tuntap", "add", "dev", nsDev, "mode", "tun"]);
  sh("ip", ["link", "set", nsDev, "netns", ns]);
  address();
  const shaper: ChildProcessWithoutNullStreams = spawn("python3", [
    path.join(here, "link-shaper.py"),
    hostDev,
    ns,
    nsDev,
  ]);
  shaper.stderr.pipe(process.stderr);
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  shaper.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    lines.push(...chunk.split("\n").filter(Boolean));
    while (lines.length && waiters.length) {
      lines.shift();
      waiters.shift()!();
    }
  });
  const next = () =>
    new Promise<void>((resolve) => {
      if (lines.length) {
        lines.shift();
        resolve();
      } else waiters.push(resolve);
    });
  await next(); // "ready"
  const send = async (line: string) => {
    shaper.stdin.write(`${line}\n`);
    await next();
  };
  return {
    kind: "userspace",
    clean: () => send("clean"),
    shape: () => send(`shape ${shape.rateKbit} ${shape.delayMs} ${shape.loss} ${shape.queueMs}`),
    close() {
      shaper.stdin.end();
      shaper.kill();
      teardown();
    },
  };
}

/** Keeps every RTCPeerConnection of the page, for getStats. A string: tsx would wrap a function. */
const keepPeerConnections = `
  window.__pcs = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config) {
      super(config);
      window.__pcs.push(this);
    }
  };
`;

interface AudioCounters {
  concealed: number;
  samples: number;
  lost: number;
  received: number;
}
const audioCounters = async (page: Page): Promise<AudioCounters> =>
  (await page.evaluate(`(async () => {
    const c = { concealed: 0, samples: 0, lost: 0, received: 0 };
    for (const pc of window.__pcs) {
      if (pc.connectionState === "closed") continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type !== "inbound-rtp" || s.kind !== "audio") return;
        c.concealed += s.concealedSamples ?? 0;
        c.samples += s.totalSamplesReceived ?? 0;
        c.lost += s.packetsLost ?? 0;
        c.received += s.packetsReceived ?? 0;
      });
    }
    return c;
  })()`)) as AudioCounters;

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1_000) / 10 : null);

/** The audio one browser received during `windowS` seconds. */
async function measure(page: Page) {
  const a = await audioCounters(page);
  await page.waitForTimeout(windowS * 1_000);
  const b = await audioCounters(page);
  const lost = b.lost - a.lost;
  const received = b.received - a.received;
  return {
    concealed_pct: pct(b.concealed - a.concealed, b.samples - a.samples),
    packet_loss_pct: pct(lost, lost + received),
    packets_received: received,
  };
}

async function measureWindow(patient: Page, clinician: Page) {
  const [patientHears, clinicianHears] = await Promise.all([measure(patient), measure(clinician)]);
  return { patient_hears: patientHears, clinician_hears_patient: clinicianHears };
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error("bench:network needs root (ip netns, tc)");
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bedside-bench-"));
  const link = await makeLink();
  console.log(
    `link: ${link.kind} (${shape.rateKbit} kbit/s, ${shape.delayMs} ms, ${shape.loss * 100} % loss)`,
  );
  const livekit = await startLivekit({ logFile: path.join(logDir, "livekit.log"), host: hostIp });
  const port = await freeTcpPort();
  const origin = `http://${hostIp}:${port}`;
  const server = await startServer(livekit, {
    PORT: String(port),
    HOST: hostIp,
    PUBLIC_URL: origin,
    LIVEKIT_PUBLIC_URL: livekit.url.replace("127.0.0.1", hostIp),
    SCRIBE_ENABLED: "false",
    LOG_LEVEL: "error",
  });
  // The patient's Chromium is started inside the namespace (Playwright talks to it over a pipe).
  const wrapper = path.join(logDir, "chromium-in-netns");
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${chromiumPath} "$@"\n`);
  chmodSync(wrapper, 0o755);
  const args = [
    ...chromiumArgs,
    // Not loopback, so not a secure context by default: camera and microphone need one.
    `--unsafely-treat-insecure-origin-as-secure=${origin}`,
  ];
  const clinicianBrowser = await chromium.launch({ executablePath: chromiumPath, args });
  const patientBrowser = await chromium.launch({ executablePath: wrapper, args });
  let shot: (() => Promise<unknown>) | undefined;
  try {
    await link.clean();
    const clinician = await (await clinicianBrowser.newContext({ baseURL: origin })).newPage();
    await clinician.addInitScript(keepPeerConnections);
    const patientLink = await clinicianStartsCall(clinician);

    const patient = await (await patientBrowser.newContext({ baseURL: origin })).newPage();
    await patient.addInitScript(keepPeerConnections);
    shot = () => patient.screenshot({ path: path.join(logDir, "patient.png") });
    const consoleLog = path.join(logDir, "patient-console.log");
    patient.on("console", (m) =>
      appendFileSync(consoleLog, `${new Date().toISOString()} ${m.type()} ${m.text()}\n`),
    );
    await patient.goto(patientLink);
    // Asked even with the scribe off in this bench (which saves the machine its Whisper).
    await patient.getByLabel("Yes, it may take notes of what I say").check();
    await patient.getByRole("button", { name: "Join the waiting room" }).click();
    await patient.getByRole("heading", { name: "You're in the waiting room" }).waitFor({ timeout: 60_000 });
    // Only the call's connections count (check-in's connection test made one of its own).
    await patient.evaluate("window.__pcs = []");
    await clinician.getByRole("button", { name: "Admit Bench Patient" }).click();
    // In the call once audio arrives both ways (ICE through the namespace's link can take a while).
    const deadline = Date.now() + 90_000;
    while ((await audioCounters(patient)).received < 50 || (await audioCounters(clinician)).received < 50) {
      if (Date.now() > deadline) throw new Error("no audio both ways within 90 s of admission");
      await patient.waitForTimeout(500);
    }
    console.log(
      `audio both ways ${Math.round((Date.now() - deadline + 90_000) / 100) / 10} s after admission`,
    );

    console.log(`clean link: measuring ${windowS} s`);
    const clean = await measureWindow(patient, clinician);
    console.log(JSON.stringify(clean));
    if (clean.patient_hears.packets_received === 0 || clean.clinician_hears_patient.packets_received === 0) {
      await patient.screenshot({ path: path.join(logDir, "patient.png") });
      throw new Error(
        `the call carried no audio on the clean link (see ${logDir}): run it again on a quieter machine`,
      );
    }

    // The patient's own connection quality as LiveKit reports it (their tile's indicator), each second.
    await patient.evaluate(`window.__quality = []; setInterval(() => {
      const q = document.querySelector("figure[data-local=true] .quality");
      window.__quality.push(q ? q.className.replace(/.*quality--/, "") : "none");
    }, 1000)`);
    await link.shape();
    const shapedAt = Date.now();
    const offer = patient.getByRole("button", { name: "Switch to audio only" });
    const switched = patient.getByText("so the call switched to audio only");
    // What the patient's screen does on the weak link, and the audio meanwhile.
    const shaped = await measureWindow(patient, clinician);
    await offer
      .or(switched)
      .first()
      .waitFor({ timeout: 120_000 })
      .catch(async (err: unknown) => {
        await patient.screenshot({ path: path.join(logDir, "patient.png") });
        throw err;
      });
    const offerAfterS = Math.round((Date.now() - shapedAt) / 100) / 10;
    const auto = await switched.isVisible();
    const qualities = (await patient.evaluate("window.__quality")) as string[];
    const quality = Object.fromEntries(
      [...new Set(qualities)].map((q) => [q, qualities.filter((x) => x === q).length]),
    );
    console.log(`patient's quality until then (seconds each): ${JSON.stringify(quality)}`);
    console.log(`weak link: ${auto ? "switched to audio only by itself" : "offered audio only"}`);
    console.log(JSON.stringify(shaped));
    if (!auto) await offer.click();
    const patientTile = clinician.locator("figure[data-local=false]").filter({ hasText: "Bench Patient" });
    const seen = await patientTile
      .getByText("Audio only", { exact: true })
      .waitFor({ timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    console.log(`audio only: measuring ${windowS} s`);
    const audioOnly = await measureWindow(patient, clinician);
    console.log(JSON.stringify(audioOnly));
    console.log(
      JSON.stringify({
        window_s: windowS,
        link: link.kind,
        shape: { rate_kbit: shape.rateKbit, delay_ms: shape.delayMs, loss: shape.loss },
        clean,
        shaped,
        audio_only: audioOnly,
        offered_audio_only: !auto,
        switched_by_itself: auto,
        offer_after_s: offerAfterS,
        quality_seconds_until_offer: quality,
        clinician_sees_audio_only: seen,
      }),
    );
  } catch (err) {
    await shot?.().catch(() => undefined);
    console.error(`failed; logs and screenshots in ${logDir}`);
    throw err;
  } finally {
    await patientBrowser.close().catch(() => undefined);
    await clinicianBrowser.close().catch(() => undefined);
    await server.stop();
    await livekit.stop();
    link.close();
  }
}

await main();
