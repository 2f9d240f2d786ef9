// How long Bedside keeps what it holds about people: a leaf module (zod only), merged into the
// server's configuration. Periods count from the visit's end (or its scheduled time if it never ran).
import { z } from "zod";

const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

export const retentionEnvSchema = z.object({
  /** What the scribe wrote down (transcript segments). */
  RETENTION_TRANSCRIPT_DAYS: days(90),
  /** Findings, the released summary, its explanations and the patient's questions. */
  RETENTION_FINDINGS_DAYS: days(365),
  /** The names people gave (patient, interpreter): replaced by their role. */
  RETENTION_NAMES_DAYS: days(90),
  /** Camera, microphone and connection checks from check-in. */
  RETENTION_DEVICE_CHECK_DAYS: days(7),
  /** How often the purge runs. */
  RETENTION_PURGE_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
});

export interface RetentionConfig {
  transcriptDays: number;
  findingsDays: number;
  namesDays: number;
  deviceCheckDays: number;
  purgeIntervalMs: number;
}

export function retentionConfigFromEnv(env: z.infer<typeof retentionEnvSchema>): RetentionConfig {
  return {
    transcriptDays: env.RETENTION_TRANSCRIPT_DAYS,
    findingsDays: env.RETENTION_FINDINGS_DAYS,
    namesDays: env.RETENTION_NAMES_DAYS,
    deviceCheckDays: env.RETENTION_DEVICE_CHECK_DAYS,
    purgeIntervalMs: env.RETENTION_PURGE_INTERVAL_MINUTES * 60_000,
  };
}
