import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * What a new hash costs (PASSWORD_HASH_COST). "owasp", the default: OWASP's current scrypt
 * parameters (N=2^17, r=8, p=1), 128 MiB and ~150-300 ms a hash. Sign-in is rate limited per
 * address and per account (http/http.limits.ts) and hashes run two at a time, so the cost cannot
 * be turned into a memory or CPU exhaustion lever. "test": 1/128 of that, for the test suites,
 * which hash hundreds of passwords; a deployment refuses it (config.ts).
 */
export const passwordCosts = {
  owasp: { N: 2 ** 17, r: 8, p: 1 },
  test: { N: 2 ** 10, r: 8, p: 1 },
} as const;
export type PasswordCost = keyof typeof passwordCosts;
const KEY_LEN = 32;
/** scrypt needs 128·N·r bytes; Node refuses anything above maxmem, so it is derived from the parameters. */
const maxmemFor = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;
const MAX_N = 2 ** 20;

// At most two hashes at once: each holds 128 MiB while it runs.
const CONCURRENCY = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function gated<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(
  password: string,
  salt: Buffer,
  opts: ScryptOptions & { N: number; r: number },
): Promise<Buffer> {
  return gated(
    () =>
      new Promise((resolve, reject) =>
        scrypt(
          password.normalize("NFKC"),
          salt,
          KEY_LEN,
          { ...opts, maxmem: maxmemFor(opts.N, opts.r) },
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      ),
  );
}

/** `scrypt$N$r$p$salt$key`, all base64url: parameters travel with the hash. */
export async function hashPassword(password: string, cost: PasswordCost = "owasp"): Promise<string> {
  const params = passwordCosts[cost];
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    Number.isInteger(params.N) &&
    params.N > 1 &&
    params.N <= MAX_N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16;
  return sane ? { ...params, salt, key } : undefined;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const expected = Buffer.from(h.key, "base64url");
  const actual = await derive(password, Buffer.from(h.salt, "base64url"), { N: h.N, r: h.r, p: h.p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made with weaker parameters than today's (upgraded at the next sign-in). */
export function needsRehash(stored: string, cost: PasswordCost = "owasp"): boolean {
  const h = parse(stored);
  const params = passwordCosts[cost];
  return !h || h.N < params.N || h.r < params.r || h.p < params.p;
}

const decoys = new Map<PasswordCost, Promise<string>>();
/**
 * A hash of a random password at `cost`: compared against when the email is unknown, so timing
 * does not reveal accounts. Made once per cost, when the app starts (app.ts), not at import.
 */
export function decoyHash(cost: PasswordCost): Promise<string> {
  let decoy = decoys.get(cost);
  if (!decoy) decoys.set(cost, (decoy = hashPassword(randomBytes(16).toString("hex"), cost)));
  return decoy;
}
