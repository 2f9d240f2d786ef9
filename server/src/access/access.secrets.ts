import { createHash, randomBytes } from "node:crypto";

// The one way Bedside makes and hashes bearer secrets (session tokens, visit links, participant
// tokens): only the hash is stored, so a database leak opens nothing.

/** 256 bits from the OS CSPRNG: unguessable, and carries no meaning. */
export const newSecret = () => randomBytes(32).toString("base64url");

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("base64url");

/** A secret is base64url of 32 bytes; anything else is rejected before a database lookup. */
export const looksLikeSecret = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
