import {
  TRANSCRIPTION_ATTRIBUTES,
  TRANSCRIPTION_TOPIC,
  type CheckInRequest,
  type ScribeState,
} from "@bedside/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shareEmbeddedDatabase } from "../../db/database.js";
import type { PgliteShare } from "../../db/pglite-share.js";
import { createLivekit } from "../../livekit/livekit.client.js";
import { startTestApp, type TestApp } from "../../../test/harness.js";
import {
  startOwnLivekit,
  startScribeWorker,
  untilListening,
  type ScribeWorker,
} from "../../../test/scribe-stack.js";
import {
  librivoxClips,
  Speaker,
  withGaps,
  wordRecall,
  type Clip,
} from "../../../tools/scribe/scribe.fixtures.js";
import { normaliseForWer } from "../../../tools/scribe/transcript.wer.js";

/**
 * The scribe end to end on the server side: the real app, a real LiveKit server, a real scribe
 * worker process (LiveKit dispatches each visit's job to it; the job runs in its own process)
 * with the embedded Whisper engine and Silero VAD, the app's PGlite shared with it over its
 * socket, and participants that speak real read speech into the room as WebRTC microphone
 * tracks (the browser journey is e2e/tests/scribe.spec.ts).
 */
const checkIn = (consent: "granted" | "refused", name: string): CheckInRequest => ({
  displayName: name,
  scribeConsent: consent,
  deviceCheck: { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 5 },
});

describe("scribe worker (real LiveKit, real worker process, real speech)", () => {
  let t: TestApp;
  let clips: Clip[];
  let lk: Awaited<ReturnType<typeof startOwnLivekit>>;
  let share: PgliteShare;
  let worker: ScribeWorker;
  beforeAll(async () => {
    lk = await startOwnLivekit();
    t = await startTestApp({}, "pglite", { livekit: lk });
    share = (await shareEmbeddedDatabase(t.db, { host: "127.0.0.1", port: 0 }))!;
    worker = await startScribeWorker({
      livekit: lk,
      databaseUrl: share.secretUrl,
      env: { SCRIBE_STT_WORKERS: "2" },
    });
    clips = librivoxClips();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await share?.close();
    await t?.close();
    await lk?.stop();
  });

  /** The visit's job has left and stored every segment it had heard. */
  const settled = (visitId: string) =>
    expect
      .poll(() => worker.lines.some((l) => l.includes("scribe job stopped") && l.includes(visitId)), {
        timeout: 60_000,
      })
      .toBe(true);

  async function visitWith(guests: { role: "patient" | "interpreter"; consent: "granted" | "refused" }[]) {
    const c = await t.app.repos.clinicians.create({
      email: `dr-${Math.random().toString(36).slice(2)}@example.org`,
      displayName: "Dr. Rivera",
      passwordHash: "x",
    });
    const { visit, links } = await t.app.visits.createVisit(
      c.id,
      {
        patientDisplayName: "Pat",
        preferredLanguage: "en",
        interpreterNeeded: guests.some((g) => g.role === "interpreter"),
        scheduledAt: new Date().toISOString(),
      },
      "http://x",
    );
    const ids: string[] = [];
    for (const g of guests) {
      const secret = links.find((l) => l.role === g.role)!.url.split("/join/")[1]!;
      const { participantId } = await t.app.visits.checkIn(secret, checkIn(g.consent, g.role));
      await t.app.visits.joinWaitingRoom(participantId);
      await t.app.visits.admit(c.id, participantId);
      ids.push(participantId);
    }
    const clinicianGrant = await t.app.visits.clinicianCallGrant(c.id, visit.id);
    const guestGrants = await Promise.all(
      ids.map(async (id, i) =>
        t.app.visits.guestCallGrant({
          kind: "guest",
          participantId: id,
          visitId: visit.id,
          clinicianId: c.id,
          role: guests[i]!.role,
        }),
      ),
    );
    return { clinicianId: c.id, visitId: visit.id, ids, clinicianGrant, guestGrants };
  }

  async function waitForAgent(visitId: string): Promise<ScribeState> {
    await expect
      .poll(async () => (await t.app.scribe.state(visitId)).agent, { timeout: 60_000 })
      .toBe("listening");
    return t.app.scribe.state(visitId);
  }

  async function speaker(grant: { url: string; token: string }) {
    const s = new Speaker();
    await s.join(grant.url, grant.token);
    return s;
  }

  const untilListeningTo = (visitId: string, identities: string[], after = 0) =>
    untilListening(
      [worker],
      identities.map((identity) => ({ visitId, identity })),
      after,
    );

  const words = (segments: { text: string }[]) => normaliseForWer(segments.map((s) => s.text).join(" "));

  it(
    "transcribes each consenting person's own microphone with their identity and role, and nobody who refused",
    { timeout: 90_000 },
    async () => {
      const v = await visitWith([
        { role: "patient", consent: "granted" },
        { role: "interpreter", consent: "refused" },
      ]);
      const state = await waitForAgent(v.visitId);
      expect(state.participants.find((p) => p.role === "interpreter")).toMatchObject({
        state: "off",
        reason: "refused",
      });
      expect(state.participants.find((p) => p.role === "patient")).toMatchObject({ state: "listening" });

      const [patientClips, clinicianClips, interpreterClips] = [
        clips.slice(0, 2),
        clips.slice(2, 4),
        clips.slice(4),
      ];
      const patient = await speaker(v.guestGrants[0]!);
      const interpreter = await speaker(v.guestGrants[1]!);
      const clinician = await speaker(v.clinicianGrant);
      // The job subscribes after each publication arrives: speak once it listens to each consenting one.
      await untilListeningTo(v.visitId, [v.ids[0]!, `clinician-${v.clinicianId}`]);
      await Promise.all([
        patient.speak(
          withGaps(
            patientClips.map((c) => c.samples),
            1200,
          ),
        ),
        clinician.speak(
          withGaps(
            clinicianClips.map((c) => c.samples),
            1200,
          ),
        ),
        interpreter.speak(
          withGaps(
            interpreterClips.map((c) => c.samples),
            1200,
          ),
        ),
      ]);
      await t.app.visits.end(v.clinicianId, v.visitId); // the agent leaves
      await settled(v.visitId); // and stores what it had already heard
      await Promise.all([patient.leave(), clinician.leave(), interpreter.leave()]);

      const segments = await t.app.repos.transcripts.listByVisit(v.visitId);
      const byRole = (role: string) => segments.filter((s) => s.role === role);
      expect(byRole("interpreter")).toHaveLength(0);
      expect(segments.filter((s) => s.participant_identity === v.ids[1])).toHaveLength(0);
      expect(byRole("patient").length).toBeGreaterThan(0);
      expect(byRole("clinician").length).toBeGreaterThan(0);
      for (const s of byRole("patient"))
        expect(s).toMatchObject({ participant_identity: v.ids[0], participant_id: v.ids[0] });
      for (const s of byRole("clinician")) {
        expect(s).toMatchObject({ participant_identity: `clinician-${v.clinicianId}`, participant_id: null });
      }
      for (const s of segments) {
        expect(s).toMatchObject({
          status: "ok",
          language: "en",
          engine: expect.stringMatching(/^whisper:base@/),
        });
        expect(s.text.trim()).not.toBe("");
        expect(s.end_ms).toBeGreaterThan(s.start_ms);
      }
      // Time order across speakers (the clinician reads it this way after the visit).
      expect(segments.map((s) => s.start_ms)).toEqual(
        [...segments.map((s) => s.start_ms)].sort((a, b) => a - b),
      );

      const patientRecall = wordRecall(
        normaliseForWer(patientClips.map((c) => c.reference).join(" ")),
        words(byRole("patient")),
      );
      const clinicianRecall = wordRecall(
        normaliseForWer(clinicianClips.map((c) => c.reference).join(" ")),
        words(byRole("clinician")),
      );
      console.log(
        `scribe int: word recall patient ${patientRecall.toFixed(2)} clinician ${clinicianRecall.toFixed(2)}`,
      );
      // Whisper base alone misses 1 of these clips' 71 words; through WebRTC (Opus, resampling) and
      // the VAD's cuts, recall measured 1.00 (patient) and 0.97 (clinician). A wrong speaker
      // mapping or a broken audio path gives ~0; a word split by a hard cut costs ~0.1.
      expect(patientRecall).toBeGreaterThan(0.9);
      expect(clinicianRecall).toBeGreaterThan(0.9);
    },
  );

  it(
    "stops transcribing a voice while it is paused (by its owner or by the clinician for everyone) and records every change",
    { timeout: 120_000 },
    async () => {
      const v = await visitWith([{ role: "patient", consent: "granted" }]);
      await waitForAgent(v.visitId);
      const patientIdentity = v.ids[0]!;
      const clinicianIdentity = `clinician-${v.clinicianId}`;
      const patient = await speaker(v.guestGrants[0]!);
      await untilListeningTo(v.visitId, [patientIdentity]);
      const count = async () =>
        (await t.app.repos.transcripts.listByVisit(v.visitId)).filter(
          (s) => s.participant_identity === patientIdentity,
        ).length;

      // 1. Paused by the patient: speech while paused leaves no segment.
      let s = await t.app.scribe.change(
        v.visitId,
        { identity: patientIdentity, role: "patient" },
        "pause",
        "self",
      );
      expect(s.participants.find((p) => p.identity === patientIdentity)).toMatchObject({
        state: "paused",
        reason: "paused-self",
        pausedBy: { identity: patientIdentity, role: "patient" },
      });
      // While paused the shortest sentence (3.3 s) is as good as any: nothing may be stored.
      await patient.speak(withGaps([clips[4]!.samples], 1500));
      await new Promise((r) => setTimeout(r, 2500));
      expect(await count()).toBe(0);

      // 2. Resumed: the next sentence is transcribed.
      await t.app.scribe.change(v.visitId, { identity: patientIdentity, role: "patient" }, "resume", "self");
      await untilListeningTo(v.visitId, [patientIdentity], 1); // subscribed again
      await patient.speak(withGaps([clips[1]!.samples], 1500));
      await expect.poll(count, { timeout: 15_000 }).toBeGreaterThan(0);
      const afterResume = await count();

      // 3. Paused for everyone by the clinician: the patient cannot undo it, nothing is transcribed.
      s = await t.app.scribe.change(
        v.visitId,
        { identity: clinicianIdentity, role: "clinician" },
        "pause",
        "everyone",
      );
      expect(s.pausedForEveryone).toMatchObject({
        identity: clinicianIdentity,
        role: "clinician",
        name: "Dr. Rivera",
      });
      expect(s.participants.every((p) => p.state === "paused" && p.reason === "paused-everyone")).toBe(true);
      await expect(
        t.app.scribe.change(v.visitId, { identity: patientIdentity, role: "patient" }, "resume", "everyone"),
      ).rejects.toMatchObject({ code: "forbidden" });
      await patient.speak(withGaps([clips[4]!.samples], 1500));
      await new Promise((r) => setTimeout(r, 2500));
      expect(await count()).toBe(afterResume);

      // 4. Withdrawn for the rest of the visit.
      await t.app.scribe.change(
        v.visitId,
        { identity: clinicianIdentity, role: "clinician" },
        "resume",
        "everyone",
      );
      s = await t.app.scribe.change(
        v.visitId,
        { identity: patientIdentity, role: "patient" },
        "withdraw",
        "self",
      );
      expect(s.participants.find((p) => p.identity === patientIdentity)).toMatchObject({
        state: "off",
        reason: "withdrawn",
      });
      await expect(
        t.app.scribe.change(v.visitId, { identity: patientIdentity, role: "patient" }, "resume", "self"),
      ).rejects.toMatchObject({ code: "conflict" });
      await patient.speak(withGaps([clips[4]!.samples], 1500));
      await new Promise((r) => setTimeout(r, 2500));
      expect(await count()).toBe(afterResume);

      await t.app.visits.end(v.clinicianId, v.visitId);
      await settled(v.visitId);
      await patient.leave();
      expect((await t.app.scribe.state(v.visitId)).agent).toBe("off");

      const log = await t.db
        .selectFrom("scribe_consent_events")
        .select(["actor_identity", "actor_role", "action", "scope", "created_at"])
        .where("visit_id", "=", v.visitId)
        .orderBy("created_at")
        .execute();
      expect(log.map((e) => [e.actor_role, e.action, e.scope])).toEqual([
        ["patient", "pause", "self"],
        ["patient", "resume", "self"],
        ["clinician", "pause", "everyone"],
        ["clinician", "resume", "everyone"],
        ["patient", "withdraw", "self"],
      ]);
      for (const e of log) expect(e.created_at).toBeInstanceOf(Date);
    },
  );

  it(
    "captions: sends each consenting voice's words to the people who turned captions on, and to nobody else",
    { timeout: 90_000 },
    async () => {
      const v = await visitWith([
        { role: "patient", consent: "granted" },
        { role: "interpreter", consent: "refused" },
      ]);
      await waitForAgent(v.visitId);
      const clinicianIdentity = `clinician-${v.clinicianId}`;
      const patient = await speaker(v.guestGrants[0]!);
      const interpreter = await speaker(v.guestGrants[1]!);
      const clinician = await speaker(v.clinicianGrant);
      type Caption = { to: string; from: string; text: string; attributes: Record<string, string> };
      const captions: Caption[] = [];
      for (const [to, s] of [
        ["patient", patient],
        ["interpreter", interpreter],
        ["clinician", clinician],
      ] as const) {
        s.room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, from) => {
          void reader
            .readAll()
            .then((text) =>
              captions.push({ to, from: from.identity, text, attributes: reader.info.attributes ?? {} }),
            );
        });
      }
      // What captions:set does (captions.int.test.ts), for the patient only.
      const livekit = createLivekit({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret });
      expect(await livekit.setCaptions(v.visitId, v.ids[0]!, true)).toBe(true);
      await untilListeningTo(v.visitId, [clinicianIdentity]);
      const [clinicianClip, interpreterClip] = [clips[0]!, clips[1]!];
      await Promise.all([
        clinician.speak(withGaps([clinicianClip.samples], 1200)),
        // Refused the scribe: never transcribed, so never captioned.
        interpreter.speak(withGaps([interpreterClip.samples], 1200)),
      ]);
      const heard = () =>
        wordRecall(
          normaliseForWer(clinicianClip.reference),
          normaliseForWer(
            captions
              .filter((c) => c.to === "patient")
              .map((c) => c.text)
              .join(" "),
          ),
        );
      await expect.poll(heard, { timeout: 30_000 }).toBeGreaterThan(0.9);
      await t.app.visits.end(v.clinicianId, v.visitId);
      await settled(v.visitId);
      await Promise.all([patient.leave(), clinician.leave(), interpreter.leave()]);

      // Only the patient asked; every caption is the clinician's, in their name, with their track.
      expect(captions.filter((c) => c.to !== "patient")).toEqual([]);
      const clinicianTrack = [...clinician.room.localParticipant!.trackPublications.values()][0]!.sid;
      for (const c of captions) {
        expect(c).toMatchObject({
          from: clinicianIdentity,
          attributes: {
            [TRANSCRIPTION_ATTRIBUTES.final]: "true",
            [TRANSCRIPTION_ATTRIBUTES.trackId]: clinicianTrack,
            [TRANSCRIPTION_ATTRIBUTES.segmentId]: expect.any(String),
          },
        });
      }
      // The captions are the stored transcript's words, sent as each was transcribed.
      const stored = await t.app.repos.transcripts.listByVisit(v.visitId);
      expect(stored.map((s) => s.participant_identity)).toEqual(stored.map(() => clinicianIdentity));
      expect(captions.map((c) => c.text.trim()).sort()).toEqual(stored.map((s) => s.text.trim()).sort());
    },
  );

  it("resumes the scribe of a visit still in a call when a server starts", { timeout: 90_000 }, async () => {
    const v = await visitWith([{ role: "patient", consent: "granted" }]);
    await waitForAgent(v.visitId);
    // A crash loses what the server knew; the visit is still in_call in the database.
    await t.app.scribe.callEnded(v.visitId);
    expect((await t.app.scribe.state(v.visitId)).agent).toBe("off");
    expect(await t.app.scribe.resumeAll()).toBeGreaterThanOrEqual(1);
    await waitForAgent(v.visitId);
    await t.app.visits.end(v.clinicianId, v.visitId);
  });

  it(
    "a killed job: the server and the call go on, the job is dispatched again and transcribes within 5 s",
    // The new job must be the only one. Before the dead job's participant was removed ahead of
    // the new dispatch, LiveKit terminated the newcomer that took its identity over (see
    // livekit.client.ts, redispatch), and the visit waited for a third job: 4 to 12 s.
    { timeout: 120_000 },
    async () => {
      const v = await visitWith([{ role: "patient", consent: "granted" }]);
      await waitForAgent(v.visitId);
      const patient = await speaker(v.guestGrants[0]!);
      await untilListeningTo(v.visitId, [v.ids[0]!]);
      const patientSegments = async () =>
        (await t.app.repos.transcripts.listByVisit(v.visitId)).filter(
          (s) => s.participant_identity === v.ids[0],
        );
      // Transcribing before the kill (a short sentence: only that a segment is stored counts here).
      await patient.speak(withGaps([clips[4]!.samples], 1200));
      await expect.poll(async () => (await patientSegments()).length, { timeout: 20_000 }).toBeGreaterThan(0);
      const before = (await patientSegments()).length;

      const pid = worker.jobPid(v.visitId);
      expect(pid).toBeGreaterThan(0);
      const joins = () =>
        worker.lines.filter((l) => l.includes("scribe job joined") && l.includes(v.visitId)).length;
      const listening = () => worker.listenings(v.visitId, v.ids[0]!);
      const listenedBefore = listening();
      const killedAt = Date.now();
      process.kill(pid!, "SIGKILL");
      // The server does not notice beyond its indicator; it answers at once.
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      await expect.poll(joins, { timeout: 20_000, interval: 50 }).toBe(2);
      const rejoinedMs = Date.now() - killedAt;
      expect(worker.jobPid(v.visitId)).not.toBe(pid);
      // Transcription resumes when the new job listens to the patient's microphone again.
      await expect.poll(listening, { timeout: 20_000, interval: 50 }).toBeGreaterThan(listenedBefore);
      const listeningMs = Date.now() - killedAt;

      // The new job transcribes what is said next, in the same call.
      await patient.speak(withGaps([clips[1]!.samples], 1200));
      const spokeAt = Date.now();
      const recallAfter = async () =>
        wordRecall(normaliseForWer(clips[1]!.reference), words((await patientSegments()).slice(before)));
      await expect.poll(recallAfter, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0.8);
      const storedMs = Date.now() - spokeAt;
      const recall = await recallAfter();
      console.log(
        `scribe job kill: new job in the room ${rejoinedMs} ms after SIGKILL, listening ${listeningMs} ms after it; next utterance (${clips[1]!.samples.length / 16} ms) stored ${storedMs} ms after it ended; recall ${recall.toFixed(2)}`,
      );
      expect(listeningMs).toBeLessThan(5_000);
      const redispatches = worker.lines.filter(
        (l) => l.includes("dispatched again") && l.includes(v.visitId),
      );
      expect(redispatches).toHaveLength(1);
      expect(joins()).toBe(2);
      expect(patient.room.isConnected).toBe(true);
      await t.app.visits.end(v.clinicianId, v.visitId);
      await patient.leave();
    },
  );
});
