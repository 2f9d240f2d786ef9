// Issue 16: the API server SIGKILLed mid-visit, with the embedded PGlite (the harder case: the
// database is down with it). What is said while it is down must be transcribed by the worker's
// job and stored once the server is back — once.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeTcpPort } from "../../../../scripts/livekit.mjs";
import {
  startOwnLivekit,
  startScribeWorker,
  untilListening,
  type ScribeWorker,
} from "../../../test/scribe-stack.js";
import { librivoxClips, Speaker, withGaps, wordRecall } from "../../../tools/scribe/scribe.fixtures.js";
import { normaliseForWer } from "../../../tools/scribe/transcript.wer.js";
import { patientInCall } from "../../../test/harness.js";
import { createApp } from "../../app.js";
import { DB_SHARE_SECRET_FILE, parseConfig } from "../../config.js";
import { migrateToLatest, openDatabase } from "../../db/database.js";
import { createLivekit } from "../../livekit/livekit.client.js";

const entry = fileURLToPath(new URL("../../../dist/index.js", import.meta.url));
describe("scribe worker: the API server killed mid-visit (embedded PGlite)", () => {
  let lk: Awaited<ReturnType<typeof startOwnLivekit>>;
  let worker: ScribeWorker;
  let server: ChildProcess | undefined;
  let patient: Speaker | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bedside-restart-"));
  const secretFile = path.join(dataDir, DB_SHARE_SECRET_FILE);
  let env: Record<string, string>;
  let databaseUrl: string;

  async function startServer(): Promise<void> {
    const child = spawn(process.execPath, [entry], { env, stdio: ["ignore", "pipe", "inherit"] });
    server = child;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("Bedside is running")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
  }

  beforeAll(async () => {
    lk = await startOwnLivekit();
    const sharePort = await freeTcpPort();
    databaseUrl = `postgres://postgres@127.0.0.1:${sharePort}/postgres`;
    env = {
      PATH: process.env.PATH ?? "",
      PORT: String(await freeTcpPort()),
      DATA_DIR: dataDir,
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      SCRIBE_DB_SHARE_PORT: String(sharePort),
      DEMO_SEED: "false",
      LOG_LEVEL: "silent",
    };
  }, 120_000);
  afterAll(async () => {
    await patient?.leave().catch(() => {});
    if (server?.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    await worker?.stop();
    await lk?.stop();
  });

  /** A visit in a call with an admitted patient, set up in the data directory the server will use. */
  async function visitInCall() {
    const config = parseConfig({ ...env, SCRIBE_ENABLED: "false" });
    const db = await openDatabase(config.database);
    await migrateToLatest(db);
    const app = await createApp({ config, db, livekit: createLivekit(config.livekit) });
    const { clinicianId, visitId, participantId, grant } = await patientInCall(app);
    await app.visits.clinicianCallGrant(clinicianId, visitId);
    await app.close();
    await db.destroy();
    return { visitId, participantId, grant };
  }

  /** The visit's segments, read through the server's shared database (throws while it is down). */
  async function segments(visitId: string) {
    const client = new pg.Client({
      connectionString: databaseUrl.replace(
        "postgres@",
        `postgres:${readFileSync(secretFile, "utf8").trim()}@`,
      ),
    });
    await client.connect();
    try {
      const r = await client.query<{ id: string; text: string; start_ms: number }>(
        "select id, text, start_ms from transcript_segments where visit_id = $1 order by start_ms",
        [visitId],
      );
      return r.rows;
    } finally {
      await client.end();
    }
  }

  it(
    "what is said while the server is down is transcribed and stored once it is back, once",
    { timeout: 240_000 },
    async () => {
      const clips = librivoxClips();
      const v = await visitInCall();
      patient = new Speaker();
      await patient.join(v.grant.url, v.grant.token); // the call goes on in LiveKit
      await startServer(); // at start: a call with people in it gets its scribe
      // The worker reads which deployment it serves from the database (through the server).
      // The share's password changes at each server start: the worker reads it from its file.
      worker = await startScribeWorker({
        livekit: lk,
        databaseUrl,
        env: { DATABASE_PASSWORD_FILE: secretFile },
      });
      await expect
        .poll(() => worker.lines.some((l) => l.includes("scribe job joined") && l.includes(v.visitId)), {
          timeout: 60_000,
        })
        .toBe(true);
      await untilListening([worker], [{ visitId: v.visitId, identity: v.participantId }]);
      // Transcribing before the kill (a short sentence: only that a segment is stored counts here).
      await patient.speak(withGaps([clips[4]!.samples], 1200));
      await expect
        .poll(async () => (await segments(v.visitId)).length, { timeout: 20_000 })
        .toBeGreaterThan(0);
      const before = (await segments(v.visitId)).length;

      server!.kill("SIGKILL");
      await new Promise((r) => server!.once("exit", r));
      const killedAt = Date.now();
      const spoken = [clips[1]!, clips[2]!];
      await patient.speak(
        withGaps(
          spoken.map((c) => c.samples),
          1200,
        ),
      );
      const downMs = Date.now() - killedAt;
      await expect(segments(v.visitId)).rejects.toThrow(); // the database really was down meanwhile

      await startServer();
      const backAt = Date.now();
      await expect
        .poll(async () => (await segments(v.visitId).catch(() => [])).length, {
          timeout: 60_000,
          interval: 100,
        })
        .toBeGreaterThanOrEqual(before + spoken.length);
      const storedMs = Date.now() - backAt;
      await new Promise((r) => setTimeout(r, 2000)); // nothing more arrives (no duplicates)
      const all = await segments(v.visitId);
      const during = all.slice(before);
      const recall = wordRecall(
        normaliseForWer(spoken.map((c) => c.reference).join(" ")),
        normaliseForWer(during.map((s) => s.text).join(" ")),
      );
      console.log(
        `scribe server kill: server down ${downMs} ms while ${spoken.length} sentences were said; ${during.length} segments stored ${storedMs} ms after it was back; recall ${recall.toFixed(2)}`,
      );
      expect(recall).toBeGreaterThan(0.9);
      expect(new Set(all.map((s) => s.start_ms)).size).toBe(all.length);
      expect(patient.room.isConnected).toBe(true);
    },
  );
});
