import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password.js";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("correct horse battery");
    // OWASP's current scrypt floor: N=2^17, r=8, p=1 (issue 12, finding 6).
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("correct horse");
    await expect(verifyPassword("correct horse battery", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horse batterY", hash)).resolves.toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("rejects malformed or tampered hashes without throwing", async () => {
    const hash = await hashPassword("pw");
    await expect(verifyPassword("pw", "bcrypt$whatever")).resolves.toBe(false);
    await expect(verifyPassword("pw", hash.slice(0, -4) + "AAAA")).resolves.toBe(false);
  });

  it("says a hash made with weaker parameters needs upgrading, and still verifies it", async () => {
    // A hash from before issue 12 (N=2^15), made with the same format.
    const old = "scrypt$32768$8$1$7Zk2Bz4cM6b9i9o2mWz8fQ$" + "x".repeat(43);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("pw"))).toBe(false);
    expect(needsRehash("bcrypt$whatever")).toBe(true);
  });

  it("hashes at the tests' cost only when asked, and an OWASP-cost sign-in would upgrade such a hash", async () => {
    const cheap = await hashPassword("pw", "test");
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifyPassword("pw", cheap)).resolves.toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(cheap, "test")).toBe(false);
  });

  it("refuses absurd parameters in a stored hash instead of allocating for them", async () => {
    await expect(verifyPassword("pw", "scrypt$1099511627776$8$1$AAAA$AAAA")).resolves.toBe(false);
    await expect(verifyPassword("pw", "scrypt$3$8$1$AAAA$AAAA")).resolves.toBe(false);
  });
});
