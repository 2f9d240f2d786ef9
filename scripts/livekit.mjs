// @ts-check
// Installs and runs a pinned livekit-server. Plain JavaScript so that it works
// before dependencies are installed (the start and setup scripts use it) and
// from the TypeScript test setups.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
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
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch];
  const platform = { linux: "linux", darwin: "darwin" }[process.platform];
  if (!arch || !platform) {
    throw new Error(
      `no livekit-server for ${process.platform}/${process.arch}: install it and put it on PATH`,
    );
  }
  const url = `https://github.com/livekit/livekit-server/releases/download/v${LIVEKIT_VERSION}/livekit_${LIVEKIT_VERSION}_${platform}_${arch}.tar.gz`;
  log(`Downloading livekit-server v${LIVEKIT_VERSION} release…`);
  const tmp = path.join(os.tmpdir(), `livekit-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  execFileSync(
    "sh",
    [
      "-c",
      `curl -fsSL "${url}" | tar -xz -C "${tmp}" livekit-server && mv "${tmp}/livekit-server" "${builtBinary}"`,
    ],
    {
      stdio: "inherit",
    },
  );
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
 * @param {{ port?: number, dev?: boolean, apiKey?: string, apiSecret?: string, logFile?: string, webhookUrls?: string[] }} [opts]
 */
export async function startLivekit(opts = {}) {
  const binary = findLivekitBinary();
  if (!binary) throw new Error("livekit-server is not installed: run `pnpm setup`");
  const port = opts.port ?? (await freeTcpPort());
  const apiKey = opts.apiKey ?? "devkey";
  const apiSecret = opts.apiSecret ?? "secret";
  const tcpPort = await freeTcpPort();
  const udpPort = await freeUdpPort();
  // Loopback only: media ports are advertised as 127.0.0.1, never an external address.
  const config = [
    `port: ${port}`,
    `bind_addresses: ["127.0.0.1"]`,
    `rtc:`,
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    `  node_ip: 127.0.0.1`,
    `  use_external_ip: false`,
    `keys:`,
    `  ${apiKey}: ${apiSecret}`,
    `logging:`,
    `  level: ${opts.dev ? "info" : "warn"}`,
    ...(opts.webhookUrls?.length
      ? [`webhook:`, `  api_key: ${apiKey}`, `  urls:`, ...opts.webhookUrls.map((u) => `    - ${u}`)]
      : []),
  ].join("\n");
  const args = ["--config-body", config, ...(opts.dev ? ["--dev"] : [])];
  const out = opts.logFile ? openSync(opts.logFile, "a") : "ignore";
  const child = spawn(binary, args, { stdio: ["ignore", out, out] });
  const url = `ws://127.0.0.1:${port}`;
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited)
      throw new Error(`livekit-server exited at start${opts.logFile ? ` (see ${opts.logFile})` : ""}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
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
