// The findings engine's environment variables: a leaf module (zod and the shared contracts only),
// so parsing the server's configuration loads no engine.
import { findingsEngineNameSchema } from "@bedside/shared";
import { z } from "zod";
import { externalAiUrl } from "../http/http.external.js";

/** Environment for the findings engine; merged into the server's config schema. */
export const findingsEnvSchema = z
  .object({
    FINDINGS_ENGINE: findingsEngineNameSchema.default("builtin"),
    FINDINGS_OPENAI_BASE_URL: externalAiUrl.optional(),
    FINDINGS_OPENAI_MODEL: z.string().min(1).optional(),
    FINDINGS_OPENAI_API_KEY: z.string().min(1).optional(),
    FINDINGS_OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  })
  .superRefine((e, ctx) => {
    if (e.FINDINGS_ENGINE !== "openai-compatible") return;
    for (const key of ["FINDINGS_OPENAI_BASE_URL", "FINDINGS_OPENAI_MODEL"] as const) {
      if (!e[key])
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "is required when FINDINGS_ENGINE=openai-compatible",
        });
    }
  });

export type FindingsConfig =
  | { engine: "builtin" }
  | {
      engine: "openai-compatible";
      baseUrl: string;
      model: string;
      apiKey: string | undefined;
      timeoutMs: number;
    };

export function findingsConfigFromEnv(env: z.infer<typeof findingsEnvSchema>): FindingsConfig {
  if (env.FINDINGS_ENGINE === "builtin" || !env.FINDINGS_OPENAI_BASE_URL || !env.FINDINGS_OPENAI_MODEL) {
    return { engine: "builtin" };
  }
  return {
    engine: "openai-compatible",
    baseUrl: env.FINDINGS_OPENAI_BASE_URL,
    model: env.FINDINGS_OPENAI_MODEL,
    apiKey: env.FINDINGS_OPENAI_API_KEY,
    timeoutMs: env.FINDINGS_OPENAI_TIMEOUT_MS,
  };
}

/** Parses the findings part of an environment; throws a one-line reason when malformed. */
export function parseFindingsConfig(env: Record<string, string | undefined>): FindingsConfig {
  const result = findingsEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new Error(`invalid findings configuration: ${problems.join("; ")}`);
  }
  return findingsConfigFromEnv(result.data);
}
