import type { TestProject } from "vitest/node";
import { startLivekit } from "../../scripts/livekit.mjs";
import { startPostgres } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL server on which each test file creates its own database. */
    postgresUrl: string;
    livekit: { url: string; apiKey: string; apiSecret: string };
  }
}

/** One real PostgreSQL (unless DATABASE_URL names one) and one real LiveKit server for the whole run. */
export default async function setup(project: TestProject) {
  const [postgres, livekit] = await Promise.all([
    process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : startPostgres(),
    startLivekit(),
  ]);
  project.provide("postgresUrl", postgres.url);
  project.provide("livekit", { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  return async () => {
    await Promise.all([postgres.stop(), livekit.stop()]);
  };
}
