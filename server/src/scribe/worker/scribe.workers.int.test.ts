// Issue 16: two scribe workers registered with one LiveKit, four visits in a call at once: LiveKit
// splits the visits' jobs between the workers, and each visit's transcript is complete.
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

describe("scribe workers: four visits, two workers", () => {
  let t: TestApp;
  let lk: Awaited<ReturnType<typeof startOwnLivekit>>;
  let share: PgliteShare;
  const workers: ScribeWorker[] = [];
  beforeAll(async () => {
    lk = await startOwnLivekit();
    t = await startTestApp({}, "pglite", { livekit: lk });
    share = (await shareEmbeddedDatabase(t.db, { host: "127.0.0.1", port: 0 }))!;
    // Each worker is full at two visits, so LiveKit has to use both for four. Started together:
    // loading their models one after the other only made the file longer.
    workers.push(
      ...(await Promise.all(
        [0, 1].map(() =>
          startScribeWorker({
            livekit: lk,
            databaseUrl: share.secretUrl,
            env: { SCRIBE_WORKER_MAX_JOBS: "2" },
          }),
        ),
      )),
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await share?.close();
    await t?.close();
    await lk?.stop();
  });

  const ranOn = (visitId: string) =>
    workers.findIndex((w) => w.lines.some((l) => l.includes("scribe job joined") && l.includes(visitId)));

  it(
    "LiveKit splits the jobs between the workers, and each visit's transcript is complete",
    { timeout: 300_000 },
    async () => {
      const clips = librivoxClips();
      const visits = await Promise.all([0, 1, 2, 3].map(() => patientInCall(t.app)));
      await expect
        .poll(() => visits.every((v) => ranOn(v.visitId) >= 0), { timeout: 120_000, interval: 250 })
        .toBe(true)
        .catch((err: unknown) => {
          // Which visits found no worker, and what each worker said about jobs meanwhile.
          console.log(`scribe workers: placement ${visits.map((v) => ranOn(v.visitId)).join(" ")}`);
          workers.forEach((w, i) => {
            for (const l of w.lines) if (/job|full|warn/.test(l)) console.log(`worker ${i}: ${l}`);
          });
          throw err;
        });
      const placement = visits.map((v) => ranOn(v.visitId));
      console.log(
        `scribe workers: jobs per worker ${[0, 1].map((w) => placement.filter((p) => p === w).length).join(" + ")}`,
      );
      expect(placement.filter((p) => p === 0)).toHaveLength(2);
      expect(placement.filter((p) => p === 1)).toHaveLength(2);

      const speakers = await Promise.all(
        visits.map(async (v) => {
          const s = new Speaker();
          await s.join(v.grant.url, v.grant.token);
          return s;
        }),
      );
      await untilListening(
        workers,
        visits.map((v) => ({ visitId: v.visitId, identity: v.participantId })),
      );
      // Everyone talks at once, in four rooms: two sentences each, rotated.
      const said = visits.map((_, i) => [clips[i % clips.length]!, clips[(i + 1) % clips.length]!]);
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
              workers.some((w) =>
                w.lines.some((l) => l.includes("scribe job stopped") && l.includes(v.visitId)),
              ),
            ),
          { timeout: 120_000, interval: 250 },
        )
        .toBe(true);
      await Promise.all(speakers.map((s) => s.leave()));

      const recalls = await Promise.all(
        visits.map(async (v, i) => {
          const segments = await t.app.repos.transcripts.listByVisit(v.visitId);
          expect(segments.every((s) => s.participant_identity === v.participantId && s.status === "ok")).toBe(
            true,
          );
          return wordRecall(
            normaliseForWer(said[i]!.map((c) => c.reference).join(" ")),
            normaliseForWer(segments.map((s) => s.text).join(" ")),
          );
        }),
      );
      console.log(`scribe workers: word recall per visit ${recalls.map((r) => r.toFixed(2)).join(" ")}`);
      // What went wrong, if anything did (warnings carry ids and reasons, never text).
      for (const w of workers) for (const l of w.lines) if (l.includes('"level":"warn"')) console.log(l);
      for (const r of recalls) expect(r).toBeGreaterThan(0.9);
    },
  );
});
