import { contract, okResponseSchema } from "@bedside/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { api, ApiError, call, noContent } from "./api";

const respond = (status: number, body: unknown) =>
  vi.fn().mockResolvedValue(
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    }),
  );

describe("api()", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends JSON with the session cookie and returns the body its schema parsed", async () => {
    const fetch = respond(200, { ok: true });
    vi.stubGlobal("fetch", fetch);
    await expect(api("/api/x", okResponseSchema, { body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith(
      "/api/x",
      expect.objectContaining({ method: "POST", credentials: "same-origin", body: '{"a":1}' }),
    );
  });

  it("reads a 204 as undefined", async () => {
    vi.stubGlobal("fetch", respond(204, undefined));
    await expect(api("/api/x", noContent, { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("refuses an answer its schema does not accept, with a plain sentence instead of a crash later", async () => {
    vi.stubGlobal("fetch", respond(200, { usable: "yes" }));
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const err = await api("/api/x", z.object({ usable: z.boolean() })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: "invalid_response" });
    expect((err as ApiError).message).toMatch(/does not understand/);
  });

  it("turns the server's error body into an ApiError with its message", async () => {
    vi.stubGlobal("fetch", respond(401, { error: { code: "unauthorized", message: "Please sign in." } }));
    const err = await api("/api/auth/me", okResponseSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: "unauthorized", message: "Please sign in." });
  });

  it("keeps the server's whole error object, so a screen can read more than the code from it", async () => {
    const error = {
      code: "conflict",
      message: "This visit opens at 9:30.",
      reason: "too_early",
      opensAt: "2026-12-07T09:30:00.000Z",
    };
    vi.stubGlobal("fetch", respond(409, { error }));
    const err = await api("/api/join/x", okResponseSchema).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: "conflict", reason: "too_early", data: error });
  });

  it("explains a network failure in plain words", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    await expect(api("/api/auth/me", okResponseSchema)).rejects.toThrow(/could not reach Bedside/);
  });
});

describe("call(contract.x)", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("takes the method and path from the contract, fills in the params and adds the query", async () => {
    const day = { day: "2026-12-07", timeZone: "UTC", visits: [] };
    const fetch = respond(200, day);
    vi.stubGlobal("fetch", fetch);
    await call(contract.clinicianSchedule, {
      params: { clinicianId: "me" },
      query: { timeZone: "Europe/Paris" },
    }).catch(() => undefined);
    expect(fetch).toHaveBeenCalledWith(
      "/api/schedule/clinicians/me?timeZone=Europe%2FParis",
      expect.objectContaining({ method: "GET", body: null }),
    );
    const post = respond(200, { ok: true });
    vi.stubGlobal("fetch", post);
    await expect(
      call(contract.setRoles, { params: { userId: "a/b" }, body: { roles: ["clinician"] } }),
    ).resolves.toEqual({ ok: true });
    expect(post).toHaveBeenCalledWith(
      "/api/admin/people/a%2Fb/roles",
      expect.objectContaining({ method: "PUT", body: '{"roles":["clinician"]}' }),
    );
  });

  it("parses the answer with the contract's response schema (a password change answers { ok })", async () => {
    vi.stubGlobal("fetch", respond(200, { ok: true }));
    await expect(
      call(contract.changePassword, { body: { currentPassword: "a", newPassword: "b" } }),
    ).resolves.toEqual({ ok: true });
    vi.stubGlobal("fetch", respond(200, { ok: "yes" }));
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await expect(call(contract.signOut)).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("reads a route without a response schema as no body", async () => {
    vi.stubGlobal("fetch", respond(204, undefined));
    await expect(
      call(contract.revokeLink, { params: { visitId: "v", role: "patient" } }),
    ).resolves.toBeUndefined();
  });
});
