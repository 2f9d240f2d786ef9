// @ts-check
// The production topology of deploy/compose.yaml without containers, on one machine: PostgreSQL,
// Redis, two LiveKit nodes (rooms shared through Redis, embedded TURN over TLS and UDP), Caddy in
// front (its internal CA for TLS, WebSockets, both APIs load-balanced), API ×2 and scribe worker
// ×2. `bedside.mjs cluster` runs it until Ctrl-C; the deployment tests (e2e/deploy) start one of
// their own. Plain JavaScript, like livekit.mjs, so that the start script and the TypeScript test
// setups share it.
import { execFileSync, spawn } from "node:child_process";
import { createHash, createHmac, randomBytes, X509Certificate } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { clearTimeout } from "node:timers";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freeTcpPort as freeSystemTcpPort, freeUdpPort, startLivekit } from "./livekit.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Debian keeps PostgreSQL's server binaries off PATH, under /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const major = readdirSync(base)
    .filter((d) => existsSync(path.join(base, d, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a))[0];
  return major && path.join(base, major, "bin");
}

const TURN_DOMAIN = "turn.localhost";

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `probe` resolves true, or throws after `ms` (or at once when `failed` says the
 * process it waits for has gone).
 * @param {string} what
 * @param {() => Promise<boolean>} probe
 * @param {number} ms
 * @param {() => string | undefined} [failed]
 */
async function until(what, probe, ms, failed = () => undefined) {
  const deadline = Date.now() + ms;
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${ms / 1000} s`);
    await sleep(150);
  }
}

/**
 * A child process that is stopped with SIGTERM, then SIGKILL after `graceMs`.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stopProcess(child, graceMs = 12_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Runs `startOne` again whenever the process it started exits on its own: at once after a minute
 * up, otherwise waiting longer each time (≤ 30 s), so a failing process is not a busy loop. What
 * `npm start` does for its scribe worker (a worker exits when its speech engines' process dies;
 * the server meanwhile dispatches its visits' jobs again), and the cluster for each of its workers.
 * @param {() => import("node:child_process").ChildProcess} startOne
 * @param {{ name: string, onStart?: (child: import("node:child_process").ChildProcess) => void }} opts
 */
export function keepRunning(startOne, opts) {
  let stopping = false;
  let restarts = 0;
  /** @type {import("node:child_process").ChildProcess} */
  let child;
  /** @type {NodeJS.Timeout | undefined} */
  let pending;
  /** @type {((child: import("node:child_process").ChildProcess) => void) | undefined} */
  let restarted;
  /** @type {Promise<import("node:child_process").ChildProcess | undefined> | undefined} */
  let restarting;
  const launch = () => {
    pending = undefined;
    const startedAt = Date.now();
    child = startOne();
    opts.onStart?.(child);
    restarted?.(child);
    restarted = undefined;
    child.on("exit", (code, signal) => {
      if (stopping) return;
      // Asked for (a rolling restart): started again at once, and not counted as a failure.
      if (restarted) return launch();
      if (Date.now() - startedAt > 60_000) restarts = 0;
      const delay = Math.min(30_000, 1_000 * 2 ** restarts++);
      console.error(
        `bedside: ${opts.name} exited (${code ?? signal}); starting it again in ${delay / 1000} s`,
      );
      pending = setTimeout(launch, delay);
    });
  };
  launch();
  return {
    get child() {
      return child;
    },
    /** Stops it for good: a restart that was pending never happens. */
    stop: async () => {
      stopping = true;
      if (pending) clearTimeout(pending);
      await stopProcess(child);
    },
    /**
     * A rolling restart's step: SIGTERM (the process drains as it would for any deployment), then
     * started again as soon as it has exited. Resolves with the new process once it is started,
     * or undefined when the supervisor is stopped meanwhile (a restart then never starts).
     * @returns {Promise<import("node:child_process").ChildProcess | undefined>}
     */
    restart: () =>
      // Asked twice at once: one restart, both callers get its process.
      (restarting ??= new Promise((resolve) => {
        if (stopping) return resolve(undefined);
        if (pending) {
          // Already waiting to start again after a failure: start it now instead.
          clearTimeout(pending);
          restarted = resolve;
          return launch();
        }
        restarted = resolve;
        // Its exit starts the next one (above); the worker's own drain deadline comes well before.
        void stopProcess(child, 90_000).then(() => {
          // stop() was called while it drained: nothing starts, the caller hears so.
          if (stopping && restarted === resolve) {
            restarted = undefined;
            resolve(undefined);
          }
        });
      }).finally(() => (restarting = undefined))),
  };
}

/** Whether this process could listen on `port` of every address (what LiveKit's TURN binds). */
function tcpPortFree(/** @type {number} */ port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

/** `caddy`'s cookie load balancing names each upstream by HMAC-SHA256(secret, its dial address). */
export function caddyLbCookie(/** @type {string} */ dial, secret = "") {
  return createHmac("sha256", secret).update(dial).digest("hex");
}

/** base64 SHA-256 of a certificate's public key: Chromium's --ignore-certificate-errors-spki-list. */
export function spkiHash(/** @type {string} */ pemFile) {
  const cert = new X509Certificate(readFileSync(pemFile));
  return createHash("sha256")
    .update(cert.publicKey.export({ type: "spki", format: "der" }))
    .digest("base64");
}

/**
 * Starts the cluster and resolves once every part answers. `stateDir` holds PostgreSQL's data
 * (kept between runs), Caddy's CA and certificates, each part's log and `cluster.json` (what
 * runs where, rewritten whenever a worker is started again). `port`: Caddy's HTTPS port for the
 * app (free one if 0); LiveKit's signalling is served on the next free port.
 * @param {{ stateDir: string, port?: number, apiEnv?: Record<string, string>, workerEnv?: Record<string, string>, scribe?: boolean, log?: (msg: string) => void }} opts
 */
export async function startCluster(opts) {
  const log = opts.log ?? (() => undefined);
  // Each port asked of the system is free when asked, and may be handed out again right after it
  // is closed: ci30's Caddyfile got the app's and one other site's port equal ("ambiguous site
  // definition"). Every port of one cluster is another.
  const taken = new Set();
  const freeTcpPort = async () => {
    for (;;) {
      const port = await freeSystemTcpPort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const stateDir = path.resolve(opts.stateDir);
  const logs = path.join(stateDir, "logs");
  mkdirSync(logs, { recursive: true });
  const logFile = (/** @type {string} */ name) => path.join(logs, `${name}.log`);
  const out = (/** @type {string} */ name) => openSync(logFile(name), "a");
  /** Why a part that should be running is not: its log's last line (the folder goes with the run). */
  const exited = (
    /** @type {import("node:child_process").ChildProcess} */ child,
    /** @type {string} */ name,
  ) => {
    if (child.exitCode === null && child.signalCode === null) return undefined;
    const last = readFileSync(logFile(name), "utf8").trim().split("\n").at(-1) ?? "";
    return `${name} exited (${child.exitCode ?? child.signalCode}): ${last.slice(0, 500)}`;
  };
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };

  /** @type {Map<string, () => Promise<void>>} API and worker instances, each stopped for good by name. */
  const parts = new Map();
  /** @type {Map<string, () => Promise<import("node:child_process").ChildProcess | undefined>>} Workers, restarted by name. */
  const restartable = new Map();
  /** @type {Record<string, unknown> | undefined} What cluster.json holds, once everything runs. */
  let state;
  const writeState = () => {
    if (state)
      writeFileSync(path.join(stateDir, "cluster.json"), `${JSON.stringify(state, null, 2)}\n`, {
        mode: 0o600,
      });
  };
  try {
    // ── PostgreSQL: a cluster of its own (not the system service), initialised once. ──
    const pgBin = postgresBinDir();
    if (!pgBin) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
    const pgData = path.join(stateDir, "postgres");
    const asRoot = process.getuid?.() === 0;
    // PostgreSQL refuses to run as root: as root it runs as the `postgres` user the package creates.
    const as = (/** @type {string} */ cmd, /** @type {string[]} */ args) =>
      /** @type {[string, string[]]} */ (
        asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]
      );
    const fresh = !existsSync(path.join(pgData, "PG_VERSION"));
    if (fresh) {
      mkdirSync(pgData, { recursive: true });
      if (asRoot) {
        // PostgreSQL's user must reach its folder through ours (a temp folder is 0700).
        chmodSync(stateDir, 0o711);
        const id = (/** @type {string} */ flag) =>
          Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
        chownSync(pgData, id("-u"), id("-g"));
      }
      execFileSync(
        ...as(path.join(pgBin, "initdb"), ["-D", pgData, "-U", "bedside", "--auth=trust", "-E", "UTF8"]),
        {
          stdio: ["ignore", out("postgres"), out("postgres")],
        },
      );
    }
    const pgPort = await freeTcpPort();
    const postgres = spawn(
      ...as(path.join(pgBin, "postgres"), [
        "-D",
        pgData,
        "-p",
        String(pgPort),
        "-k",
        pgData,
        "-c",
        "listen_addresses=127.0.0.1",
      ]),
      { stdio: ["ignore", out("postgres"), out("postgres")] },
    );
    stops.push(async () => {
      if (postgres.exitCode !== null) return;
      const exited = new Promise((r) => postgres.once("exit", r));
      // pg_ctl signals the postmaster itself: under runuser, a signal to our child would not reach it.
      try {
        execFileSync(
          ...as(path.join(pgBin, "pg_ctl"), ["stop", "-D", pgData, "-m", "fast", "-w", "-t", "20"]),
          {
            stdio: "ignore",
          },
        );
      } catch {
        postgres.kill("SIGKILL");
      }
      await exited;
    });
    const psql = (/** @type {string} */ db, /** @type {string} */ sql) =>
      execFileSync(
        path.join(pgBin, "psql"),
        ["-h", "127.0.0.1", "-p", String(pgPort), "-U", "bedside", "-d", db, "-tAc", sql],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        },
      ).trim();
    await until(
      "PostgreSQL",
      async () => psql("postgres", "select 1") === "1",
      30_000,
      () => exited(postgres, "postgres"),
    );
    if (psql("postgres", "select count(*) from pg_database where datname = 'bedside'") === "0")
      psql("postgres", "create database bedside");
    const databaseUrl = `postgres://bedside@127.0.0.1:${pgPort}/bedside`;
    log(`PostgreSQL on 127.0.0.1:${pgPort} (data in ${path.relative(root, pgData) || pgData})`);

    // ── Redis: LiveKit's routing between nodes and the APIs' shared rate limits. ──
    const redisPort = await freeTcpPort();
    const redis = spawn(
      "redis-server",
      ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", out("redis"), out("redis")] },
    );
    stops.push(() => stopProcess(redis));
    await until(
      "Redis",
      async () =>
        execFileSync("redis-cli", ["-p", String(redisPort), "ping"], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        }).trim() === "PONG",
      10_000,
      () => exited(redis, "redis"),
    );
    log(`Redis on 127.0.0.1:${redisPort}`);

    // ── Ports for everything behind Caddy. ──
    const appPort = opts.port || (await freeTcpPort());
    taken.add(appPort);
    const livekitPublicPort = await freeTcpPort();
    const livekitInternalPort = await freeTcpPort();
    const apiInternalPort = await freeTcpPort();
    const apiPorts = [await freeTcpPort(), await freeTcpPort()];
    const livekitPorts = [await freeTcpPort(), await freeTcpPort()];

    // ── Caddy: TLS from its internal CA, never installed into the system's trust store. ──
    const caddyData = path.join(stateDir, "caddy");
    mkdirSync(caddyData, { recursive: true });
    const upstreams = (/** @type {number[]} */ ports) => ports.map((p) => `127.0.0.1:${p}`).join(" ");
    const caddyfile = `# Written by scripts/cluster.mjs at each start.
{
	admin off
	storage file_system ${caddyData}
	local_certs
	skip_install_trust
	auto_https disable_redirects
	http_port ${await freeTcpPort()}
	https_port ${appPort}
	# No HTTP/3: its UDP listeners would take ports chosen free for TCP only.
	servers {
		protocols h1 h2
	}
}

# The app and its API. A browser is pinned to one instance by the bedside_lb cookie (socket.io's
# long-polling fallback must reach the instance holding its session); an instance that stops
# answering /readyz, or cannot be dialled, is skipped, and its browsers reconnect to the other.
https://localhost:${appPort} {
	reverse_proxy ${upstreams(apiPorts)} {
		lb_policy cookie bedside_lb
		lb_try_duration 5s
		health_uri /readyz
		health_interval 1s
		health_timeout 2s
		fail_duration 10s
	}
}

# Browsers' LiveKit signalling; media goes to the nodes directly (UDP), or through their TURN.
https://localhost:${livekitPublicPort} {
	reverse_proxy ${upstreams(livekitPorts)} {
		lb_try_duration 5s
		health_uri /
		health_interval 2s
	}
}

# Served only so that Caddy issues a certificate for TURN's name, which both nodes' TURN/TLS use
# (LiveKit wants a dotted name; browsers resolve every *.localhost to loopback).
https://${TURN_DOMAIN}:${appPort} {
	respond 404
}

# Loopback only: the APIs and workers reach LiveKit's API, and LiveKit's webhooks reach whichever
# API instance is up.
http://127.0.0.1:${livekitInternalPort} {
	reverse_proxy ${upstreams(livekitPorts)} {
		lb_try_duration 5s
	}
}
http://127.0.0.1:${apiInternalPort} {
	reverse_proxy ${upstreams(apiPorts)} {
		lb_try_duration 5s
		health_uri /readyz
		health_interval 1s
	}
}
`;
    const caddyConfig = path.join(stateDir, "Caddyfile");
    writeFileSync(caddyConfig, caddyfile);
    const caddy = spawn("caddy", ["run", "--config", caddyConfig, "--adapter", "caddyfile"], {
      stdio: ["ignore", out("caddy"), out("caddy")],
      env: { ...process.env, HOME: caddyData, XDG_DATA_HOME: caddyData, XDG_CONFIG_HOME: caddyData },
    });
    stops.push(() => stopProcess(caddy));
    // TURN over TLS uses the certificate Caddy issues for its name (the chain: leaf, intermediate).
    const certDir = path.join(caddyData, "certificates", "local", TURN_DOMAIN);
    const turnCert = path.join(certDir, `${TURN_DOMAIN}.crt`);
    const turnKey = path.join(certDir, `${TURN_DOMAIN}.key`);
    await until(
      `Caddy's certificate for ${TURN_DOMAIN}`,
      async () => existsSync(turnCert) && existsSync(turnKey),
      30_000,
      () => exited(caddy, "caddy"),
    );
    const caRoot = path.join(caddyData, "pki", "authorities", "local", "root.crt");
    const caIntermediate = path.join(caddyData, "pki", "authorities", "local", "intermediate.crt");
    log(`Caddy on https://localhost:${appPort} (its CA: ${path.relative(root, caRoot) || caRoot})`);

    // ── LiveKit ×2: one set of keys, rooms routed through Redis, TURN over TLS and UDP each. ──
    const apiKey = `bedside${randomBytes(4).toString("hex")}`;
    const apiSecret = randomBytes(32).toString("base64url");
    const webhook = `http://127.0.0.1:${apiInternalPort}/api/livekit/webhook`;
    const nodes = [];
    for (const [i, port] of livekitPorts.entries()) {
      // LiveKit tells browsers TURN/TLS is on port 443 of its domain (whatever tls_port is: it
      // expects a load balancer there). One address has one 443: node 1's TURN takes it when it is
      // free (as root), node 2's listens elsewhere; both relay to either node (same address, same
      // Redis-held credentials).
      const tlsPort = i === 0 && (await tcpPortFree(443)) ? 443 : await freeTcpPort();
      taken.add(tlsPort);
      const turn = { domain: TURN_DOMAIN, tlsPort, udpPort: await freeUdpPort() };
      const prometheusPort = await freeTcpPort();
      const node = await startLivekit({
        port,
        apiKey,
        apiSecret,
        webhookUrls: [webhook],
        logFile: logFile(`livekit-${i + 1}`),
        redis: `127.0.0.1:${redisPort}`,
        turn: { ...turn, certFile: turnCert, keyFile: turnKey },
        prometheusPort,
      });
      stops.push(node.stop);
      nodes.push({
        name: `livekit-${i + 1}`,
        url: node.url,
        pid: node.process.pid,
        metricsUrl: `http://127.0.0.1:${prometheusPort}/metrics`,
        turn,
      });
    }
    log(`LiveKit ×2 (Redis-routed, TURN/TLS on ${nodes.map((n) => n.turn.tlsPort).join(", ")})`);

    // ── API ×2: the first runs the migrations alone, then the second starts beside it. ──
    const mfaKey = randomBytes(32).toString("base64url");
    const metricsToken = randomBytes(24).toString("base64url");
    // Made once with the database (the seed keeps the first password it was given), kept beside it.
    const demoFile = path.join(stateDir, "demo-password");
    if (!existsSync(demoFile)) writeFileSync(demoFile, randomBytes(9).toString("base64url"), { mode: 0o600 });
    const demoPassword = opts.apiEnv?.DEMO_CLINICIAN_PASSWORD ?? readFileSync(demoFile, "utf8").trim();
    const publicUrl = `https://localhost:${appPort}`;
    const common = {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LIVEKIT_URL: `ws://127.0.0.1:${livekitInternalPort}`,
      LIVEKIT_API_KEY: apiKey,
      LIVEKIT_API_SECRET: apiSecret,
      MFA_SECRET_KEY: mfaKey,
      METRICS_TOKEN: metricsToken,
    };
    const apis = [];
    for (const [i, port] of apiPorts.entries()) {
      const name = `api-${i + 1}`;
      const dataDir = path.join(stateDir, name);
      mkdirSync(dataDir, { recursive: true });
      const child = spawn(process.execPath, [path.join(root, "server/dist/index.js")], {
        cwd: root,
        stdio: ["ignore", "pipe", out(name)],
        env: {
          ...common,
          PORT: String(port),
          PUBLIC_URL: publicUrl,
          LIVEKIT_PUBLIC_URL: `wss://localhost:${livekitPublicPort}`,
          DATA_DIR: dataDir,
          CLIENT_DIST: path.join(root, "client", "dist"),
          TRUST_PROXY: "1",
          // The demo clinician with a password made for this cluster (it is no deployment: loopback only).
          DEMO_SEED: "true",
          ALLOW_DEV_DEFAULTS: "true",
          DEMO_CLINICIAN_PASSWORD: demoPassword,
          SCRIBE_ENABLED: opts.scribe === false ? "false" : "true",
          LOG_LEVEL: "warn",
          ...opts.apiEnv,
        },
      });
      const outFd = out(name);
      let banner = "";
      child.stdout?.on("data", (/** @type {Buffer} */ d) => {
        banner += d.toString();
        writeFileSync(outFd, d);
      });
      stops.push(() => stopProcess(child));
      parts.set(name, () => stopProcess(child));
      await until(
        name,
        async () => banner.includes("Bedside is running"),
        60_000,
        () => (child.exitCode !== null ? `exited ${child.exitCode} (see ${logFile(name)})` : undefined),
      );
      apis.push({
        name,
        url: `http://127.0.0.1:${port}`,
        dial: `127.0.0.1:${port}`,
        pid: child.pid,
        process: child,
      });
    }
    log(`API ×2 on ${apis.map((a) => a.url).join(", ")}`);

    // ── Scribe worker ×2, each supervised (started again when it exits), one log for both. ──
    const workers = [];
    const workerLog = logFile("workers");
    if (opts.scribe !== false) {
      for (const i of [1, 2]) {
        const port = await freeTcpPort();
        const metricsPort = await freeTcpPort();
        const entry = {
          name: `worker-${i}`,
          port,
          healthUrl: `http://127.0.0.1:${port}/`,
          // Its prom-client registry (METRICS_TOKEN as a bearer token, like the APIs').
          metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
          pid: 0,
          starts: 0,
        };
        const supervised = keepRunning(
          () =>
            spawn(process.execPath, [path.join(root, "server/dist/worker.js")], {
              cwd: root,
              stdio: ["ignore", out("workers"), out("workers")],
              env: {
                ...common,
                // Its own, not the APIs': the inference runners are files beside it.
                HOME: process.env.HOME ?? "",
                SCRIBE_WORKER_PORT: String(port),
                WORKER_METRICS_PORT: String(metricsPort),
                ...opts.workerEnv,
              },
            }),
          {
            name: entry.name,
            onStart: (child) => {
              entry.pid = child.pid ?? 0;
              entry.starts++;
              writeState();
            },
          },
        );
        stops.push(supervised.stop);
        parts.set(entry.name, supervised.stop);
        restartable.set(entry.name, supervised.restart);
        workers.push(entry);
      }
      log(
        `Scribe worker ×2 (health on ports ${workers.map((w) => w.port).join(", ")}), logs in ${path.relative(root, workerLog)}`,
      );
    }

    // ── Control, loopback and token only: what a test (another process) may not do with a signal.
    // A worker's SIGTERM is followed by its restart; a backup's restore needs every API and worker
    // gone for good (it refuses while anything else is connected to the database). A rolling
    // restart needs to know when a worker has drained and is started again (a signal says nothing)
    // and no back-off for a worker that ran less than a minute.
    const controlToken = randomBytes(24).toString("base64url");
    /** @type {string[]} */
    const stopped = [];
    const control = createHttpServer((req, res) => {
      const [, name = "", action] = /^\/parts\/([\w-]+)\/(stop|restart)$/.exec(req.url ?? "") ?? [];
      if (req.headers.authorization !== `Bearer ${controlToken}`) return void res.writeHead(403).end();
      const restart = action === "restart" && !stopped.includes(name) && restartable.get(name);
      if (req.method === "POST" && restart) {
        // Answered once the old process has drained and exited and the new one is started (not
        // yet ready: its health URL says when it is registered with LiveKit).
        restart().then(
          (child) => {
            if (!child) return void res.writeHead(409).end(`${name} is being stopped`);
            log(`${name} restarted (asked through the control port)`);
            res
              .writeHead(200, { "content-type": "application/json" })
              .end(JSON.stringify({ pid: child.pid }));
          },
          (/** @type {Error} */ err) => res.writeHead(500).end(err.message),
        );
        return;
      }
      const stop = action === "stop" && parts.get(name);
      if (req.method !== "POST" || !stop) return void res.writeHead(404).end();
      stop().then(
        () => {
          if (!stopped.includes(name)) stopped.push(name);
          log(`${name} stopped (asked through the control port)`);
          writeState();
          res.writeHead(204).end();
        },
        (/** @type {Error} */ err) => res.writeHead(500).end(err.message),
      );
    });
    await new Promise((resolve, reject) => {
      control.once("error", reject);
      control.listen(0, "127.0.0.1", () => resolve(undefined));
    });
    stops.push(() => new Promise((resolve) => control.close(() => resolve(undefined))));
    const controlAddress = /** @type {import("node:net").AddressInfo} */ (control.address());

    const running = {
      url: publicUrl,
      livekitPublicUrl: `wss://localhost:${livekitPublicPort}`,
      livekitInternalUrl: `ws://127.0.0.1:${livekitInternalPort}`,
      apiInternalUrl: `http://127.0.0.1:${apiInternalPort}`,
      livekit: { apiKey, apiSecret, nodes },
      apis: apis.map(({ name, url, dial, pid }) => ({ name, url, pid, lbCookie: caddyLbCookie(dial) })),
      workers,
      workerLog,
      databaseUrl,
      redisUrl: common.REDIS_URL,
      metricsToken,
      control: { url: `http://127.0.0.1:${controlAddress.port}`, token: controlToken, stopped },
      demo: { email: "rivera@bedside.local", password: demoPassword },
      // Chromium accepts the cluster's certificates (HTTPS, WSS, TURN over TLS) by these keys only.
      caSpki: [spkiHash(caRoot), spkiHash(caIntermediate)],
      caRoot,
      stateDir,
      logs,
      pid: process.pid,
    };
    state = running;
    writeState();
    return { ...running, stop: stopAll, stateFile: path.join(stateDir, "cluster.json") };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
