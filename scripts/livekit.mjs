// @ts-check
// Installs and runs a pinned livekit-server. Plain JavaScript so that it works
// before dependencies are installed (the start and setup scripts use it) and
// from the TypeScript test setups.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { createSocket } from "node:dgram";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const LIVEKIT_VERSION = "1.13.5";
const MODULE = "github.com/livekit/livekit-server";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const toolsBin = path.join(root, ".tools", "bin");
const builtBinary = path.join(toolsBin, `livekit-server-v${LIVEKIT_VERSION}`);

/**
 * SHA-256 of each official release archive of LIVEKIT_VERSION (the release's checksums.txt), by
 * `${process.platform}-${process.arch}`. A platform without a digest here gets no download: an
 * unverified binary is never run (build it with Go, or put livekit-server on PATH).
 */
export const LIVEKIT_ARCHIVES = {
  "linux-x64": {
    file: `livekit_${LIVEKIT_VERSION}_linux_amd64.tar.gz`,
    sha256: "c020fac437b7cc9b776eef1ad5ea8af77be9acfa07602eca20a3a44930dfbc70",
  },
  "linux-arm64": {
    file: `livekit_${LIVEKIT_VERSION}_linux_arm64.tar.gz`,
    sha256: "332015305518765fe05bad74fc3a9d9583e635e7dd130de3c4fc563d69c550f3",
  },
};

/**
 * The release archive to download for a platform, or an error saying what to do instead.
 * @param {string} platform
 * @param {string} arch
 */
export function livekitArchive(platform, arch) {
  const key = `${platform}-${arch}`;
  const archive = /** @type {Record<string, { file: string, sha256: string }>} */ (LIVEKIT_ARCHIVES)[key];
  if (!archive) {
    throw new Error(
      `no verified livekit-server download for ${key} (only ${Object.keys(LIVEKIT_ARCHIVES).join(", ")} have a pinned SHA-256): install Go to build it, or install livekit-server v${LIVEKIT_VERSION} yourself and put it on PATH (or set LIVEKIT_SERVER_BIN)`,
    );
  }
  return archive;
}

/**
 * Throws unless the file's SHA-256 is `expected` (and deletes it then: nothing unverified is left
 * to be picked up later).
 * @param {string} file
 * @param {string} expected
 */
export function verifySha256(file, expected) {
  const actual = createHash("sha256").update(readFileSync(file)).digest("hex");
  if (actual !== expected.toLowerCase()) {
    rmSync(file, { force: true });
    throw new Error(
      `${path.basename(file)}: SHA-256 ${actual} is not the pinned ${expected}; refusing to install it (a tampered or truncated download?)`,
    );
  }
}

/** @param {string} cmd */
function onPath(cmd) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, cmd);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The binary to run: LIVEKIT_SERVER_BIN, one on PATH, or the one built into .tools. */
export function findLivekitBinary() {
  if (process.env.LIVEKIT_SERVER_BIN) return process.env.LIVEKIT_SERVER_BIN;
  return onPath("livekit-server") ?? (existsSync(builtBinary) ? builtBinary : undefined);
}

/**
 * Installs livekit-server if no binary is found. With Go: build the pinned
 * module. The module has `replace` directives, which `go install pkg@version`
 * refuses, so we download the module and build it in its own directory (the
 * same source, same pins). Without Go: the official release archive.
 * @param {(msg: string) => void} log
 */
export function ensureLivekit(log = console.log) {
  const found = findLivekitBinary();
  if (found) return found;
  mkdirSync(toolsBin, { recursive: true });
  if (onPath("go")) {
    log(`Building livekit-server v${LIVEKIT_VERSION} from its Go module (first run only, a few minutes)…`);
    const info = JSON.parse(
      execFileSync("go", ["mod", "download", "-json", `${MODULE}@v${LIVEKIT_VERSION}`], {
        encoding: "utf8",
      }),
    );
    execFileSync("go", ["build", "-trimpath", "-o", builtBinary, "./cmd/server"], {
      cwd: info.Dir,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOFLAGS: "-mod=mod" },
    });
    return builtBinary;
  }
  const archive = livekitArchive(process.platform, process.arch);
  const url = `https://github.com/livekit/livekit/releases/download/v${LIVEKIT_VERSION}/${archive.file}`;
  log(`Downloading livekit-server v${LIVEKIT_VERSION} release…`);
  const tmp = path.join(os.tmpdir(), `livekit-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const downloaded = path.join(tmp, archive.file);
    execFileSync("curl", ["-fsSL", "-o", downloaded, url], { stdio: "inherit" });
    verifySha256(downloaded, archive.sha256);
    execFileSync("tar", ["-xzf", downloaded, "-C", tmp, "livekit-server"], { stdio: "inherit" });
    // Copied beside its final name, then renamed: .tools may be on another filesystem than /tmp.
    copyFileSync(path.join(tmp, "livekit-server"), `${builtBinary}.partial`);
    chmodSync(`${builtBinary}.partial`, 0o755);
    renameSync(`${builtBinary}.partial`, builtBinary);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return builtBinary;
}

/** @returns {Promise<number>} */
export function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/** @returns {Promise<number>} */
export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    sock.once("error", reject);
    sock.bind(0, "127.0.0.1", () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

/**
 * Starts livekit-server on loopback and resolves once it answers HTTP.
 * `webhookUrls`: where LiveKit posts room and participant events (signed with the API key);
 * the server's receiver is `/api/livekit/webhook`.
 * `host`: one more address of this machine to listen on and advertise for media (a benchmark's
 * private link to a network namespace); the server itself still reaches LiveKit on loopback.
 * `redis`, `turn`, `prometheusPort`: a node of a multi-node deployment (scripts/cluster.mjs):
 * rooms routed through that Redis, TURN embedded (TLS with that certificate chain, and UDP),
 * LiveKit's own metrics on that port.
 * @param {{ port?: number, dev?: boolean, apiKey?: string, apiSecret?: string, logFile?: string, webhookUrls?: string[], host?: string, redis?: string, turn?: { domain: string, tlsPort: number, udpPort: number, certFile: string, keyFile: string }, prometheusPort?: number }} [opts]
 */
export async function startLivekit(opts = {}) {
  // A port found free can be taken before LiveKit binds it (by another test's sockets: ci23 saw
  // "exited at start" with three real-time test files at once). LiveKit then exits at once, so
  // it is started again on fresh ports; a third exit is reported with what LiveKit said.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLivekitOnce(opts);
    } catch (err) {
      if (!(err instanceof ExitedAtStart) || attempt === 3) throw err;
    }
  }
}

class ExitedAtStart extends Error {}

/** @param {Parameters<typeof startLivekit>[0] & {}} opts */
async function startLivekitOnce(opts) {
  const binary = findLivekitBinary();
  if (!binary) throw new Error("livekit-server is not installed: run `pnpm setup`");
  const port = opts.port ?? (await freeTcpPort());
  const apiKey = opts.apiKey ?? "devkey";
  const apiSecret = opts.apiSecret ?? "secret";
  const tcpPort = await freeTcpPort();
  const udpPort = await freeUdpPort();
  // Loopback only (unless `host`): media ports are advertised as 127.0.0.1, never an external address.
  const config = [
    `port: ${port}`,
    `bind_addresses: ["127.0.0.1"${opts.host ? `, "${opts.host}"` : ""}]`,
    `rtc:`,
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    `  node_ip: ${opts.host ?? "127.0.0.1"}`,
    `  use_external_ip: false`,
    // With TURN, the node's media sockets are bound on its node IP only. Otherwise LiveKit binds
    // them on the machine's other interfaces (never loopback) and advertises them as 127.0.0.1:
    // their packets leave from the machine's LAN address, which a TURN relay that permitted
    // 127.0.0.1 drops ("No Permission or Channel exists").
    ...(opts.turn
      ? [`  enable_loopback_candidate: true`, `  ips:`, `    includes: ["${opts.host ?? "127.0.0.1"}/32"]`]
      : []),
    `keys:`,
    `  ${apiKey}: ${apiSecret}`,
    `logging:`,
    `  level: ${opts.dev ? "info" : "warn"}`,
    ...(opts.redis ? [`redis:`, `  address: ${opts.redis}`] : []),
    ...(opts.turn
      ? [
          `turn:`,
          `  enabled: true`,
          `  domain: ${opts.turn.domain}`,
          `  tls_port: ${opts.turn.tlsPort}`,
          `  udp_port: ${opts.turn.udpPort}`,
          `  cert_file: ${opts.turn.certFile}`,
          `  key_file: ${opts.turn.keyFile}`,
          `  external_tls: false`,
          // Go's listener on 0.0.0.0 is dual-stack: a browser that reaches TURN over ::1 gets an
          // IPv6 allocation, which pion/turn tries on this IPv4 bind address and answers 508.
          `  bind_addresses: ["${opts.host ?? "127.0.0.1"}"]`,
          // The nodes' media ports are on loopback, which LiveKit's TURN refuses as a peer (403 on
          // CreatePermission) unless allowed; only the node's own address is.
          `  allow_restricted_peer_cidrs: ["${opts.host ?? "127.0.0.1"}/32"]`,
        ]
      : []),
    ...(opts.prometheusPort ? [`prometheus:`, `  port: ${opts.prometheusPort}`] : []),
    ...(opts.webhookUrls?.length
      ? [`webhook:`, `  api_key: ${apiKey}`, `  urls:`, ...opts.webhookUrls.map((u) => `    - ${u}`)]
      : []),
  ].join("\n");
  const args = ["--config-body", config, ...(opts.dev ? ["--dev"] : [])];
  const out = opts.logFile ? openSync(opts.logFile, "a") : "pipe";
  const child = spawn(binary, args, { stdio: ["ignore", out, out] });
  // Without a log file, the last words it said, for an exit at start; then nothing is kept.
  let said = "";
  const hear = (/** @type {Buffer} */ chunk) => (said = (said + chunk.toString()).slice(-2_000));
  child.stdout?.on("data", hear);
  child.stderr?.on("data", hear);
  const url = `ws://127.0.0.1:${port}`;
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited)
      throw new ExitedAtStart(
        `livekit-server exited at start${opts.logFile ? ` (see ${opts.logFile})` : `: ${said.trim()}`}`,
      );
    try {
      // Bounded: whatever else holds the port may accept and never answer.
      const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`livekit-server did not answer on port ${port} within 15 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.stdout?.off("data", hear).resume();
  child.stderr?.off("data", hear).resume();
  return {
    url,
    apiKey,
    apiSecret,
    process: child,
    /** @returns {Promise<void>} */
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

// `node scripts/livekit.mjs install`: ensureLivekit in a process of its own, so that a first run's
// Go build goes on beside the other installs (scripts/bedside.mjs).
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "install") {
  try {
    ensureLivekit();
  } catch (err) {
    console.error(`bedside: livekit-server could not be installed: ${/** @type {Error} */ (err).message}`);
    process.exit(1);
  }
}
