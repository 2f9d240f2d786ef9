import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, startTestApp, type TestApp } from "../../test/harness.js";
import { randomBytes, scrypt } from "node:crypto";
import { hashPassword, verifyPassword } from "./password.js";

describe("clinician sign-in over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Production's default cost, not the test apps' cheap one: this file asserts what sign-in
    // upgrades a hash to, which is what a server started without PASSWORD_HASH_COST hashes at.
    t = await startTestApp({ PASSWORD_HASH_COST: undefined });
    await t.app.repos.clinicians.create({
      email: "rivera@example.org",
      displayName: "Dr. Rivera",
      passwordHash: await hashPassword("a long passphrase"),
    });
  });
  afterAll(() => t.close());

  const signIn = (body: unknown, contentType = "application/json") =>
    fetch(`${t.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const sessionCount = async () => (await t.db.selectFrom("sessions").select("token_hash").execute()).length;

  it("sets an HttpOnly, SameSite session cookie that /api/auth/me accepts", async () => {
    const res = await signIn({ email: "Rivera@example.org", password: "a long passphrase" });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^bedside_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect((await jsonOf(me)).clinician).toMatchObject({
      email: "rivera@example.org",
      displayName: "Dr. Rivera",
    });
  });

  it("answers a wrong password or unknown email with the same 401 and no session", async () => {
    const before = await sessionCount();
    for (const body of [
      { email: "rivera@example.org", password: "wrong" },
      { email: "nobody@example.org", password: "a long passphrase" },
    ]) {
      const res = await signIn(body);
      expect(res.status).toBe(401);
      expect(await jsonOf(res)).toEqual({
        error: { code: "unauthorized", message: "That email and password do not match." },
      });
    }
    expect(await sessionCount()).toBe(before);
  });

  it.each([
    ["a missing password", { email: "rivera@example.org" }, /password/],
    ["a malformed email", { email: "rivera", password: "x" }, /email/],
    ["an oversized password", { email: "rivera@example.org", password: "x".repeat(300) }, /password/],
    ["a non-object body", [1, 2], /expected object/i],
  ])("rejects %s with a clear 400 and changes nothing", async (_name, body, message) => {
    const before = await sessionCount();
    const res = await signIn(body);
    expect(res.status).toBe(400);
    const json = await jsonOf(res);
    expect(json.error.code).toBe("bad_request");
    expect(json.error.message).toMatch(message);
    expect(await sessionCount()).toBe(before);
  });

  it("refuses form and text bodies, so a cross-site form cannot sign anyone in", async () => {
    const res = await signIn("email=a@b.c&password=x", "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
    expect((await signIn("{}", "text/plain")).status).toBe(415);
  });

  it("signs out by revoking the session server-side", async () => {
    const res = await signIn({ email: "rivera@example.org", password: "a long passphrase" });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    const out = await fetch(`${t.url}/api/auth/sign-out`, { method: "POST", headers: { cookie } });
    expect(out.status).toBe(200);
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it("lets a clinician set the language they speak in visits (English by default), and nobody else", async () => {
    const res = await signIn({ email: "rivera@example.org", password: "a long passphrase" });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await jsonOf(res)).clinician.speechLanguage).toBe("en");
    const patch = (body: unknown, headers: Record<string, string> = { cookie }) =>
      fetch(`${t.url}/api/auth/me`, {
        method: "PATCH",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const changed = await patch({ speechLanguage: "es" });
    expect(changed.status).toBe(200);
    expect((await jsonOf(changed)).clinician.speechLanguage).toBe("es");
    // Bad input changes nothing.
    for (const body of [{ speechLanguage: "Spanish!" }, {}, { speechLanguage: "es", role: "admin" }]) {
      const bad = await patch(body);
      expect(bad.status).toBe(400);
      expect((await jsonOf(bad)).error.code).toBe("bad_request");
    }
    expect((await patch({ speechLanguage: "en" }, {})).status).toBe(401);
    const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
    expect((await jsonOf(me)).clinician.speechLanguage).toBe("es");
    await patch({ speechLanguage: "en" });
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const res = await fetch(`${t.url}/api/nope`);
    expect(res.status).toBe(404);
    expect((await jsonOf(res)).error.code).toBe("not_found");
  });

  it("upgrades a hash made with the old scrypt cost at the next successful sign-in (issue 12, finding 6)", async () => {
    const oldHash = await scryptHash("an old passphrase", 2 ** 15);
    const c = await t.app.repos.clinicians.create({
      email: "old@example.org",
      displayName: "Dr. Old",
      passwordHash: oldHash,
    });
    const stored = async () =>
      (
        await t.db
          .selectFrom("clinicians")
          .select("password_hash")
          .where("id", "=", c.id)
          .executeTakeFirstOrThrow()
      ).password_hash;
    // A wrong password changes nothing.
    expect((await signIn({ email: "old@example.org", password: "wrong" })).status).toBe(401);
    expect(await stored()).toBe(oldHash);
    expect((await signIn({ email: "old@example.org", password: "an old passphrase" })).status).toBe(200);
    const upgraded = await stored();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("an old passphrase", upgraded)).toBe(true);
    expect((await signIn({ email: "old@example.org", password: "an old passphrase" })).status).toBe(200);
  });
});

/** A hash in the stored format with chosen cost, as earlier versions made them. */
function scryptHash(password: string, N: number): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err
        ? reject(err)
        : resolve(["scrypt", N, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$")),
    ),
  );
}
