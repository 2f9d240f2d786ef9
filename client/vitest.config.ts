import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    alias: { "@bedside/shared": fileURLToPath(new URL("../shared/src/index.ts", import.meta.url)) },
  },
  test: {
    name: "client",
    // Which files: the root vitest.config.ts (vitest's default, src/**/*.test.ts(x), less those it runs apart).
    environment: "jsdom",
    // The app's one i18next instance, as main.tsx loads it: components render their catalogue's words.
    setupFiles: ["src/test/setup.ts"],
  },
});
