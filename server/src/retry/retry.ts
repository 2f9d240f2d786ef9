// Every retry with exponential backoff in the server and the scribe worker goes through here, on
// p-retry: LiveKit calls that must land, the scribe's dispatch, a job's first database reads, its
// segment outbox, the worker's wait for its database, and the OpenAI-compatible speech engine.
import pRetry, { AbortError } from "p-retry";

export interface Backoff {
  /** The first retry's delay; each next one doubles, up to `maxMs`. */
  firstMs: number;
  maxMs: number;
  /**
   * "equal": each delay is drawn from [½, 1) of its exponential value, which spreads the retries
   * of many callers after a shared outage. Without it, delays are exact (tests, local loops).
   */
  jitter?: "equal";
}

export interface FailedAttempt {
  error: unknown;
  /** 1 for the first attempt. */
  attempt: number;
  /** The wait before the next attempt, before jitter (for logs). */
  retryInMs: number;
}

export interface RetryOptions {
  backoff: Backoff;
  /** Retries after the first attempt; unlimited when unset (until it succeeds or `signal` aborts). */
  retries?: number;
  /** Aborting stops the retries, also during a wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The waits between attempts do not keep the process alive. */
  unref?: boolean;
  /** After each failed attempt that will be retried, before the wait. */
  onFailedAttempt?: (failure: FailedAttempt) => void | Promise<void>;
  /** False: the error is final and rejects at once (the default retries every error). */
  shouldRetry?: (error: unknown) => boolean;
}

/**
 * p-retry does not retry a TypeError unless it is a network error (a bug, it assumes), and turns
 * what is not an Error into one; the retries here are of outside systems, where a driver's
 * TypeError is as transient as any, so every failure travels wrapped and comes out as it was thrown.
 */
class Attempted extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** Stops the retries from inside `fn`: `retry` rejects with `error` at once. */
export function stopRetrying(error: unknown): never {
  throw new AbortError(new Attempted(error));
}

/** Calls `fn` until it resolves, waiting between attempts with exponential backoff. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { backoff } = options;
  const equal = backoff.jitter === "equal";
  try {
    return await pRetry(
      async (attempt) => {
        try {
          return await fn(attempt);
        } catch (err) {
          if (err instanceof AbortError) throw err;
          throw new Attempted(err);
        }
      },
      {
        retries: options.retries ?? Number.POSITIVE_INFINITY,
        factor: 2,
        // p-retry's randomize draws from [1, 2) of the delay: half the delay, randomised, is [½, 1).
        minTimeout: equal ? backoff.firstMs / 2 : backoff.firstMs,
        maxTimeout: backoff.maxMs,
        randomize: equal,
        signal: options.signal,
        unref: options.unref ?? false,
        shouldRetry: ({ error }) => options.shouldRetry?.(original(error)) ?? true,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          const final = retriesLeft <= 0 || (options.shouldRetry && !options.shouldRetry(original(error)));
          if (final) return;
          const retryInMs = Math.min(backoff.maxMs, backoff.firstMs * 2 ** (attemptNumber - 1));
          await options.onFailedAttempt?.({ error: original(error), attempt: attemptNumber, retryInMs });
        },
      },
    );
  } catch (err) {
    throw original(err);
  }
}

const original = (err: unknown): unknown => (err instanceof Attempted ? err.original : err);
