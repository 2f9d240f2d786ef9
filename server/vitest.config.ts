import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    // Tests run against the contracts' source, not a stale build.
    alias: { "@bedside/shared": fileURLToPath(new URL("../shared/src/index.ts", import.meta.url)) },
  },
  test: {
    name: "server",
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "tools/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
