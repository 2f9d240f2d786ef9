import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type {
  ClientToServerEvents,
  QueueSnapshot,
  ServerToClientEvents,
  VisitWithLinks,
} from "@bedside/shared";
import { simpleParser } from "mailparser";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freeTcpPort } from "../../scripts/livekit.mjs";
import { openTestDatabase } from "./harness.js";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 5 };

/** One real server process on its own port, sharing the test PostgreSQL database. */
async function startInstance(
  databaseUrl: string,
): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  if (!existsSync(entry)) throw new Error("server/dist is missing: run `pnpm build` first");
  const lk = inject("livekit");
  const port = await freeTcpPort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-cluster-"));
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      DEMO_CLINICIAN_PASSWORD: "cluster-password",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Bedside is running")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, dataDir };
}

describe("presence across two server instances sharing PostgreSQL", () => {
  let drop: () => Promise<void>;
  let a: { url: string; child: ChildProcess; dataDir: string };
  let b: { url: string; child: ChildProcess; dataDir: string };
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const database = await openTestDatabase("postgres");
    drop = database.drop;
    await database.db.destroy();
    // One after the other: the first migrates and seeds the demo clinician.
    a = await startInstance(database.url!);
    b = await startInstance(database.url!);
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    for (const instance of [a, b]) {
      if (instance?.child.exitCode === null) {
        instance.child.kill("SIGTERM");
        await new Promise((r) => instance.child.once("exit", r));
      }
    }
    await drop?.();
  });

  it("shows a patient connected to A in the queue of a clinician connected to B within 200 ms, and B's status reaches A", async () => {
    const signIn = await fetch(`${b.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "rivera@bedside.local", password: "cluster-password" }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const created = await fetch(`${b.url}/api/visits`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        patientDisplayName: "Cross Node",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      }),
    });
    const { visit, links } = (await created.json()) as VisitWithLinks;
    const secret = links[0]!.url.split("/join/")[1]!;
    const checkIn = await fetch(`${a.url}/api/join/${secret}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Cross Node", scribeConsent: "granted", deviceCheck }),
    });
    const { participantId, participantToken } = (await checkIn.json()) as {
      participantId: string;
      participantToken: string;
    };

    const clinician: ClientSocket = connect(b.url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
    });
    const guest: ClientSocket = connect(a.url, {
      transports: ["websocket"],
      auth: { participantToken },
      reconnection: false,
    });
    sockets.push(clinician, guest);
    expect((await clinician.emitWithAck("queue:watch", {})).ok).toBe(true);
    await new Promise<void>((resolve) =>
      guest.connected ? resolve() : guest.once("connect", () => resolve()),
    );

    const appeared = new Promise<number>((resolve) => {
      const listener = (q: QueueSnapshot) => {
        if (!q.entries.some((e) => e.participantId === participantId)) return;
        clinician.off("queue:changed", listener);
        resolve(performance.now());
      };
      clinician.on("queue:changed", listener);
    });
    const joinedAt = performance.now();
    const joined = await guest.emitWithAck("waiting:join", {});
    expect(joined.ok).toBe(true);
    // Soft: a slow fan-out on a loaded machine still fails the test but lets the checks below run.
    expect.soft((await appeared) - joinedAt).toBeLessThan(200);

    const seen = new Promise((resolve) => guest.once("clinician:status-changed", resolve));
    const away = { status: "away", lateMinutes: null, message: "Back in five" } as const;
    expect((await clinician.emitWithAck("clinician:set-status", away)).ok).toBe(true);
    expect(await seen).toEqual(away);

    const admitted = new Promise((resolve) => guest.once("visit:admitted", () => resolve(true)));
    expect(await clinician.emitWithAck("visit:admit", { participantId })).toEqual({ ok: true, data: {} });
    expect(await admitted).toBe(true);

    // Issue 12, finding 1: revoking the link on B disconnects the guest connected to A at once.
    const gone = new Promise<string>((resolve) => guest.once("disconnect", resolve));
    const revoked = await fetch(`${b.url}/api/visits/${visit.id}/links/patient`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(revoked.status).toBe(204);
    expect(
      await Promise.race([gone, new Promise((r) => setTimeout(() => r("still connected"), 2_000))]),
    ).toBe("io server disconnect");
  });
  it("issue 27: deactivating someone on A disconnects their socket on B at once", async () => {
    const post = (url: string, body: unknown, cookie?: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
    // The demo clinician is the clinic's admin. No SMTP_URL: the invitation lands in A's outbox.
    const signIn = await post(`${a.url}/api/auth/sign-in`, {
      email: "rivera@bedside.local",
      password: "cluster-password",
    });
    const admin = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const invited = await post(
      `${a.url}/api/admin/invitations`,
      { email: "desk@example.org", roles: ["front_desk"] },
      admin,
    );
    expect(invited.status).toBe(201);
    const outbox = path.join(a.dataDir, "outbox");
    const mail = await simpleParser(readFileSync(path.join(outbox, readdirSync(outbox)[0]!)));
    const token = /\/invitation\/([\w-]{43})/.exec(mail.text ?? "")![1]!;
    const accepted = await post(`${b.url}/api/accounts/invitation/accept`, {
      token,
      displayName: "Desk",
      password: "violet tractor seven lantern",
    });
    expect(accepted.status).toBe(201);
    const desk = (accepted.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = (await (await fetch(`${b.url}/api/auth/me`, { headers: { cookie: desk } })).json()) as {
      clinician: { id: string };
    };

    const socket: ClientSocket = connect(b.url, {
      transports: ["websocket"],
      extraHeaders: { cookie: desk },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve) =>
      socket.connected ? resolve() : socket.once("connect", () => resolve()),
    );
    const gone = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect((await post(`${a.url}/api/admin/people/${me.clinician.id}/deactivate`, {}, admin)).status).toBe(
      200,
    );
    expect(
      await Promise.race([gone, new Promise((r) => setTimeout(() => r("still connected"), 2_000))]),
    ).toBe("io server disconnect");
  });
});
