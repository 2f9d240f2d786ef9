// One speech-engine pool per scribe worker: two visits' jobs on one worker (two job processes,
// plus the idle one the framework keeps loaded) are decoded by the same Whisper processes, as many
// as SCRIBE_STT_WORKERS, and both transcripts are stored. And when the process holding the pool
// dies, the worker makes way for a new one.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patientInCall, startTestApp, type TestApp } from "../../../test/harness.js";
import {
  startOwnLivekit,
  startScribeWorker,
  untilListening,
  type ScribeWorker,
} from "../../../test/scribe-stack.js";
import { librivoxClips, Speaker, withGaps, wordRecall } from "../../../tools/scribe/scribe.fixtures.js";
import { normaliseForWer } from "../../../tools/scribe/transcript.wer.js";
import { shareEmbeddedDatabase } from "../../db/database.js";
import type { PgliteShare } from "../../db/pglite-share.js";

/** Every process under `root` (its children, theirs, …) with its parent and command line, from /proc. */
function processTree(root: number): { pid: number; ppid: number; cmd: string }[] {
  const all: { pid: number; ppid: number; cmd: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      all.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && inTree.has(p.pid));
}

describe("scribe worker: one speech-engine pool for all its jobs", () => {
  let t: TestApp;
  let lk: Awaited<ReturnType<typeof startOwnLivekit>>;
  let share: PgliteShare;
  let worker: ScribeWorker;
  // The old worker leaves within 3 s instead of 20 s when the second test kills its speech
  // engines and the framework waits on a job process it was starting (about half the runs).
  const knobs = { SCRIBE_WORKER_RESTART_DEADLINE_MS: "3000" };
  beforeAll(async () => {
    lk = await startOwnLivekit();
    t = await startTestApp({}, "pglite", { livekit: lk });
    share = (await shareEmbeddedDatabase(t.db, { host: "127.0.0.1", port: 0 }))!;
    worker = await startScribeWorker({
      livekit: lk,
      databaseUrl: share.secretUrl,
      env: { ...knobs, SCRIBE_STT_WORKERS: "1" },
    });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await share?.close();
    await t?.close();
    await lk?.stop();
  });

  const engines = () => processTree(worker.process.pid!).filter((p) => p.cmd.includes("whisper_worker.py"));

  it(
    "two visits' jobs share the worker's one set of Whisper processes, and both transcripts are stored",
    { timeout: 300_000 },
    async () => {
      const clips = librivoxClips();
      const visits = await Promise.all([0, 1].map(() => patientInCall(t.app)));
      await expect
        .poll(() => visits.every((v) => worker.jobPid(v.visitId) !== undefined), {
          timeout: 120_000,
          interval: 250,
        })
        .toBe(true);
      const jobPids = visits.map((v) => worker.jobPid(v.visitId)!);
      expect(new Set(jobPids).size).toBe(2); // each visit in its own process
      // Give a job process that would load its own engines time to start them.
      await new Promise((r) => setTimeout(r, 5_000));
      const running = engines();
      const tree = processTree(worker.process.pid!);
      const parentOf = (pid: number) => tree.find((p) => p.pid === pid)?.ppid;
      console.log(
        `scribe pool: ${running.length} Whisper process(es) under the worker, ${jobPids.length} job processes; engine parents ${running.map((e) => e.ppid).join(",")}`,
      );
      expect(running).toHaveLength(1);
      // Started by neither job (nor by the idle job process beside them), but by the worker's one inference process.
      for (const pid of jobPids) expect(running[0]!.ppid).not.toBe(pid);
      expect(parentOf(running[0]!.ppid)).toBe(worker.process.pid);
      // The inference process runs the scribe's runner only (its runners are its argument), not the
      // framework's end-of-turn model.
      const inference = tree.find((p) => p.pid === running[0]!.ppid)!;
      expect(inference.cmd).toContain("bedside_scribe_stt");
      expect(inference.cmd).not.toContain("lk_eot_audio");

      const speakers = await Promise.all(
        visits.map(async (v) => {
          const s = new Speaker();
          await s.join(v.grant.url, v.grant.token);
          return s;
        }),
      );
      await untilListening(
        [worker],
        visits.map((v) => ({ visitId: v.visitId, identity: v.participantId })),
      );
      const said = visits.map((_, i) => [clips[(2 * i) % clips.length]!, clips[(2 * i + 1) % clips.length]!]);
      await Promise.all(
        speakers.map((s, i) =>
          s.speak(
            withGaps(
              said[i]!.map((c) => c.samples),
              1200,
            ),
          ),
        ),
      );
      for (const v of visits) await t.app.visits.end(v.clinicianId, v.visitId);
      await expect
        .poll(
          () =>
            visits.every((v) =>
              worker.lines.some((l) => l.includes("scribe job stopped") && l.includes(v.visitId)),
            ),
          { timeout: 120_000, interval: 250 },
        )
        .toBe(true);
      await Promise.all(speakers.map((s) => s.leave()));
      // Still the same one engine: nothing started another while both visits talked.
      expect(engines().map((e) => e.pid)).toEqual([running[0]!.pid]);

      const recalls = await Promise.all(
        visits.map(async (v, i) => {
          const segments = await t.app.repos.transcripts.listByVisit(v.visitId);
          expect(segments.length).toBeGreaterThan(0);
          expect(segments.every((s) => s.participant_identity === v.participantId && s.status === "ok")).toBe(
            true,
          );
          return wordRecall(
            normaliseForWer(said[i]!.map((c) => c.reference).join(" ")),
            normaliseForWer(segments.map((s) => s.text).join(" ")),
          );
        }),
      );
      console.log(`scribe pool: word recall per visit ${recalls.map((r) => r.toFixed(2)).join(" ")}`);
      for (const l of worker.lines)
        if (l.includes('"level":"warn"') || l.includes('"level":"error"')) console.log(l);
      for (const r of recalls) expect(r).toBeGreaterThan(0.9);
    },
  );

  it(
    "the pool's process killed: the worker closes and exits with an error, and a worker started again takes the visit over",
    { timeout: 240_000 },
    async () => {
      const clips = librivoxClips();
      const v = await patientInCall(t.app);
      await expect.poll(() => worker.jobPid(v.visitId), { timeout: 120_000, interval: 250 }).toBeDefined();
      const speaker = new Speaker();
      await speaker.join(v.grant.url, v.grant.token);
      const inference = processTree(worker.process.pid!).find(
        (p) => p.ppid === worker.process.pid && p.cmd.includes("inference_proc"),
      );
      expect(inference).toBeDefined();
      const old = worker.process;
      const exited = new Promise<number | null>((resolve) => old.once("exit", (code) => resolve(code)));
      const killedAt = Date.now();
      process.kill(inference!.pid, "SIGKILL");
      // What `npm start` does when its worker exits: start it again.
      expect(await exited).toBe(1);
      const exitedMs = Date.now() - killedAt;
      worker = await startScribeWorker({
        livekit: lk,
        databaseUrl: share.secretUrl,
        env: { ...knobs, SCRIBE_STT_WORKERS: "1" },
      });
      // The server finds the visit's scribe missing and dispatches it again; the new worker takes it.
      await expect.poll(() => worker.jobPid(v.visitId), { timeout: 60_000, interval: 250 }).toBeDefined();
      const backMs = Date.now() - killedAt;
      await untilListening([worker], [{ visitId: v.visitId, identity: v.participantId }]);
      await speaker.speak(withGaps([clips[0]!.samples], 1200));
      await expect
        .poll(async () => (await t.app.repos.transcripts.listByVisit(v.visitId)).length, { timeout: 30_000 })
        .toBeGreaterThan(0);
      const segments = await t.app.repos.transcripts.listByVisit(v.visitId);
      const recall = wordRecall(
        normaliseForWer(clips[0]!.reference),
        normaliseForWer(segments.map((s) => s.text).join(" ")),
      );
      console.log(
        `scribe pool killed: worker exited ${exitedMs} ms after the SIGKILL; visit's job back ${backMs} ms after it; recall ${recall.toFixed(2)}`,
      );
      expect(segments.every((s) => s.status === "ok")).toBe(true);
      expect(recall).toBeGreaterThan(0.8);
      await t.app.visits.end(v.clinicianId, v.visitId);
      await speaker.leave();
    },
  );
});
