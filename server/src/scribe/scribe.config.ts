// The scribe's environment variables, kept apart from the service so that parsing configuration
// loads only zod (not the agent, rtc-node or onnxruntime).
import { cpus } from "node:os";
import { z } from "zod";
import { sttConfigFromEnv, sttEnvSchema, type SttConfig } from "./stt/stt.provider.js";

const boolFromEnv = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** The scribe's environment; merged into the server's `envSchema`. */
export const scribeEnvSchema = sttEnvSchema
  .extend({
    SCRIBE_ENABLED: boolFromEnv.default(true),
    /** Engines decoding in parallel (the local engine uses one core each). */
    SCRIBE_STT_WORKERS: z.coerce
      .number()
      .int()
      .min(1)
      .max(16)
      .default(Math.max(1, Math.min(2, cpus().length))),
    SCRIBE_VAD: z.enum(["silero", "energy"]).default("silero"),
  })
  .refine((e) => e.SCRIBE_STT !== "openai-compatible" || e.SCRIBE_OPENAI_BASE_URL, {
    path: ["SCRIBE_OPENAI_BASE_URL"],
    message: "is required when SCRIBE_STT=openai-compatible",
  });

export interface ScribeConfig {
  enabled: boolean;
  stt: SttConfig;
  workers: number;
  vad: "silero" | "energy";
}

export function scribeConfigFromEnv(env: z.infer<typeof scribeEnvSchema>): ScribeConfig {
  return {
    enabled: env.SCRIBE_ENABLED,
    stt: sttConfigFromEnv(env),
    workers: env.SCRIBE_STT_WORKERS,
    vad: env.SCRIBE_VAD,
  };
}
