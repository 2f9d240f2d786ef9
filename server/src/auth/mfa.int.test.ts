// Issue 27: two-factor sign-in (TOTP and recovery codes) and the sessions list, through the real
// app: real database, real HTTP, real socket.io clients.
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketClients, startTestApp, type ClientSocket, type TestApp } from "../../test/harness.js";
import { hashPassword } from "./password.js";

const PASSWORD = "correct horse battery staple";
const FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/** The app's code for the current 30 s step plus `offset` (the server accepts one step either side). */
const codeFor = (secret: string, offset = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

describe("two-factor sign-in and sessions", () => {
  let t: TestApp;
  let passwordHash: string;
  const clients = socketClients(() => t.url);
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ SCRIBE_ENABLED: "false" });
    passwordHash = await hashPassword(PASSWORD, "test");
  });
  afterAll(async () => {
    clients.closeAll();
    await t.close();
  });

  // Each test its own account and its own address: the sign-in limits are per account and address.
  const account = async (
    opts: { roles?: Array<"admin" | "clinician" | "front_desk">; clinicId?: string } = {},
  ) => {
    n++;
    const email = `user${n}@example.org`;
    const c = await t.app.repos.clinicians.create({ email, displayName: `User ${n}`, passwordHash, ...opts });
    return { id: c.id, email, ip: `192.0.2.${n}`, clinicId: c.clinicId };
  };
  const call = async (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    opts: { cookie?: string; body?: unknown; ip?: string; userAgent?: string } = {},
  ) => {
    const res = await t.app.http.inject({
      method,
      url,
      remoteAddress: opts.ip ?? "127.0.0.1",
      headers: {
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.userAgent ? { "user-agent": opts.userAgent } : {}),
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
    });
    const setCookie = [res.headers["set-cookie"] ?? []]
      .flat()
      .find((c) => c.startsWith("bedside_session=") && !c.startsWith("bedside_session=;"));
    return {
      status: res.statusCode,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on shapes with expect().
      body: res.json() as Record<string, any>,
      cookie: setCookie?.split(";")[0],
    };
  };
  const signIn = async (a: { email: string; ip: string }, userAgent?: string) =>
    call("POST", "/api/auth/sign-in", {
      body: { email: a.email, password: PASSWORD },
      ip: a.ip,
      ...(userAgent ? { userAgent } : {}),
    });

  /** Signs in with the password and turns two-factor on; the secret and recovery codes as shown once. */
  async function enrolled(opts: Parameters<typeof account>[0] = {}) {
    const a = await account(opts);
    const first = await signIn(a);
    expect(first.status).toBe(200);
    const cookie = first.cookie!;
    const enrol = await call("POST", "/api/auth/mfa/enrol", { cookie });
    expect(enrol.status).toBe(200);
    const secret = enrol.body.secret as string;
    expect(enrol.body.uri).toContain(`secret=${secret}`);
    const confirm = await call("POST", "/api/auth/mfa/confirm", {
      cookie,
      body: { code: await codeFor(secret) },
    });
    expect(confirm.status).toBe(200);
    return { ...a, cookie, secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
  }

  const open = (cookie: string) => clients.connected(clients.open({ cookie }));
  const disconnected = (s: ClientSocket) =>
    new Promise<string>((resolve) => (s.disconnected ? resolve("already") : s.once("disconnect", resolve)));
  const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);
  const auditActions = async (actorId: string) =>
    (
      await t.db
        .selectFrom("audit_events")
        .select(["action", "detail"])
        .where("actor_id", "=", actorId)
        .orderBy("id")
        .execute()
    ).map((r) => r.action);

  it("enrols with a QR secret confirmed by a first code; the secret is stored sealed and never shown again", async () => {
    const a = await enrolled();
    expect(a.recoveryCodes).toHaveLength(10);
    expect(new Set(a.recoveryCodes).size).toBe(10);
    const status = await call("GET", "/api/auth/mfa", { cookie: a.cookie });
    expect(status.body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    expect(JSON.stringify(status.body)).not.toContain(a.secret);
    // A second enrolment would show a new secret: refused while two-factor is on.
    expect((await call("POST", "/api/auth/mfa/enrol", { cookie: a.cookie })).status).toBe(409);
    const row = await t.db
      .selectFrom("totp_credentials")
      .selectAll()
      .where("clinician_id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(a.secret);
    const codes = await t.db
      .selectFrom("recovery_codes")
      .select("code_hash")
      .where("clinician_id", "=", a.id)
      .execute();
    expect(codes).toHaveLength(10);
    for (const c of a.recoveryCodes) expect(codes.map((r) => r.code_hash)).not.toContain(c);
    expect(await auditActions(a.id)).toEqual(["mfa.enabled"]);
  });

  it("refuses to confirm an enrolment with a wrong code", async () => {
    const a = await account();
    const { cookie } = await signIn(a);
    const enrol = await call("POST", "/api/auth/mfa/enrol", { cookie: cookie! });
    const wrong = String((Number(await codeFor(enrol.body.secret as string)) + 1) % 1_000_000).padStart(
      6,
      "0",
    );
    expect(
      (await call("POST", "/api/auth/mfa/confirm", { cookie: cookie!, body: { code: wrong } })).status,
    ).toBe(400);
    expect((await call("GET", "/api/auth/mfa", { cookie: cookie! })).body.enabled).toBe(false);
  });

  it("signs in in two steps: the password gives a pending token (not a session), the code gives the session", async () => {
    const a = await enrolled();
    const first = await signIn(a);
    expect(first.status).toBe(200);
    expect(first.cookie).toBeUndefined();
    const pendingToken = first.body.twoFactor.pendingToken as string;
    expect(first.body.clinician).toBeUndefined();
    // The pending token opens nothing as a session.
    expect((await call("GET", "/api/auth/me", { cookie: `bedside_session=${pendingToken}` })).status).toBe(
      401,
    );
    const code = await codeFor(a.secret, 1);
    const second = await call("POST", "/api/auth/sign-in/code", { body: { pendingToken, code }, ip: a.ip });
    expect(second.status).toBe(200);
    expect(second.body.clinician.email).toBe(a.email);
    expect((await call("GET", "/api/auth/me", { cookie: second.cookie! })).status).toBe(200);
    // Single use: the same pending token again is refused, even with a fresh code.
    const again = await call("POST", "/api/auth/sign-in/code", {
      body: { pendingToken, code: await codeFor(a.secret, -1) },
      ip: a.ip,
    });
    expect(again.status).toBe(401);
    expect(again.cookie).toBeUndefined();
  });

  it("refuses a code replayed within its window, on a new pending sign-in", async () => {
    const a = await enrolled();
    const code = await codeFor(a.secret, 1);
    const p1 = (await signIn(a)).body.twoFactor.pendingToken as string;
    expect(
      (await call("POST", "/api/auth/sign-in/code", { body: { pendingToken: p1, code }, ip: a.ip })).status,
    ).toBe(200);
    const p2 = (await signIn(a)).body.twoFactor.pendingToken as string;
    const replay = await call("POST", "/api/auth/sign-in/code", {
      body: { pendingToken: p2, code },
      ip: a.ip,
    });
    expect(replay.status).toBe(401);
    expect(replay.cookie).toBeUndefined();
  });

  it("accepts each recovery code once, and audits its use", async () => {
    const a = await enrolled();
    const [rc] = a.recoveryCodes;
    const p1 = (await signIn(a)).body.twoFactor.pendingToken as string;
    const ok = await call("POST", "/api/auth/sign-in/code", {
      body: { pendingToken: p1, recoveryCode: rc!.toUpperCase() },
      ip: a.ip,
    });
    expect(ok.status).toBe(200);
    expect(ok.cookie).toBeDefined();
    const p2 = (await signIn(a)).body.twoFactor.pendingToken as string;
    expect(
      (
        await call("POST", "/api/auth/sign-in/code", {
          body: { pendingToken: p2, recoveryCode: rc },
          ip: a.ip,
        })
      ).status,
    ).toBe(401);
    expect((await call("GET", "/api/auth/mfa", { cookie: ok.cookie! })).body.recoveryCodesLeft).toBe(9);
    expect(await auditActions(a.id)).toEqual(["mfa.enabled", "mfa.recovery-code-used"]);
  });

  it("counts wrong codes against the sign-in failure limit: after ten, even the password is refused (429)", async () => {
    const a = await enrolled();
    let failures = 0;
    while (failures < 10) {
      const pendingToken = (await signIn(a)).body.twoFactor.pendingToken as string;
      // Five tries per pending sign-in, then it is spent.
      for (let i = 0; i < 5 && failures < 10; i++, failures++) {
        const res = await call("POST", "/api/auth/sign-in/code", {
          body: { pendingToken, code: "000000" },
          ip: a.ip,
        });
        expect(res.status).toBe(401);
      }
    }
    expect((await signIn(a)).status).toBe(429);
    // The account's owner elsewhere (another address) is not locked out.
    const elsewhere = await signIn({ ...a, ip: "198.51.100.7" });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.twoFactor).toBeDefined();
  });

  it("stops a pending sign-in after five wrong codes, even if the sixth is right", async () => {
    const a = await enrolled();
    const pendingToken = (await signIn(a)).body.twoFactor.pendingToken as string;
    for (let i = 0; i < 5; i++) {
      await call("POST", "/api/auth/sign-in/code", { body: { pendingToken, code: "000000" }, ip: a.ip });
    }
    const res = await call("POST", "/api/auth/sign-in/code", {
      body: { pendingToken, code: await codeFor(a.secret, 1) },
      ip: a.ip,
    });
    expect(res.status).toBe(401);
    expect(res.body.error.reason).toBe("expired");
  });

  it("turns two-factor off only with the password and a code, and audits it", async () => {
    const a = await enrolled();
    const code = await codeFor(a.secret, 1);
    expect(
      (
        await call("POST", "/api/auth/mfa/disable", {
          cookie: a.cookie,
          ip: a.ip,
          body: { password: "wrong password", code },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("POST", "/api/auth/mfa/disable", {
          cookie: a.cookie,
          ip: a.ip,
          body: { password: PASSWORD, code: "123456" },
        })
      ).status,
    ).toBe(400);
    const off = await call("POST", "/api/auth/mfa/disable", {
      cookie: a.cookie,
      ip: a.ip,
      body: { password: PASSWORD, code },
    });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    expect(
      await t.db.selectFrom("recovery_codes").select("id").where("clinician_id", "=", a.id).execute(),
    ).toHaveLength(0);
    // The password alone signs in again.
    expect((await signIn(a)).cookie).toBeDefined();
    expect(await auditActions(a.id)).toEqual(["mfa.enabled", "mfa.disabled"]);
  });

  it("lists my sessions (this one marked), signs one out with its sockets, and signs out everywhere", async () => {
    const a = await account();
    const mine = (await signIn(a, CHROME_LINUX)).cookie!;
    const other = (await signIn(a, FIREFOX_MAC)).cookie!;
    const third = (await signIn(a)).cookie!;
    const stranger = await account();
    const strangerCookie = (await signIn(stranger)).cookie!;
    const list = await call("GET", "/api/auth/sessions", { cookie: mine });
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as Array<{ id: string; current: boolean; device: string | null }>;
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toEqual([
      expect.objectContaining({ device: "Chrome on Linux" }),
    ]);
    const strangers = (await call("GET", "/api/auth/sessions", { cookie: strangerCookie })).body
      .sessions as Array<{ id: string }>;

    // Another account's session cannot be ended by id.
    expect((await call("DELETE", `/api/auth/sessions/${strangers[0]!.id}`, { cookie: mine })).status).toBe(
      404,
    );

    const otherSocket = await open(other);
    const otherGone = disconnected(otherSocket);
    const otherId = sessions.find((s) => s.device === "Firefox on macOS")!.id;
    expect((await call("DELETE", `/api/auth/sessions/${otherId}`, { cookie: mine })).status).toBe(200);
    expect(await within(otherGone, 2_000)).toBe("io server disconnect");
    expect(
      (await call("GET", "/api/auth/me", { cookie: other })).status +
        (await call("GET", "/api/auth/me", { cookie: third })).status,
    ).toBe(401 + 200);

    const [s1, s3, keep] = await Promise.all([open(mine), open(third), open(strangerCookie)]);
    const gone = Promise.all([disconnected(s1), disconnected(s3)]);
    const everywhere = await call("POST", "/api/auth/sessions/sign-out-everywhere", { cookie: mine });
    expect(everywhere.status).toBe(200);
    expect(everywhere.body.ended).toBe(2);
    expect(await within(gone, 2_000)).toEqual(["io server disconnect", "io server disconnect"]);
    for (const c of [mine, third])
      expect((await call("GET", "/api/auth/me", { cookie: c })).status).toBe(401);
    expect((await keep.emitWithAck("queue:watch", {})).ok).toBe(true);
    expect(await auditActions(a.id)).toEqual(["sessions.signed-out-everywhere"]);
  });

  const newVisit = (cookie: string) =>
    call("POST", "/api/visits", {
      cookie,
      body: {
        patientDisplayName: "Pat",
        preferredLanguage: "en",
        interpreterNeeded: false,
        scheduledAt: new Date().toISOString(),
      },
    });
  const refusedSocket = (cookie: string) =>
    clients.connected(clients.open({ cookie })).then(
      () => "connected",
      (err: Error) => err.message,
    );

  it("holds an admin without two-factor to setting it up: every other route 403, no socket, until enrolled", async () => {
    const a = await account({ roles: ["clinician", "admin"] });
    const first = await signIn(a);
    expect(first.body.mfaSetupRequired).toBe(true);
    const cookie = first.cookie!;
    expect((await call("GET", "/api/auth/me", { cookie })).body.mfaSetupRequired).toBe(true);
    const held = await newVisit(cookie);
    expect(held.status).toBe(403);
    expect(held.body.error).toMatchObject({
      code: "forbidden",
      message: "Set up two-factor sign-in first.",
      reason: "mfa_setup_required",
    });
    for (const [method, url] of [
      ["GET", "/api/auth/sessions"],
      ["GET", "/api/admin/clinic/security"],
      ["GET", "/api/feedback/summary"],
    ] as const) {
      expect((await call(method, url, { cookie })).status, url).toBe(403);
    }
    expect(await refusedSocket(cookie)).toBe("unauthorized");
    expect((await call("GET", "/api/auth/mfa", { cookie })).body).toEqual({
      enabled: false,
      required: true,
      recoveryCodesLeft: 0,
    });

    const secret = (await call("POST", "/api/auth/mfa/enrol", { cookie })).body.secret as string;
    expect(
      (await call("POST", "/api/auth/mfa/confirm", { cookie, body: { code: await codeFor(secret) } })).status,
    ).toBe(200);
    // The same session now acts.
    expect((await newVisit(cookie)).status).toBe(201);
    expect(await refusedSocket(cookie)).toBe("connected");
    expect((await call("GET", "/api/auth/me", { cookie })).body.mfaSetupRequired).toBe(false);
    // …and may not turn it off while it is required.
    const off = await call("POST", "/api/auth/mfa/disable", {
      cookie,
      ip: a.ip,
      body: { password: PASSWORD, code: await codeFor(secret, 1) },
    });
    expect(off.status).toBe(403);
    expect((await call("GET", "/api/auth/mfa", { cookie })).body.enabled).toBe(true);
  });

  it("the clinic setting (admins only) requires two-factor of everyone, at their next request", async () => {
    const admin = await enrolled({ roles: ["admin"] });
    const clinician = await account({ clinicId: admin.clinicId });
    const cc = (await signIn(clinician)).cookie!;
    expect((await newVisit(cc)).status).toBe(201);
    expect(
      (await call("PUT", "/api/admin/clinic/security", { cookie: cc, body: { mfaRequired: true } })).status,
    ).toBe(403);

    const on = await call("PUT", "/api/admin/clinic/security", {
      cookie: admin.cookie,
      body: { mfaRequired: true },
    });
    expect(on.status).toBe(200);
    expect((await call("GET", "/api/admin/clinic/security", { cookie: admin.cookie })).body).toEqual({
      mfaRequired: true,
    });
    const held = await newVisit(cc);
    expect(held.status).toBe(403);
    expect(held.body.error.reason).toBe("mfa_setup_required");
    expect((await call("GET", "/api/auth/mfa", { cookie: cc })).body.required).toBe(true);

    expect(
      (
        await call("PUT", "/api/admin/clinic/security", {
          cookie: admin.cookie,
          body: { mfaRequired: false },
        })
      ).status,
    ).toBe(200);
    expect((await newVisit(cc)).status).toBe(201);
    const events = await t.db
      .selectFrom("audit_events")
      .select(["action", "detail"])
      .where("actor_id", "=", admin.id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => [e.action, (e.detail as { required?: boolean }).required])).toEqual([
      ["mfa.enabled", undefined],
      ["mfa.required-changed", true],
      ["mfa.required-changed", false],
    ]);
  });

  it("an admin resets another person's two-factor (audited): their sessions and sockets end; other clinics' people do not exist", async () => {
    const admin = await enrolled({ roles: ["admin"] });
    const person = await enrolled({ clinicId: admin.clinicId });
    const socket = await open(person.cookie);
    const gone = disconnected(socket);
    const [clinic] = await t.db.insertInto("clinics").values({ name: "Elsewhere" }).returning("id").execute();
    const otherAdmin = await enrolled({ roles: ["admin"], clinicId: clinic!.id });

    expect(
      (await call("POST", `/api/admin/people/${person.id}/mfa/reset`, { cookie: otherAdmin.cookie })).status,
    ).toBe(404);
    expect(
      (await call("POST", `/api/admin/people/${person.id}/mfa/reset`, { cookie: person.cookie })).status,
    ).toBe(403);
    expect(
      (await call("POST", `/api/admin/people/${admin.id}/mfa/reset`, { cookie: admin.cookie })).status,
    ).toBe(403);

    expect(
      (await call("POST", `/api/admin/people/${person.id}/mfa/reset`, { cookie: admin.cookie })).status,
    ).toBe(200);
    expect(await within(gone, 2_000)).toBe("io server disconnect");
    expect((await call("GET", "/api/auth/me", { cookie: person.cookie })).status).toBe(401);
    // The password alone signs in again (two-factor is not required of a clinician here).
    const back = await signIn(person);
    expect(back.cookie).toBeDefined();
    expect((await call("GET", "/api/auth/mfa", { cookie: back.cookie! })).body.enabled).toBe(false);
    const reset = await t.db
      .selectFrom("audit_events")
      .select(["action", "detail"])
      .where("actor_id", "=", admin.id)
      .where("action", "=", "mfa.reset")
      .execute();
    expect(reset).toEqual([{ action: "mfa.reset", detail: { userId: person.id, hadTwoFactor: true } }]);
  });
});

describe("with the demo seed on (local tries only)", () => {
  it("does not hold the demo admin to setting up two-factor, yet the clinic setting still applies", async () => {
    const t = await startTestApp({
      SCRIBE_ENABLED: "false",
      DEMO_SEED: "true",
      DEMO_CLINICIAN_PASSWORD: PASSWORD,
    });
    try {
      const admin = await t.app.repos.clinicians.create({
        email: "admin@example.org",
        displayName: "Admin",
        passwordHash: await hashPassword(PASSWORD, "test"),
        roles: ["clinician", "admin"],
      });
      const cookie = `bedside_session=${(await t.app.repos.sessions.create(admin.id)).token}`;
      const me = () => t.app.http.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } });
      expect((await me()).json()).toMatchObject({ mfaSetupRequired: false });
      await t.db.updateTable("clinics").set({ mfa_required: true }).execute();
      expect((await me()).json()).toMatchObject({ mfaSetupRequired: true });
    } finally {
      await t.close();
    }
  });
});
