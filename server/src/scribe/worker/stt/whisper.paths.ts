import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** `server/` (this file is at src/scribe/stt/ in the source and dist/scribe/stt/ when built). */
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const speechDir = path.join(serverDir, "speech");
const toolsDir = path.resolve(serverDir, "..", ".tools");

const lockSchema = z.object({
  models: z.record(
    z.string(),
    z.object({
      repository: z.string(),
      revision: z.string().regex(/^[0-9a-f]{40}$/),
      multilingual: z.boolean(),
      files: z.record(z.string(), z.object({ size: z.number().int(), sha256: z.string().length(64) })),
    }),
  ),
});

/** The models the lock allows (server/speech/models.lock.json), by name. */
export const WHISPER_MODELS = lockSchema.parse(
  JSON.parse(readFileSync(path.join(speechDir, "models.lock.json"), "utf8")),
).models;

/** Where scripts/speech.mjs installs the engine: the worker, its interpreter and the models. */
export function speechPaths() {
  return {
    worker: path.join(speechDir, "whisper_worker.py"),
    python: path.join(toolsDir, "venv", "bin", "python"),
    models: path.join(toolsDir, "models"),
  };
}
