import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";
import server from "./server/vitest.config.js";

/**
 * Server files that speak, listen or time real media (a LiveKit server, Whisper, killed
 * processes): they assert latencies, so they run after everything else, three at a time. Each uses
 * about 0.3–0.4 of a core (it mostly waits for speech in real time): two at a time kept CI's two
 * cores half idle (266 s for the group, 0.95 of a core busy); three met every recall and latency
 * bound even beside four other engineers' tests (load average 15); four, alone, took longer (222 s
 * against about 195). Beside the CPU-heavy files they missed their bounds.
 */
const realtime = [
  "src/scribe/**/*.int.test.ts",
  "src/visits/visit.livekit.int.test.ts",
  "test/faults.int.test.ts",
  "tools/transcribe.int.test.ts",
];

/**
 * Two groups, one after the other (`sequence.groupOrder`). First every other file, at least two at
 * a time: on CI's 2 cores the fuzzing file (minutes, mostly the test PostgreSQL's work) runs beside
 * the rest instead of before it. Then the real-time files, by themselves.
 */
const together = { maxWorkers: Math.max(2, availableParallelism() - 1), sequence: { groupOrder: 0 } };

/**
 * Client files with a module graph of their own each: those that replace a module (`vi.mock`), and
 * AfterVisitPage's, which rendered in Spanish one run in two under a shared graph (an earlier file's
 * leftover work switched the language during its first render; not yet found). The others share one
 * per worker, as the server's do (measured: the client's files in 18 CPU-seconds instead of 50; each
 * file had built its own jsdom and imported React again).
 */
const clientIsolated = [
  "src/features/after-visit/AfterVisitPage.test.tsx",
  "src/app/ServerDisconnect.test.tsx",
  "src/features/clinician-queue/CommandFailure.test.tsx",
  "src/features/scribe-indicator/ScribeIndicator.test.tsx",
  "src/features/visit-session/visit-session-store.test.ts",
];

export default defineConfig({
  test: {
    projects: [
      { extends: "./shared/vitest.config.ts", root: "./shared", test: together },
      {
        extends: "./client/vitest.config.ts",
        root: "./client",
        test: { ...together, isolate: false, exclude: [...configDefaults.exclude, ...clientIsolated] },
      },
      {
        extends: "./client/vitest.config.ts",
        root: "./client",
        test: { ...together, name: "client-isolated", include: clientIsolated },
      },
      {
        ...server,
        root: "./server",
        // One module graph per worker, not per file: each file imported the whole server again
        // (measured: the project in 147 s instead of 232 s, every test passing). The server's
        // state lives in the apps the files start and close, not in its modules.
        test: {
          ...server.test,
          ...together,
          isolate: false,
          exclude: [...configDefaults.exclude, ...realtime],
        },
      },
      {
        ...server,
        root: "./server",
        test: {
          ...server.test,
          name: "server-realtime",
          include: realtime,
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
