/**
 * pnpm bench:presence [clients] [--instances 2] — N socket.io clients (default 2000) connect to
 * one Bedside server as waiting patients of one clinician, and N to a bare socket.io server (the
 * baseline) in the same run; the clinician changes status, and each change must reach every
 * waiting client. Bedside and bare rounds alternate (ABBA), after WARMUP unmeasured rounds each,
 * ROUNDS measured rounds each, GAP_MS apart. Measures connect time, fan-out latency (command sent
 * → received by each client), the servers' resident memory per connection, and, through a probe
 * in each server (presence.probe.mjs), their CPU time, GC pauses and event-loop delay during
 * the rounds. The headline p99 is the median over rounds of each round's p99: see BENCHMARKS.md.
 *
 * --instances 2: two Bedside servers share one PostgreSQL (DATABASE_URL names a server to
 * create a throwaway database on, else a throwaway cluster is started). The clinician is on
 * the first. N clients on the first alone are measured first, then 2N on the first alone, then N
 * on each; each instance's clients run in a process of their own (presence.clients.mjs).
 * --pin (with --instances 2): each instance and its clients on a core of their own (taskset), as
 * two one-core machines would be.
 * --cluster (with --instances 2): the same phases against `bedside.mjs cluster`'s topology (its
 * PostgreSQL, Redis, LiveKit ×2, API ×2, no scribe workers), every socket through Caddy over TLS,
 * pinned to an instance by Caddy's bedside_lb cookie; no probe in the servers (the cluster starts
 * them), so CPU and GC are not reported.
 *
 * Last line: one JSON object; its "note" says what p99_ms means and "targets" the issue's limits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import pg from "pg";
import { startCluster } from "../../scripts/cluster.mjs";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";
import { startPostgres } from "../test/postgres.js";

const args = process.argv.slice(2);
const flag = args.indexOf("--instances");
const instances = flag >= 0 ? Number(args[flag + 1]) : 1;
/** --pin (two instances): each instance and its clients on one core of their own, like two one-core machines. */
const pin = args.includes("--pin");
/** --cluster (two instances): through Caddy against the cluster's topology. */
const throughCluster = args.includes("--cluster");
const positional = args.filter(
  (a, i) => a !== "--pin" && a !== "--cluster" && (flag < 0 || (i !== flag && i !== flag + 1)),
);
const clients = Number(positional[0] ?? process.env.CLIENTS ?? 2000);
if (instances !== 1 && instances !== 2) throw new Error("--instances is 1 or 2");
if (pin && (instances !== 2 || os.cpus().length < 2))
  throw new Error("--pin needs --instances 2 and two cores");
if (throughCluster && (instances !== 2 || pin))
  throw new Error("--cluster needs --instances 2, without --pin");
/** Measured rounds per server; each is one status change reaching every client. */
const roundsPerFan = Number(process.env.ROUNDS ?? 30);
/** Unmeasured rounds first (the JIT of both processes, first-use allocations). */
const warmup = Number(process.env.WARMUP ?? 3);
const gapMs = Number(process.env.GAP_MS ?? 200);
const here = path.dirname(fileURLToPath(import.meta.url));
// Profiling: e.g. PRESENCE_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses these in NODE_OPTIONS).
const nodeArgs = (process.env.PRESENCE_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
// Every server carries the probe (CPU, GC, event-loop delay), Bedside and the baseline alike.
const probeArgs = ["--import", path.join(here, "presence.probe.mjs")];

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

/** What a round sends and how a receiver tells its own round's payload. */
interface Fan {
  receivers: Socket[];
  event: string;
  send(round: number): void;
  roundOf(payload: unknown): number;
}

let nextRound = 0;
/** One command, and how long it took to reach each receiver (sent and received in this process). */
async function fanOutRound(fan: Fan): Promise<number[]> {
  const round = nextRound++;
  // Indexed like the receivers, so a caller can split them by group (e.g. by server instance).
  const latencies: number[] = new Array<number>(fan.receivers.length);
  let sentAt = 0;
  const arrived = Promise.all(
    fan.receivers.map(
      (s, i) =>
        new Promise<void>((resolve) => {
          const listener = (payload: unknown) => {
            if (fan.roundOf(payload) !== round) return;
            latencies[i] = performance.now() - sentAt;
            s.off(fan.event, listener);
            resolve();
          };
          s.on(fan.event, listener);
        }),
    ),
  );
  sentAt = performance.now();
  fan.send(round);
  await withinRoundLimit(round, arrived);
  return latencies;
}

function withinRoundLimit<T>(round: number, arrived: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`round ${round}: not every client received it in 60 s`)),
      60_000,
    );
  });
  return Promise.race([arrived, timeout]).finally(() => clearTimeout(timer));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * WARMUP unmeasured rounds per fan, then ROUNDS measured rounds per fan; with two fans (Bedside
 * and bare) the rounds alternate, in ABBA order, so both see the same machine. A pause of GAP_MS
 * follows every round: a status change is a single event, and work a server does behind its
 * broadcast (Bedside's status write) must not land in the other server's round.
 */
/** One round of a fan: a status change sent, and each receiver's latency. */
type RoundRunner = () => Promise<number[]>;

async function fanOutRounds(fans: RoundRunner[]): Promise<number[][][]> {
  const rounds: number[][][] = fans.map(() => []);
  for (let r = 0; r < warmup + roundsPerFan; r++) {
    const order = fans.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const latencies = await fans[i]!();
      if (r >= warmup) rounds[i]!.push(latencies);
      await pause(gapMs);
    }
  }
  return rounds;
}

type Livekit = Awaited<ReturnType<typeof startLivekit>>;
interface ProbeReading {
  cpu_ms: number;
  gc_count: number;
  gc_ms: number;
  gc_max_ms: number;
  loop_delay_p99_ms: number;
  loop_delay_max_ms: number;
}

/** A Node child process with an IPC channel; on the given core alone (taskset) when `cpu` is set. */
function spawnNode(args: string[], env: NodeJS.ProcessEnv, stdout: "pipe" | "inherit", cpu?: number) {
  const node = [process.execPath, ...args];
  const [command, ...argv] = cpu === undefined ? node : ["taskset", "-c", String(cpu), ...node];
  return spawn(command!, argv, { env, stdio: ["ignore", stdout, "inherit", "ipc"] });
}

/** The child's next IPC message whose `key` equals `value`. */
function nextMessage<T>(child: ChildProcess, key: string, value: unknown) {
  return new Promise<T>((resolve) => {
    const on = (m: unknown) => {
      if ((m as Record<string, unknown> | null)?.[key] !== value) return;
      child.off("message", on);
      resolve(m as T);
    };
    child.on("message", on);
  });
}

/** A server child process with the probe loaded and an IPC channel to it. */
function startServer(script: string, env: NodeJS.ProcessEnv, extraArgs: string[] = [], cpu?: number) {
  const child = spawnNode([...extraArgs, ...probeArgs, script], env, "pipe", cpu);
  const probe = <T>(cmd: "reset" | "read") => {
    const reply = nextMessage<T>(child, "probe", cmd);
    child.send({ probe: cmd });
    return reply;
  };
  return {
    child,
    pid: child.pid!,
    reset: () => probe<{ monotonic_us: number }>("reset"),
    read: () =>
      probe<ProbeReading & { probe: string; monotonic_us: number }>("read").then(
        ({ probe: _, monotonic_us: __, ...r }) => r,
      ),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
type Server = ReturnType<typeof startServer> & { url: string };

/** One built Bedside server as a child process; `env` adds DATABASE_URL for PostgreSQL. */
async function startBedside(
  livekit: Livekit,
  env: Record<string, string> = {},
  cpu?: number,
): Promise<Server> {
  const port = await freeTcpPort();
  const server = startServer(
    path.join(here, "../dist/index.js"),
    {
      ...process.env,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-bench-presence-")),
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      DEMO_CLINICIAN_PASSWORD: "bench-password",
      // Every client comes from 127.0.0.1: the per-address HTTP limits (check-ins) would refuse them.
      RATE_LIMIT_SCALE: "100000",
      LOG_LEVEL: "error",
      ...env,
    },
    nodeArgs,
    cpu,
  );
  await waitForLine(server.child, /Bedside is running/);
  return { ...server, url: `http://127.0.0.1:${port}` };
}

/** The baseline: a bare socket.io server doing the same fan-out with none of Bedside's work. */
async function startBare(): Promise<Server> {
  const server = startServer(path.join(here, "bare-socketio.mjs"), process.env, nodeArgs);
  const [, port] = await waitForLine(server.child, /listening (\d+)/);
  return { ...server, url: `http://127.0.0.1:${port}` };
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

async function connectOne(url: string, opts: Parameters<typeof connect>[1] = {}) {
  const s = connect(url, { transports: ["websocket"], reconnection: false, ...opts });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}

/** The clinician's status change for one round (the message carries the round's number). */
function setStatus(clinician: Socket, round: number) {
  clinician.emit(
    "clinician:set-status",
    { status: "away", lateMinutes: null, message: `round ${round}` },
    () => {},
  );
}

/** The clinician's status change, sent by the clinician's socket, received by every waiting guest. */
function bedsideFan(clinician: Socket, receivers: Socket[]): Fan {
  return {
    receivers,
    event: "clinician:status-changed",
    send: (round) => setStatus(clinician, round),
    roundOf: (payload) =>
      Number(/round (\d+)/.exec(String((payload as { message?: string }).message))?.[1] ?? -1),
  };
}

function bareFan(admin: Socket, receivers: Socket[]): Fan {
  return {
    receivers,
    event: "status",
    send: (round) => void admin.emit("broadcast", { round }),
    roundOf: (payload) => (payload as { round: number }).round,
  };
}

/**
 * A group of clients of one server: connects them (batches of 100, interleaved with the other
 * groups' batches so every server connects under the same load) and reads each server's RSS
 * before and after (plus 1 s for presence writes to settle).
 */
interface Group {
  server: Server;
  auths: Array<Record<string, string> | undefined>;
}
async function connectGroups(groups: Group[]) {
  const rssBefore = groups.map((g) => rssKb(g.server.pid));
  const sockets: Socket[][] = groups.map(() => []);
  const times: number[][] = groups.map(() => []);
  const longest = Math.max(...groups.map((g) => g.auths.length));
  for (let i = 0; i < longest; i += 100) {
    const order = groups.map((_, k) => k);
    if ((i / 100) % 2 === 1) order.reverse();
    for (const k of order) {
      await Promise.all(
        groups[k]!.auths.slice(i, i + 100).map(async (auth) => {
          const t0 = performance.now();
          const s = await connectOne(groups[k]!.server.url, auth ? { auth } : {});
          times[k]!.push(performance.now() - t0);
          sockets[k]!.push(s);
        }),
      );
    }
  }
  await pause(1_000); // let presence writes settle
  const rssPerConnKb = groups.map(
    (g, k) => (rssKb(g.server.pid) - rssBefore[k]!) / Math.max(1, g.auths.length),
  );
  if (nodeArgs.some((a) => a.startsWith("--report-on-signal"))) {
    for (const g of groups) process.kill(g.server.pid, "SIGUSR2"); // a diagnostic report with every client connected
    await pause(3_000);
  }
  return { sockets, times, rssPerConnKb };
}

/** Runs the rounds with every server's probe reset before and read after; also the bench's own CPU. */
async function measuredRounds(fans: RoundRunner[], servers: Server[]) {
  const from = await Promise.all(servers.map((s) => s.reset()));
  const cpu0 = process.cpuUsage();
  const rounds = await fanOutRounds(fans);
  const cpu = process.cpuUsage(cpu0);
  const probes = await Promise.all(servers.map((s) => s.read()));
  if (nodeArgs.includes("--cpu-prof")) {
    // The rounds on the clock of the profile's timestamps, to cut each server's profile to them.
    const to = Number(process.hrtime.bigint() / 1000n);
    servers.forEach((s, i) => console.log(`rounds window pid ${s.pid}: ${from[i]!.monotonic_us} ${to} us`));
  }
  return { rounds, probes, benchCpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

const median = (xs: number[]) => pct(xs, 50);
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Per-round p99s (each over every client of the round) and the pooled percentiles. */
function latencyStats(rounds: number[][]) {
  const perRound = rounds.map((r) => pct(r, 99));
  const all = rounds.flat();
  return {
    p99_ms: median(perRound),
    p50_ms: pct(all, 50),
    p95_ms: pct(all, 95),
    p99_pooled_ms: pct(all, 99),
    p99_worst_round_ms: Math.max(...perRound),
    perRound,
  };
}

function serverStats(probe: ProbeReading, fans: number) {
  return {
    cpu_ms_per_round: Math.round((probe.cpu_ms / (roundsPerFan * fans)) * 10) / 10,
    ...probe,
  };
}

const loadAverage = () => os.loadavg().map((l) => Math.round(l * 10) / 10);

/** One server on embedded PGlite (the default deployment), measured against bare socket.io in the same run. */
async function single() {
  const load = { start: loadAverage(), end: [] as number[] };
  const livekit = await startLivekit();
  const bedside = await startBedside(livekit);
  const bare = await startBare();
  try {
    const cookie = await signIn(bedside.url);
    const tokens = await seed(bedside.url, cookie, clients);
    const clinician = await connectOne(bedside.url, { extraHeaders: { cookie } });
    const admin = await connectOne(bare.url);
    const { sockets, times, rssPerConnKb } = await connectGroups([
      { server: bedside, auths: tokens.map((participantToken) => ({ participantToken })) },
      { server: bare, auths: Array(clients).fill(undefined) },
    ]);
    console.log(
      `connected ${clients} + ${clients}: connect p50 ${pct(times[0]!, 50)} ms (bare ${pct(times[1]!, 50)} ms)`,
    );
    const { rounds, probes, benchCpuMs } = await measuredRounds(
      [() => fanOutRound(bedsideFan(clinician, sockets[0]!)), () => fanOutRound(bareFan(admin, sockets[1]!))],
      [bedside, bare],
    );
    const ours = latencyStats(rounds[0]!);
    const base = latencyStats(rounds[1]!);
    // Each Bedside round against the bare round next to it (ABBA order).
    const paired = ours.perRound.map((p, i) => p / base.perRound[i]!);
    load.end = loadAverage();
    return {
      clients,
      method: "interleaved",
      rounds: roundsPerFan,
      warmup_rounds: warmup,
      gap_ms: gapMs,
      p99_ms: ours.p99_ms,
      baseline_p99_ms: base.p99_ms,
      ratio_p99: round2(ours.p99_ms / base.p99_ms),
      ratio_p99_paired_median: round2(median(paired)),
      ratio_p99_pooled: round2(ours.p99_pooled_ms / base.p99_pooled_ms),
      p50_ms: ours.p50_ms,
      p95_ms: ours.p95_ms,
      p99_pooled_ms: ours.p99_pooled_ms,
      p99_worst_round_ms: ours.p99_worst_round_ms,
      baseline_p50_ms: base.p50_ms,
      baseline_p99_pooled_ms: base.p99_pooled_ms,
      baseline_p99_worst_round_ms: base.p99_worst_round_ms,
      connect_p50_ms: pct(times[0]!, 50),
      connect_p95_ms: pct(times[0]!, 95),
      baseline_connect_p50_ms: pct(times[1]!, 50),
      ratio_connect_p50: round2(pct(times[0]!, 50) / pct(times[1]!, 50)),
      rss_per_conn_kb: Math.round(rssPerConnKb[0]! * 10) / 10,
      baseline_rss_per_conn_kb: Math.round(rssPerConnKb[1]! * 10) / 10,
      ratio_rss_per_conn: round2(rssPerConnKb[0]! / rssPerConnKb[1]!),
      rounds_p99_ms: { bedside: ours.perRound, bare: base.perRound },
      server: serverStats(probes[0]!, 1),
      baseline_server: serverStats(probes[1]!, 1),
      bench_cpu_ms_per_round: Math.round(benchCpuMs / (2 * roundsPerFan)),
      load_average: load,
      targets: { ratio_p99: 1.3, ratio_rss_per_conn: 2, ratio_connect_p50: 5 },
      note: "p99_ms = median over rounds of each round's p99 (over every client); Bedside and bare rounds alternate (ABBA) in one process against both servers; *_pooled = over all rounds; server = probe in the server process during the rounds",
    };
  } finally {
    await bedside.stop();
    await bare.stop();
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

/** The waiting clients of one instance, in their own process (presence.clients.mjs), on `cpu` when set. */
function startClients(cpu?: number) {
  const child = spawnNode([path.join(here, "presence.clients.mjs")], process.env, "inherit", cpu);
  const request = <T>(cmd: string, args: Record<string, unknown> = {}) => {
    const reply = nextMessage<T>(child, "reply", cmd);
    child.send({ cmd, ...args });
    return reply;
  };
  return {
    request,
    /** When every client has the round's status: their receive times on the monotonic clock (ms). */
    received: () => nextMessage<{ at: number[] }>(child, "reply", "received"),
    stop: () => child.kill(),
  };
}
type Clients = ReturnType<typeof startClients>;
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Connects each client process's guests to its server; reads the servers' RSS before and after
 * (plus 1 s for presence writes to settle). Returns connect times per process.
 */
interface ClientGroup {
  clients: Clients;
  /** The instance whose memory is read, and the URL its clients connect to (Caddy's, in the cluster). */
  server: { pid: number; url: string };
  tokens: string[];
  /** socket.io-client's options for each client (through Caddy: its CA and the instance's cookie). */
  options?: Record<string, unknown>;
}
async function connectClients(groups: ClientGroup[]) {
  const rssBefore = groups.map((g) => rssKb(g.server.pid));
  const times = await Promise.all(
    groups.map(async (g) => {
      const auths = g.tokens.map((participantToken) => ({ participantToken }));
      const { times } = await g.clients.request<{ times: number[] }>("connect", {
        url: g.server.url,
        auths,
        options: g.options,
      });
      return times;
    }),
  );
  await pause(1_000);
  const rssPerConnKb = groups.map((g, k) => (rssKb(g.server.pid) - rssBefore[k]!) / g.tokens.length);
  return { times, rssPerConnKb };
}

/** One status change reaching every client of every process: latencies in process order. */
function clientRound(clinician: Socket, processes: Clients[]): RoundRunner {
  return async () => {
    const round = nextRound++;
    await Promise.all(processes.map((p) => p.request("arm", { round })));
    const received = Promise.all(processes.map((p) => p.received()));
    const sentAt = monotonicMs();
    setStatus(clinician, round);
    const replies = await withinRoundLimit(round, received);
    return replies.flatMap(({ at }) => at.map((t) => t - sentAt));
  };
}

/**
 * Two servers on one PostgreSQL, each instance's clients in a process of their own: first N
 * clients on the first alone (the second idle), then 2N on the first alone, then N on each. The
 * phases cannot alternate round by round (the same status change reaches every connected client),
 * so they run one after the other, each with its warm-up and the median of per-round p99s. With
 * --pin, instance A and its clients run on core 0 and B and its clients on core 1 (two one-core
 * "machines"; the bench process and PostgreSQL are not pinned).
 */
async function twoInstances() {
  const load = { start: loadAverage(), end: [] as number[] };
  const livekit = await startLivekit();
  const database = await postgresDatabase();
  const cpu = (k: number) => (pin ? k : undefined);
  // One after the other: the first migrates and seeds the demo clinician.
  const a = await startBedside(livekit, { DATABASE_URL: database.url }, cpu(0));
  const b = await startBedside(livekit, { DATABASE_URL: database.url }, cpu(1));
  const clientsA = startClients(cpu(0));
  const clientsB = startClients(cpu(1));
  try {
    const cookie = await signIn(a.url);
    const tokensA = await seed(a.url, cookie, clients);
    const tokensB = await seed(b.url, cookie, clients);
    const clinician = await connectOne(a.url, { extraHeaders: { cookie } });

    /** One phase: connect, measured rounds, disconnect. */
    const phase = async (groups: Array<{ clients: Clients; server: Server; tokens: string[] }>) => {
      const connected = await connectClients(groups);
      const run = await measuredRounds(
        [
          clientRound(
            clinician,
            groups.map((g) => g.clients),
          ),
        ],
        [a, b],
      );
      await Promise.all(groups.map((g) => g.clients.request("disconnect")));
      await pause(2_000);
      return { ...connected, ...run, stats: latencyStats(run.rounds[0]!) };
    };
    const one = await phase([{ clients: clientsA, server: a, tokens: tokensA }]);
    // The same total as the two-instance phase (2N) on the first instance alone. Guests seeded
    // through B connect to A as well (one database).
    const oneTotal = await phase([{ clients: clientsA, server: a, tokens: [...tokensA, ...tokensB] }]);
    const two = await phase([
      { clients: clientsA, server: a, tokens: tokensA },
      { clients: clientsB, server: b, tokens: tokensB },
    ]);
    clinician.disconnect();

    const [single, singleTotal, both] = [one.stats, oneTotal.stats, two.stats];
    // The clients of A (where the clinician is) and of B (reached through PostgreSQL NOTIFY).
    const onA = latencyStats(two.rounds[0]!.map((r) => r.slice(0, tokensA.length)));
    const onB = latencyStats(two.rounds[0]!.map((r) => r.slice(tokensA.length)));
    load.end = loadAverage();
    return {
      clients_per_instance: clients,
      instances: 2,
      pinned: pin,
      rounds: roundsPerFan,
      warmup_rounds: warmup,
      gap_ms: gapMs,
      p99_ms: both.p99_ms,
      single_instance_p99_ms: single.p99_ms,
      ratio_p99_vs_single: round2(both.p99_ms / single.p99_ms),
      ratio_p99_pooled_vs_single: round2(both.p99_pooled_ms / single.p99_pooled_ms),
      single_instance_same_total_p99_ms: singleTotal.p99_ms,
      ratio_p99_vs_single_same_total: round2(both.p99_ms / singleTotal.p99_ms),
      p50_ms: both.p50_ms,
      two_instance_p99_ms_by_instance: { a: onA.p99_ms, b: onB.p99_ms },
      two_instance_p50_ms_by_instance: { a: onA.p50_ms, b: onB.p50_ms },
      p99_pooled_ms: both.p99_pooled_ms,
      p99_worst_round_ms: both.p99_worst_round_ms,
      single_instance_p50_ms: single.p50_ms,
      single_instance_p99_pooled_ms: single.p99_pooled_ms,
      connect_p50_ms: pct(two.times.flat(), 50),
      single_instance_connect_p50_ms: pct(one.times[0]!, 50),
      rss_per_conn_kb: Math.round(((two.rssPerConnKb[0]! + two.rssPerConnKb[1]!) / 2) * 10) / 10,
      rounds_p99_ms: { single: single.perRound, single_same_total: singleTotal.perRound, two: both.perRound },
      servers_single: one.probes.map((p) => serverStats(p, 1)),
      servers_single_same_total: oneTotal.probes.map((p) => serverStats(p, 1)),
      servers_two: two.probes.map((p) => serverStats(p, 1)),
      load_average: load,
      targets: { ratio_p99_vs_single: 2, ratio_p99_vs_single_same_total: 2 },
      note: `p99_ms = median over rounds of each round's p99 (over every client); phases one after another on one PostgreSQL: single = N clients on instance A alone (B idle), single_same_total = 2N on A alone, then two = N on each; each instance's clients in a process of their own${pin ? "; A and its clients on core 0, B and its clients on core 1" : ""}`,
    };
  } finally {
    clientsA.stop();
    clientsB.stop();
    await a.stop();
    await b.stop();
    await database.drop();
    await livekit.stop();
  }
}

/**
 * --cluster: the phases of `twoInstances` against the cluster's topology, every socket (the
 * clinician's too) through Caddy over TLS and pinned to its instance by the bedside_lb cookie, as
 * a browser is: N clients on API 1 alone, then 2N on API 1 alone, then N on each. The visits are
 * seeded on the instances' own addresses (not measured).
 */
async function cluster() {
  const load = { start: loadAverage(), end: [] as number[] };
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "bedside-bench-cluster-"));
  const started = performance.now();
  const running = await startCluster({
    stateDir,
    scribe: false,
    // Every client comes from 127.0.0.1: the per-address HTTP limits (check-ins) would refuse them.
    apiEnv: { RATE_LIMIT_SCALE: "100000", LOG_LEVEL: "error" },
  });
  console.log(`cluster up in ${Math.round(performance.now() - started)} ms at ${running.url}`);
  const ca = readFileSync(running.caRoot, "utf8");
  const [apiA, apiB] = running.apis as [(typeof running.apis)[0], (typeof running.apis)[0]];
  const via = (api: typeof apiA) => ({ pid: api.pid!, url: running.url });
  const pinnedTo = (api: typeof apiA, cookie = "") => ({
    ca,
    extraHeaders: { cookie: `${cookie ? `${cookie}; ` : ""}bedside_lb=${api.lbCookie}` },
  });
  const clientsA = startClients();
  const clientsB = startClients();
  try {
    const res = await fetch(`${apiA.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(running.demo),
    });
    if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    const tokensA = await seed(apiA.url, cookie, clients);
    const tokensB = await seed(apiB.url, cookie, clients);
    const clinician = await connectOne(running.url, pinnedTo(apiA, cookie));

    // RSS keeps pages the heap once used (seeding grew it): the live heap, from each API's own
    // /metrics, says what connections hold more directly. Neither is read after a forced GC.
    const heapKb = async (api: typeof apiA) => {
      const res = await fetch(`${api.url}/metrics`, {
        headers: { authorization: `Bearer ${running.metricsToken}` },
      });
      const line = /^bedside_nodejs_heap_size_used_bytes (\S+)$/m.exec(await res.text());
      return Number(line?.[1] ?? NaN) / 1024;
    };
    const byPid = new Map([apiA, apiB].map((api) => [api.pid!, api]));
    const phase = async (groups: ClientGroup[]) => {
      const heapBefore = await Promise.all(groups.map((g) => heapKb(byPid.get(g.server.pid)!)));
      const connected = await connectClients(groups);
      const heapPerConnKb = await Promise.all(
        groups.map(
          async (g, k) => ((await heapKb(byPid.get(g.server.pid)!)) - heapBefore[k]!) / g.tokens.length,
        ),
      );
      const rounds = await fanOutRounds([
        clientRound(
          clinician,
          groups.map((g) => g.clients),
        ),
      ]);
      await Promise.all(groups.map((g) => g.clients.request("disconnect")));
      await pause(2_000);
      return { ...connected, heapPerConnKb, rounds, stats: latencyStats(rounds[0]!) };
    };
    const onA = { clients: clientsA, server: via(apiA), options: pinnedTo(apiA) };
    const one = await phase([{ ...onA, tokens: tokensA }]);
    const oneTotal = await phase([{ ...onA, tokens: [...tokensA, ...tokensB] }]);
    const two = await phase([
      { ...onA, tokens: tokensA },
      { clients: clientsB, server: via(apiB), options: pinnedTo(apiB), tokens: tokensB },
    ]);
    clinician.disconnect();

    const [single, singleTotal, both] = [one.stats, oneTotal.stats, two.stats];
    const byA = latencyStats(two.rounds[0]!.map((r) => r.slice(0, tokensA.length)));
    const byB = latencyStats(two.rounds[0]!.map((r) => r.slice(tokensA.length)));
    const kb = (x: number) => Math.round(x * 10) / 10;
    load.end = loadAverage();
    return {
      clients_per_instance: clients,
      instances: 2,
      through: "caddy (TLS, bedside_lb cookie), bedside.mjs cluster without scribe workers",
      rounds: roundsPerFan,
      warmup_rounds: warmup,
      gap_ms: gapMs,
      p99_ms: both.p99_ms,
      single_instance_p99_ms: single.p99_ms,
      ratio_p99_vs_single: round2(both.p99_ms / single.p99_ms),
      single_instance_same_total_p99_ms: singleTotal.p99_ms,
      ratio_p99_vs_single_same_total: round2(both.p99_ms / singleTotal.p99_ms),
      p50_ms: both.p50_ms,
      single_instance_p50_ms: single.p50_ms,
      two_instance_p99_ms_by_instance: { a: byA.p99_ms, b: byB.p99_ms },
      p99_pooled_ms: both.p99_pooled_ms,
      p99_worst_round_ms: both.p99_worst_round_ms,
      connect_p50_ms: pct(two.times.flat(), 50),
      single_instance_connect_p50_ms: pct(one.times[0]!, 50),
      rss_per_conn_kb: kb((two.rssPerConnKb[0]! + two.rssPerConnKb[1]!) / 2),
      rss_per_conn_kb_by_instance: { a: kb(two.rssPerConnKb[0]!), b: kb(two.rssPerConnKb[1]!) },
      single_instance_rss_per_conn_kb: kb(one.rssPerConnKb[0]!),
      single_instance_same_total_rss_per_conn_kb: kb(oneTotal.rssPerConnKb[0]!),
      heap_per_conn_kb_by_instance: { a: kb(two.heapPerConnKb[0]!), b: kb(two.heapPerConnKb[1]!) },
      single_instance_heap_per_conn_kb: kb(one.heapPerConnKb[0]!),
      single_instance_same_total_heap_per_conn_kb: kb(oneTotal.heapPerConnKb[0]!),
      rounds_p99_ms: { single: single.perRound, single_same_total: singleTotal.perRound, two: both.perRound },
      load_average: load,
      targets: { ratio_p99_vs_single: 2, ratio_p99_vs_single_same_total: 2 },
      note: "p99_ms = median over rounds of each round's p99 (over every client); phases one after another on the cluster: single = N clients on API 1 alone (API 2 idle), single_same_total = 2N on API 1 alone, then two = N on each; every socket through Caddy over TLS; each instance's clients in a process of their own; rss (heap) per connection = the instance's RSS (V8 heap used, from its /metrics) after its clients connected (+1 s) minus before, over its clients",
    };
  } finally {
    clientsA.stop();
    clientsB.stop();
    await running.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

console.log(
  JSON.stringify(instances === 2 ? await (throughCluster ? cluster() : twoInstances()) : await single()),
);
process.exit(0);
