// Where the server may send audio and transcripts: a leaf module (zod only), used by the scribe's
// and the findings engine's configuration.
import { isIP } from "node:net";
import { z } from "zod";

/** Loopback: the only place plain http:// may carry audio or transcripts (a self-hosted engine on this machine). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || /^::ffff:127\./.test(host);
  return false;
}

/**
 * An OpenAI-compatible engine's base URL: https, or http on loopback only, so patients' words
 * never cross a network in clear text. Trailing slashes are dropped.
 */
export const externalAiUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .refine((u) => new URL(u).protocol === "https:" || isLoopbackHost(new URL(u).hostname), {
    error: "must be https:// (plain http:// is allowed only on loopback: 127.0.0.1, ::1, localhost)",
  })
  .transform((u) => u.replace(/\/+$/, ""));
