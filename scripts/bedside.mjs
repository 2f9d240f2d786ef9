#!/usr/bin/env node
// @ts-check
// `npm start` / `npm test` on a machine with only Node.js: installs what is
// missing (pnpm, dependencies, livekit-server, the speech engine and its models,
// and for tests Chromium, PostgreSQL and test speech), builds, then starts the
// stack or runs every test.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { keepRunning, postgresBinDir, startCluster } from "./cluster.mjs";
import { findLivekitBinary, startLivekit } from "./livekit.mjs";
import { ensureSpeech } from "./speech.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const commandStarted = Date.now();
/** The cores' busy and total time so far (ms, all cores). */
const cpuTimes = () =>
  os.cpus().reduce(
    (sum, { times: t }) => {
      const total = t.user + t.nice + t.sys + t.idle + t.irq;
      return { busy: sum.busy + total - t.idle, total: sum.total + total };
    },
    { busy: 0, total: 0 },
  );
let cpuAtLastLine = cpuTimes();
// Each line says when it began (since the command started) and how busy the machine's cores were
// since the line before: the phases' times, and which of them leave cores idle, read off the log.
const log = (/** @type {string} */ msg) => {
  const now = cpuTimes();
  const spent = now.total - cpuAtLastLine.total;
  const busy =
    spent > 1000
      ? `, cores ${Math.round(((now.busy - cpuAtLastLine.busy) / spent) * 100)} % busy since the last line`
      : "";
  cpuAtLastLine = now;
  console.log(`\x1b[36m▸\x1b[0m [${Math.round((Date.now() - commandStarted) / 1000)} s${busy}] ${msg}`);
};

/** @param {string} cmd */
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const isRoot = () => process.getuid?.() === 0;

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [opts]
 */
function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (res.status !== 0) {
    console.error(`\nbedside: \`${cmd} ${args.join(" ")}\` failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
}

/** pnpm at the version package.json pins, installed into .tools with npm if it is not on PATH. */
function ensurePnpm() {
  const pinned = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).packageManager.split(
    "@",
  )[1];
  const current = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (current.status === 0 && current.stdout.trim() === pinned) return;
  const prefix = path.join(root, ".tools", "pnpm");
  const bin = path.join(prefix, "node_modules", ".bin");
  if (!existsSync(path.join(bin, "pnpm"))) {
    log(`Installing pnpm ${pinned}…`);
    mkdirSync(prefix, { recursive: true });
    run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `pnpm@${pinned}`]);
  }
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
}

/** @param {string} pkg */
function aptInstall(pkg) {
  if (!isRoot() || !has("apt-get")) return false;
  log(`Installing ${pkg} from Debian's packages…`);
  run("sh", [
    "-c",
    `(apt-get install -y --no-install-recommends ${pkg} || (apt-get update && apt-get install -y --no-install-recommends ${pkg})) > /tmp/bedside-apt.log 2>&1 || { cat /tmp/bedside-apt.log; exit 1; }`,
  ]);
  return true;
}

function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  if (!aptInstall("chromium")) {
    console.error(
      `bedside: the e2e tests need Chromium at ${chromium}. Install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}

/**
 * What the scribe tests speak with: real read speech (LibriVox clips, shipped as data by Debian's
 * pocketsphinx-testdata; no recogniser comes with it), offline voices for scripted visits (flite
 * for English, espeak-ng for Spanish) and sox.
 */
function ensureTestSpeech() {
  const packages = "pocketsphinx-testdata sox flite espeak-ng";
  if (
    existsSync("/usr/share/pocketsphinx/test/data/librivox") &&
    has("sox") &&
    has("flite") &&
    has("espeak-ng")
  )
    return;
  if (!aptInstall(packages)) {
    console.error(`bedside: the scribe tests need sudo apt-get install ${packages}`);
    process.exit(1);
  }
}

function ensurePostgres() {
  if (process.env.DATABASE_URL || has("pg_ctl") || existsSync("/usr/lib/postgresql")) return;
  if (!aptInstall("postgresql")) {
    console.error(
      "bedside: the integration tests need PostgreSQL (sudo apt-get install postgresql) or DATABASE_URL.",
    );
    process.exit(1);
  }
}

/** The cluster's TLS proxy (its internal CA, never installed into the system's trust store). */
function ensureCaddy() {
  if (has("caddy")) return;
  if (!aptInstall("caddy")) {
    console.error("bedside: the cluster needs Caddy (sudo apt-get install caddy).");
    process.exit(1);
  }
}

/** The rate-limit tests share their counts between two instances through a real Redis. */
function ensureRedis() {
  if (has("redis-server")) return;
  if (!aptInstall("redis-server")) {
    console.error("bedside: the integration tests need Redis (sudo apt-get install redis-server).");
    process.exit(1);
  }
}

/** `promtool` checks and unit-tests deploy/alerts.yml (server/test/deploy.int.test.ts). */
function ensurePromtool() {
  if (has("promtool")) return;
  if (!aptInstall("prometheus")) {
    console.error("bedside: the deployment files' test needs promtool (sudo apt-get install prometheus).");
    process.exit(1);
  }
}

/**
 * Installs what is missing, and runs `alongside` (a command's own installs and build) meanwhile.
 * livekit-server builds in a process of its own beside them: on a first run its Go build takes
 * about 100 s of both cores, and the other installs mostly wait on the network and the disk.
 * @param {() => void} [alongside]
 */
async function setup(alongside = () => {}) {
  ensurePnpm();
  const started = Date.now();
  const livekit = findLivekitBinary()
    ? undefined
    : runBeside(process.execPath, [path.join(root, "scripts", "livekit.mjs"), "install"]);
  log("Installing dependencies…");
  run("pnpm", ["install", "--frozen-lockfile", "--reporter=silent"], {
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
  });
  try {
    ensureSpeech(log, aptInstall);
  } catch (err) {
    console.error(`bedside: the speech engine could not be installed: ${/** @type {Error} */ (err).message}`);
    process.exit(1);
  }
  alongside();
  if (livekit) {
    await livekit;
    log(`livekit-server installed (${Math.round((Date.now() - started) / 1000)} s after it began)`);
  }
}

/** The clinic's first admin without a browser (server/src/admin.ts): builds, then creates it. */
function admin() {
  ensurePnpm();
  run("pnpm", ["install", "--frozen-lockfile", "--reporter=silent"], {
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
  });
  run("pnpm", ["run", "build"]);
  run(process.execPath, ["server/dist/admin.js", ...process.argv.slice(3)]);
}

/**
 * pg_dump, pg_restore and psql at least as new as the PostgreSQL server at DATABASE_URL (pg_dump
 * refuses an older one): Debian's postgresql-client-<major>, installed like redis-server.
 */
function ensurePostgresClient() {
  const res = spawnSync(process.execPath, ["server/dist/ops.js", "postgres-major"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (res.status !== 0) process.exit(res.status || 1);
  const major = Number(res.stdout.trim());
  const base = "/usr/lib/postgresql";
  const installed = existsSync(base)
    ? readdirSync(base).some((v) => Number(v) >= major && existsSync(path.join(base, v, "bin", "pg_dump")))
    : false;
  if (installed) return;
  log(
    `PostgreSQL ${major} needs pg_dump ${major} or newer (Debian's postgresql-client-${major}; Debian carries one major version, PostgreSQL's own apt repository the others)…`,
  );
  // Without root or apt, ops.js names the package to install.
  aptInstall(`postgresql-client-${major}`);
}

/** `migrate`, `backup <file>`, `restore <file> [--force]`: the database's operations (server/src/ops.ts). */
function ops() {
  ensurePnpm();
  run("pnpm", ["install", "--frozen-lockfile", "--reporter=silent"], {
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
  });
  run("pnpm", ["run", "build"]);
  if (process.env.DATABASE_URL || process.env.DATABASE_URL_FILE) {
    if (process.argv[2] !== "migrate") ensurePostgresClient();
  }
  const res = spawnSync(process.execPath, ["server/dist/ops.js", ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
  });
  process.exit(res.status ?? 1);
}

async function start() {
  await setup(() => {
    log("Building…");
    run("pnpm", ["run", "build"]);
  });
  const external = process.env.LIVEKIT_URL;
  mkdirSync(path.join(root, ".data"), { recursive: true });
  const livekit = external
    ? undefined
    : await startLivekit({
        port: 7880,
        dev: true,
        logFile: path.join(root, ".data", "livekit.log"),
        // Room and participant events reach the server (who may stay in a call, abandoned calls).
        webhookUrls: [
          `http://${process.env.HOST ?? "127.0.0.1"}:${process.env.PORT ?? "3000"}/api/livekit/webhook`,
        ],
      }).catch((err) => {
        console.error(
          `bedside: ${err.message} (is something else on port 7880? set LIVEKIT_URL to use another LiveKit)`,
        );
        process.exit(1);
      });
  if (livekit) log(`LiveKit server (dev mode) on ${livekit.url}, logs in .data/livekit.log`);
  const server = spawn(process.execPath, ["server/dist/index.js"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      ...(livekit
        ? { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret }
        : {}),
      CLIENT_DIST: path.join(root, "client", "dist"),
    },
  });
  // One scribe worker beside the server (more can run on other machines: README). It reaches the
  // database directly (DATABASE_URL) or, with the embedded PGlite, through the server. A worker
  // that exits on its own (it does when its speech engines' process dies) is started again; the
  // server meanwhile dispatches its visits' jobs again.
  const scribeEnabled = !/^(false|0)$/.test(process.env.SCRIBE_ENABLED ?? "true");
  const workerEnv = {
    ...process.env,
    ...(livekit
      ? { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret }
      : {}),
    ...(process.env.DATABASE_URL
      ? {}
      : {
          DATABASE_URL: `postgres://postgres@127.0.0.1:${process.env.SCRIBE_DB_SHARE_PORT ?? "5433"}/postgres`,
          // The share's password, which the server writes anew at each start (read at each connection).
          DATABASE_PASSWORD_FILE: path.resolve(root, process.env.DATA_DIR ?? ".data", "db-share.secret"),
        }),
  };
  /** @type {ReturnType<typeof keepRunning> | undefined} */
  let worker;
  if (scribeEnabled) {
    worker = keepRunning(
      () =>
        spawn(process.execPath, ["server/dist/worker.js"], { cwd: root, stdio: "inherit", env: workerEnv }),
      { name: "the scribe worker" },
    );
    log("Scribe worker started (one job process per visit in a call)");
  }
  const stop = () => {
    void worker?.stop();
    server.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", async (code) => {
    await worker?.stop();
    await livekit?.stop();
    process.exit(code ?? 1);
  });
}

/**
 * deploy/compose.yaml's topology from Debian's packages and the pinned livekit-server, on
 * loopback (scripts/cluster.mjs), until Ctrl-C. PostgreSQL's data stays in .data/cluster.
 */
async function cluster() {
  await setup(() => {
    if (!postgresBinDir() && !aptInstall("postgresql")) {
      console.error("bedside: the cluster needs PostgreSQL (sudo apt-get install postgresql).");
      process.exit(1);
    }
    ensureRedis();
    ensureCaddy();
    log("Building…");
    run("pnpm", ["run", "build"]);
  });
  const portArg = process.argv.indexOf("--port");
  const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.CLUSTER_PORT ?? 8443));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error("bedside: --port must be a TCP port (1–65535)");
    process.exit(2);
  }
  /** @type {Awaited<ReturnType<typeof startCluster>>} */
  let running;
  try {
    running = await startCluster({ stateDir: path.join(root, ".data", "cluster"), port, log });
  } catch (err) {
    console.error(`bedside: the cluster did not start: ${/** @type {Error} */ (err).message}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("Stopping the cluster…");
    await running.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  console.log(
    [
      "",
      `Bedside (cluster) is running at ${running.url}`,
      `Sign in as the demo clinician: ${running.demo.email} / ${running.demo.password}`,
      `Its certificate is from Caddy's internal CA: trust ${path.relative(root, running.caRoot)} in your browser, or accept the warning.`,
      `What runs where: ${path.relative(root, running.stateFile)}; logs in ${path.relative(root, running.logs)}/. Ctrl-C stops everything.`,
      "",
    ].join("\n"),
  );
}

/** Commands started side by side (`spawnBeside`): each one's process group dies with this process. */
const beside = new Set();
let besideGuarded = false;
/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnOptions} opts
 */
function spawnBeside(cmd, args, opts) {
  if (!besideGuarded) {
    besideGuarded = true;
    process.once("exit", () => {
      for (const child of beside) if (child.pid) process.kill(-child.pid, "SIGKILL");
    });
    for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"]))
      process.once(signal, () => process.exit(130));
  }
  const child = spawn(cmd, args, { cwd: root, ...opts, detached: true });
  beside.add(child);
  child.on("close", () => beside.delete(child));
  return child;
}

/**
 * `run` beside other commands: the event loop goes on (what runs beside it is heard as it ends).
 * @param {string} cmd
 * @param {string[]} args
 * @returns {Promise<void>}
 */
function runBeside(cmd, args) {
  return new Promise((resolve) =>
    spawnBeside(cmd, args, { stdio: "inherit" }).on("close", (code, signal) => {
      if (code === 0) return resolve();
      console.error(`\nbedside: \`${cmd} ${args.join(" ")}\` failed (exit ${code ?? signal})`);
      process.exit(code || 1);
    }),
  );
}

/**
 * Starts pnpm scripts side by side at the machine's lowest CPU priority (SCHED_IDLE, else nice 19),
 * to run in what the tests beside them leave idle. Resolves, once all have ended, with whether all
 * passed, each one's output printed whole when it ends.
 * @param {[string, string[]][]} steps
 */
function runInIdleTime(steps) {
  const lowest = has("chrt") ? ["chrt", "--idle", "0"] : has("nice") ? ["nice", "-n", "19"] : [];
  return Promise.all(
    steps.map(
      ([name, args]) =>
        new Promise((resolve) => {
          const started = Date.now();
          const [cmd, ...rest] = [...lowest, "pnpm", ...args];
          const child = spawnBeside(/** @type {string} */ (cmd), rest, { stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          child.stdout?.on("data", (d) => (out += d));
          child.stderr?.on("data", (d) => (out += d));
          child.on("close", (code) => {
            log(
              `${name}: ${code === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
            );
            process.stdout.write(out);
            resolve(code === 0);
          });
        }),
    ),
  ).then((passed) => !passed.includes(false));
}

async function test() {
  await setup(() => {
    ensureChromium();
    ensurePostgres();
    ensureRedis();
    ensureCaddy();
    ensurePromtool();
    ensureTestSpeech();
    log("build…");
    run("pnpm", ["run", "build"]);
  });
  // The fuzzing runs its development count here (300 cases per HTTP body and socket payload);
  // `pnpm test:fuzz` runs issue 12's 10,000 (server README). The unit files run in two steps, as
  // in `pnpm test:unit` (vitest.config.ts): first the CPU-bound ones, with the static checks beside
  // them at idle priority (the files wait on sockets, timers and the test PostgreSQL now and then),
  // then, once the checks have passed, the files that speak, listen and time real media, alone:
  // with the checks beside them they missed a latency bound (ci12).
  log("unit and integration tests, with typecheck, lint, format and unused code in their idle time…");
  const checks = runInIdleTime([
    ["typecheck", ["run", "typecheck"]],
    ["lint", ["run", "lint"]],
    ["format", ["run", "format:check"]],
    ["unused code", ["run", "knip"]],
  ]);
  const vitest = ["exec", "vitest", "run", "--project"];
  await runBeside("pnpm", [
    ...vitest,
    "shared",
    "--project",
    "client",
    "--project",
    "client-isolated",
    "--project",
    "server",
  ]);
  if (!(await checks)) {
    console.error("\nbedside: a check failed (its output is above)");
    process.exit(1);
  }
  log("unit and integration tests that speak, listen and time real media…");
  await runBeside("pnpm", [...vitest, "server-realtime"]);
  log("end-to-end tests…");
  await runBeside("pnpm", ["run", "test:e2e"]);
  // Its own step: one cluster (bedside.mjs cluster's topology) for every deployment journey.
  log("deployment tests (the cluster)…");
  await runBeside("pnpm", ["run", "test:deploy"]);
  log("All checks passed.");
}

const command = process.argv[2];
if (command === "setup") await setup();
else if (command === "start") await start();
else if (command === "test") await test();
else if (command === "cluster") await cluster();
else if (command === "admin") admin();
else if (command === "migrate" || command === "backup" || command === "restore") ops();
else {
  console.error(
    "usage: node scripts/bedside.mjs setup|start|cluster|test|admin --email you@clinic.example|migrate|backup <file>|restore <file> [--force]",
  );
  process.exit(2);
}
