import type { ChildProcess } from "node:child_process";

export function postgresBinDir(): string | undefined;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
export function keepRunning(
  startOne: () => ChildProcess,
  opts: { name: string; onStart?: (child: ChildProcess) => void },
): {
  readonly child: ChildProcess;
  stop(): Promise<void>;
  /** SIGTERM, then started again at once; the new process, or undefined if stopped meanwhile. */
  restart(): Promise<ChildProcess | undefined>;
};
export function caddyLbCookie(dial: string, secret?: string): string;
export function spkiHash(pemFile: string): string;

/** What runs where: `cluster.json` in the state folder holds the same. */
export interface ClusterState {
  /** Caddy's HTTPS address of the app (https://localhost:PORT). */
  url: string;
  /** LiveKit's signalling through Caddy, what browsers use. */
  livekitPublicUrl: string;
  /** LiveKit's API through Caddy on loopback, what the APIs and workers use. */
  livekitInternalUrl: string;
  /** The APIs behind Caddy on loopback (LiveKit's webhooks). */
  apiInternalUrl: string;
  livekit: {
    apiKey: string;
    apiSecret: string;
    nodes: {
      name: string;
      url: string;
      pid: number | undefined;
      metricsUrl: string;
      turn: { domain: string; tlsPort: number; udpPort: number };
    }[];
  };
  /** Each API's direct address and pid, and the bedside_lb cookie value that pins a browser to it. */
  apis: { name: string; url: string; pid: number | undefined; lbCookie: string }[];
  /**
   * Each worker's health port, its /metrics (METRICS_TOKEN as a bearer token) and current pid
   * (SIGTERM one: it is started again; `starts` counts).
   */
  workers: {
    name: string;
    port: number;
    healthUrl: string;
    metricsUrl: string;
    pid: number;
    starts: number;
  }[];
  workerLog: string;
  databaseUrl: string;
  redisUrl: string;
  metricsToken: string;
  /**
   * Loopback, `Authorization: Bearer <token>`: `POST <url>/parts/<api-N|worker-N>/stop` stops that
   * instance for good (a worker is not started again) and answers 204 once it has exited;
   * `stopped` lists those stopped so. `POST <url>/parts/worker-N/restart` sends that worker
   * SIGTERM (it hands its visits over and drains) and starts it again once it has exited,
   * answering 200 `{ pid }` then (poll its `healthUrl` for when it is registered again). The cluster's own stop (Ctrl-C, teardown) stops the rest.
   */
  control: { url: string; token: string; stopped: string[] };
  demo: { email: string; password: string };
  /** SPKI hashes of Caddy's CA (root, intermediate): Chromium's --ignore-certificate-errors-spki-list. */
  caSpki: string[];
  caRoot: string;
  stateDir: string;
  logs: string;
  pid: number;
}

export function startCluster(opts: {
  stateDir: string;
  port?: number;
  apiEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
  scribe?: boolean;
  log?: (msg: string) => void;
}): Promise<ClusterState & { stop(): Promise<void>; stateFile: string }>;
