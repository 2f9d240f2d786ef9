// Issue 12, findings 4 (Origin), 5 (headers, source maps) and 6 (rate limits): against the real app.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ClientToServerEvents, ServerToClientEvents } from "@bedside/shared";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { jsonOf, startTestApp, type TestApp } from "../../test/harness.js";
import { hashPassword } from "../auth/password.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };
const visitBody = {
  patientDisplayName: "Pat",
  preferredLanguage: "en",
  interpreterNeeded: false,
  scheduledAt: new Date().toISOString(),
};

describe("HTTP edge security", () => {
  let t: TestApp;
  let cookie: string;
  let clientDist: string;

  beforeAll(async () => {
    // A built client with a source map left behind: it must never be served.
    clientDist = mkdtempSync(path.join(os.tmpdir(), "bedside-dist-"));
    mkdirSync(path.join(clientDist, "assets"));
    writeFileSync(path.join(clientDist, "index.html"), "<!doctype html><title>Bedside</title>");
    writeFileSync(path.join(clientDist, "assets", "app.js"), "console.log(1)");
    writeFileSync(path.join(clientDist, "assets", "app.js.map"), '{"version":3,"sources":["secret.ts"]}');
    t = await startTestApp({ SCRIBE_ENABLED: "false", CLIENT_DIST: clientDist });
    const c = await t.app.repos.clinicians.create({
      email: "rivera@example.org",
      displayName: "Dr. Rivera",
      passwordHash: await hashPassword("a long passphrase", "test"),
    });
    cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
  });
  afterAll(() => t.close());

  const visitCount = async () => (await t.db.selectFrom("visits").select("id").execute()).length;
  const createVisit = (headers: Record<string, string>) =>
    fetch(`${t.url}/api/visits`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, ...headers },
      body: JSON.stringify(visitBody),
    });

  describe("Origin (finding 4)", () => {
    it("refuses a state-changing request from another site and writes nothing", async () => {
      const before = await visitCount();
      const res = await createVisit({ origin: "https://evil.example" });
      expect(res.status).toBe(403);
      expect((await jsonOf(res)).error.code).toBe("forbidden");
      const sibling = await createVisit({
        origin: "http://127.0.0.1.evil.example",
        "sec-fetch-site": "cross-site",
      });
      expect(sibling.status).toBe(403);
      expect(await visitCount()).toBe(before);
    });

    it("accepts the app's own origin and clients that send none", async () => {
      expect((await createVisit({ origin: t.url })).status).toBe(201);
      expect((await createVisit({})).status).toBe(201);
    });

    it("compares with PUBLIC_URL's origin when one is configured", async () => {
      const other = await startTestApp({ SCRIBE_ENABLED: "false", PUBLIC_URL: "http://bedside.test:8080" });
      try {
        const res = await fetch(`${other.url}/api/auth/sign-out`, {
          method: "POST",
          headers: { origin: other.url },
        });
        expect(res.status).toBe(403);
        const ok = await fetch(`${other.url}/api/auth/sign-out`, {
          method: "POST",
          headers: { origin: "http://bedside.test:8080" },
        });
        expect(ok.status).toBe(200);
      } finally {
        await other.close();
      }
    });

    it("refuses a socket.io handshake from another site (cross-site WebSocket hijacking)", async () => {
      const open = (origin: string) => {
        const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(t.url, {
          transports: ["websocket"],
          reconnection: false,
          extraHeaders: { cookie, origin },
        });
        return new Promise<string>((resolve) => {
          s.once("connect", () => {
            s.disconnect();
            resolve("connected");
          });
          s.once("connect_error", () => {
            s.disconnect();
            resolve("refused");
          });
        });
      };
      expect(await open("https://evil.example")).toBe("refused");
      expect(await open(t.url)).toBe("connected");
    });
  });

  describe("headers (finding 5)", () => {
    it("sends a CSP without inline script that allows LiveKit and media, and the other headers", async () => {
      const res = await fetch(`${t.url}/`);
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const directive = (name: string) =>
        csp
          .split(";")
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? "";
      expect(directive("script-src")).toBe("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).not.toMatch(/'unsafe-eval'/);
      expect(directive("frame-ancestors")).toBe("frame-ancestors 'none'");
      const livekit = new URL(inject("livekit").url);
      expect(directive("connect-src")).toContain(`ws://${livekit.host}`);
      expect(directive("media-src")).toMatch(/blob:/);
      expect(directive("media-src")).toMatch(/mediastream:/);
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("permissions-policy")).toMatch(
        /camera=\(self\), microphone=\(self\), display-capture=\(self\),/,
      );
      // Plain http (a local install): no HSTS, which would pin a name that has no certificate.
      expect(res.headers.get("strict-transport-security")).toBeNull();
    });

    it("marks API answers no-store, errors included", async () => {
      const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(me.headers.get("cache-control")).toBe("no-store");
      const review = await fetch(`${t.url}/api/visits/00000000-0000-4000-8000-000000000000/review`, {
        headers: { cookie },
      });
      expect(review.status).toBe(404);
      expect(review.headers.get("cache-control")).toBe("no-store");
      expect(review.headers.get("content-security-policy")).toBeTruthy();
    });

    it("never serves source maps", async () => {
      expect((await fetch(`${t.url}/assets/app.js`)).status).toBe(200);
      const map = await fetch(`${t.url}/assets/app.js.map`);
      expect(map.status).toBe(404);
      expect(await map.text()).not.toContain("secret.ts");
    });

    it("sends HSTS when PUBLIC_URL is https", async () => {
      const https = await startTestApp({
        SCRIBE_ENABLED: "false",
        PUBLIC_URL: "https://bedside.example.org",
        ALLOW_DEV_DEFAULTS: "true",
      });
      try {
        const res = await fetch(`${https.url}/healthz`);
        expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      } finally {
        await https.close();
      }
    });
  });

  // Each failed sign-in hashes a password at the production cost (about 0.2 s on an idle core, and
  // several times that on a loaded one): these count answers, not time.
  describe("rate limits (finding 6)", { timeout: 90_000 }, () => {
    const signIn = (email: string, password: string, ip?: string) =>
      t.app.http.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ email, password }),
        ...(ip ? { remoteAddress: ip } : {}),
      });

    it("answers repeated wrong passwords from one address with 429 and Retry-After", async () => {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 30; i++) {
        const res = await signIn(`guess${i}@example.org`, "wrong", "203.0.113.7");
        statuses.push(res.statusCode);
        if (res.statusCode === 429) retryAfter = String(res.headers["retry-after"]);
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await signIn("someone@example.org", "wrong", "203.0.113.8")).statusCode).toBe(401);
    });

    it("limits failed sign-ins per account and address: the owner still signs in from elsewhere (issue 24, finding 8)", async () => {
      // Successes do not count: a clinician signing in all day is never locked out by them.
      for (let i = 0; i < 12; i++) {
        expect(
          (await signIn("rivera@example.org", "a long passphrase", `198.51.100.${i + 1}`)).statusCode,
        ).toBe(200);
      }
      // Someone guessing from one address: ten failures, then that address waits, right password or not.
      const attacker = "192.0.2.200";
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await signIn("rivera@example.org", "wrong", attacker)).statusCode);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      const blocked = await signIn("rivera@example.org", "a long passphrase", attacker);
      expect(blocked.statusCode).toBe(429);
      expect(JSON.parse(blocked.body)).toMatchObject({ error: { code: "rate_limited" } });
      // The owner, from their own address, is not locked out by someone else's guesses.
      expect((await signIn("rivera@example.org", "a long passphrase", "192.0.2.201")).statusCode).toBe(200);
      // Nor are other accounts guessed at from that address limited by this account's failures.
      expect((await signIn("someone-else@example.org", "wrong", attacker)).statusCode).toBe(401);
    });

    it("limits link look-ups and check-ins per address", async () => {
      const secret = "A".repeat(43);
      const lookups: number[] = [];
      for (let i = 0; i < 31; i++) {
        lookups.push(
          (
            await t.app.http.inject({
              method: "GET",
              url: `/api/join/${secret}`,
              remoteAddress: "192.0.2.10",
            })
          ).statusCode,
        );
      }
      expect(lookups.slice(0, 30).every((s) => s === 404)).toBe(true);
      expect(lookups.at(-1)).toBe(429);

      const created = await jsonOf(await createVisit({}));
      const link = (created.links[0].url as string).split("/join/")[1]!;
      const checkIn = (ip: string) =>
        t.app.http.inject({
          method: "POST",
          url: `/api/join/${link}/check-in`,
          headers: { "content-type": "application/json" },
          payload: JSON.stringify({ displayName: "Pat", scribeConsent: "granted", deviceCheck }),
          remoteAddress: ip,
        });
      const checkIns: number[] = [];
      for (let i = 0; i < 6; i++) checkIns.push((await checkIn(`192.0.2.${20 + i}`)).statusCode);
      // Five a minute per link, from any address.
      expect(checkIns.slice(0, 5).every((s) => s === 201)).toBe(true);
      const limited = await checkIn("192.0.2.40");
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    });
  });

  describe("TRUST_PROXY takes a hop count (issue 24, finding 4)", { timeout: 90_000 }, () => {
    it("counts the address the trusted proxy saw, whatever a client writes before it in X-Forwarded-For", async () => {
      const behind = await startTestApp({ SCRIBE_ENABLED: "false", TRUST_PROXY: "1" });
      try {
        const statuses: number[] = [];
        for (let i = 1; i <= 25; i++) {
          const res = await fetch(`${behind.url}/api/auth/sign-in`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              // The client wrote the first entry; the one proxy in front appended the second.
              "x-forwarded-for": `203.0.113.${i}, 198.51.100.7`,
            },
            body: JSON.stringify({ email: `guess${i}@example.org`, password: "wrong" }),
          });
          statuses.push(res.status);
        }
        // Twenty a minute per address: the rotated first entry does not make a new address.
        expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
        expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
        // Another client behind the same proxy is another address.
        const other = await fetch(`${behind.url}/api/auth/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.8" },
          body: JSON.stringify({ email: "guess@example.org", password: "wrong" }),
        });
        expect(other.status).toBe(401);
      } finally {
        await behind.close();
      }
    });
  });
});
