/**
 * pnpm bench:soak [--minutes 10] [--sockets 2000] [--visits 10] — a soak, not a CI test.
 * One built Bedside server (embedded PGlite) and a real LiveKit server. VISITS visits, each with a
 * checked-in patient waiting; SOCKETS socket.io connections in all: one per patient, the rest are
 * clinician connections watching the queue. For MINUTES, patients pause/resume the scribe for their
 * own voice every 5 s, the clinician changes status every 5 s, and clinician sockets re-ask for the
 * queue every 30 s. Resident memory is sampled after one minute of warm-up and at the end.
 *
 * Every 10 s a line on stderr: load, the server's CPU and both sides' event-loop delay.
 * Last line: {"minutes":…,"sockets":…,"visits":…,"rss_start_mb":…,"rss_end_mb":…,"rss_growth_pct":…,
 *             "events":…,"errors":…,"error_codes":{…},"disconnects":…,"disconnect_reasons":{…},
 *             "server_loop_max_ms":…,"client_loop_max_ms":…}
 *       (target: growth < 5 %, errors 0)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const minutes = arg("minutes", 10);
const total = arg("sockets", 2000);
const visitCount = arg("visits", 10);
const warmupMs = Math.min(60_000, (minutes * 60_000) / 5);
const here = path.dirname(fileURLToPath(import.meta.url));
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 5 };

async function main() {
  const livekit = await startLivekit();
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  // The probe answers over IPC with the server's CPU time and event-loop delay (as in bench:presence);
  // SOAK_CPU_PROF=<dir> also writes a V8 CPU profile of the server there.
  const probe = path.join(here, "presence.probe.mjs");
  const server = spawn(
    process.execPath,
    [
      ...(process.env.SOAK_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SOAK_CPU_PROF}`] : []),
      "--import",
      probe,
      path.join(here, "../dist/index.js"),
    ],
    {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bedside-soak-")),
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        DEMO_CLINICIAN_PASSWORD: "soak-password",
        // Every client comes from 127.0.0.1: the per-address HTTP limits (check-ins) would refuse them.
        RATE_LIMIT_SCALE: "100000",
        // The "clinician" sockets all share one session: one person's socket and command limits would refuse them.
        SOCKET_CONNECTIONS_PER_SECRET: "10000",
        SOCKET_EVENTS_PER_SECOND: "1000000",
        SCRIBE_ENABLED: "false",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Bedside is running")) resolve();
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });

  let events = 0;
  let errors = 0;
  let disconnects = 0;
  /** Why connections ended during the run (socket.io's reason: "ping timeout", "io server disconnect", …). */
  const disconnectReasons: Record<string, number> = {};
  /** What the errors were: the refused acks' codes, or "no-ack" for an emit that failed. */
  const errorCodes: Record<string, number> = {};
  const error = (code: string) => {
    errors++;
    errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  };
  const counted = (p: Promise<{ ok: boolean; error?: { code?: string } }>) =>
    p.then(
      (ack) => {
        events++;
        if (!ack.ok) error(ack.error?.code ?? "refused");
      },
      () => error("no-ack"),
    );

  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "rivera@bedside.local", password: "soak-password" }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const sockets: Socket[] = [];
  const open = (opts: { auth?: object; cookie?: string }) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(url, {
        transports: ["websocket"],
        reconnection: false,
        ...(opts.auth ? { auth: opts.auth } : {}),
        ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
      });
      sockets.push(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
      s.on("disconnect", (reason) => {
        disconnects++;
        disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
      });
    });

  const patients: Socket[] = [];
  for (let i = 0; i < visitCount; i++) {
    const created = await fetch(`${url}/api/visits`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        patientDisplayName: `Soak ${i}`,
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      }),
    });
    const { links } = (await created.json()) as { links: Array<{ url: string }> };
    const checkIn = await fetch(`${url}/api/join/${links[0]!.url.split("/join/")[1]}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: `Soak ${i}`, scribeConsent: "granted", deviceCheck }),
    });
    const { participantToken } = (await checkIn.json()) as { participantToken: string };
    const s = await open({ auth: { participantToken } });
    await counted(s.emitWithAck("waiting:join", {}));
    patients.push(s);
  }
  const clinicians: Socket[] = [];
  for (let i = patients.length; i < total; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, total - i) }, () => open({ cookie })));
    clinicians.push(...batch);
  }
  await Promise.all(clinicians.map((s) => counted(s.emitWithAck("queue:watch", {}))));

  const timers: NodeJS.Timeout[] = [];
  let paused = false;
  timers.push(
    setInterval(() => {
      paused = !paused;
      for (const s of patients)
        void counted(s.emitWithAck(paused ? "scribe:pause" : "scribe:resume", { scope: "self" }));
      const status = paused
        ? { status: "running_late", lateMinutes: 10, message: null }
        : { status: "available", lateMinutes: null, message: null };
      void counted(clinicians[0]!.emitWithAck("clinician:set-status", status));
    }, 5_000),
  );
  // Re-asking for the queue is spread over 30 s so it is a steady trickle, not a spike.
  let next = 0;
  timers.push(
    setInterval(() => {
      for (let k = 0; k < Math.ceil(clinicians.length / 30); k++) {
        const s = clinicians[next++ % clinicians.length]!;
        void counted(s.emitWithAck("queue:watch", {}));
      }
    }, 1_000),
  );

  // Every 10 s, a line on stderr: how far behind each side's event loop fell, and the server's CPU.
  // A dropped connection then says whose loop stalled (the server's pings, or the clients' reading).
  const clientLoop = monitorEventLoopDelay({ resolution: 10 });
  clientLoop.enable();
  type ProbeRead = {
    cpu_ms: number;
    loop_delay_p99_ms: number;
    loop_delay_max_ms: number;
  };
  const readServer = () =>
    new Promise<ProbeRead>((resolve) => {
      const onMessage = (m: { probe?: string } & ProbeRead) => {
        if (m.probe !== "read") return;
        server.off("message", onMessage);
        server.send({ probe: "reset" });
        resolve(m);
      };
      server.on("message", onMessage);
      server.send({ probe: "read" });
    });
  const worst = { server_loop_max_ms: 0, client_loop_max_ms: 0 };
  let lastEvents = events;
  const began = Date.now();
  server.send({ probe: "reset" });
  timers.push(
    setInterval(() => {
      void readServer().then((srv) => {
        const client = { p99: clientLoop.percentile(99) / 1e6, max: clientLoop.max / 1e6 };
        clientLoop.reset();
        worst.server_loop_max_ms = Math.max(worst.server_loop_max_ms, srv.loop_delay_max_ms);
        worst.client_loop_max_ms = Math.max(worst.client_loop_max_ms, Math.round(client.max));
        console.error(
          JSON.stringify({
            s: Math.round((Date.now() - began) / 1000),
            load: Math.round(os.loadavg()[0]! * 10) / 10,
            server_cpu_pct: Math.round(srv.cpu_ms / 100),
            server_loop_p99_ms: srv.loop_delay_p99_ms,
            server_loop_max_ms: srv.loop_delay_max_ms,
            client_loop_p99_ms: Math.round(client.p99),
            client_loop_max_ms: Math.round(client.max),
            events_per_s: Math.round((events - lastEvents) / 10),
            errors,
            disconnects,
          }),
        );
        lastEvents = events;
      });
    }, 10_000),
  );

  await sleep(warmupMs);
  const start = rssMb(server.pid!);
  await sleep(minutes * 60_000 - warmupMs);
  const end = rssMb(server.pid!);
  timers.forEach(clearInterval);
  await sleep(1_000);
  const disconnectsDuringRun = disconnects;
  const reasonsDuringRun = { ...disconnectReasons };
  sockets.forEach((s) => s.disconnect());
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await livekit.stop();
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      minutes,
      sockets: sockets.length,
      visits: visitCount,
      rss_start_mb: round(start),
      rss_end_mb: round(end),
      rss_growth_pct: round(((end - start) / start) * 100),
      events,
      errors,
      error_codes: errorCodes,
      disconnects: disconnectsDuringRun,
      disconnect_reasons: reasonsDuringRun,
      ...worst,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
