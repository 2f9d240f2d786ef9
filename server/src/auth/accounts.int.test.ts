// Issue 27: a clinic's accounts over real HTTP, a real SMTP server and real socket.io clients.
import { generate } from "otplib";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, startTestApp, type TestApp } from "../../test/harness.js";
import { startSmtpSink, type SmtpSink } from "../../test/smtp.js";

const good = "violet tractor seven lantern";

describe("clinic accounts: setup, invitations, passwords, roles, deactivation", () => {
  let t: TestApp;
  let sink: SmtpSink;
  let adminCookie: string;

  const call = (method: string, path: string, body?: unknown, cookie?: string) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie ? { cookie } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  /** Admins must have two-factor sign-in before anything else (mfa.int.test.ts): set up with a real code. */
  const setUpTwoFactor = async (cookie: string) => {
    const { secret } = (await jsonOf(await call("POST", "/api/auth/mfa/enrol", {}, cookie))) as {
      secret: string;
    };
    expect(
      (await call("POST", "/api/auth/mfa/confirm", { code: await generate({ secret }) }, cookie)).status,
    ).toBe(200);
  };
  const signIn = async (email: string, password: string) => {
    const res = await call("POST", "/api/auth/sign-in", { email, password });
    return { status: res.status, cookie: cookieOf(res) };
  };
  const linkIn = (text: string | undefined, kind: string) => {
    const m = new RegExp(`${t.url}/${kind}/([A-Za-z0-9_-]{43})`).exec(text ?? "");
    expect(m, `a ${kind} link in: ${text}`).not.toBeNull();
    return m![1]!;
  };
  const actions = async () =>
    (
      await t.db.selectFrom("audit_events").select(["action", "actor_id", "detail"]).orderBy("id").execute()
    ).map((e) => e.action);
  const sockets: Socket[] = [];
  const socketFor = async (cookie: string) => {
    const s = connect(t.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once("connect", resolve);
      s.once("connect_error", reject);
    });
    return s;
  };
  const disconnected = (s: Socket) =>
    new Promise<string>((resolve) => (s.disconnected ? resolve("already") : s.once("disconnect", resolve)));

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_SCALE: "100" });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
    await sink.close();
  });

  it("with no admin, makes a one-time setup link (1 h) that creates the first admin and signs them in", async () => {
    const link = await t.app.accounts.setupLink(t.url);
    expect(link).toBeDefined();
    expect(link!.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(link!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const token = linkIn(link!.url, "setup");
    // Only its hash is stored.
    const stored = await t.db.selectFrom("account_tokens").select("token_hash").execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(await jsonOf(await call("POST", "/api/accounts/setup/check", { token }))).toEqual({
      usable: true,
    });

    const body = {
      token,
      clinicName: "Riverside Family Clinic",
      email: "Admin@Riverside.test",
      displayName: "Dr. Ana Ruiz",
      alsoClinician: false,
    };
    const weak = await call("POST", "/api/accounts/setup", { ...body, password: "password123" });
    expect(weak.status).toBe(400);
    expect((await jsonOf(weak)).error.message).toMatch(/too easy to guess/);
    const short = await call("POST", "/api/accounts/setup", { ...body, password: "Xk3!q" });
    expect((await jsonOf(short)).error.message).toMatch(/at least 10 characters/);

    const res = await call("POST", "/api/accounts/setup", { ...body, password: good });
    expect(res.status).toBe(201);
    adminCookie = cookieOf(res);
    // The first admin is held until two-factor is set up.
    expect((await call("GET", "/api/admin/people", undefined, adminCookie)).status).toBe(403);
    await setUpTwoFactor(adminCookie);
    const me = await jsonOf(await call("GET", "/api/auth/me", undefined, adminCookie));
    expect(me.clinician).toMatchObject({ email: "admin@riverside.test", roles: ["admin"] });
    // Single use, and no new link once an admin exists.
    expect(
      (await call("POST", "/api/accounts/setup", { ...body, email: "x@riverside.test", password: good }))
        .status,
    ).toBe(410);
    expect(await t.app.accounts.setupLink(t.url)).toBeUndefined();
    expect(await actions()).toContain("account.setup");
  });

  let clinicianCookie: string;
  let deskCookie: string;
  let deskId: string;

  it("invites by email over SMTP; the link (72 h, single use) sets the name and password", async () => {
    for (const [email, roles] of [
      ["lee@riverside.test", ["clinician"]],
      ["desk@riverside.test", ["front_desk"]],
    ] as const) {
      const res = await call("POST", "/api/admin/invitations", { email, roles }, adminCookie);
      expect(res.status).toBe(201);
    }
    const people = await jsonOf(await call("GET", "/api/admin/people", undefined, adminCookie));
    expect(people.invitations.map((i: { email: string }) => i.email).sort()).toEqual([
      "desk@riverside.test",
      "lee@riverside.test",
    ]);

    const mail = await sink.next("lee@riverside.test");
    expect(mail.subject).toBe("You are invited to Riverside Family Clinic on Bedside");
    const token = linkIn(mail.text, "invitation");
    const info = await jsonOf(await call("POST", "/api/accounts/invitation", { token }));
    expect(info).toEqual({
      email: "lee@riverside.test",
      displayName: null,
      roles: ["clinician"],
      clinicName: "Riverside Family Clinic",
    });
    const weak = await call("POST", "/api/accounts/invitation/accept", {
      token,
      displayName: "Dr. Lee",
      password: "qwertyuiop",
    });
    expect(weak.status).toBe(400);
    const ok = await call("POST", "/api/accounts/invitation/accept", {
      token,
      displayName: "Dr. Lee",
      password: good,
    });
    expect(ok.status).toBe(201);
    clinicianCookie = cookieOf(ok);
    expect(
      (await jsonOf(await call("GET", "/api/auth/me", undefined, clinicianCookie))).clinician,
    ).toMatchObject({
      displayName: "Dr. Lee",
      roles: ["clinician"],
    });
    const again = await call("POST", "/api/accounts/invitation/accept", {
      token,
      displayName: "X",
      password: good,
    });
    expect(again.status).toBe(410);

    const deskMail = await sink.next("desk@riverside.test");
    const deskToken = linkIn(deskMail.text, "invitation");
    const desk = await call("POST", "/api/accounts/invitation/accept", {
      token: deskToken,
      displayName: "Sam at the desk",
      password: good,
    });
    deskCookie = cookieOf(desk);
    deskId = (await jsonOf(await call("GET", "/api/auth/me", undefined, deskCookie))).clinician.id;
    // Front desk: not a clinician's routes, not the admin's.
    expect((await call("GET", "/api/feedback/summary", undefined, deskCookie)).status).toBe(403);
    expect((await call("GET", "/api/admin/people", undefined, deskCookie)).status).toBe(403);
    // The admin (not a clinician) reads no clinical routes either.
    expect((await call("GET", "/api/feedback/summary", undefined, adminCookie)).status).toBe(403);
    expect((await actions()).filter((a) => a.startsWith("invitation."))).toEqual([
      "invitation.sent",
      "invitation.sent",
      "invitation.accepted",
      "invitation.accepted",
    ]);
  });

  it("changes a password only with the current one; the account's other sessions and sockets end", async () => {
    const other = await signIn("lee@riverside.test", good);
    const otherSocket = await socketFor(other.cookie);
    const gone = disconnected(otherSocket);
    const wrong = await call(
      "POST",
      "/api/auth/password",
      { currentPassword: "nope", newPassword: "amber canyon bicycle ninety" },
      clinicianCookie,
    );
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).error.message).toMatch(/not your current password/);
    const weak = await call(
      "POST",
      "/api/auth/password",
      { currentPassword: good, newPassword: "iloveyou12" },
      clinicianCookie,
    );
    expect(weak.status).toBe(400);
    const ok = await call(
      "POST",
      "/api/auth/password",
      { currentPassword: good, newPassword: "amber canyon bicycle ninety" },
      clinicianCookie,
    );
    expect(ok.status).toBe(200);
    await gone;
    expect((await call("GET", "/api/auth/me", undefined, other.cookie)).status).toBe(401);
    expect((await call("GET", "/api/auth/me", undefined, clinicianCookie)).status).toBe(200);
    expect((await signIn("lee@riverside.test", good)).status).toBe(401);
    expect((await signIn("lee@riverside.test", "amber canyon bicycle ninety")).status).toBe(200);
    expect(await actions()).toContain("password.changed");
  });

  it("resets by email: same answer for unknown emails; the link (30 min, once) ends every session and socket", async () => {
    const unknown = await call("POST", "/api/auth/password-reset", { email: "nobody@riverside.test" });
    const known = await call("POST", "/api/auth/password-reset", { email: "lee@riverside.test" });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.text()).toBe(await known.text());
    const mail = await sink.next("lee@riverside.test");
    expect(mail.subject).toBe("Reset your Bedside password");
    const token = linkIn(mail.text, "reset-password");
    const row = await t.db
      .selectFrom("account_tokens")
      .select(["expires_at", "created_at"])
      .where("purpose", "=", "reset")
      .executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBeLessThanOrEqual(30 * 60_000 + 1000);
    expect(sink.received.filter((m) => m.rcptTo.includes("nobody@riverside.test"))).toEqual([]);

    const s = await socketFor(clinicianCookie);
    const gone = disconnected(s);
    const weak = await call("POST", "/api/auth/password-reset/complete", { token, password: "password123" });
    expect(weak.status).toBe(400);
    const ok = await call("POST", "/api/auth/password-reset/complete", {
      token,
      password: "quiet harbor maple drum",
    });
    expect(ok.status).toBe(200);
    await gone;
    expect((await call("GET", "/api/auth/me", undefined, clinicianCookie)).status).toBe(401);
    expect(
      (
        await call("POST", "/api/auth/password-reset/complete", {
          token,
          password: "another fine long phrase",
        })
      ).status,
    ).toBe(410);
    const back = await signIn("lee@riverside.test", "quiet harbor maple drum");
    expect(back.status).toBe(200);
    clinicianCookie = back.cookie;
    expect(await actions()).toEqual(
      expect.arrayContaining(["password.reset-requested", "password.reset-done"]),
    );
  });

  it("keeps the last active admin: they cannot be deactivated or lose the admin role", async () => {
    const me = (await jsonOf(await call("GET", "/api/auth/me", undefined, adminCookie))).clinician;
    const demote = await call(
      "PUT",
      `/api/admin/people/${me.id}/roles`,
      { roles: ["clinician"] },
      adminCookie,
    );
    expect(demote.status).toBe(409);
    expect((await jsonOf(demote)).error.message).toMatch(/last active admin/);
    expect((await call("POST", `/api/admin/people/${me.id}/deactivate`, undefined, adminCookie)).status).toBe(
      409,
    );
    expect((await jsonOf(await call("GET", "/api/auth/me", undefined, adminCookie))).clinician.roles).toEqual(
      ["admin"],
    );
  });

  it("changes roles (the person's connections end and come back with the new ones)", async () => {
    const s = await socketFor(deskCookie);
    const gone = disconnected(s);
    const res = await call(
      "PUT",
      `/api/admin/people/${deskId}/roles`,
      { roles: ["front_desk", "clinician"] },
      adminCookie,
    );
    expect(res.status).toBe(200);
    await gone;
    expect((await call("GET", "/api/feedback/summary", undefined, deskCookie)).status).toBe(200);
    await call("PUT", `/api/admin/people/${deskId}/roles`, { roles: ["front_desk"] }, adminCookie);
    expect((await call("GET", "/api/feedback/summary", undefined, deskCookie)).status).toBe(403);
    expect(await actions()).toContain("account.roles-changed");
  });

  it("deactivates: every session and open socket of that person ends at once; sign-in is refused; reactivation restores sign-in", async () => {
    const s = await socketFor(deskCookie);
    const gone = disconnected(s);
    const res = await call("POST", `/api/admin/people/${deskId}/deactivate`, undefined, adminCookie);
    expect(res.status).toBe(200);
    expect(await gone).toBe("io server disconnect");
    expect((await call("GET", "/api/auth/me", undefined, deskCookie)).status).toBe(401);
    const refused = await call("POST", "/api/auth/sign-in", { email: "desk@riverside.test", password: good });
    expect(refused.status).toBe(401);
    expect((await jsonOf(refused)).error.message).toBe("That email and password do not match.");
    const people = await jsonOf(await call("GET", "/api/admin/people", undefined, adminCookie));
    expect(people.people.find((p: { id: string }) => p.id === deskId).deactivatedAt).not.toBeNull();

    expect(
      (await call("POST", `/api/admin/people/${deskId}/reactivate`, undefined, adminCookie)).status,
    ).toBe(200);
    expect((await signIn("desk@riverside.test", good)).status).toBe(200);
    expect(await actions()).toEqual(expect.arrayContaining(["account.deactivated", "account.reactivated"]));
  });

  it("an admin of another clinic sees and changes nothing of this one", async () => {
    const clinic = await t.db
      .insertInto("clinics")
      .values({ name: "Elsewhere" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const other = await t.app.repos.clinicians.create({
      email: "admin@elsewhere.test",
      displayName: "Other admin",
      passwordHash: "x",
      clinicId: clinic.id,
      roles: ["admin"],
    });
    const cookie = `bedside_session=${(await t.app.repos.sessions.create(other.id)).token}`;
    await setUpTwoFactor(cookie);
    const people = await jsonOf(await call("GET", "/api/admin/people", undefined, cookie));
    expect(people.people.map((p: { email: string }) => p.email)).toEqual(["admin@elsewhere.test"]);
    expect(people.invitations).toEqual([]);
    expect((await call("POST", `/api/admin/people/${deskId}/deactivate`, undefined, cookie)).status).toBe(
      404,
    );
    expect(
      (await call("PUT", `/api/admin/people/${deskId}/roles`, { roles: ["admin"] }, cookie)).status,
    ).toBe(404);
    expect((await signIn("desk@riverside.test", good)).status).toBe(200);
  });

  it("audits account events with ids only: no password, email or link in the trail", async () => {
    const rows = await t.db
      .selectFrom("audit_events")
      .select(["action", "detail"])
      .where("visit_id", "is", null)
      .execute();
    const text = JSON.stringify(rows);
    for (const secret of [good, "@riverside.test", "/invitation/", "/reset-password/"])
      expect(text).not.toContain(secret);
  });
});
