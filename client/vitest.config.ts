import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    alias: { "@bedside/shared": fileURLToPath(new URL("../shared/src/index.ts", import.meta.url)) },
  },
  test: { name: "client", include: ["src/**/*.test.ts", "src/**/*.test.tsx"], environment: "jsdom" },
});
