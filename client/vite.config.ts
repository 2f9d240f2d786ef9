import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// In development the Vite server proxies the API and socket.io to the Node server.
const api = process.env.BEDSIDE_API ?? "http://127.0.0.1:3000";

const require = createRequire(import.meta.url);
const tasksVision = path.dirname(require.resolve("@mediapipe/tasks-vision"));

/**
 * Background blur's runtime (MediaPipe's WebAssembly), taken from its npm package and served from
 * this origin under /vendor/mediapipe/ (the built client, which the server serves; Vite's server in
 * development), only for a build given a blur model (VITE_BLUR_MODEL_URL, see lib/livekit.ts). By
 * default @livekit/track-processors fetches both from public CDNs at run time, which the CSP forbids
 * and a clinic network may block.
 */
const blurAssets: Record<string, string> = {
  "vendor/mediapipe/wasm/vision_wasm_internal.js": path.join(tasksVision, "wasm/vision_wasm_internal.js"),
  "vendor/mediapipe/wasm/vision_wasm_internal.wasm": path.join(tasksVision, "wasm/vision_wasm_internal.wasm"),
  "vendor/mediapipe/wasm/vision_wasm_nosimd_internal.js": path.join(
    tasksVision,
    "wasm/vision_wasm_nosimd_internal.js",
  ),
  "vendor/mediapipe/wasm/vision_wasm_nosimd_internal.wasm": path.join(
    tasksVision,
    "wasm/vision_wasm_nosimd_internal.wasm",
  ),
};

function serveBlurAssets(): Plugin {
  return {
    name: "bedside-blur-assets",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = blurAssets[(req.url ?? "").split("?")[0]!.replace(/^\//, "")];
        if (!file) return next();
        const type = file.endsWith(".wasm")
          ? "application/wasm"
          : file.endsWith(".js")
            ? "text/javascript"
            : "application/octet-stream";
        res.setHeader("content-type", type);
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of Object.entries(blurAssets))
        this.emitFile({ type: "asset", fileName, source: readFileSync(file) });
    },
  };
}

export default defineConfig({
  plugins: [react(), ...(process.env.VITE_BLUR_MODEL_URL ? [serveBlurAssets()] : [])],
  server: {
    proxy: {
      "/api": api,
      "/healthz": api,
      "/socket.io": { target: api, ws: true },
    },
  },
  // No source maps in the production build: they would publish the client's source (issue 12).
  build: { sourcemap: false },
});
