import { afterEach, describe, expect, it, vi } from "vitest";
import { accountApi } from "./account-api";

describe("accountApi", () => {
  afterEach(() => vi.unstubAllGlobals());

  // The server answers a password change `{ ok: true }` (its route contract says so); the page
  // parsed it as `{ ok, ended }` and showed a changed password as a failure.
  it("takes the server's answer to a password change as success", async () => {
    const fetch = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ ok: true }), {
        status: 200,
        headers: { "content-type": "application/json" },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    await expect(
      accountApi.changePassword({ currentPassword: "old one", newPassword: "violet tractor seven" }),
    ).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith("/api/auth/password", expect.objectContaining({ method: "POST" }));
  });
});
