import { readFileSync, rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import {
  scribeListensTo,
  settledTranscript,
  spokenMicrophone,
  tempDir,
  untilTranscribed,
  wordsOf,
  wordsSaidBy,
} from "../tests/scribed-visit";
import {
  cluster,
  launchBrowser,
  pageOnApi,
  psqlValue,
  restartWorker,
  signIn,
  untilWorkerReady,
  workersSegmentsWritten,
} from "./cluster";

const clinicianSays = ["What brings you in today?", "Take the tablets with food, twice a day."];
const patientSays = ["My knee has been swollen for three days.", "It hurts when I climb the stairs."];
const interpreterSays = ["She says the pain started after a fall."];

/**
 * Longest silence, in a person's transcript, between the end of one utterance and the start of the
 * next while their microphone plays: 0.8 s of silence around each sentence (1.6 s between two)
 * plus what the voice detector trims; a lost sentence (the shortest is 1.3 s) leaves ≥ 4.5 s.
 */
const MAX_PAUSE_MS = 4_000;
/** Two jobs timing one utterance from their own subscription may differ by this much, no more. */
const OVERLAP_TOLERANCE_MS = 250;

test("a clinician on API 1, a patient and an interpreter on API 2: one scribed visit over TLS through Caddy, a rolling restart of both workers during it, its transcript complete without duplicates", async () => {
  test.setTimeout(300_000);
  const { url, apis } = cluster();
  expect(url).toMatch(/^https:\/\//);
  const dir = tempDir();
  const mics = {
    clinician: spokenMicrophone(dir, "clinician", "rms", clinicianSays),
    patient: spokenMicrophone(dir, "patient", "slt", patientSays),
    interpreter: spokenMicrophone(dir, "interpreter", "awb", interpreterSays),
  };
  const startsBefore = cluster().workers.map((w) => w.starts);
  const browsers = await Promise.all([mics.clinician, mics.patient, mics.interpreter].map(launchBrowser));
  try {
    const [cb, pb, ib] = browsers;
    const { page: c } = await pageOnApi(cb!, 1);
    const { page: p } = await pageOnApi(pb!, 2, { viewport: { width: 390, height: 844 } });
    const { page: i } = await pageOnApi(ib!, 2);
    // Which instance answered: Caddy names none, so each page's own cookie is checked against the API's.
    for (const [page, n] of [
      [c, 0],
      [p, 1],
      [i, 1],
    ] as const) {
      const cookies = await page.context().cookies(url);
      expect(cookies.find((k) => k.name === "bedside_lb")?.value).toBe(apis[n]!.lbCookie);
    }

    await signIn(c);
    await c.getByLabel("Patient name").fill("Kim Walker");
    await c.getByLabel("Preferred language").selectOption("en");
    await c.getByLabel("Interpreter needed").check();
    await c.getByRole("button", { name: "Create visit and links" }).click();
    const links = c.getByRole("region", { name: "Links for Kim Walker" });
    const patientLink = await links.getByLabel("Patient link").inputValue();
    const interpreterLink = await links.getByLabel("Interpreter link").inputValue();
    expect(patientLink.startsWith(url)).toBe(true);

    for (const [page, link, name] of [
      [p, patientLink, "Kim Walker"],
      [i, interpreterLink, "Ana Interpreter"],
    ] as const) {
      await page.goto(link);
      await expect(page.getByRole("heading", { name: "Before you join" })).toBeVisible();
      await page.getByRole("button", { name: "Play a test sound" }).click();
      await page.getByRole("button", { name: "Yes", exact: true }).click();
      await page.getByLabel(/Your name/).fill(name);
      await page.getByLabel("Yes, it may take notes of what I say").check();
      await page.getByLabel(/^Join with voice only \(no video\)/).check();
      await page.getByRole("button", { name: "Join the waiting room" }).click();
      await expect(page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
    }

    await c.getByRole("button", { name: "Admit Kim Walker" }).click();
    await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
    const visitId = /\/clinic\/visits\/([\w-]+)\/call$/.exec(c.url())![1]!;
    await c.getByRole("button", { name: "Voice only" }).click();
    await c.getByRole("button", { name: "Admit Ana Interpreter" }).click();
    for (const page of [c, p, i])
      await expect(page.getByRole("region", { name: "People in the call" }).getByRole("figure")).toHaveCount(
        3,
        {
          timeout: 30_000,
        },
      );
    // A busy machine may take a while to start the scribe's job process (the helper waits 30 s).
    const listening = () =>
      new Set(
        readFileSync(process.env.BEDSIDE_SCRIBE_LOG!, "utf8")
          .split("\n")
          .filter((l) => l.includes(visitId) && l.includes("scribe listening to a track"))
          .map((l) => (JSON.parse(l) as { participantId: string }).participantId),
      ).size;
    await expect.poll(listening, { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(3);
    await scribeListensTo(visitId, 3);

    // Rolling restart while everyone's speech plays, each worker once, the next only when the
    // one before is registered again: first the worker without the visit's job, then the one
    // running it, which hands it over to the first as it drains. (Two hand-overs in a row, the
    // job on the restarted worker first: worker.lifecycle.int.test.ts. The other order here cost
    // ~15 s more of CI for a second drain.)
    const callStartedAt = Number(
      psqlValue(`select floor(extract(epoch from started_at) * 1000) from visits where id = '${visitId}'`),
    );
    const acceptedBy = readFileSync(process.env.BEDSIDE_SCRIBE_LOG!, "utf8")
      .split("\n")
      .filter((l) => l.includes(visitId) && l.includes("scribe job accepted"))
      .map((l) => (JSON.parse(l) as { pid: number }).pid)
      .at(-1);
    const holder = cluster().workers.find((w) => w.pid === acceptedBy)?.name;
    expect(holder, "the worker that accepted the visit's job").toBeDefined();
    const order = cluster()
      .workers.map((w) => w.name)
      .sort((a, b) => Number(a === holder) - Number(b === holder));
    const restartFrom = Date.now() - callStartedAt;
    for (const [n, name] of order.entries()) {
      const began = Date.now();
      await restartWorker(name);
      const drained = Date.now();
      // The next worker hands its job to this one: it must be registered by then.
      if (n < order.length - 1) await untilWorkerReady(name);
      console.log(
        `${name}${name === holder ? " (the visit's job)" : ""}: drained and exited in ${((drained - began) / 1000).toFixed(1)} s, ready again ${((Date.now() - drained) / 1000).toFixed(1)} s later`,
      );
    }
    const restartTo = Date.now() - callStartedAt;
    // The job that has the visit now transcribes each person: something each said since is stored.
    await expect
      .poll(
        () =>
          Number(
            psqlValue(
              `select count(distinct role) from transcript_segments where visit_id = '${visitId}' and start_ms > ${restartTo}`,
            ),
          ),
        { timeout: 60_000, intervals: [500] },
      )
      .toBe(3);
    // The counters and the stored rows, read together (again if a segment was stored meanwhile):
    // the job is on the worker restarted first; the other one, just started, has none (its
    // /metrics may not answer yet).
    const storedNow = () =>
      Number(psqlValue(`select count(*) from transcript_segments where visit_id = '${visitId}'`));
    let storedBefore: number;
    let segmentsBefore: number;
    do {
      storedBefore = storedNow();
      segmentsBefore = await workersSegmentsWritten([order[0]!]);
    } while (storedNow() !== storedBefore);

    const heard = [
      { role: "clinician", sentences: clinicianSays },
      { role: "patient", sentences: patientSays },
      { role: "interpreter", sentences: interpreterSays },
    ];
    await untilTranscribed(c, visitId, heard, Object.values(mics));

    await c.getByRole("button", { name: "End visit for everyone" }).click();
    await c
      .getByRole("alertdialog", { name: "End the visit for everyone?" })
      .getByRole("button", { name: "End the visit" })
      .click();
    await expect(c.getByRole("heading", { name: "The visit has ended" })).toBeVisible();
    // The end reaches the patient's instance (API 2) through PostgreSQL (socket.io's adapter); seen
    // taking over 15 s on a loaded machine, when the page first says "You left the call".
    await expect(p.getByRole("heading", { name: "Your visit has ended" })).toBeVisible({ timeout: 45_000 });

    const transcript = await settledTranscript(c, visitId);
    for (const { role, sentences } of heard) {
      const have = wordsSaidBy(transcript, role);
      for (const sentence of sentences) {
        const words = wordsOf(sentence);
        const found = words.filter((w) => have.has(w)).length;
        expect(found, `${role}: "${sentence}"`).toBeGreaterThanOrEqual(0.8 * words.length);
      }
    }

    // No utterance lost across the hand-overs, none stored twice: from the first restart to the
    // end of the visit, each person's stored utterances follow one another with no longer silence
    // between them than their recording has, and never overlap (one voice says one thing at a time).
    const gaps = psqlValue(
      `select role || ' ' || start_ms || '-' || end_ms || ' ms: ' || coalesce(failure_reason, status) from transcript_segments where visit_id = '${visitId}' and status <> 'ok' order by start_ms`,
    );
    if (gaps) console.log(`gaps (restarts from ${restartFrom} to ${restartTo} ms):\n${gaps}`);
    expect(transcript.filter((s) => s.status !== "ok").map((s) => s.status)).toEqual([]);
    for (const { role } of heard) {
      const mine = transcript
        .filter((s) => s.role === role && s.endMs > restartFrom - MAX_PAUSE_MS)
        .sort((a, b) => a.startMs - b.startMs);
      const pauses = mine.slice(1).map((s, k) => s.startMs - mine[k]!.endMs);
      console.log(
        `${role}: ${mine.length} utterances from ${restartFrom} ms (first restart) to the end, via ${restartTo} ms (last); pauses ${pauses.join(" ")} ms`,
      );
      expect(mine[0]!.startMs - restartFrom, `${role} heard as the restarts began`).toBeLessThanOrEqual(
        MAX_PAUSE_MS,
      );
      for (const [k, pause] of pauses.entries()) {
        const [before, after] = [mine[k]!, mine[k + 1]!];
        const at = `${role} between ${before.endMs} and ${after.startMs} ms ("${before.text}" / "${after.text}")`;
        expect(pause, `nothing lost: ${at}`).toBeLessThanOrEqual(MAX_PAUSE_MS);
        expect(pause, `no duplicate: ${at}`).toBeGreaterThanOrEqual(-OVERLAP_TOLERANCE_MS);
      }
    }

    // What Prometheus would see: the segment counter of the worker running the job rose by exactly
    // the segments (and gaps) the visit stored since it was read (after the restarts: a restarted
    // worker's counters start at 0). Each job process reports its segments to its worker over loopback.
    const stored = storedNow();
    console.log(
      `the visit's segments in PostgreSQL: ${stored}, ${storedBefore} of them before the workers' counters were read (${segmentsBefore})`,
    );
    // On a loaded machine the restarts can outlast the speech: then nothing is stored after the
    // read, and the counter must not have moved either (seen when another suite ran beside it).
    expect(stored).toBeGreaterThanOrEqual(storedBefore);
    // An utterance cut by a restart and written again whole by the next job is written twice and
    // stored once (the repository keeps one of the same words, `sameWords`): at most one such copy
    // per restart is counted beyond what was stored (ci31: counter 3, stored 2).
    const written = async () => (await workersSegmentsWritten([order[0]!])) - segmentsBefore;
    await expect
      .poll(written, { timeout: 15_000, intervals: [500] })
      .toBeGreaterThanOrEqual(stored - storedBefore);
    expect(await written()).toBeLessThanOrEqual(stored - storedBefore + order.length);
    // Each worker started once more (the restart), never again on its own.
    await untilWorkerReady(order.at(-1)!);
    expect(cluster().workers.map((w) => w.starts)).toEqual(startsBefore.map((n) => n + 1));
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  }
});
