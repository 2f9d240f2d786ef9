/**
 * pnpm bench:presence [clients] — N socket.io clients (default 2000) connect to
 * one Bedside server as waiting patients of one clinician; the clinician changes
 * status ROUNDS times (default 20); each change must reach every waiting client.
 * Measures connect time, fan-out latency (command sent → received by each
 * client, p50/p95/p99) and the server's resident memory per connection. The
 * same fan-out against a bare socket.io server in the same run is the baseline.
 *
 * Last line: {"clients":N,"p50_ms":…,"p95_ms":…,"p99_ms":…,"baseline_p99_ms":…,"rss_per_conn_kb":…,…}
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";

const clients = Number(process.argv[2] ?? process.env.CLIENTS ?? 2000);
const rounds = Number(process.env.ROUNDS ?? 20);
const here = path.dirname(fileURLToPath(import.meta.url));
// Profiling: e.g. PRESENCE_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses these in NODE_OPTIONS).
const nodeArgs = (process.env.PRESENCE_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN) * 10) / 10;
};
const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Connects sockets in batches; returns them with each one's connect time. */
async function connectAll(url: string, auths: Array<Record<string, string> | undefined>) {
  const sockets: Socket[] = [];
  const times: number[] = [];
  await inBatches(auths, 100, async (auth) => {
    const t0 = performance.now();
    const s = connect(url, { transports: ["websocket"], reconnection: false, ...(auth ? { auth } : {}) });
    await new Promise<void>((resolve, reject) => {
      s.once("connect", () => resolve());
      s.once("connect_error", reject);
    });
    times.push(performance.now() - t0);
    sockets.push(s);
  });
  return { sockets, times };
}

/** Sends `rounds` commands and records, per client, how long each took to arrive. */
async function fanOut(
  receivers: Socket[],
  event: string,
  send: (round: number) => void,
  roundOf: (payload: unknown) => number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let sentAt = 0;
    const arrived = Promise.all(
      receivers.map(
        (s) =>
          new Promise<void>((resolve) => {
            const listener = (payload: unknown) => {
              if (roundOf(payload) !== round) return;
              latencies.push(performance.now() - sentAt);
              s.off(event, listener);
              resolve();
            };
            s.on(event, listener);
          }),
      ),
    );
    sentAt = performance.now();
    send(round);
    await arrived;
  }
  return latencies;
}

async function bedside() {
  const livekit = await startLivekit();
  const port = await freeTcpPort();
  const server = spawn(process.execPath, [...nodeArgs, path.join(here, "../dist/index.js")], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-bench-presence-")),
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      DEMO_CLINICIAN_PASSWORD: "bench-password",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await waitForLine(server, /Bedside is running/);
  const url = `http://127.0.0.1:${port}`;
  try {
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "rivera@bedside.local", password: "bench-password" }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const post = async (p: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${url}${p}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const tokens: string[] = [];
    const seedStart = performance.now();
    await inBatches([...Array(clients).keys()], 16, async (i) => {
      const visit = await post(
        "/api/visits",
        {
          patientDisplayName: `Patient ${i}`,
          preferredLanguage: "en",
          interpreterNeeded: false,
          scheduledAt: new Date().toISOString(),
        },
        { cookie },
      );
      const secret = String((visit.links as Array<{ url: string }>)[0]!.url).split("/join/")[1]!;
      const device = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 1 };
      const checkIn = await post(`/api/join/${secret}/check-in`, {
        displayName: `Patient ${i}`,
        scribeConsent: "granted",
        deviceCheck: device,
      });
      tokens.push(String(checkIn.participantToken));
    });
    console.log(`seeded ${clients} visits and check-ins in ${Math.round(performance.now() - seedStart)} ms`);

    const clinician = connect(url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
    });
    await new Promise<void>((resolve) => clinician.once("connect", () => resolve()));
    const rssBefore = rssKb(server.pid!);
    const { sockets, times } = await connectAll(
      url,
      tokens.map((participantToken) => ({ participantToken })),
    );
    await new Promise((r) => setTimeout(r, 1_000)); // let presence writes settle
    const rssAfter = rssKb(server.pid!);
    if (nodeArgs.some((a) => a.startsWith("--report-on-signal"))) {
      server.kill("SIGUSR2"); // a diagnostic report (heap spaces) with every client connected
      await new Promise((r) => setTimeout(r, 3_000));
    }
    console.log(
      `bedside: ${clients} clients connected, connect p50 ${pct(times, 50)} ms, p95 ${pct(times, 95)} ms`,
    );

    const latencies = await fanOut(
      sockets,
      "clinician:status-changed",
      (round) =>
        void clinician.emit(
          "clinician:set-status",
          { status: "away", lateMinutes: null, message: `round ${round}` },
          () => {},
        ),
      (payload) => Number(/round (\d+)/.exec(String((payload as { message?: string }).message))?.[1] ?? -1),
    );
    sockets.forEach((s) => s.disconnect());
    clinician.disconnect();
    return { latencies, times, rssPerConnKb: (rssAfter - rssBefore) / clients };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await livekit.stop();
  }
}

async function baseline() {
  const server = spawn(process.execPath, [path.join(here, "bare-socketio.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [, port] = await waitForLine(server, /listening (\d+)/);
  const url = `http://127.0.0.1:${port}`;
  try {
    const admin = connect(url, { transports: ["websocket"], reconnection: false });
    await new Promise<void>((resolve) => admin.once("connect", () => resolve()));
    const rssBefore = rssKb(server.pid!);
    const { sockets, times } = await connectAll(url, Array(clients).fill(undefined));
    const rssAfter = rssKb(server.pid!);
    const latencies = await fanOut(
      sockets,
      "status",
      (round) => void admin.emit("broadcast", { round }),
      (payload) => (payload as { round: number }).round,
    );
    sockets.forEach((s) => s.disconnect());
    admin.disconnect();
    return { latencies, times, rssPerConnKb: (rssAfter - rssBefore) / clients };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

const ours = await bedside();
const bare = await baseline();
const result = {
  clients,
  rounds,
  p50_ms: pct(ours.latencies, 50),
  p95_ms: pct(ours.latencies, 95),
  p99_ms: pct(ours.latencies, 99),
  baseline_p50_ms: pct(bare.latencies, 50),
  baseline_p99_ms: pct(bare.latencies, 99),
  ratio_p99: Math.round((pct(ours.latencies, 99) / pct(bare.latencies, 99)) * 100) / 100,
  connect_p50_ms: pct(ours.times, 50),
  connect_p95_ms: pct(ours.times, 95),
  baseline_connect_p50_ms: pct(bare.times, 50),
  rss_per_conn_kb: Math.round(ours.rssPerConnKb * 10) / 10,
  baseline_rss_per_conn_kb: Math.round(bare.rssPerConnKb * 10) / 10,
};
console.log(JSON.stringify(result));
process.exit(0);
