/**
 * How long an accepted job counts against the worker's load before its process is seen running
 * it: LiveKit assigns within 7.5 s of the worker's answer (the framework's own timeout) and an idle
 * process is kept ready, so a launch takes seconds; 30 s allows a loaded machine.
 */
const LAUNCH_WINDOW_MS = 30_000;

/**
 * The worker's load in jobs: those running in its processes, plus those it accepted that no
 * process is seen running yet (LiveKit reports load every few seconds, so requests arriving
 * together must see each other; the framework's accept settles before the job shows as running).
 * An accepted job stops counting as launching once seen running, when its launch fails, or after
 * `LAUNCH_WINDOW_MS`: when LiveKit gave the job to another worker instead (the answer came after
 * its timeout, as on a loaded machine), no assignment comes and the accept never settles; such a
 * job held a slot for minutes, and with every slot of the fleet in use a visit found no worker.
 */
export function jobLoad(running: () => string[], now: () => number = Date.now) {
  const launching = new Map<string, number>();
  return {
    count(): number {
      const active = new Set(running());
      for (const [id, at] of launching) {
        if (active.has(id) || now() - at > LAUNCH_WINDOW_MS) launching.delete(id);
      }
      return active.size + launching.size;
    },
    /** Counts the job from now until its process is seen running it (or its launch fails). */
    async accept<T>(jobId: string, accepting: Promise<T>): Promise<T> {
      launching.set(jobId, now());
      try {
        return await accepting;
      } catch (err) {
        launching.delete(jobId);
        throw err;
      }
    },
  };
}
