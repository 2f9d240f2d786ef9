// The scribe worker's entry, as index.ts is the API server's: everything else is in
// scribe/worker/ (worker.main.ts; the job processes' entry is worker.agent.ts).
import { runWorker } from "./scribe/worker/worker.main.js";

runWorker().catch((err: unknown) => {
  process.stderr.write(`bedside scribe worker: ${(err as Error).message}\n`);
  process.exit(1);
});
