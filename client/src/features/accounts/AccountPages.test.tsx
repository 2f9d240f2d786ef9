import { act } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { InvitationPage, ResetPasswordPage } from "./AccountPages";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const token = "Q".repeat(43);

describe("account pages", () => {
  const dom = useDomRoot();
  const answers: Response[] = [];
  const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(answers.shift()!));
  beforeEach(() => vi.stubGlobal("fetch", fetch));
  afterEach(() => {
    vi.unstubAllGlobals();
    fetch.mockClear();
    answers.length = 0;
  });
  const render = async (ui: React.ReactNode) => {
    await act(async () => dom.root.render(<MemoryRouter>{ui}</MemoryRouter>));
  };
  const submit = async () => {
    await act(async () => dom.host.querySelector<HTMLButtonElement>("button[type=submit]")!.click());
  };
  const fill = (name: string, value: string) => {
    dom.host.querySelector<HTMLInputElement>(`input[name=${name}]`)!.value = value;
  };

  it("says what an invitation is for, and accepts it with the secret in the body", async () => {
    answers.push(
      json({ email: "lee@clinic.test", displayName: null, roles: ["clinician"], clinicName: "Riverside" }),
    );
    const onDone = vi.fn();
    await render(<InvitationPage token={token} onDone={onDone} />);
    expect(dom.host.querySelector("h1")?.textContent).toBe("Join Riverside");
    expect(dom.host.textContent).toContain("You were invited as clinician with lee@clinic.test.");
    // The policy is said before typing, tied to the field for screen readers.
    const password = dom.host.querySelector<HTMLInputElement>("input[name=password]")!;
    const hint = password.getAttribute("aria-describedby")!;
    const described = [...dom.host.querySelectorAll("small")].find((el) => el.id === hint);
    expect(described?.textContent).toMatch(/At least 10 characters/);
    fill("displayName", "Dr. Lee");
    fill("password", "violet tractor seven lantern");
    answers.push(json({ ok: true }, 201));
    await submit();
    expect(fetch).toHaveBeenLastCalledWith(
      "/api/accounts/invitation/accept",
      expect.objectContaining({
        body: JSON.stringify({ token, displayName: "Dr. Lee", password: "violet tractor seven lantern" }),
      }),
    );
    expect(onDone).toHaveBeenCalledOnce();
  });

  it("says so when an invitation link no longer works", async () => {
    answers.push(json({ error: { code: "gone", message: "This invitation link does not work" } }, 410));
    await render(<InvitationPage token={token} onDone={() => {}} />);
    expect(dom.host.querySelector("[role=alert]")?.textContent).toMatch(
      /already used, replaced or has expired/,
    );
  });

  it("announces the server's reason when a new password is refused, and keeps the form", async () => {
    await render(<ResetPasswordPage token={token} />);
    fill("password", "password123");
    answers.push(
      json({ error: { code: "bad_request", message: "password: This password is too easy to guess." } }, 400),
    );
    await submit();
    expect(dom.host.querySelector("[role=alert]")?.textContent).toBe(
      "password: This password is too easy to guess.",
    );
    expect(dom.host.querySelector("form")?.getAttribute("aria-describedby")).toBe(
      dom.host.querySelector("[role=alert]")?.id,
    );
  });
});
