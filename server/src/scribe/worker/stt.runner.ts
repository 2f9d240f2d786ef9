// The worker's one speech-engine pool, run by the Agents framework in the worker's inference
// process (one per worker, started before the worker registers with LiveKit; worker.ts registers
// this file). Every job of the worker sends its utterances here (stt.remote.ts), so a worker runs
// SCRIBE_STT_WORKERS engine processes however many visits it has, and a new job process loads no
// model.
import { cpus } from "node:os";
import { InferenceRunner } from "@livekit/agents";
import { scribeConfigFromEnv, scribeEnvSchema } from "../scribe.config.js";
import { SttPool } from "./stt.pool.js";
import { createSttProvider } from "./stt/stt.factory.js";
import { SttHost } from "./stt.remote.js";
import { logger } from "./worker.log.js";
import { guardIpc } from "./worker.ipc.js";

const log = logger({ role: "scribe-stt" });

export default class SttRunner extends InferenceRunner<unknown, unknown> {
  #pool: SttPool | undefined;
  #host: SttHost | undefined;

  async initialize(): Promise<void> {
    guardIpc(log, () => this.close());
    const config = scribeConfigFromEnv(scribeEnvSchema.parse(process.env));
    const threads = Math.max(1, Math.floor(cpus().length / config.workers));
    const pool = new SttPool(
      Array.from({ length: config.workers }, () => createSttProvider(config.stt, { threads })),
      {
        maxQueue: config.queueMax,
        onOverload: (stats) => log.warn({ ...stats }, "speech decoding is behind; utterance stored as a gap"),
      },
    );
    // The models load now, before the worker registers: no visit's first words wait for them.
    for (const f of await pool.warmUp())
      log.error({ reason: f.reason, detail: f.detail }, "speech engine unavailable");
    this.#pool = pool;
    this.#host = new SttHost(pool);
    log.info({ engine: pool.engine, engines: config.workers, threads }, "speech engines ready");
  }

  async run(data: unknown): Promise<unknown> {
    if (!this.#host) {
      return {
        ok: false,
        reason: "engine-unavailable",
        detail: "speech engines not started",
        engine: "none",
      };
    }
    return this.#host.handle(data);
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }
}
