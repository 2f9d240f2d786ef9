import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { isNearby, trustProxyOption } from "./http.proxy.js";

/** The address Fastify gives a request with this setting, peer and X-Forwarded-For. */
async function ipFor(setting: false | number | string[], remoteAddress: string, xff?: string) {
  const app = Fastify({ trustProxy: trustProxyOption(setting) });
  app.get("/", async (request) => ({ ip: request.ip }));
  const res = await app.inject({
    url: "/",
    remoteAddress,
    ...(xff ? { headers: { "x-forwarded-for": xff } } : {}),
  });
  await app.close();
  return (JSON.parse(res.body) as { ip: string }).ip;
}

describe("TRUST_PROXY as Fastify's trustProxy (issue 24, finding 4)", () => {
  it("off: the connecting peer, whatever the header says", async () => {
    expect(await ipFor(false, "127.0.0.1", "203.0.113.5")).toBe("127.0.0.1");
  });

  it("a hop count believes that many proxies and no more", async () => {
    expect(await ipFor(1, "127.0.0.1", "203.0.113.5, 198.51.100.7")).toBe("198.51.100.7");
    expect(await ipFor(2, "10.0.0.2", "203.0.113.5, 198.51.100.7")).toBe("203.0.113.5");
    expect(await ipFor(1, "127.0.0.1")).toBe("127.0.0.1");
  });

  it("a hop count does not believe a client that reaches the server directly from a public address", async () => {
    expect(await ipFor(1, "203.0.113.50", "198.51.100.7")).toBe("203.0.113.50");
  });

  it("a list believes only the proxies it names", async () => {
    expect(await ipFor(["10.0.0.2"], "10.0.0.2", "203.0.113.5, 198.51.100.7")).toBe("198.51.100.7");
    expect(await ipFor(["10.0.0.2"], "10.0.0.3", "198.51.100.7")).toBe("10.0.0.3");
    expect(await ipFor(["10.0.0.0/24", "198.51.100.7"], "10.0.0.9", "203.0.113.5, 198.51.100.7")).toBe(
      "203.0.113.5",
    );
  });

  it("knows this host and private networks from the rest", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "::1",
      "fd00::1",
      "::ffff:10.0.0.1",
    ])
      expect(isNearby(a), a).toBe(true);
    for (const a of ["203.0.113.5", "172.32.0.1", "8.8.8.8", "2001:db8::1", "::ffff:8.8.8.8", "nonsense"])
      expect(isNearby(a), a).toBe(false);
  });
});
