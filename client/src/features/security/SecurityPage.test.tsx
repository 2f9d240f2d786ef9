import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import "../../lib/i18n";
import { useDomRoot } from "../../test/dom";
import { SecurityPage } from "./SecurityPage";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const codes = Array.from({ length: 10 }, (_, i) => `abcde-fgh${String(i).padStart(2, "2")}`);

describe("SecurityPage", () => {
  const dom = useDomRoot();
  let answers: Record<string, () => Response>;
  const fetch = vi.fn((url: string, _init?: RequestInit) => Promise.resolve(answers[url]!()));
  beforeEach(() => {
    vi.stubGlobal("fetch", fetch);
    answers = {
      "/api/auth/mfa": () => json({ enabled: false, required: true, recoveryCodesLeft: 0 }),
      "/api/auth/mfa/enrol": () =>
        json({
          secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
          uri: "otpauth://totp/Bedside:a%40b.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Bedside",
        }),
      "/api/auth/mfa/confirm": () => json({ recoveryCodes: codes }),
    };
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetch.mockClear();
  });
  const flush = () => act(async () => new Promise((r) => setTimeout(r, 20)));
  const button = (text: string) =>
    [...dom.host.querySelectorAll("button")].find((b) => b.textContent === text)!;

  it("sets up two-factor: a QR code and the key, the first code, then the recovery codes once", async () => {
    const onSetUp = vi.fn();
    act(() =>
      dom.root.render(
        <SecurityPage
          setupRequired
          isAdmin={false}
          onSetUp={onSetUp}
          onSignedOutEverywhere={vi.fn()}
          onBack={vi.fn()}
        />,
      ),
    );
    await flush();
    expect(dom.host.textContent).toContain("Your clinic requires two-factor sign-in");
    // Held until set up: no sessions list, no way back.
    expect(dom.host.textContent).not.toContain("Where you are signed in");
    await act(async () => button("Set up two-factor sign-in").click());
    await flush();
    const img = dom.host.querySelector("img")!;
    expect(img.alt).toBe("QR code for your authenticator app");
    expect(img.src).toMatch(/^data:image\/svg\+xml/);
    expect(decodeURIComponent(img.src)).toContain("<svg");
    expect((dom.host.querySelector("input[readonly]") as HTMLInputElement).value).toBe(
      "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    );
    const code = dom.host.querySelector("input[name=code]") as HTMLInputElement;
    code.value = "123456";
    await act(async () => dom.host.querySelector("form")!.requestSubmit());
    await flush();
    expect(fetch).toHaveBeenCalledWith(
      "/api/auth/mfa/confirm",
      expect.objectContaining({ body: JSON.stringify({ code: "123456" }) }),
    );
    const shown = [...dom.host.querySelectorAll(".recovery-codes code")].map((c) => c.textContent);
    expect(shown).toEqual(codes);
    const download = dom.host.querySelector("a[download]") as HTMLAnchorElement;
    expect(decodeURIComponent(download.href)).toContain(codes.join("\n"));
    expect(onSetUp).not.toHaveBeenCalled();
    await act(async () => button("I saved them").click());
    expect(onSetUp).toHaveBeenCalledOnce();
    // Shown once: gone from the page.
    expect(dom.host.textContent).not.toContain(codes[0]);
  });

  it("says why when the first code is wrong, and keeps the QR code to try again", async () => {
    answers["/api/auth/mfa/confirm"] = () =>
      json({ error: { code: "bad_request", message: "That code is not right." } }, 400);
    act(() =>
      dom.root.render(
        <SecurityPage
          setupRequired
          isAdmin={false}
          onSetUp={vi.fn()}
          onSignedOutEverywhere={vi.fn()}
          onBack={vi.fn()}
        />,
      ),
    );
    await flush();
    await act(async () => button("Set up two-factor sign-in").click());
    await flush();
    (dom.host.querySelector("input[name=code]") as HTMLInputElement).value = "000000";
    await act(async () => dom.host.querySelector("form")!.requestSubmit());
    await flush();
    expect(dom.host.querySelector("[role=alert]")?.textContent).toBe("That code is not right.");
    expect(dom.host.querySelector("img")).not.toBeNull();
  });
});
