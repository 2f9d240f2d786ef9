import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { SttPool } from "./stt.pool.js";
import { toSamples, type SttInput, type SttProvider, type SttResult } from "./stt/stt.provider.js";
import { type InferenceClient, RemoteStt, STT_INFERENCE_METHOD, SttHost } from "./stt.remote.js";

/** An engine that answers only when told to, recording the samples it was asked to decode. */
class HeldEngine implements SttProvider {
  readonly engine = "held";
  readonly seen: number[][] = [];
  readonly #pending: (() => void)[] = [];
  transcribe(input: SttInput): Promise<SttResult> {
    const samples = [...toSamples(input.pcm)!];
    this.seen.push(samples);
    return new Promise((resolve) =>
      this.#pending.push(() =>
        resolve({
          ok: true,
          text: `${input.languages[0]}:${samples.join(",")}:${input.vocabulary?.[0] ?? ""}`,
          language: input.languages[0],
          confidence: 0.5,
          engine: this.engine,
        }),
      ),
    );
  }
  release(): void {
    this.#pending.shift()?.();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The framework's path between a job and the inference process, as it behaves: every message is
 * JSON (IPC), requests go out in the order they are made, and a method it does not know fails.
 */
function framework(host: SttHost): InferenceClient & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async doInference(method, data) {
      if (method !== STT_INFERENCE_METHOD) throw new Error(`unknown method ${method}`);
      const wire = JSON.stringify(data);
      sent.push((JSON.parse(wire) as { op: string }).op);
      return JSON.parse(JSON.stringify(await host.handle(JSON.parse(wire))));
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const say = (...samples: number[]): SttInput => ({ pcm: Int16Array.from(samples), languages: ["en"] });

describe("one speech-engine pool shared by a worker's jobs", () => {
  it("decodes two jobs' utterances on one pool, each with its own audio, language and prompt", async () => {
    const engine = new HeldEngine();
    const pool = new SttPool([engine]);
    const host = new SttHost(pool);
    const jobA = new RemoteStt(framework(host), { timeoutMs: 5_000 });
    const jobB = new RemoteStt(framework(host), { timeoutMs: 5_000 });
    const a = jobA.transcribe({
      pcm: Int16Array.from([1, -2, 32767]),
      languages: ["en"],
      vocabulary: ["Rivera"],
    });
    const b = jobB.transcribe({
      pcm: Int16Array.from([-32768, 7]),
      languages: ["es", "en"],
      vocabulary: ["Ana"],
    });
    await tick();
    expect(pool.stats).toMatchObject({ decoding: 1, queued: 1 });
    engine.release();
    await tick();
    engine.release();
    expect(await a).toEqual({
      ok: true,
      text: "en:1,-2,32767:Rivera",
      language: "en",
      confidence: 0.5,
      engine: "held",
    });
    expect(await b).toMatchObject({ ok: true, text: "es:-32768,7:Ana", language: "es" });
    expect(engine.seen).toEqual([
      [1, -2, 32767],
      [-32768, 7],
    ]);
    expect(host.pending).toBe(0);
  });

  it("takes a job's queued utterance out of the shared queue when its speaker's consent ends", async () => {
    const engine = new HeldEngine();
    const pool = new SttPool([engine]);
    const host = new SttHost(pool);
    const jobA = new RemoteStt(framework(host), { timeoutMs: 5_000 });
    const pathB = framework(host);
    const jobB = new RemoteStt(pathB, { timeoutMs: 5_000 });
    const busy = jobA.transcribe(say(1)); // decoding
    const withdrawn = new AbortController();
    const dropped = jobB.transcribe(say(2), withdrawn.signal);
    const kept = jobA.transcribe(say(3));
    await tick();
    expect(pool.stats).toMatchObject({ queued: 2 });
    withdrawn.abort();
    expect(await dropped).toMatchObject({ ok: false, reason: "aborted" });
    expect(pathB.sent).toEqual(["transcribe", "cancel"]);
    engine.release();
    await busy;
    await tick();
    engine.release();
    expect(await kept).toMatchObject({ ok: true, text: "en:3:" });
    expect(engine.seen).toEqual([[1], [3]]);
    expect(pool.stats).toMatchObject({ dropped: 1, decoded: 2 });
  });

  it("drops an utterance whose cancel overtook it on the way", async () => {
    const engine = new HeldEngine();
    const host = new SttHost(new SttPool([engine]));
    expect(await host.handle({ op: "cancel", id: "u1" })).toEqual({ cancelled: false });
    const pcm = Buffer.from(Int16Array.from([5]).buffer).toString("base64");
    expect(
      await host.handle({
        op: "transcribe",
        id: "u1",
        pid: process.pid,
        pcm,
        languages: ["en"],
        vocabulary: [],
      }),
    ).toMatchObject({
      ok: false,
      reason: "aborted",
    });
    expect(engine.seen).toEqual([]);
  });

  it("drops what a killed job left waiting, and decodes what live jobs wait for", async () => {
    const engine = new HeldEngine();
    const pool = new SttPool([engine]);
    const host = new SttHost(pool, { sweepMs: 20 });
    // A real job process: its pid, then SIGKILL (the framework tells the inference process nothing).
    const job = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await once(job, "spawn");
    const pcm = (n: number) => Buffer.from(Int16Array.from([n]).buffer).toString("base64");
    const ask = (id: string, pid: number, n: number) =>
      host.handle({ op: "transcribe", id, pid, pcm: pcm(n), languages: ["en"], vocabulary: [] });
    const busy = ask("live-1", process.pid, 1); // decoding
    const orphaned = [ask("dead-1", job.pid!, 2), ask("dead-2", job.pid!, 3)];
    const kept = ask("live-2", process.pid, 4);
    await tick();
    expect(pool.stats).toMatchObject({ decoding: 1, queued: 3 });
    job.kill("SIGKILL");
    await once(job, "exit");
    for (const r of await Promise.all(orphaned)) expect(r).toMatchObject({ ok: false, reason: "aborted" });
    engine.release();
    await busy;
    await tick();
    engine.release();
    expect(await kept).toMatchObject({ ok: true, text: "en:4:" });
    expect(engine.seen).toEqual([[1], [4]]);
    expect(host.pending).toBe(0);
  });

  it("refuses a malformed request without decoding anything", async () => {
    const engine = new HeldEngine();
    const host = new SttHost(new SttPool([engine]));
    for (const bad of [
      undefined,
      { op: "transcribe", id: "u2", pid: process.pid, pcm: "not base64!", languages: ["en"], vocabulary: [] },
      { op: "transcribe", id: "u3", pid: process.pid, pcm: "AAA=", languages: [], vocabulary: [] },
      { op: "transcribe", id: "u4", pcm: "AAA=", languages: ["en"], vocabulary: [] },
      { op: "shutdown" },
    ]) {
      expect(await host.handle(bad)).toMatchObject({ ok: false, reason: "engine-error" });
    }
    expect(engine.seen).toEqual([]);
  });

  it("never throws in the job: no answer in time, a broken path and a bad answer each come back as a failure", async () => {
    const sent: unknown[] = [];
    const silent: InferenceClient = {
      doInference: (_m, data) => {
        sent.push(data);
        return new Promise(() => {}); // the inference process died with the request
      },
    };
    const late = await new RemoteStt(silent, { timeoutMs: 20 }).transcribe(say(1));
    expect(late).toMatchObject({ ok: false, reason: "timeout" });
    expect(sent.map((d) => (d as { op: string }).op)).toEqual(["transcribe", "cancel"]);

    const broken: InferenceClient = { doInference: () => Promise.reject(new Error("IPC channel closed")) };
    expect(await new RemoteStt(broken, { timeoutMs: 1_000 }).transcribe(say(1))).toMatchObject({
      ok: false,
      reason: "engine-unavailable",
    });

    const odd: InferenceClient = { doInference: () => Promise.resolve({ ok: true, text: 3 }) };
    expect(await new RemoteStt(odd, { timeoutMs: 1_000 }).transcribe(say(1))).toMatchObject({
      ok: false,
      reason: "bad-response",
    });
  });

  it("fails what waits at once when the pool stops answering pings, and keeps waiting while it answers them", async () => {
    // A dead inference process: the framework never answers its requests, pings included.
    const dead: InferenceClient = { doInference: () => new Promise(() => {}) };
    const t0 = performance.now();
    const lost = await new RemoteStt(dead, {
      timeoutMs: 60_000,
      pingEveryMs: 20,
      pingTimeoutMs: 30,
    }).transcribe(say(1));
    expect(lost).toMatchObject({ ok: false, reason: "engine-unavailable" });
    expect(performance.now() - t0).toBeLessThan(5_000);

    // A busy pool: the utterance waits behind others' for longer than a ping takes, and is decoded.
    const engine = new HeldEngine();
    const host = new SttHost(new SttPool([engine]));
    const path = framework(host);
    const busy = new RemoteStt(path, { timeoutMs: 60_000, pingEveryMs: 20, pingTimeoutMs: 30 });
    const waiting = busy.transcribe(say(7));
    await new Promise((r) => setTimeout(r, 200));
    expect(path.sent.filter((op) => op === "ping").length).toBeGreaterThan(2);
    engine.release();
    expect(await waiting).toMatchObject({ ok: true, text: "en:7:" });
    // Nothing waits: no more pings.
    const pings = path.sent.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(path.sent.length).toBe(pings);
  });
});
