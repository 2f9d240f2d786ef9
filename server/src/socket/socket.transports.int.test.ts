// socket.io behind a load balancer (issue 29): long-polling needs every request of a session on
// one instance; without sticky sessions it must be off (SOCKET_TRANSPORTS=websocket) and a
// polling client refused with a message saying so. Browsers fall back to polling only when
// WebSocket cannot open.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { socketTransports } from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness.js";

/**
 * A load balancer without stickiness: each HTTP request goes to the next backend in turn.
 * WebSocket upgrades are refused (as by a proxy or firewall that blocks them).
 */
async function roundRobin(backends: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  let next = 0;
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? "/", backends[next++ % backends.length]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("upgrade", (_req, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first connect or connect_error of a socket that does not retry. */
function outcome(s: Socket): Promise<{ connected: true } | { connected: false; error: Error }> {
  return new Promise((resolve) => {
    s.once("connect", () => resolve({ connected: true }));
    s.once("connect_error", (error) => resolve({ connected: false, error }));
  });
}

/** A clinician's session cookie on `t`: the handshake's identity (without one, "unauthorized"). */
async function cookieOf(t: TestApp): Promise<string> {
  const c = await t.app.repos.clinicians.create({
    email: `transports-${Math.random().toString(36).slice(2)}@example.org`,
    displayName: "Dr. T",
    passwordHash: "x",
  });
  return `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
}

const handshake = (base: string) => fetch(`${base}/socket.io/?EIO=4&transport=polling`);

describe("socket.io transports behind a load balancer", () => {
  const apps: TestApp[] = [];
  const sockets: Socket[] = [];
  const cookies = new Map<string, string>();
  /** A clinician's socket to `url`, which is, or leads only to, `app`. */
  const open = (url: string, app: TestApp, opts: Parameters<typeof connect>[1]) => {
    const s = connect(url, {
      reconnection: false,
      timeout: 10_000,
      extraHeaders: { cookie: cookies.get(app.url)! },
      ...opts,
    });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    // One after another: four apps starting at once overrun Fastify's plugin timeout on two cores.
    for (const env of [{}, {}, { SOCKET_TRANSPORTS: "websocket" }, { SOCKET_TRANSPORTS: "websocket" }]) {
      const t = await startTestApp(env); // SOCKET_TRANSPORTS unset: websocket,polling
      cookies.set(t.url, await cookieOf(t));
      apps.push(t);
    }
  }, 180_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all(apps.map((a) => a.close()));
  });

  it("with polling on and no stickiness, a polling session's next request reaches the other instance, which does not know it", async () => {
    const lb = await roundRobin([apps[0]!.url, apps[1]!.url]);
    try {
      const open = await handshake(lb.url);
      expect(open.status).toBe(200);
      const sid = /"sid":"([^"]+)"/.exec(await open.text())?.[1];
      expect(sid).toBeDefined();
      const poll = await fetch(`${lb.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
      expect(poll.status).toBe(400);
      expect(await poll.json()).toEqual({ code: 1, message: "Session ID unknown" });
    } finally {
      await lb.close();
    }
  });

  it("with SOCKET_TRANSPORTS=websocket, a polling client is refused at its handshake with a message saying why", async () => {
    const lb = await roundRobin([apps[2]!.url, apps[3]!.url]);
    try {
      for (let i = 0; i < 2; i++) {
        const res = await handshake(lb.url); // each instance in turn
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          code: 4,
          message: "long-polling is off on this server (SOCKET_TRANSPORTS=websocket): connect by WebSocket",
        });
      }
      const polling = await outcome(open(lb.url, apps[2]!, { transports: ["polling"] }));
      expect(polling.connected === false && polling.error.message).toBe("xhr poll error");
      // WebSocket, straight to either instance, connects (the proxy in this test carries no upgrades).
      for (const app of apps.slice(2)) {
        expect(await outcome(open(app.url, app, { transports: ["websocket"] }))).toEqual({ connected: true });
      }
    } finally {
      await lb.close();
    }
  });

  it("the browser's options fall back to polling when WebSocket cannot open, on a server that allows it", async () => {
    const lb = await roundRobin([apps[0]!.url]); // one instance: sticky by construction
    try {
      const s = open(lb.url, apps[0]!, socketTransports);
      expect(await outcome(s)).toEqual({ connected: true });
      expect(s.io.engine.transport.name).toBe("polling");
    } finally {
      await lb.close();
    }
  });

  it("the browser's options against a websocket-only server whose WebSocket is blocked: refused, not left retrying polling", async () => {
    const lb = await roundRobin([apps[2]!.url]);
    try {
      const result = await outcome(open(lb.url, apps[2]!, socketTransports));
      expect(result.connected).toBe(false);
      // The polling attempt's refusal (403), not an identity problem: the handshake never got that far.
      expect(result.connected === false && result.error.message).toBe("xhr poll error");
    } finally {
      await lb.close();
    }
  });
});
