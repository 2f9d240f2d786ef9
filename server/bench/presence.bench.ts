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
 * the first. N clients on the first alone are measured first, then N on each.
 *
 * Last line: one JSON object; its "note" says what p99_ms means and "targets" the issue's limits.
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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`round ${round}: not every client received it in 60 s`)),
      60_000,
    );
  });
  sentAt = performance.now();
  fan.send(round);
  await Promise.race([arrived, timeout]).finally(() => clearTimeout(timer));
  return latencies;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * WARMUP unmeasured rounds per fan, then ROUNDS measured rounds per fan; with two fans (Bedside
 * and bare) the rounds alternate, in ABBA order, so both see the same machine. A pause of GAP_MS
 * follows every round: a status change is a single event, and work a server does behind its
 * broadcast (Bedside's status write) must not land in the other server's round.
 */
async function fanOutRounds(fans: Fan[]): Promise<number[][][]> {
  const rounds: number[][][] = fans.map(() => []);
  for (let r = 0; r < warmup + roundsPerFan; r++) {
    const order = fans.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const latencies = await fanOutRound(fans[i]!);
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

/** A server child process with the probe loaded and an IPC channel to it. */
function startServer(script: string, env: NodeJS.ProcessEnv, extraArgs: string[] = []) {
  const child = spawn(process.execPath, [...extraArgs, ...probeArgs, script], {
    env,
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const probe = <T>(cmd: "reset" | "read") =>
    new Promise<T>((resolve) => {
      const on = (m: unknown) => {
        if ((m as { probe?: string } | null)?.probe !== cmd) return;
        child.off("message", on);
        resolve(m as T);
      };
      child.on("message", on);
      child.send({ probe: cmd });
    });
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
async function startBedside(livekit: Livekit, env: Record<string, string> = {}): Promise<Server> {
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

/** The clinician's status change, sent by the clinician's socket, received by every waiting guest. */
function bedsideFan(clinician: Socket, receivers: Socket[]): Fan {
  return {
    receivers,
    event: "clinician:status-changed",
    send: (round) =>
      void clinician.emit(
        "clinician:set-status",
        { status: "away", lateMinutes: null, message: `round ${round}` },
        () => {},
      ),
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
async function measuredRounds(fans: Fan[], servers: Server[]) {
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
      [bedsideFan(clinician, sockets[0]!), bareFan(admin, sockets[1]!)],
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

/**
 * Two servers on one PostgreSQL: first N clients on the first alone (the second idle), then N
 * on each. The two phases cannot alternate round by round (the same status change reaches every
 * connected client), so they run one after the other, each with its warm-up and the median of
 * per-round p99s.
 */
async function twoInstances() {
  const load = { start: loadAverage(), end: [] as number[] };
  const livekit = await startLivekit();
  const database = await postgresDatabase();
  // One after the other: the first migrates and seeds the demo clinician.
  const a = await startBedside(livekit, { DATABASE_URL: database.url });
  const b = await startBedside(livekit, { DATABASE_URL: database.url });
  try {
    const cookie = await signIn(a.url);
    const tokensA = await seed(a.url, cookie, clients);
    const tokensB = await seed(b.url, cookie, clients);
    const auths = (tokens: string[]) => tokens.map((participantToken) => ({ participantToken }));

    const clinician = await connectOne(a.url, { extraHeaders: { cookie } });
    const one = await connectGroups([{ server: a, auths: auths(tokensA) }]);
    const oneRun = await measuredRounds([bedsideFan(clinician, one.sockets[0]!)], [a, b]);
    one.sockets.flat().forEach((s) => s.disconnect());
    await pause(2_000);

    // The same total as the two-instance phase (2N) on the first instance alone: the bench's own
    // receive work and the servers' writes share the same two cores either way. Guests seeded
    // through B connect to A as well (one database).
    const oneTotal = await connectGroups([{ server: a, auths: auths([...tokensA, ...tokensB]) }]);
    const oneTotalRun = await measuredRounds([bedsideFan(clinician, oneTotal.sockets[0]!)], [a, b]);
    oneTotal.sockets.flat().forEach((s) => s.disconnect());
    await pause(2_000);

    const two = await connectGroups([
      { server: a, auths: auths(tokensA) },
      { server: b, auths: auths(tokensB) },
    ]);
    const twoRun = await measuredRounds([bedsideFan(clinician, two.sockets.flat())], [a, b]);
    two.sockets.flat().forEach((s) => s.disconnect());
    clinician.disconnect();

    const single = latencyStats(oneRun.rounds[0]!);
    const singleTotal = latencyStats(oneTotalRun.rounds[0]!);
    const both = latencyStats(twoRun.rounds[0]!);
    // The clients of A (where the clinician is) and of B (reached through PostgreSQL NOTIFY).
    const onA = latencyStats(twoRun.rounds[0]!.map((r) => r.slice(0, tokensA.length)));
    const onB = latencyStats(twoRun.rounds[0]!.map((r) => r.slice(tokensA.length)));
    load.end = loadAverage();
    return {
      clients_per_instance: clients,
      instances: 2,
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
      servers_single: oneRun.probes.map((p) => serverStats(p, 1)),
      servers_single_same_total: oneTotalRun.probes.map((p) => serverStats(p, 1)),
      servers_two: twoRun.probes.map((p) => serverStats(p, 1)),
      load_average: load,
      targets: { ratio_p99_vs_single: 2, ratio_p99_vs_single_same_total: 2 },
      note: "p99_ms = median over rounds of each round's p99 (over every client); phases one after another on one PostgreSQL: single = N clients on instance A alone (B idle), single_same_total = 2N on A alone, then two = N on each",
    };
  } finally {
    await a.stop();
    await b.stop();
    await database.drop();
    await livekit.stop();
  }
}

console.log(JSON.stringify(instances === 2 ? await twoInstances() : await single()));
process.exit(0);
