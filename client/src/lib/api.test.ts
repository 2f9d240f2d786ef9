import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError } from "./api";

const respond = (status: number, body: unknown) =>
  vi
    .fn()
    .mockResolvedValue(
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
    );

describe("api()", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends JSON with the session cookie and returns the parsed body", async () => {
    const fetch = respond(200, { ok: true });
    vi.stubGlobal("fetch", fetch);
    await expect(api("/api/x", { body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith(
      "/api/x",
      expect.objectContaining({ method: "POST", credentials: "same-origin", body: '{"a":1}' }),
    );
  });

  it("turns the server's error body into an ApiError with its message", async () => {
    vi.stubGlobal("fetch", respond(401, { error: { code: "unauthorized", message: "Please sign in." } }));
    const err = await api("/api/auth/me").catch((e: unknown) => e);
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
    const err = await api("/api/join/x").catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: "conflict", reason: "too_early", data: error });
  });

  it("explains a network failure in plain words", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    await expect(api("/api/auth/me")).rejects.toThrow(/could not reach Bedside/);
  });
});
