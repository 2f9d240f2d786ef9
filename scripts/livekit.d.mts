import type { ChildProcess } from "node:child_process";

export const LIVEKIT_VERSION: string;
export const LIVEKIT_ARCHIVES: Record<string, { file: string; sha256: string }>;
export function livekitArchive(platform: string, arch: string): { file: string; sha256: string };
export function verifySha256(file: string, expected: string): void;
export function findLivekitBinary(): string | undefined;
export function ensureLivekit(log?: (msg: string) => void): string;
export function freeTcpPort(): Promise<number>;
export function freeUdpPort(): Promise<number>;
export interface RunningLivekit {
  url: string;
  apiKey: string;
  apiSecret: string;
  process: ChildProcess;
  stop(): Promise<void>;
}
export function startLivekit(opts?: {
  port?: number;
  dev?: boolean;
  apiKey?: string;
  apiSecret?: string;
  logFile?: string;
  webhookUrls?: string[];
  /** One more address of this machine to listen on and advertise for media (a benchmark's private link). */
  host?: string;
  /** A node of a multi-node deployment: rooms routed through this Redis (host:port). */
  redis?: string;
  /** Embedded TURN over TLS (this certificate chain) and UDP. */
  turn?: { domain: string; tlsPort: number; udpPort: number; certFile: string; keyFile: string };
  /** LiveKit's own Prometheus metrics on this port. */
  prometheusPort?: number;
}): Promise<RunningLivekit>;
