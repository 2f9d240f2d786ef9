// Issue 29: a scribe worker's metrics, scraped for real; a rolling restart of two workers during a
// visit loses no utterance (each stopping worker hands its visit to the other); a worker whose
// parent is gone exits instead of lingering.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeTcpPort } from "../../../../scripts/livekit.mjs";
import { patientInCall, startTestApp, type TestApp } from "../../../test/harness.js";
import {
  startOwnLivekit,
  startScribeWorker,
  untilListening,
  workerEntry,
  type ScribeWorker,
} from "../../../test/scribe-stack.js";
import { librivoxClips, Speaker, withGaps, wordRecall } from "../../../tools/scribe/scribe.fixtures.js";
import { normaliseForWer } from "../../../tools/scribe/transcript.wer.js";
import { shareEmbeddedDatabase } from "../../db/database.js";
import type { PgliteShare } from "../../db/pglite-share.js";

/** Running (an exited process its new parent has not reaped yet is a zombie: not running). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("scribe worker lifecycle: metrics, rolling restart, orphaned worker", () => {
  let t: TestApp;
  let lk: Awaited<ReturnType<typeof startOwnLivekit>>;
  let share: PgliteShare;
  const workers: (ScribeWorker & { metricsPort: number })[] = [];

  const startWorker = async () => {
    const metricsPort = await freeTcpPort();
    const w = await startScribeWorker({
      livekit: lk,
      databaseUrl: share.secretUrl,
      env: { WORKER_METRICS_PORT: String(metricsPort), SCRIBE_WORKER_DRAIN_MS: "30000" },
    });
    workers.push({ ...w, metricsPort });
    return workers.at(-1)!;
  };
  const exited = (w: ScribeWorker, ms: number) =>
    new Promise<number | null>((resolve, reject) => {
      if (w.process.exitCode !== null) return resolve(w.process.exitCode);
      const timer = setTimeout(() => reject(new Error(`worker ${w.process.pid} still running`)), ms);
      w.process.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  const scrape = async (w: { metricsPort: number }) => {
    const res = await fetch(`http://127.0.0.1:${w.metricsPort}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const value = (name: string) => {
      const line = text.split("\n").find((l) => l.startsWith(name + " ") || l.startsWith(name + "{"));
      return line === undefined ? undefined : Number(line.split(" ").at(-1));
    };
    return { text, value };
  };

  beforeAll(async () => {
    lk = await startOwnLivekit();
    t = await startTestApp({}, "pglite", { livekit: lk });
    share = (await shareEmbeddedDatabase(t.db, { host: "127.0.0.1", port: 0 }))!;
    // One after the other: two loading their models at once on a shared machine took over a minute.
    await startWorker();
    await startWorker();
  }, 180_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await share?.close();
    await t?.close();
    await lk?.stop();
  });

  it(
    "a visit in progress: metrics move, then each worker is restarted in turn and every utterance is stored",
    { timeout: 420_000 },
    async () => {
      const clips = librivoxClips();
      const v = await patientInCall(t.app);
      const speaker = new Speaker();
      await speaker.join(v.grant.url, v.grant.token);
      const mic = [{ visitId: v.visitId, identity: v.participantId }];
      await untilListening(workers, mic);
      const holder = () =>
        workers.find(
          (w) =>
            w.process.exitCode === null && w.jobPid(v.visitId) !== undefined && alive(w.jobPid(v.visitId)!),
        );

      // Metrics: one sentence, stored; the worker running the visit's job counts it.
      await speaker.speak(withGaps([clips[0]!.samples], 600));
      await expect
        .poll(async () => (await t.app.repos.transcripts.listByVisit(v.visitId)).length, { timeout: 60_000 })
        .toBeGreaterThan(0);
      const first = holder()!;
      const other = workers.find((w) => w !== first)!;
      await expect
        .poll(async () => (await scrape(first)).value('bedside_scribe_segments_written_total{status="ok"}'), {
          timeout: 10_000,
        })
        .toBeGreaterThanOrEqual(1);
      const m = await scrape(first);
      expect(m.value("bedside_scribe_jobs_running")).toBe(1);
      expect(m.value("bedside_scribe_stt_latency_seconds_count")).toBeGreaterThanOrEqual(1);
      expect(m.value("bedside_scribe_gaps_total")).toBe(0);
      expect(m.value("bedside_scribe_inference_process_exits_total")).toBe(0);
      expect(m.text).toMatch(/^bedside_scribe_worker_nodejs_eventloop_lag_p99_seconds \d/m);
      expect((await scrape(other)).value("bedside_scribe_jobs_running")).toBe(0);

      // Rolling restart, while the patient goes on talking: stop the job's worker, start it again,
      // then stop the other one.
      const said = [clips[0]!];
      for (const round of [1, 2]) {
        const stopping = holder()!;
        const sentences = [clips[round % clips.length]!, clips[(round + 2) % clips.length]!];
        said.push(...sentences);
        const talking = speaker.speak(
          withGaps(
            sentences.map((c) => c.samples),
            1_200,
          ),
        );
        await new Promise((r) => setTimeout(r, 1_500)); // mid-sentence
        stopping.process.kill("SIGTERM");
        await talking;
        expect(await exited(stopping, 90_000)).toBe(0);
        if (round === 1) await startWorker();
      }
      await speaker.speak(withGaps([clips[4 % clips.length]!.samples], 600));
      said.push(clips[4 % clips.length]!);
      await t.app.visits.end(v.clinicianId, v.visitId);
      await expect
        .poll(
          () =>
            workers.some(
              (w) =>
                w.process.exitCode === null &&
                w.lines.some((l) => l.includes("scribe job stopped") && l.includes(v.visitId)),
            ),
          { timeout: 120_000, interval: 250 },
        )
        .toBe(true);
      await speaker.leave();

      const segments = await t.app.repos.transcripts.listByVisit(v.visitId);
      const heard = normaliseForWer(segments.map((s) => s.text).join(" "));
      const perSentence = said.map((c) => wordRecall(normaliseForWer(c.reference), heard));
      console.log(
        `worker rolling restart: recall per sentence ${perSentence.map((r) => r.toFixed(2)).join(" ")}`,
      );
      for (const w of workers) for (const l of w.lines) if (/"level":"(warn|error)"/.test(l)) console.log(l);
      expect(segments.every((s) => s.status === "ok")).toBe(true);
      for (const r of perSentence) expect(r).toBeGreaterThan(0.8);
      expect(workers.flatMap((w) => w.lines).join("\n")).not.toContain("ERR_IPC_CHANNEL_CLOSED");
    },
  );

  it("a worker whose parent is gone exits on its own", { timeout: 120_000 }, async () => {
    const healthPort = await freeTcpPort();
    // A parent like `npm start`: it starts the worker, then dies without stopping it.
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const c = require("node:child_process").spawn(process.execPath, [${JSON.stringify(workerEntry)}], { stdio: "ignore" });
         console.log(c.pid); setInterval(() => {}, 1000);`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          LIVEKIT_URL: lk.url,
          LIVEKIT_API_KEY: lk.apiKey,
          LIVEKIT_API_SECRET: lk.apiSecret,
          DATABASE_URL: share.secretUrl,
          SCRIBE_WORKER_PORT: String(healthPort),
          SCRIBE_STT_WORKERS: "1",
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const pid = await new Promise<number>((resolve) =>
      parent.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${healthPort}/`).then(
            (r) => r.ok,
            () => false,
          ),
        {
          timeout: 90_000,
          interval: 250,
        },
      )
      .toBe(true);
    parent.kill("SIGKILL");
    const goneBy = Date.now() + 20_000;
    while (alive(pid) && Date.now() < goneBy) await new Promise((r) => setTimeout(r, 200));
    const lingering = alive(pid);
    if (lingering) process.kill(pid, "SIGKILL"); // not left behind by a failing test
    expect(lingering).toBe(false);
  });
});
