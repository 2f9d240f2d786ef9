// The live read models (the clinician's queue, the waiting line, the front desk) each turn a burst of
// changes into one read per key, and must stop cleanly: pending reads cancelled, running ones awaited
// so the database closes under none.

/**
 * Per key, every `schedule(key)` within `ms` of the first becomes one `flush(key)`. `flush` reports
 * its own errors: its promise is only awaited on close.
 */
export function coalescer(ms: number, flush: (key: string) => Promise<void> | void) {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    schedule(key: string): void {
      if (closed || timers.has(key)) return;
      const fire = () => {
        timers.delete(key);
        if (closed) return;
        const done = Promise.resolve(flush(key));
        running.add(done);
        void done.finally(() => running.delete(done));
      };
      timers.set(key, setTimeout(fire, ms));
    },
    async close(): Promise<void> {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled(running);
    },
  };
}
