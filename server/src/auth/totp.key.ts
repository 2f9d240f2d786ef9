// The key that seals two-factor secrets (auth/totp.ts). A leaf module (no otplib): configuration
// parsing validates MFA_SECRET_KEY with it.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** The key that seals TOTP secrets: 32 bytes. */
export type TotpKey = Buffer;

/** MFA_SECRET_KEY's format: 32 bytes, base64 or base64url. */
export function parseTotpKey(text: string): TotpKey | undefined {
  const key = Buffer.from(text.trim(), "base64url");
  return key.length === 32 ? key : undefined;
}

/**
 * The configured key, else one kept in the data folder (made on first start, readable only by its
 * owner). Instances that share a database must share the key: they are given MFA_SECRET_KEY.
 */
export async function loadTotpKey(configured: TotpKey | undefined, dataDir: string): Promise<TotpKey> {
  if (configured) return configured;
  const file = path.join(dataDir, "mfa-secret.key");
  const saved = await readFile(file, "utf8").then(parseTotpKey, () => undefined);
  if (saved) return saved;
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  // `wx`: two instances starting at once on one folder keep the first one's key.
  await writeFile(file, key.toString("base64url") + "\n", { mode: 0o600, flag: "wx" }).catch(
    async (err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    },
  );
  const kept = parseTotpKey(await readFile(file, "utf8"));
  if (!kept) throw new Error(`${file} does not hold a 32-byte key`);
  return kept;
}
