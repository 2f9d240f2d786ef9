import { randomUUID } from "node:crypto";
import { retry, stopRetrying } from "../../retry/retry.js";
import type { NewTranscriptSegment } from "../../transcripts/transcript.service.js";

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 2_000;

/**
 * Where a job's segments wait until the database has them. Each gets its id here, once, so a
 * write whose answer was lost (the database went away mid-insert) and is tried again stores
 * nothing twice. While the database cannot be reached — with the embedded PGlite, whenever the
 * API server that hosts it is down — segments queue in order and are written as soon as it is back.
 * Memory only: what a job holds dies with the job (its words were already heard; see README).
 */
export class SegmentOutbox {
  readonly #queue: NewTranscriptSegment[] = [];
  #running: Promise<void> | undefined;
  #closed = false;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly insert: (segment: NewTranscriptSegment) => Promise<unknown>,
    private readonly log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void },
  ) {}

  get pending(): number {
    return this.#queue.length;
  }

  /** Queues a segment; resolves once it is stored (or the outbox is closed). */
  push(segment: NewTranscriptSegment): Promise<void> {
    this.#queue.push({ ...segment, id: segment.id ?? randomUUID() });
    const stored = new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
    return stored;
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed) {
      const next = this.#queue[0]!;
      let failures = 0;
      try {
        await retry(
          async () => {
            if (this.#closed) stopRetrying(new Error("outbox closed"));
            await this.insert(next);
          },
          {
            backoff: { firstMs: RETRY_FIRST_MS, maxMs: RETRY_MAX_MS },
            onFailedAttempt: ({ error }) => {
              if (failures++ > 0) return;
              this.log.warn(
                { err: (error as Error).message, waiting: this.#queue.length },
                "database unreachable; segments wait in the job",
              );
            },
          },
        );
      } catch {
        return; // closed: what is left is counted by drain()
      }
      this.#queue.shift();
      this.#waiters.shift()?.();
      if (failures > 0)
        this.log.info({ attempts: failures + 1 }, "segment stored after the database came back");
    }
  }

  /** Resolves when every queued segment is stored, or after `timeoutMs` (then closes). */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      (async () => {
        while (this.#running) await this.#running;
      })(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w();
    return this.#queue.length;
  }
}
