// Retention: a scheduled purge of transcripts, findings, people's names and device checks once
// their configured period has passed. It runs on an unref'd timer (it never keeps the process
// alive) and logs its errors instead of throwing them: a failed run is retried at the next tick.
import type { FastifyBaseLogger } from "fastify";
import type { Auditor } from "../audit/audit.service.js";
import type { RetentionConfig } from "./retention.config.js";
import type { RetentionRepository } from "./retention.repository.js";

const DAY = 86_400_000;

export function createRetentionService(deps: {
  config: RetentionConfig;
  repo: RetentionRepository;
  audit: Auditor;
  log: FastifyBaseLogger;
  now?: () => Date;
}) {
  const { config, repo, audit, log } = deps;
  const now = deps.now ?? (() => new Date());
  const before = (days: number) => new Date(now().getTime() - days * DAY);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  /** One purge over every kind; returns how many rows each kind cleared. */
  async function purge() {
    const kinds = [
      ["transcripts", () => repo.purgeTranscripts(before(config.transcriptDays))],
      ["findings", () => repo.purgeFindings(before(config.findingsDays))],
      ["names", () => repo.purgeNames(before(config.namesDays))],
      ["deviceChecks", () => repo.purgeDeviceChecks(before(config.deviceCheckDays))],
    ] as const;
    const totals: Record<string, number> = {};
    for (const [kind, run] of kinds) {
      const byVisit = await run();
      totals[kind] = [...byVisit.values()].reduce((a, b) => a + b, 0);
      for (const [visitId, rows] of byVisit) {
        await audit.record({
          visitId,
          actor: { kind: "system", id: null },
          action: "retention.purged",
          detail: { kind, rows },
        });
      }
    }
    if (Object.values(totals).some((n) => n > 0)) log.info(totals, "retention purge");
    return totals;
  }

  const tick = () => {
    if (running) return;
    running = purge()
      .catch((err: unknown) => log.error({ err: (err as Error).message }, "retention purge failed"))
      .finally(() => (running = undefined));
  };

  return {
    purge,
    /** Purges now and then every interval; the timer never holds the process open. */
    start() {
      if (timer) return;
      timer = setInterval(tick, config.purgeIntervalMs);
      timer.unref();
      setImmediate(tick);
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
export type RetentionService = ReturnType<typeof createRetentionService>;
