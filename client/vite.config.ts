import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the Vite server proxies the API and socket.io to the Node server.
const api = process.env.BEDSIDE_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
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
