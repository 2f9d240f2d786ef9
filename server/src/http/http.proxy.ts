// Which X-Forwarded-For entries name the client (TRUST_PROXY, parsed in config.ts). Every
// per-address rate limit counts `request.ip`, so believing an entry a client wrote itself would let
// it pick a fresh address for every request.
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { FastifyServerOptions } from "fastify";

/** Where a proxy that is only counted (not named) may stand: this host or a private network. */
const nearby = new BlockList();
nearby.addSubnet("127.0.0.0", 8, "ipv4");
nearby.addSubnet("10.0.0.0", 8, "ipv4");
nearby.addSubnet("172.16.0.0", 12, "ipv4");
nearby.addSubnet("192.168.0.0", 16, "ipv4");
nearby.addSubnet("169.254.0.0", 16, "ipv4");
nearby.addAddress("::1", "ipv6");
nearby.addSubnet("fc00::", 7, "ipv6");
nearby.addSubnet("fe80::", 10, "ipv6");

export function isNearby(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return nearby.check(mapped, "ipv4");
  if (isIPv4(address)) return nearby.check(address, "ipv4");
  return isIPv6(address) && nearby.check(address, "ipv6");
}

/**
 * Fastify's `trustProxy` for a setting: off; proxy addresses (Fastify checks each hop against the
 * list, the connecting peer first); or a number of proxies in front. Fastify itself ignores a bare
 * hop count (it cannot tell a proxy from a client that sent the header directly), so the count is
 * a function here: the last `hops` hops are believed, and only when the connecting peer is on this
 * host or a private network. A client reaching the server directly from elsewhere is its own
 * address, whatever header it sends; a proxy at a public address must be named.
 */
export function trustProxyOption(setting: false | number | string[]): FastifyServerOptions["trustProxy"] {
  if (setting === false || setting === 0) return false;
  if (Array.isArray(setting)) return setting;
  const hops = setting;
  return (address: string, hop: number) => hop < hops && (hop > 0 || isNearby(address));
}
