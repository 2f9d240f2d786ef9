// Security headers on every response, from @fastify/helmet, and no caching of API answers: they
// carry patient data (names, transcripts, findings), and a shared or back-button cache must not keep them.
import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/** The origins (ws and http forms) the browser may reach LiveKit at: signalling is ws, its fallback probes http. */
function livekitSources(livekitUrl: string): string[] {
  const ws = new URL(livekitUrl);
  const http = new URL(livekitUrl);
  http.protocol = ws.protocol === "wss:" ? "https:" : "http:";
  return [ws.origin.replace(/^http/, "ws"), http.origin];
}

/**
 * Camera and microphone for this origin only (the call and the device check), and screen capture
 * (the clinician's screen sharing; LiveKit's token refuses it to guests); nothing else.
 */
export const PERMISSIONS_POLICY =
  "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()";

export async function installSecurityHeaders(
  app: FastifyInstance,
  opts: { https: boolean; livekitUrl: string },
): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        // No inline script: the built client is one module file from this origin. WebAssembly
        // compiles (background blur's segmentation model runs in it) but no JS eval is allowed.
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        // React and LiveKit's components set element styles from script.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        // The API and socket.io here, LiveKit's signalling; media arrives over WebRTC (not CSP-governed).
        "connect-src": ["'self'", ...livekitSources(opts.livekitUrl)],
        "media-src": ["'self'", "blob:", "mediastream:"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(opts.https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    // The visit link's secret is in the page's URL: no Referer ever leaves with it.
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("permissions-policy", PERMISSIONS_POLICY);
    if (request.url.startsWith("/api/")) reply.header("cache-control", "no-store");
    return payload;
  });
}
