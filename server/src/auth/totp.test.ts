import { randomBytes } from "node:crypto";
import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import {
  checkTotp,
  hashRecoveryCode,
  loadTotpKey,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  sealSecret,
} from "./totp.js";

const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

describe("TOTP", () => {
  it("accepts the code of this 30 s step and of one step either side, nothing further", async () => {
    const { secret, uri } = newTotpSecret("Bedside", "rivera@bedside.local");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Bedside:rivera%40bedside\.local\?/);
    expect(uri).toContain(`secret=${secret}`);
    const now = new Date("2026-12-06T12:00:10Z");
    const step = Math.floor(now.getTime() / 30_000);
    expect(await checkTotp(secret, await codeAt(secret, now), null, now)).toBe(step);
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 30_000)), null, now)).toBe(
      step - 1,
    );
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() + 30_000)), null, now)).toBe(
      step + 1,
    );
    expect(
      await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 90_000)), null, now),
    ).toBeUndefined();
    expect(await checkTotp(secret, "12345", null, now)).toBeUndefined();
  });

  it("refuses a code for a step already used (a replay), or an earlier one", async () => {
    const { secret } = newTotpSecret("Bedside", "a@b.c");
    const now = new Date("2026-12-06T12:00:10Z");
    const step = Math.floor(now.getTime() / 30_000);
    const code = await codeAt(secret, now);
    expect(await checkTotp(secret, code, step, now)).toBeUndefined();
    expect(
      await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 30_000)), step - 1, now),
    ).toBe(undefined);
    expect(await checkTotp(secret, code, step - 1, now)).toBe(step);
  });

  it("seals the secret for one account: another account's row or another key cannot open it", () => {
    const key = randomBytes(32);
    const sealed = sealSecret(key, "account-a", "JBSWY3DPEHPK3PXPJBSWY3DP");
    expect(sealed).not.toContain("JBSWY3DP");
    expect(openSecret(key, "account-a", sealed)).toBe("JBSWY3DPEHPK3PXPJBSWY3DP");
    expect(() => openSecret(key, "account-b", sealed)).toThrow();
    expect(() => openSecret(randomBytes(32), "account-a", sealed)).toThrow();
  });

  it("keeps one key per data folder, readable by its owner only", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-mfa-"));
    const [a, b] = await Promise.all([loadTotpKey(undefined, dir), loadTotpKey(undefined, dir)]);
    expect(a.equals(b)).toBe(true);
    expect((await loadTotpKey(undefined, dir)).equals(a)).toBe(true);
    expect(statSync(path.join(dir, "mfa-secret.key")).mode & 0o777).toBe(0o600);
    const configured = randomBytes(32);
    expect((await loadTotpKey(configured, dir)).equals(configured)).toBe(true);
  });

  it("makes ten different recovery codes; case, spaces and dashes do not matter when typed", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(hashRecoveryCode(` ${codes[0]!.toUpperCase().replace("-", " ")} `)).toBe(
      hashRecoveryCode(codes[0]!),
    );
  });
});
