/**
 * pnpm bench:presence [clients] [--instances 2] — N socket.io clients (default 2000)
 * connect to one Bedside server as waiting patients of one clinician; the clinician
 * changes status ROUNDS times (default 20); each change must reach every waiting client.
 * Measures connect time, fan-out latency (command sent → received by each client,
 * p50/p95/p99) and the server's resident memory per connection. The same fan-out
 * against a bare socket.io server in the same run is the baseline.
 *
 * --instances 2: two Bedside servers share one PostgreSQL (DATABASE_URL names a server to
 * create a throwaway database on, else a throwaway cluster is started). The clinician is on
 * the first; N clients connect to each. The same run first measures N clients on the first
 * instance alone, so the two-instance p99 is compared with a single instance on the same database.
 *
 * Last line: {"clients":N,"p50_ms":…,"p95_ms":…,"p99_ms":…,"baseline_p99_ms":…,"rss_per_conn_kb":…,…}
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import pg from "pg";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";
import { startPostgres } from "../test/postgres.js";

const args = process.argv.slice(2);
const flag = args.indexOf("--instances");
const instances = flag >= 0 ? Number(args[flag + 1]) : 1;
const positional = args.filter((_, i) => flag < 0 || (i !== flag && i !== flag + 1));
const clients = Number(positional[0] ?? process.env.CLIENTS ?? 2000);
if (instances !== 1 && instances !== 2) throw new Error("--instances is 1 or 2");
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

type Livekit = Awaited<ReturnType<typeof startLivekit>>;

/** One built Bedside server as a child process; `env` adds DATABASE_URL for PostgreSQL. */
async function startBedside(livekit: Livekit, env: Record<string, string> = {}) {
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
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await waitForLine(server, /Bedside is running/);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: server.pid!,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    },
  };
}

async function signIn(url: string) {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "rivera@bedside.local", password: "bench-password" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/** Through the real HTTP API: n visits, and a patient checked in to each. Returns their socket tokens. */
async function seed(url: string, cookie: string, n: number): Promise<string[]> {
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
  await inBatches([...Array(n).keys()], 16, async (i) => {
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
  console.log(`seeded ${n} visits and check-ins in ${Math.round(performance.now() - seedStart)} ms`);
  return tokens;
}

/**
 * The clinician (on `clinicianUrl`) and the guests (each group on its own server) connect; RSS of
 * each server is read before and after; then the status fan-out rounds.
 */
async function measure(
  clinicianUrl: string,
  cookie: string,
  groups: Array<{ url: string; pid: number; tokens: string[] }>,
  label: string,
) {
  const clinician = connect(clinicianUrl, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
  });
  await new Promise<void>((resolve) => clinician.once("connect", () => resolve()));
  const rssBefore = groups.map((g) => rssKb(g.pid));
  const sockets: Socket[] = [];
  const times: number[] = [];
  for (const g of groups) {
    const c = await connectAll(
      g.url,
      g.tokens.map((participantToken) => ({ participantToken })),
    );
    sockets.push(...c.sockets);
    times.push(...c.times);
  }
  await new Promise((r) => setTimeout(r, 1_000)); // let presence writes settle
  const rssAfter = groups.map((g) => rssKb(g.pid));
  if (nodeArgs.some((a) => a.startsWith("--report-on-signal"))) {
    for (const g of groups) process.kill(g.pid, "SIGUSR2"); // a diagnostic report with every client connected
    await new Promise((r) => setTimeout(r, 3_000));
  }
  console.log(
    `${label}: ${sockets.length} clients connected, connect p50 ${pct(times, 50)} ms, p95 ${pct(times, 95)} ms`,
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
  const rssPerConnKb =
    groups.reduce((sum, g, i) => sum + (rssAfter[i]! - rssBefore[i]!), 0) / Math.max(1, sockets.length);
  return { latencies, times, rssPerConnKb };
}

/** One server on embedded PGlite (the default deployment). */
async function bedside() {
  const livekit = await startLivekit();
  const server = await startBedside(livekit);
  try {
    const cookie = await signIn(server.url);
    const tokens = await seed(server.url, cookie, clients);
    return await measure(server.url, cookie, [{ ...server, tokens }], "bedside");
  } finally {
    await server.stop();
    await livekit.stop();
  }
}

/** A throwaway database on the given PostgreSQL server (or a throwaway cluster). */
async function postgresDatabase() {
  const cluster = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startPostgres();
  const name = `bedside_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: cluster.url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await cluster.stop();
    },
  };
}

/** Two servers on one PostgreSQL: first the first alone with N clients, then N on each. */
async function twoInstances() {
  const livekit = await startLivekit();
  const database = await postgresDatabase();
  // One after the other: the first migrates and seeds the demo clinician.
  const a = await startBedside(livekit, { DATABASE_URL: database.url });
  const b = await startBedside(livekit, { DATABASE_URL: database.url });
  try {
    const cookie = await signIn(a.url);
    const tokensA = await seed(a.url, cookie, clients);
    const tokensB = await seed(b.url, cookie, clients);
    const single = await measure(a.url, cookie, [{ ...a, tokens: tokensA }], "one instance (PostgreSQL)");
    const two = await measure(
      a.url,
      cookie,
      [
        { ...a, tokens: tokensA },
        { ...b, tokens: tokensB },
      ],
      "two instances (PostgreSQL)",
    );
    return { single, two };
  } finally {
    await a.stop();
    await b.stop();
    await database.drop();
    await livekit.stop();
  }
}

async function baseline(n: number) {
  const server = spawn(process.execPath, [path.join(here, "bare-socketio.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [, port] = await waitForLine(server, /listening (\d+)/);
  const url = `http://127.0.0.1:${port}`;
  try {
    const admin = connect(url, { transports: ["websocket"], reconnection: false });
    await new Promise<void>((resolve) => admin.once("connect", () => resolve()));
    const rssBefore = rssKb(server.pid!);
    const { sockets, times } = await connectAll(url, Array(n).fill(undefined));
    const rssAfter = rssKb(server.pid!);
    const latencies = await fanOut(
      sockets,
      "status",
      (round) => void admin.emit("broadcast", { round }),
      (payload) => (payload as { round: number }).round,
    );
    sockets.forEach((s) => s.disconnect());
    admin.disconnect();
    return { latencies, times, rssPerConnKb: (rssAfter - rssBefore) / n };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

const summary = (ours: Awaited<ReturnType<typeof bedside>>, bare: Awaited<ReturnType<typeof baseline>>) => ({
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
});

if (instances === 2) {
  const { single, two } = await twoInstances();
  // The same number of receivers as the two-instance run.
  const bare = await baseline(clients * 2);
  const result = {
    clients_per_instance: clients,
    instances: 2,
    rounds,
    ...summary(two, bare),
    single_instance_p99_ms: pct(single.latencies, 99),
    single_instance_connect_p50_ms: pct(single.times, 50),
    ratio_p99_vs_single: Math.round((pct(two.latencies, 99) / pct(single.latencies, 99)) * 100) / 100,
  };
  console.log(JSON.stringify(result));
} else {
  const ours = await bedside();
  const bare = await baseline(clients);
  console.log(JSON.stringify({ clients, rounds, ...summary(ours, bare) }));
}
process.exit(0);
