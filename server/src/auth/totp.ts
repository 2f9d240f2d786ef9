// Two-factor sign-in's cryptography: TOTP (RFC 6238, 30 s, 6 digits, one step either side) by
// otplib, the secret sealed with AES-256-GCM before it is stored, and recovery codes hashed like
// every other bearer secret (access/access.secrets.ts).
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import { hashSecret } from "../access/access.secrets.js";
import type { TotpKey } from "./totp.key.js";

export { loadTotpKey, type TotpKey } from "./totp.key.js";

const PERIOD = 30;
const DIGITS = 6;

/** `v1.iv.tag.ciphertext`, base64url; the account id is bound in so a sealed secret cannot be moved. */
export function sealSecret(key: TotpKey, accountId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(accountId));
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function openSecret(key: TotpKey, accountId: string, sealed: string): string {
  const [v, iv, tag, data] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || !data) throw new Error("not a sealed TOTP secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(accountId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** A new base32 secret (160 bits, what authenticator apps expect) and its otpauth:// URI for the QR code. */
export function newTotpSecret(issuer: string, accountName: string) {
  const secret = generateSecret({ length: 20 });
  return { secret, uri: generateURI({ issuer, label: accountName, secret, period: PERIOD, digits: DIGITS }) };
}

/**
 * The time step a code is valid for (now, or one step either side for a clock off by up to 30 s),
 * if it is later than `afterStep` (the last one accepted: an earlier code is a replay); else undefined.
 */
export async function checkTotp(
  secret: string,
  code: string,
  afterStep: number | null,
  now: Date = new Date(),
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    period: PERIOD,
    digits: DIGITS,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: PERIOD,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : undefined;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read aloud or copied by hand

/** Ten recovery codes like `k7m2p-x9qrt`: about 49 bits each, shown once, stored hashed. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(
      { length: 10 },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    ).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

export const hashRecoveryCode = (code: string) => hashSecret(normalizeRecoveryCode(code));
